using System;
using System.IO;
using System.Management.Automation;
using AnkiSync.Packages;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Writes the package to a file, atomically: a temp file in the target folder renamed into place.</summary>
    [Cmdlet(VerbsData.Export, "AnkiPackage", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Export-AnkiPackage.md")]
    [OutputType(typeof(FileInfo), typeof(DirectoryInfo))]
    public sealed class ExportAnkiPackageCommand : PackageCmdlet
    {
        /// <summary>The file to write; by default the package's own path.</summary>
        [Parameter(Position = 0)]
        [NotAPackage]
        public string? Path { get; set; }

        /// <summary>Legacy2 (default; every Anki 2.1+), Legacy1 (oldest clients) or Latest (Anki 2.1.50+).</summary>
        [Parameter]
        public PackageVersion Format { get; set; } = PackageVersion.Legacy2;

        /// <summary>Overwrite an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the package's entries as files in a folder (an unpacked package) instead of a zip.</summary>
        [Parameter]
        public SwitchParameter AsDirectory { get; set; }

        /// <summary>Output the written file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            string? requested = Path ?? package.Path;
            if (requested == null)
            {
                ThrowTerminatingError(Error(AnkiErrors.PathRequired, "This package has no path yet. Give -Path, e.g. Export-AnkiPackage -Package $p -Path deck.apkg.", package));
            }

            string target = ResolveOutputPath(requested!);
            bool overwrite = Force || (package.OverwriteAllowed && Path == null);
            if (!ShouldProcess(target, $"Export Anki package ({Format})"))
            {
                return;
            }

            try
            {
                var progress = new ProgressReporter(this, 2, "Exporting Anki package", target);
                foreach (string warning in package.Export(target, Format, overwrite, progress, AsDirectory, StopToken))
                {
                    WriteWarning(warning);
                }

                progress.Complete();
            }
            catch (AnkiException e)
            {
                ThrowAnkiError(e);
            }
            catch (OperationCanceledException e)
            {
                throw Stopped(e);
            }

            if (PassThru)
            {
                WriteObject(AsDirectory ? new DirectoryInfo(target) : (FileSystemInfo)new FileInfo(target));
            }
        }
    }
}
