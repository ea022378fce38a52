using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Removes a note type with all its notes and cards.</summary>
    [Cmdlet(VerbsCommon.Remove, "AnkiNoteType", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Docs + "Remove-AnkiNoteType.md")]
    [OutputType(typeof(void))]
    public sealed class RemoveAnkiNoteTypeCommand : StructureCmdlet
    {
        /// <summary>The note type's name; binds from note types piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.NoteTypeNameCompleter))]
        [NotAPackage("a note type name")]
        public string Name { get; set; } = "";

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            if (!ShouldProcess(Name, "Remove note type with all its notes and cards"))
            {
                return;
            }

            try
            {
                var summary = Editor(package).RemoveNoteType(Name);
                WriteVerbose($"Removed note type '{Name}' with {summary.NotesRemoved} note(s) and {summary.CardsRemoved} card(s).");
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }
    }
}
