using System.Management.Automation;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// A cmdlet that works on an open package given by <c>-Package</c>: the one declaration of that parameter. A cmdlet
    /// that binds it differently (a parameter set, a position, not mandatory) overrides it with its own
    /// <see cref="ParameterAttribute"/>; PowerShell reads an override's attributes only, so the override restates
    /// the alias and the argument check.
    /// </summary>
    public abstract class PackageCmdlet : AnkiCmdlet
    {
        /// <summary>The open package (from New-, Open-AnkiPackage or Open-AnkiCollection); binds from the pipeline and from the Package property of the module's objects.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Session")]
        [PackageArgument]
        public virtual AnkiPackage Package { get; set; } = null!;

        /// <summary>The package, or a terminating AnkiSync.PackageClosed (or, for a -Path read's package, AnkiSync.ReadOnlySnapshot) error.</summary>
        internal AnkiPackage OpenPackage() => RequireWritable(Package);
    }
}
