using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Removes a deck with its subdecks and their cards; notes left with no card are removed too.</summary>
    [Cmdlet(VerbsCommon.Remove, "AnkiDeck", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Docs + "Remove-AnkiDeck.md")]
    [OutputType(typeof(void))]
    public sealed class RemoveAnkiDeckCommand : StructureCmdlet
    {
        /// <summary>The deck's full name; binds from decks piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.DeckNameCompleter))]
        [NotAPackage("a deck name")]
        public string Name { get; set; } = "";

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            if (!ShouldProcess(Name, "Remove deck with its subdecks, their cards, and notes left with no card"))
            {
                return;
            }

            try
            {
                var summary = Editor(package).RemoveDeck(Name);
                WriteVerbose($"Removed {summary.DecksRemoved} deck(s), {summary.CardsRemoved} card(s) and {summary.NotesRemoved} note(s) left with no card.");
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }
    }
}
