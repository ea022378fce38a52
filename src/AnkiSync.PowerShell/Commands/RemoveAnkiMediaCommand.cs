using System.Linq;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Deletes media files from a package.</summary>
    [Cmdlet(VerbsCommon.Remove, "AnkiMedia", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Remove-AnkiMedia.md")]
    [OutputType(typeof(void))]
    public sealed class RemoveAnkiMediaCommand : PackageCmdlet
    {
        /// <summary>Names of the files to delete (wildcards allowed); binds from Get-AnkiMedia output.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.MediaNameCompleter))]
        [NotAPackage("a media file name")]
        public string[] Name { get; set; } = System.Array.Empty<string>();

        /// <summary>Delete files that note fields still reference (without it they are kept, with a warning).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The media names the fields reference, read once per package for the whole pipeline.</summary>
        private readonly System.Collections.Generic.Dictionary<AnkiPackage, System.Collections.Generic.HashSet<string>> referenced
            = new System.Collections.Generic.Dictionary<AnkiPackage, System.Collections.Generic.HashSet<string>>();

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            foreach (string pattern in Name)
            {
                var matches = WildcardPattern.ContainsWildcardCharacters(pattern)
                    ? package.GetMedia().Where(m => !m.IsMissing && Wildcards.Match(Wildcards.Of(new[] { pattern }), m.Name)).Select(m => m.Name).ToList()
                    : new System.Collections.Generic.List<string> { WildcardPattern.Unescape(pattern) };
                foreach (string name in matches)
                {
                    if (!Force && package.GetMediaPath(name) != null && IsReferenced(package, name))
                    {
                        WriteWarning($"The media file '{name}' is still used by note fields (Anki would show it as missing), so it was kept. Use -Force to delete it anyway; Get-AnkiMedia -Unused lists the files nothing uses.");
                        continue;
                    }

                    if (!ShouldProcess(name, "Remove media file"))
                    {
                        continue;
                    }

                    try
                    {
                        package.RemoveMedia(name);
                    }
                    catch (AnkiException e)
                    {
                        WriteAnkiError(e);
                    }
                }
            }
        }

        private bool IsReferenced(AnkiPackage package, string name)
        {
            if (!referenced.TryGetValue(package, out var names))
            {
                try
                {
                    names = package.ReferencedMedia();
                }
                catch (AnkiException e)
                {
                    ThrowAnkiError(e);
                    throw;
                }

                referenced[package] = names;
            }

            return names.Contains(name);
        }
    }
}
