using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using AnkiSync.NoteText;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>
    /// Writes notes in the layout of Anki's "Notes in Plain Text" export, which Anki (and Import-AnkiNote) import back
    /// unchanged: the piped notes (or cards' notes), or every note of the package.
    /// </summary>
    [Cmdlet(VerbsData.Export, "AnkiNote", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Export-AnkiNote.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportAnkiNoteCommand : PackageCmdlet
    {
        private readonly List<long> noteIds = new List<long>();
        private readonly HashSet<long> seen = new HashSet<long>();
        private bool all;
        private bool processed;
        private AnkiPackage? source;

        /// <summary>The text file to write.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [NotAPackage]
        public string Path { get; set; } = null!;

        /// <summary>The notes to write (binds Id/NoteId of piped notes and cards); all notes when not given.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public long[]? NoteId { get; set; }

        /// <summary>Write each note's guid as the first column (#guid column), so a later import updates the notes.</summary>
        [Parameter]
        public SwitchParameter WithGuid { get; set; }

        /// <summary>Write each note's note type name (#notetype column).</summary>
        [Parameter]
        public SwitchParameter WithNoteType { get; set; }

        /// <summary>Write the deck of each note's first card (#deck column).</summary>
        [Parameter]
        public SwitchParameter WithDeck { get; set; }

        /// <summary>Write each note's tags as the last column (#tags column).</summary>
        [Parameter]
        public SwitchParameter WithTags { get; set; }

        /// <summary>Fields as plain text (#html:false) instead of HTML.</summary>
        [Parameter]
        public SwitchParameter PlainText { get; set; }

        /// <summary>Overwrite an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Output the written file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            RequireOpen(Package);

            if (source != null && !ReferenceEquals(source, Package))
            {
                WriteError(Error(AnkiErrors.MixedPackages, $"Export-AnkiNote writes the notes of one package; this note is in '{Package}', not '{source}'. Export each package to its own file.", Package));
                return;
            }

            source = Package;
            processed = true;
            if (NoteId == null)
            {
                all = true;
                return;
            }

            foreach (long id in NoteId)
            {
                if (seen.Add(id))
                {
                    noteIds.Add(id);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (!processed || source == null)
            {
                return;
            }

            string target = ResolveOutputPath(Path);
            if (File.Exists(target) && !Force)
            {
                WriteWarning($"'{target}' already exists; nothing was written. Use -Force to overwrite it.");
                return;
            }

            if (!ShouldProcess(target, "Export notes as text"))
            {
                return;
            }

            var options = new NoteTextExportOptions
            {
                Html = !PlainText,
                WithGuid = WithGuid,
                WithNoteType = WithNoteType,
                WithDeck = WithDeck,
                WithTags = WithTags,
            };
            try
            {
                int count = source.ExportNotes(target, all ? null : noteIds, options, overwrite: Force);
                WriteVerbose($"Wrote {count} note(s) to '{target}'.");
            }
            catch (AnkiException e)
            {
                ThrowAnkiError(e);
            }

            if (PassThru)
            {
                WriteObject(new FileInfo(target));
            }
        }
    }
}
