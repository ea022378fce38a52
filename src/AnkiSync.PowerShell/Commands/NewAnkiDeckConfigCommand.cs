using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Creates a deck options preset with Anki's defaults and the settings given.</summary>
    [Cmdlet(VerbsCommon.New, "AnkiDeckConfig", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "New-AnkiDeckConfig.md")]
    [OutputType(typeof(AnkiDeckConfig))]
    public sealed class NewAnkiDeckConfigCommand : DeckConfigCmdlet
    {
        /// <summary>The preset's name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [NotAPackage("a deck options preset name")]
        public string Name { get; set; } = "";

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            if (!ShouldProcess(Name, "Create deck options preset"))
            {
                return;
            }

            try
            {
                WriteObject(Editor(package).AddDeckConfig(Name, Change()));
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }
    }
}
