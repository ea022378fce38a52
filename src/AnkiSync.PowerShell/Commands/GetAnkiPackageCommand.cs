using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Lists the packages open in this runspace.</summary>
    [Cmdlet(VerbsCommon.Get, "AnkiPackage", HelpUri = HelpLinks.Docs + "Get-AnkiPackage.md")]
    [OutputType(typeof(AnkiPackage))]
    public sealed class GetAnkiPackageCommand : AnkiCmdlet
    {
        protected override void EndProcessing()
        {
            foreach (var package in SessionRegistry.Open())
            {
                WriteObject(package);
            }
        }
    }
}
