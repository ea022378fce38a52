using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Changes a deck options preset; settings not given keep their value.</summary>
    [Cmdlet(VerbsCommon.Set, "AnkiDeckConfig", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Set-AnkiDeckConfig.md")]
    [OutputType(typeof(AnkiDeckConfig))]
    public sealed class SetAnkiDeckConfigCommand : DeckConfigCmdlet
    {
        /// <summary>The preset's name; binds from presets piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [NotAPackage("a deck options preset name")]
        public string Name { get; set; } = "";

        /// <summary>Output the changed preset.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            if (!ShouldProcess(Name, "Change deck options preset"))
            {
                return;
            }

            try
            {
                var config = Editor(package).SetDeckConfig(Name, Change());
                if (PassThru)
                {
                    WriteObject(config);
                }
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }
    }
}
