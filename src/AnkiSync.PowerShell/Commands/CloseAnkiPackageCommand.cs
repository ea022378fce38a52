using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Ends a session: closes the collection and deletes the private temp folder. Unsaved changes are discarded with a warning.</summary>
    [Cmdlet(VerbsCommon.Close, "AnkiPackage", HelpUri = HelpLinks.Docs + "Close-AnkiPackage.md")]
    [OutputType(typeof(void))]
    public sealed class CloseAnkiPackageCommand : PackageCmdlet
    {
        /// <summary>The package to close; also the first positional parameter.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Session")]
        [PackageArgument]
        public override AnkiPackage Package { get => base.Package; set => base.Package = value; }

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
