using System;
using System.Management.Automation;
using AnkiSync.Editing;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>
    /// Changes fields and tags of notes, keeping csum, sfld, mod and usn right. Notes piped from Get-AnkiNote
    /// bind by their Id and Package; all changes of one pipeline are one transaction.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "AnkiNote", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Set-AnkiNote.md")]
    [OutputType(typeof(AnkiNote))]
    public sealed class SetAnkiNoteCommand : PackageBatchCmdlet<NoteEditor>
    {
        public SetAnkiNoteCommand()
            : base(p => p.BeginNoteEdit())
        {
        }

        /// <summary>The note's id; binds from notes (Id) and cards (NoteId) piped in.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public long NoteId { get; set; }

        /// <summary>Field name → new value; fields not named keep their value.</summary>
        [Parameter]
        public System.Collections.IDictionary? Fields { get; set; }

        /// <summary>Replaces every tag: one string is split on spaces, in an array each element is one tag.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        public object? Tags { get; set; }

        /// <summary>Tags to add.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        public string[]? AddTag { get; set; }

        /// <summary>Tags to remove (case-insensitive).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        public string[]? RemoveTag { get; set; }

        /// <summary>Change the notes to this note type; cards follow by template ordinal.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.NoteTypeNameCompleter))]
        public string? NoteType { get; set; }

        /// <summary>With -NoteType: old field name → new field name. Fields of the same name map by themselves; others are dropped (with a warning).</summary>
        [Parameter]
        public System.Collections.IDictionary? FieldMap { get; set; }

        /// <summary>Output each changed note.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private readonly System.Collections.Generic.HashSet<string> droppedWarnings = new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private bool warnedSchema;

        protected override void BeginProcessing()
        {
            if (FieldMap != null && NoteType == null)
            {
                ThrowTerminatingError(Error(AnkiErrors.InvalidFieldMap, "-FieldMap goes with -NoteType: it maps the old note type's fields to the new one's.", FieldMap));
            }
        }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            if (!ShouldProcess(NoteHints.Label(this, package, NoteId, ConfirmImpact.Medium), NoteType == null ? "Change note" : $"Change note to note type '{NoteType}'"))
            {
                return;
            }

            try
            {
                if (NoteType != null)
                {
                    var editor = Batch.For(package);
                    var changedType = editor.ChangeNoteType(NoteId, NoteType, SetAnkiNoteTypeCommand.Pairs(FieldMap, "FieldMap"), out var dropped);
                    if (dropped.Count > 0 && droppedWarnings.Add(string.Join("\u001f", dropped)))
                    {
                        WriteWarning($"Changing notes to '{NoteType}' drops the values of the field(s) {string.Join(", ", dropped)}, which -FieldMap maps to no field of '{NoteType}' (first seen on note {NoteId}).");
                    }

                    if (editor.SchemaChanged && !warnedSchema)
                    {
                        warnedSchema = true;
                        WriteWarning(StructureCmdlet.SchemaWarning(package));
                    }

                    if (Fields == null && Tags == null && AddTag == null && RemoveTag == null)
                    {
                        if (PassThru)
                        {
                            WriteObject(FieldPropertyAdapter.Shape(changedType));
                        }

                        return;
                    }
                }

                var change = new NoteChange
                {
                    Fields = Fields == null ? null : InputConversion.NamedValues(Fields),
                    Tags = InputConversion.Tags(Tags),
                    AddTags = AddTag,
                    RemoveTags = RemoveTag,
                };
                AnkiNote note = Batch.For(package).Update(NoteId, change);
                if (PassThru)
                {
                    Batch.Emit(this, FieldPropertyAdapter.Shape(note));
                }
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }
    }
}
