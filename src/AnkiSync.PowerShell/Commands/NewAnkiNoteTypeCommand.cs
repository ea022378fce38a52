using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
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
        [NotAPackage("a note type name")]
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
                    ThrowTerminatingError(Error(AnkiErrors.InvalidTemplate, "Each -Template needs at least Front, e.g. @{ Name = 'Card 1'; Front = '{{Front}}'; Back = '{{FrontSide}}<hr id=answer>{{Back}}' }.", table));
                }

                templates.Add(new TemplateDefinition(name ?? $"Card {templates.Count + 1}", front!, Get(table, "Back") ?? ""));
            }

            // Idempotent, like New-AnkiDeck: a rebuild script may run this every time. The same definition again
            // returns the existing note type; another definition under the name is an error (Set-AnkiNoteType changes one).
            var existing = package.GetNoteTypes().FirstOrDefault(t => string.Equals(t.Name, Name, StringComparison.OrdinalIgnoreCase));
            if (existing != null)
            {
                string? difference = Difference(existing, templates);
                if (difference == null)
                {
                    WriteVerbose($"The note type '{existing.Name}' already exists with this definition; it is returned unchanged.");
                    WriteObject(existing);
                    return;
                }

                ThrowAnkiError(new AnkiException(AnkiErrors.NoteTypeExists,
                    $"The package already has a note type named '{existing.Name}', with a different definition ({difference}). Change it with Set-AnkiNoteType, or give the new one another name.", Name));
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

        /// <summary>How <paramref name="existing"/> differs from the definition given, or null when it is the same.</summary>
        private string? Difference(AnkiNoteType existing, List<TemplateDefinition> templates)
        {
            if ((existing.Kind == NoteTypeKind.Cloze) != Cloze.IsPresent)
            {
                return $"it is {(existing.Kind == NoteTypeKind.Cloze ? "a cloze" : "a standard")} note type";
            }

            var fields = Field.Select(NoteTypeJson.CleanFieldName).ToList();
            if (!existing.Fields.SequenceEqual(fields, StringComparer.Ordinal))
            {
                return $"its fields are {string.Join(", ", existing.Fields)}";
            }

            // Without -Template a cloze note type gets the default template: nothing to compare.
            if (templates.Count > 0 && (existing.Templates.Length != templates.Count
                || existing.Templates.Zip(templates, (a, b) => a.Name == b.Name && a.Front == b.Front && a.Back == b.Back).Any(same => !same)))
            {
                return $"its templates are {string.Join(", ", existing.Templates.Select(t => t.Name))}, or their text differs";
            }

            if (Css != null && existing.Css != Css)
            {
                return "its CSS differs";
            }

            string sortField = string.IsNullOrEmpty(SortField) ? fields.FirstOrDefault() ?? "" : SortField!;
            if (!string.Equals(existing.SortField, sortField, StringComparison.OrdinalIgnoreCase))
            {
                return $"it sorts by {existing.SortField}";
            }

            return null;
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
