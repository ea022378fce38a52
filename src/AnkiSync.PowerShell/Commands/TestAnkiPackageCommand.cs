using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Checks a package like Anki's Check Database: one problem object per finding, nothing when all is well.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "AnkiPackage", DefaultParameterSetName = PackageSet)]
    [OutputType(typeof(AnkiProblem))]
    public sealed class TestAnkiPackageCommand : PackageReadCmdlet
    {
        protected override void Read(AnkiPackage package) => WriteAll(package.Check(StopToken), p => p);
    }
}
