using System;
using System.IO;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Adds media files (images, sounds) under Anki's normalised names.</summary>
    [Cmdlet(VerbsCommon.Add, "AnkiMedia", SupportsShouldProcess = true, DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Docs + "Add-AnkiMedia.md")]
    [OutputType(typeof(AnkiMedia))]
    public sealed class AddAnkiMediaCommand : PackageCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string ContentSet = "Content";

        /// <summary>Files to add; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [NotAPackage]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files to add, taken exactly as written; binds from Get-ChildItem output.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>The media file name, with -Content.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ContentSet)]
        public string Name { get; set; } = "";

        /// <summary>The file's bytes, with -Name.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ContentSet)]
        public byte[] Content { get; set; } = Array.Empty<byte>();

        /// <summary>Replace a file of the same name with different content.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Output the media added.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            if (ParameterSetName == ContentSet)
            {
                Add(Name, () =>
                {
                    using var stream = new MemoryStream(Content, writable: false);
                    return package.AddMedia(Name, stream, Force);
                });
                return;
            }

            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string file in ResolveInputPaths(literal ? LiteralPath : Path, literal))
            {
                if (Directory.Exists(file))
                {
                    WriteError(Error(AnkiErrors.NotAFile, $"'{file}' is a folder; give files, e.g. Get-ChildItem {file} -File | Add-AnkiMedia -Package $p.", file));
                    continue;
                }

                Add(System.IO.Path.GetFileName(file), () => package.AddMediaFile(file, Force));
            }
        }

        private void Add(string name, Func<AnkiMedia> add)
        {
            if (!ShouldProcess(name, "Add media file"))
            {
                return;
            }

            try
            {
                AnkiMedia media = add();
                if (media.Name != name)
                {
                    WriteWarning($"The media file '{name}' is stored as '{media.Name}', the name Anki gives it. Reference it by that name in fields.");
                }

                if (PassThru)
                {
                    WriteObject(media);
                }
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }
    }
}
