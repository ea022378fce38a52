using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Renames a deck; its subdecks follow. "A::B" moves it under A (created when missing).</summary>
    [Cmdlet(VerbsCommon.Rename, "AnkiDeck", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Rename-AnkiDeck.md")]
    [OutputType(typeof(AnkiDeck))]
    public sealed class RenameAnkiDeckCommand : StructureCmdlet
    {
        /// <summary>The deck's current full name; binds from decks piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.DeckNameCompleter))]
        [NotAPackage("a deck name")]
        public string Name { get; set; } = "";

        /// <summary>The new full name, levels separated by "::".</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public string NewName { get; set; } = "";

        /// <summary>Output the renamed deck.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            if (!ShouldProcess(Name, $"Rename deck (and its subdecks) to '{NewName}'"))
            {
                return;
            }

            try
            {
                var deck = Editor(package).RenameDeck(Name, NewName);
                if (PassThru)
                {
                    WriteObject(deck);
                }
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }
    }
}
