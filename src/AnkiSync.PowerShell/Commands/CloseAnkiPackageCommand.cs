using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Ends a session: closes the collection and deletes the private temp folder. Unsaved changes are discarded with a warning.</summary>
    [Cmdlet(VerbsCommon.Close, "AnkiPackage", HelpUri = HelpLinks.Docs + "Close-AnkiPackage.md")]
    [OutputType(typeof(void))]
    public sealed class CloseAnkiPackageCommand : AnkiCmdlet
    {
        /// <summary>The package to close.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Session")]
        [PackageArgument]
        public AnkiPackage Package { get; set; } = null!;

        protected override void ProcessRecord()
        {
            if (Package.IsClosed)
            {
                return;
            }

            if (Package.IsModified && !Package.IsInPlace)
            {
                WriteWarning($"'{Package}' has changes that were not exported; they are discarded. Use Export-AnkiPackage before closing to keep them.");
            }

            SessionRegistry.Remove(Package);
            Package.Close();
        }
    }
}
