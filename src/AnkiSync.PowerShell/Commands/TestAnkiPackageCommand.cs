using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Checks a package like Anki's Check Database: one problem object per finding, nothing when all is well.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "AnkiPackage", DefaultParameterSetName = PackageSet, HelpUri = HelpLinks.Docs + "Test-AnkiPackage.md")]
    [OutputType(typeof(AnkiProblem))]
    public sealed class TestAnkiPackageCommand : PackageReadCmdlet
    {
        /// <summary>A package or collection file to open, read and close (wildcards allowed); the first positional parameter.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [NotAPackage]
        public override string[] Path { get => base.Path; set => base.Path = value; }

        protected override void Read(AnkiPackage package) => WriteAll(package.Check(StopToken), p => p);
    }
}
