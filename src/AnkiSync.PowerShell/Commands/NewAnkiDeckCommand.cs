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
        public string Name { get; set; } = "";

        /// <summary>The deck's description, shown on its overview screen.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Description { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
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
