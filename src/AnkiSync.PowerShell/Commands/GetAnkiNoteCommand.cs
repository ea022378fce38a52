using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Streams notes, each with one property per field.</summary>
    [Cmdlet(VerbsCommon.Get, "AnkiNote", DefaultParameterSetName = PackageSet)]
    [OutputType(typeof(AnkiNote))]
    public sealed class GetAnkiNoteCommand : NoteQueryCmdlet
    {
        /// <summary>Only the notes with these ids; binds from notes and cards piped in (their NoteId).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
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
