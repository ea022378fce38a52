using System.Management.Automation;
using AnkiSync.NoteText;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>
    /// Imports notes from a text file laid out as Anki's "Notes in Plain Text" export or a CSV/TSV file with Anki's
    /// header lines, as Anki's own text import does. Each file is one transaction; a bad row is reported and the
    /// others go on. Returns an AnkiNoteImportResult per file, or the notes added and updated with -PassThru.
    /// </summary>
    [Cmdlet(VerbsData.Import, "AnkiNote", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Import-AnkiNote.md")]
    [OutputType(typeof(AnkiNoteImportResult), typeof(AnkiNote))]
    public sealed class ImportAnkiNoteCommand : PackageCmdlet
    {
        /// <summary>The text files (wildcards allowed; binds FullName from Get-ChildItem).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        [NotAPackage]
        public string[] Path { get; set; } = null!;

        /// <summary>The note type of every row, instead of the file's #notetype or #notetype column (default Basic).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.NoteTypeNameCompleter))]
        public string? NoteType { get; set; }

        /// <summary>The deck of every row, instead of the file's #deck or #deck column (default "Default"); created when missing.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.DeckNameCompleter))]
        public string? Deck { get; set; }

        /// <summary>What a row matching a note (by guid, else by first field) does, instead of the file's #if matches (default Update).</summary>
        [Parameter]
        public NoteTextMatch IfExists { get; set; }

        /// <summary>Output the notes added and updated instead of the summary.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            OpenPackage();

            foreach (string file in ResolveInputPaths(Path, literal: false))
            {
                if (!ShouldProcess(file, $"Import notes into '{Package}'"))
                {
                    continue;
                }

                var options = new NoteTextImportOptions
                {
                    NoteType = NoteType,
                    Deck = Deck,
                    IfExists = MyInvocation.BoundParameters.ContainsKey(nameof(IfExists)) ? IfExists : (NoteTextMatch?)null,
                    WantNotes = PassThru,
                };
                AnkiNoteImportResult result;
                try
                {
                    result = Package.ImportNotes(file, options, WriteAnkiError, WriteWarning);
                }
                catch (AnkiException e)
                {
                    WriteAnkiError(e);
                    continue;
                }

                WriteVerbose($"'{file}': {result.Rows} row(s): {result.New} new, {result.Updated} updated, {result.Unchanged} unchanged, {result.Skipped} skipped, {result.Conflicting} conflicting.");
                if (PassThru)
                {
                    foreach (var note in result.Notes)
                    {
                        WriteObject(FieldPropertyAdapter.Shape(note));
                    }
                }
                else
                {
                    WriteObject(result);
                }
            }
        }
    }
}
