using System.Management.Automation;
using AnkiSync.Editing;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Deletes notes with their cards (recorded in graves so that sync removes them too).</summary>
    [Cmdlet(VerbsCommon.Remove, "AnkiNote", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Remove-AnkiNote.md")]
    [OutputType(typeof(void))]
    public sealed class RemoveAnkiNoteCommand : PackageBatchCmdlet<NoteEditor>
    {
        public RemoveAnkiNoteCommand()
            : base(p => p.BeginNoteEdit())
        {
        }

        /// <summary>The note's id; binds from notes (Id) and cards (NoteId) piped in.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public long NoteId { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            if (!ShouldProcess(NoteHints.Label(this, package, NoteId, ConfirmImpact.Medium), "Remove note and its cards"))
            {
                return;
            }

            try
            {
                Batch.For(package).Remove(NoteId);
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }
    }
}
