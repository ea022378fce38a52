using System.Linq;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Lists the tags of a package with how many notes carry each.</summary>
    [Cmdlet(VerbsCommon.Get, "AnkiTag", DefaultParameterSetName = PackageSet, HelpUri = HelpLinks.Docs + "Get-AnkiTag.md")]
    [OutputType(typeof(AnkiTag))]
    public sealed class GetAnkiTagCommand : PackageReadCmdlet
    {
        /// <summary>Only tags whose name matches (wildcards allowed, case-insensitive).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        [NotAPackage("a tag")]
        public string[]? Name { get; set; }

        protected override void Read(AnkiPackage package)
        {
            var patterns = Wildcards.Of(Name);
            WriteAll(package.GetTagCounts().Where(t => Wildcards.Match(patterns, t.Name)), t => t);
        }
    }
}
