using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Streams notes, each with one property per field.</summary>
    [Cmdlet(VerbsCommon.Get, "AnkiNote", DefaultParameterSetName = PackageSet, HelpUri = HelpLinks.Docs + "Get-AnkiNote.md")]
    [OutputType(typeof(AnkiNote))]
    public sealed class GetAnkiNoteCommand : NoteQueryCmdlet
    {
        /// <summary>Only the notes with these ids; binds from notes and cards piped in (their NoteId).</summary>
        // Bound from the pipeline only with -Package: in the -Path sets a piped FileInfo must bind -LiteralPath (PSPath) alone.
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PackageSet)]
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Alias("Id")]
        public long[]? NoteId { get; set; }




        protected override void Read(AnkiPackage package)
        {
            var filter = WithNameFilters(package, new NoteFilter { Ids = NoteId });
            System.Collections.Generic.IEnumerable<AnkiNote> notes;
            try
            {
                // A malformed -Query fails here, before anything is read.
                notes = package.GetNotes(filter);
            }
            catch (AnkiException e)
            {
                ThrowAnkiError(e);
                return;
            }

            WriteAll(notes, FieldPropertyAdapter.Shape);
        }
    }
}
