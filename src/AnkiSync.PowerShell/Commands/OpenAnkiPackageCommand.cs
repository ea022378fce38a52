using System;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Opens an .apkg or .colpkg package, a bare collection file or an unpacked package folder, on a private copy.</summary>
    [Cmdlet(VerbsCommon.Open, "AnkiPackage", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Docs + "Open-AnkiPackage.md")]
    [OutputType(typeof(AnkiPackage))]
    public sealed class OpenAnkiPackageCommand : AnkiCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>The file(s) to open; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>The file(s) to open, taken exactly as written.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string file in ResolveInputPaths(literal ? LiteralPath : Path, literal))
            {
                try
                {
                    var progress = new ProgressReporter(this, 1, "Opening Anki package", file);
                    var package = AnkiPackage.Open(file, progress, cancellation: StopToken);
                    progress.Complete();
                    foreach (string warning in package.TakeWarnings())
                    {
                        WriteWarning(warning);
                    }

                    SessionRegistry.Add(package);
                    WriteObject(package);
                }
                catch (AnkiException e)
                {
                    WriteAnkiError(e);
                }
                catch (OperationCanceledException e)
                {
                    throw Stopped(e);
                }
            }
        }
    }
}
