using System.Management.Automation;

namespace AnkiSync.PowerShell
{
    /// <summary>A cmdlet that works on an open package given by <c>-Package</c>.</summary>
    public abstract class PackageCmdlet : AnkiCmdlet
    {
        /// <summary>The open package (from New-, Open-AnkiPackage or Open-AnkiCollection); binds from the pipeline and from the Package property of the module's objects.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Session")]
        [PackageArgument]
        public AnkiPackage Package { get; set; } = null!;

        /// <summary>The package, or a terminating AnkiSync.PackageClosed (or, for a -Path read's package, AnkiSync.ReadOnlySnapshot) error.</summary>
        internal AnkiPackage OpenPackage() => RequireWritable(Package);
    }
}
