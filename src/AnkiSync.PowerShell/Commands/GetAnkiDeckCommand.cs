using System.Linq;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Lists decks.</summary>
    [Cmdlet(VerbsCommon.Get, "AnkiDeck", DefaultParameterSetName = PackageSet, HelpUri = HelpLinks.Docs + "Get-AnkiDeck.md")]
    [OutputType(typeof(AnkiDeck))]
    public sealed class GetAnkiDeckCommand : PackageReadCmdlet
    {
        /// <summary>Only decks whose full name matches (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.DeckNameCompleter))]
        [NotAPackage("a deck name")]
        public string[]? Name { get; set; }

        protected override void Read(AnkiPackage package)
        {
            var patterns = Wildcards.Of(Name);
            WriteAll(package.GetDecks().Where(d => Wildcards.Match(patterns, d.Name)), d => d);
        }
    }
}
