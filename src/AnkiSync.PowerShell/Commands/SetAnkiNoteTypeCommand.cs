using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AnkiSync.Collection;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>
    /// Edits a note type in place: fields and templates added, renamed, reordered and removed, template fronts and
    /// backs, styling, sort field and name. Notes and cards follow, as in Anki.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "AnkiNoteType", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Set-AnkiNoteType.md")]
    [OutputType(typeof(AnkiNoteType))]
    public sealed class SetAnkiNoteTypeCommand : StructureCmdlet
    {
        /// <summary>The note type's name; binds from note types piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.NoteTypeNameCompleter))]
        [NotAPackage("a note type name")]
        public string Name { get; set; } = "";

        /// <summary>The note type's new name.</summary>
        [Parameter]
        public string? NewName { get; set; }

        /// <summary>Fields to add at the end (empty in existing notes).</summary>
        [Parameter]
        public string[]? AddField { get; set; }

        /// <summary>Fields to rename, @{ Old = 'New' }; templates that use them are rewritten.</summary>
        [Parameter]
        public IDictionary? RenameField { get; set; }

        /// <summary>Fields to remove, with their values in every note.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.FieldNameCompleter))]
        public string[]? RemoveField { get; set; }

        /// <summary>Every field name, in the new order.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.FieldNameCompleter))]
        public string[]? FieldOrder { get; set; }

        /// <summary>Card templates to add: hashtables with Name, Front and Back. Their cards are generated for existing notes.</summary>
        [Parameter]
        public Hashtable[]? AddTemplate { get; set; }

        /// <summary>New front and/or back of existing templates: hashtables with Name and Front and/or Back.</summary>
        [Parameter]
        public Hashtable[]? SetTemplate { get; set; }

        /// <summary>Templates to remove, with their cards.</summary>
        [Parameter]
        public string[]? RemoveTemplate { get; set; }

        /// <summary>Templates to rename, @{ Old = 'New' }.</summary>
        [Parameter]
        public IDictionary? RenameTemplate { get; set; }

        /// <summary>Every template name, in the new order; cards follow their template.</summary>
        [Parameter]
        public string[]? TemplateOrder { get; set; }

        /// <summary>The styling shared by the cards.</summary>
        [Parameter]
        public string? Css { get; set; }

        /// <summary>The field the browser sorts by.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.FieldNameCompleter))]
        public string? SortField { get; set; }

        /// <summary>Output the changed note type.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            NoteTypeChange change;
            try
            {
                change = new NoteTypeChange
                {
                    NewName = NewName,
                    AddFields = AddField,
                    RenameFields = Pairs(RenameField, "RenameField"),
                    RemoveFields = RemoveField,
                    FieldOrder = FieldOrder,
                    AddTemplates = AddTemplate?.Select(t => new TemplateDefinition(
                        Get(t, "Name") ?? throw Invalid("Each -AddTemplate needs a Name, e.g. @{ Name = 'Card 2'; Front = '{{Back}}'; Back = '{{FrontSide}}<hr id=answer>{{Front}}' }.", t),
                        Get(t, "Front") ?? throw Invalid("Each -AddTemplate needs a Front, e.g. @{ Name = 'Card 2'; Front = '{{Back}}'; Back = '{{FrontSide}}<hr id=answer>{{Front}}' }.", t),
                        Get(t, "Back") ?? "")).ToList(),
                    SetTemplates = SetTemplate?.Select(t => new TemplateChange(
                        Get(t, "Name") ?? throw Invalid("Each -SetTemplate needs the Name of the template to change, and Front and/or Back.", t),
                        Get(t, "Front"),
                        Get(t, "Back"))).ToList(),
                    RemoveTemplates = RemoveTemplate,
                    RenameTemplates = Pairs(RenameTemplate, "RenameTemplate"),
                    TemplateOrder = TemplateOrder,
                    Css = Css,
                    SortField = SortField,
                };
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
                return;
            }

            if (!ShouldProcess(Name, "Change note type (its notes and cards follow)"))
            {
                return;
            }

            try
            {
                var editor = Editor(package);
                var noteType = editor.EditNoteType(Name, change, out var summary);
                if (summary.CardsRemoved + summary.CardsAdded + summary.NotesChanged > 0)
                {
                    WriteVerbose($"'{noteType.Name}': {summary.NotesChanged} note(s) rewritten, {summary.CardsAdded} card(s) generated, {summary.CardsRemoved} card(s) removed.");
                }

                if (summary.DroppedFields.Count > 0)
                {
                    WriteVerbose($"'{noteType.Name}': the values of {string.Join(", ", summary.DroppedFields.Select(f => "'" + f + "'"))} were removed from its notes.");
                }

                if (PassThru)
                {
                    WriteObject(noteType);
                }
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }

        internal static List<KeyValuePair<string, string>>? Pairs(IDictionary? table, string parameter)
        {
            if (table == null)
            {
                return null;
            }

            var pairs = new List<KeyValuePair<string, string>>();
            foreach (DictionaryEntry entry in table)
            {
                string? from = entry.Key?.ToString();
                string? to = entry.Value?.ToString();
                if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
                {
                    throw Invalid($"-{parameter} takes @{{ OldName = 'NewName' }}, with both names given.", table);
                }

                pairs.Add(new KeyValuePair<string, string>(from!, to!));
            }

            return pairs;
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

        private static AnkiException Invalid(string message, object target)
            => new AnkiException(AnkiErrors.InvalidTemplate, message, target);
    }
}
