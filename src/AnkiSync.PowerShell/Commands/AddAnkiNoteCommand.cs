using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AnkiSync.Editing;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>
    /// Adds notes and the cards Anki would generate for them. Piped rows bind by property name: properties
    /// named like fields fill those fields; Tags, Deck, NoteType, Guid and Key bind to the parameters.
    /// Piped AnkiNote objects (Get-AnkiNote of another package) are copied: their fields, guid, tags and deck, and
    /// their note type when the target lacks it; piped AnkiCard objects copy their note once. All rows of one
    /// pipeline go in one transaction; a bad row is reported and the others go on, except that rows with properties
    /// that are not fields give one ExtraProperty error per pipeline (those rows are not added).
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "AnkiNote", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Add-AnkiNote.md")]
    [OutputType(typeof(AnkiNote))]
    public sealed class AddAnkiNoteCommand : PackageCmdlet, IDisposable
    {
        private static readonly HashSet<string> ParameterProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Package", "Session", "NoteType", "Deck", "Tags", "Tag", "Guid", "Key",
        };

        private readonly PipelineBatch<NoteBatch> batch = new PipelineBatch<NoteBatch>(p => p.BeginNoteBatch());

        /// <summary>Counts the pipeline's rows for Write-Progress.</summary>
        public AddAnkiNoteCommand() => batch.Progress = new RowProgress(this);

        /// <summary>The open package to add to (required; checked when a row arrives, so that a package piped in by mistake gets a hint).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Session")]
        [PackageArgument]
        public override AnkiPackage Package { get => base.Package; set => base.Package = value; }

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
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
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

        /// <summary>What a row whose guid is already in the package does: Error (default), Skip, or Update in place.</summary>
        [Parameter]
        public NoteExists IfExists { get; set; } = NoteExists.Error;

        /// <summary>Piped properties that are not fields of the note type are ignored instead of refused.</summary>
        [Parameter]
        public SwitchParameter IgnoreExtraProperty { get; set; }

        /// <summary>Output each resulting note: added, updated, or (skipped or unchanged) as it is.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private readonly HashSet<(AnkiPackage, long)> copiedCardNotes = new HashSet<(AnkiPackage, long)>();
        private int extraPropertyRows;

        protected override void ProcessRecord()
        {
            RequirePackage(Package, InputObject);
            NoteInput? input;
            try
            {
                input = BuildInput();
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
                return;
            }

            if (input == null || !ShouldProcess(Describe(input), $"Add {input.NoteType} note"))
            {
                return;
            }

            try
            {
                NoteWriteResult result = batch.For(Package).Write(input, PassThru);
                if (result.Outcome == NoteOutcome.Skipped || result.Outcome == NoteOutcome.Unchanged)
                {
                    WriteVerbose($"The note {result.NoteId} has the guid of '{Describe(input)}': {(result.Outcome == NoteOutcome.Skipped ? "skipped" : "unchanged")}.");
                }

                if (PassThru && result.Note != null)
                {
                    batch.Emit(this, FieldPropertyAdapter.Shape(result.Note));
                }

                if (NoteHints.ClozeWarning(Package, input) is string clozeWarning)
                {
                    WriteWarning(clozeWarning);
                }
            }
            catch (AnkiException e) when (e.Error == AnkiErrors.ExtraProperty)
            {
                // One error per pipeline: the first row names the properties; later ones are counted.
                if (extraPropertyRows++ == 0)
                {
                    WriteAnkiError(e);
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
                    WriteVerbose($"Adding {batch.Current.Count} note(s) and updating {batch.Current.UpdatedCount} in '{batch.Package}'.");
                }

                if (extraPropertyRows > 1)
                {
                    WriteWarning($"{extraPropertyRows} rows in all had properties that are not fields and were not added (see the ExtraProperty error). Use -IgnoreExtraProperty to add them anyway.");
                }

                batch.Complete();
            }
            catch (AnkiException e)
            {
                ThrowAnkiError(e);
            }
        }

        public void Dispose() => batch.Dispose();

        /// <summary>The row as engine input; null for a card whose note this pipeline has already copied.</summary>
        private NoteInput? BuildInput()
        {
            var input = new NoteInput
            {
                NoteType = NoteType,
                Deck = Deck,
                Guid = Guid,
                Key = Key,
                Tags = InputConversion.Tags(Tags),
                IfExists = IfExists,
                IgnoreUnknownFields = IgnoreExtraProperty,
            };
            object? source = InputConversion.Unwrap(Fields) ?? InputObject?.BaseObject;
            switch (source)
            {
                case null:
                    throw new AnkiException(AnkiErrors.FieldsRequired,
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
                case AnkiNote note when Fields == null:
                    // NoteType, Deck, Tags and Guid were bound from the note's properties (unless given).
                    CopyOf(input, note);
                    break;
                case AnkiCard card when Fields == null:
                    if (card.Package == null || !copiedCardNotes.Add((card.Package, card.NoteId)))
                    {
                        return null;
                    }

                    AnkiNote? ofCard = card.Package.IsClosed ? null : card.Package.GetNotes(new NoteFilter { Ids = new[] { card.NoteId } }).FirstOrDefault();
                    if (ofCard == null)
                    {
                        throw new AnkiException(AnkiErrors.NoteNotFound,
                            $"The note {card.NoteId} of card {card.Id} is not in '{card.Package}' (any more), so it cannot be copied.", card.NoteId);
                    }

                    input.Guid ??= ofCard.Guid;
                    CopyOf(input, ofCard);
                    break;
                default:
                    // A piped row: its properties other than those that bind to parameters are fields.
                    input.NamedValues = InputConversion.NamedValues(Fields ?? InputObject!, Fields == null ? ParameterProperties : null);
                    input.NamesAreProperties = Fields == null;
                    break;
            }

            return input;
        }

        /// <summary>A note of another package (or this one) as a row: its fields by name, its note type copied when the target lacks it.</summary>
        private static void CopyOf(NoteInput input, AnkiNote note)
        {
            var named = new List<KeyValuePair<string, string?>>();
            foreach (DictionaryEntry field in note.Fields)
            {
                named.Add(new KeyValuePair<string, string?>((string)field.Key, InputConversion.AsText(field.Value)));
            }

            input.NamedValues = named;
            input.NamesAreProperties = true;
            if (note.Package != null && string.Equals(input.NoteType, note.NoteType, StringComparison.Ordinal))
            {
                input.SourcePackage = note.Package;
                input.SourceNoteTypeId = note.NoteTypeId;
            }
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
