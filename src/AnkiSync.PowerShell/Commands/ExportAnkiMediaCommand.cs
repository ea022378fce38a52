using System.IO;
using System.Linq;
using System.Management.Automation;
using AnkiSync.Packages;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Copies media files out of a package into a folder.</summary>
    [Cmdlet(VerbsData.Export, "AnkiMedia", SupportsShouldProcess = true, DefaultParameterSetName = PackageSet, HelpUri = HelpLinks.Docs + "Export-AnkiMedia.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportAnkiMediaCommand : PackageReadCmdlet
    {
        /// <summary>Only media whose name matches (wildcards allowed).</summary>
        // Bound from the pipeline only with -Package: in the -Path sets a piped FileInfo (which has a Name) must bind -LiteralPath alone.
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = PackageSet)]
        [Parameter(Position = 0, ParameterSetName = PathSet)]
        [Parameter(Position = 0, ParameterSetName = LiteralPathSet)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.MediaNameCompleter))]
        [NotAPackage("a media file name")]
        public string[]? Name { get; set; }

        /// <summary>The folder to write the files to (created when missing).</summary>
        [Parameter(Mandatory = true)]
        [NotAPackage]
        public string Destination { get; set; } = "";

        /// <summary>Overwrite existing files.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Output a FileInfo for each file written (like Export-AnkiPackage -PassThru).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void Read(AnkiPackage package)
        {
            string folder = ResolveOutputPath(Destination);
            var patterns = Wildcards.Of(Name);
            foreach (var media in package.GetMedia().Where(m => !m.IsMissing && Wildcards.Match(patterns, m.Name)).ToList())
            {
                string target = System.IO.Path.Combine(folder, media.Name);
                // A dangling link counts as existing: it is replaced with -Force, never written through.
                if (SafeFiles.EntryExists(target) && !Force)
                {
                    WriteError(Error(AnkiErrors.FileExists, $"'{target}' already exists. Use -Force to overwrite it.", target));
                    continue;
                }

                if (!ShouldProcess(target, "Export media file"))
                {
                    continue;
                }

                try
                {
                    string written = package.ExportMedia(media.Name, folder, Force);
                    if (PassThru)
                    {
                        WriteObject(new FileInfo(written));
                    }
                }
                catch (AnkiException e)
                {
                    WriteAnkiError(e);
                }
            }
        }
    }
}
