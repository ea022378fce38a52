using System;
using System.Linq;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Creates a deck; "A::B" creates the parent A too. Its id is derived from its name.</summary>
    [Cmdlet(VerbsCommon.New, "AnkiDeck", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "New-AnkiDeck.md")]
    [OutputType(typeof(AnkiDeck))]
    public sealed class NewAnkiDeckCommand : PackageCmdlet
    {
        /// <summary>The deck's full name, levels separated by "::".</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [NotAPackage("a deck name")]
        public string Name { get; set; } = "";

        /// <summary>The deck's description, shown on its overview screen.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Description { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            // Idempotent: the deck again (with no -Description, or the one it has) is returned as it is.
            var existing = package.GetDecks().FirstOrDefault(d => string.Equals(d.Name, Name, StringComparison.OrdinalIgnoreCase));
            if (existing != null)
            {
                if (Description == null || existing.Description == Description)
                {
                    WriteVerbose($"The deck '{existing.Name}' already exists; it is returned unchanged.");
                    WriteObject(existing);
                }
                else
                {
                    WriteAnkiError(new AnkiException(AnkiErrors.DeckExists,
                        $"The package already has a deck named '{existing.Name}', with another description. Change it with Set-AnkiDeck -Description.", Name));
                }

                return;
            }

            if (!ShouldProcess(Name, "Create deck"))
            {
                return;
            }

            try
            {
                WriteObject(package.AddDeck(Name, Description));
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }
    }
}
