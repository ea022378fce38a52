using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using AnkiSync.Collection;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>
    /// Adds notes and the cards Anki would generate for them. Piped rows bind by property name: properties
    /// named like fields fill those fields; Tags, Deck, NoteType, Guid and Key bind to the parameters.
    /// All rows of one pipeline go in one transaction; a bad row is reported and the others go on.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "AnkiNote", SupportsShouldProcess = true)]
    [OutputType(typeof(AnkiNote))]
    public sealed class AddAnkiNoteCommand : AnkiCmdlet, IDisposable
    {
        private static readonly HashSet<string> ParameterProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Package", "Session", "NoteType", "Deck", "Tags", "Tag", "Guid", "Key",
        };

        private readonly PipelineBatch<NoteBatch> batch = new PipelineBatch<NoteBatch>(p => p.BeginNoteBatch());

        /// <summary>Counts the pipeline's rows for Write-Progress.</summary>
        public AddAnkiNoteCommand() => batch.Progress = new RowProgress(this);

        /// <summary>The open package to add to.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Session")]
        public AnkiPackage Package { get; set; } = null!;

        /// <summary>The note type's name (default Basic); stock types are created on first use.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Model")]
        [ArgumentCompleter(typeof(Completers.NoteTypeNameCompleter))]
        public string NoteType { get; set; } = "Basic";

        /// <summary>The deck for the cards (default "Default"); created when missing.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.DeckNameCompleter))]
        public string? Deck { get; set; }

        /// <summary>Field values: a hashtable of field name → value, or the values in field order.</summary>
        [Parameter(Position = 0)]
        public object? Fields { get; set; }

        /// <summary>Tags: one string is split on spaces like Anki's text import; in an array each element is one tag.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tag")]
        public object? Tags { get; set; }

        /// <summary>An explicit guid for the note (the identity Anki's importer matches on).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Guid { get; set; }

        /// <summary>What the default guid is derived from, instead of the first field.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Key { get; set; }

        /// <summary>A row whose property names match field names (e.g. from Import-Csv).</summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>Output each note added.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (Package.IsClosed)
            {
                ThrowAnkiError(AnkiPackage.Closed());
            }

            NoteInput input;
            try
            {
                input = BuildInput();
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
                return;
            }

            if (!ShouldProcess(Describe(input), $"Add {input.NoteType} note"))
            {
                return;
            }

            try
            {
                if (PassThru)
                {
                    AnkiNote note = batch.For(Package).Add(input);
                    batch.Emit(this, FieldPropertyAdapter.Shape(note));
                }
                else
                {
                    batch.For(Package).Insert(input);
                }
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (batch.Current != null)
                {
                    WriteVerbose($"Adding {batch.Current.Count} note(s) to '{batch.Package}'.");
                }

                batch.Complete();
            }
            catch (AnkiException e)
            {
                ThrowAnkiError(e);
            }
        }

        public void Dispose() => batch.Dispose();

        private NoteInput BuildInput()
        {
            var input = new NoteInput { NoteType = NoteType, Deck = Deck, Guid = Guid, Key = Key, Tags = InputConversion.Tags(Tags) };
            object? source = InputConversion.Unwrap(Fields) ?? InputObject?.BaseObject;
            switch (source)
            {
                case null:
                    throw new AnkiException("FieldsRequired", AnkiErrorKind.InvalidArgument,
                        "Give the note's fields with -Fields (a hashtable such as @{ Front = 'x'; Back = 'y' }, or the values in order) or pipe objects whose property names are the field names.", null);
                case string single:
                    input.Values = new[] { single };
                    break;
                case IList values:
                    var list = new List<string?>();
                    foreach (object? value in values)
                    {
                        list.Add(InputConversion.AsText(value));
                    }

                    input.Values = list;
                    break;
                default:
                    // A piped row: its properties other than those that bind to parameters are fields.
                    input.NamedValues = InputConversion.NamedValues(Fields ?? InputObject!, Fields == null ? ParameterProperties : null);
                    break;
            }

            return input;
        }

        private static string Describe(NoteInput input)
        {
            if (input.Values != null && input.Values.Count > 0)
            {
                return input.Values[0] ?? "";
            }

            foreach (var pair in input.NamedValues ?? Array.Empty<KeyValuePair<string, string?>>())
            {
                return pair.Value ?? "";
            }

            return "note";
        }
    }
}
