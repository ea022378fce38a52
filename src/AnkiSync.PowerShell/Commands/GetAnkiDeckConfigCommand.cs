using System.Linq;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Lists deck options presets: daily limits, steps, maximum interval, starting ease and the decks using each.</summary>
    [Cmdlet(VerbsCommon.Get, "AnkiDeckConfig", DefaultParameterSetName = PackageSet, HelpUri = HelpLinks.Docs + "Get-AnkiDeckConfig.md")]
    [OutputType(typeof(AnkiDeckConfig))]
    public sealed class GetAnkiDeckConfigCommand : PackageReadCmdlet
    {
        /// <summary>Only presets whose name matches (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [NotAPackage("a deck options preset name")]
        public string[]? Name { get; set; }

        protected override void Read(AnkiPackage package)
        {
            var patterns = Wildcards.Of(Name);
            WriteAll(package.GetDeckConfigs().Where(c => Wildcards.Match(patterns, c.Name)), c => c);
        }
    }
}
