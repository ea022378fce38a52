using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Sets a deck's description and its options preset.</summary>
    [Cmdlet(VerbsCommon.Set, "AnkiDeck", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Set-AnkiDeck.md")]
    [OutputType(typeof(AnkiDeck))]
    public sealed class SetAnkiDeckCommand : StructureCmdlet
    {
        /// <summary>The deck's full name; binds from decks piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.DeckNameCompleter))]
        [NotAPackage("a deck name")]
        public string Name { get; set; } = "";

        /// <summary>The new description (HTML), shown on the deck's overview screen.</summary>
        [Parameter]
        public string? Description { get; set; }

        /// <summary>The name of the deck options preset the deck should use.</summary>
        [Parameter]
        public string? Preset { get; set; }

        /// <summary>Output the changed deck.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            if (!ShouldProcess(Name, "Set deck"))
            {
                return;
            }

            try
            {
                var deck = Editor(package).SetDeck(Name, Description, Preset);
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
