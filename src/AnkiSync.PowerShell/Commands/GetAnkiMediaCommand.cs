using System.Linq;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Lists media files, with whether a note field uses them.</summary>
    [Cmdlet(VerbsCommon.Get, "AnkiMedia", DefaultParameterSetName = PackageSet, HelpUri = HelpLinks.Docs + "Get-AnkiMedia.md")]
    [OutputType(typeof(AnkiMedia))]
    public sealed class GetAnkiMediaCommand : PackageReadCmdlet
    {
        /// <summary>Only media whose name matches (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.MediaNameCompleter))]
        [NotAPackage("a media file name")]
        public string[]? Name { get; set; }

        /// <summary>Only files no note field references (Anki drops them on import unless their name starts with "_").</summary>
        [Parameter]
        public SwitchParameter Unused { get; set; }

        /// <summary>Only names that fields reference but the package lacks.</summary>
        [Parameter]
        public SwitchParameter Missing { get; set; }

        protected override void Read(AnkiPackage package)
        {
            var patterns = Wildcards.Of(Name);
            var media = package.GetMedia().Where(m => Wildcards.Match(patterns, m.Name));
            if (Missing)
            {
                media = media.Where(m => m.IsMissing);
            }
            else
            {
                media = media.Where(m => !m.IsMissing);
            }

            if (Unused)
            {
                media = media.Where(m => !m.IsUsed);
            }

            WriteAll(media, m => m);
        }
    }
}
