using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using AnkiSync.Collection;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Creates a custom note type. Its id is derived from its name, so a rebuilt deck keeps it.</summary>
    [Cmdlet(VerbsCommon.New, "AnkiNoteType", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "New-AnkiNoteType.md")]
    [OutputType(typeof(AnkiNoteType))]
    public sealed class NewAnkiNoteTypeCommand : PackageCmdlet
    {
        /// <summary>The note type's name.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; } = "";

        /// <summary>Field names, in order.</summary>
        [Parameter(Mandatory = true)]
        [Alias("Fields")]
        public string[] Field { get; set; } = Array.Empty<string>();

        /// <summary>Card templates: hashtables with Name, Front and Back.</summary>
        [Parameter]
        [Alias("Templates")]
        public Hashtable[]? Template { get; set; }

        /// <summary>The styling shared by the cards.</summary>
        [Parameter]
        public string? Css { get; set; }

        /// <summary>Make a cloze note type: one card per cloze number.</summary>
        [Parameter]
        public SwitchParameter Cloze { get; set; }

        /// <summary>The field the browser sorts by (default: the first).</summary>
        [Parameter]
        public string? SortField { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            var templates = new List<TemplateDefinition>();
            foreach (Hashtable table in Template ?? Array.Empty<Hashtable>())
            {
                string? name = Get(table, "Name");
                string? front = Get(table, "Front");
                if (string.IsNullOrEmpty(front))
                {
                    ThrowTerminatingError(Error("InvalidTemplate", ErrorCategory.InvalidArgument,
                        "Each -Template needs at least Front, e.g. @{ Name = 'Card 1'; Front = '{{Front}}'; Back = '{{FrontSide}}<hr id=answer>{{Back}}' }.", table));
                }

                templates.Add(new TemplateDefinition(name ?? $"Card {templates.Count + 1}", front!, Get(table, "Back") ?? ""));
            }

            if (!ShouldProcess(Name, "Create note type"))
            {
                return;
            }

            try
            {
                WriteObject(package.AddNoteType(Name, Field, templates, Css, Cloze, SortField));
            }
            catch (AnkiException e)
            {
                ThrowAnkiError(e);
            }
        }

        private static string? Get(Hashtable table, string key)
        {
            foreach (DictionaryEntry entry in table)
            {
                if (string.Equals(entry.Key?.ToString(), key, StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value?.ToString();
                }
            }

            return null;
        }
    }
}
