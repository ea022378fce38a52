using System.Management.Automation;

namespace AnkiSync.PowerShell
{
    /// <summary>A read cmdlet that selects notes or cards by deck, note type and tag (Get-AnkiNote, Get-AnkiCard).</summary>
    public abstract class NoteQueryCmdlet : PackageReadCmdlet
    {
        /// <summary>Only items in a matching deck or its subdecks (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.DeckNameCompleter))]
        public string[]? Deck { get; set; }

        /// <summary>Only items of a matching note type (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.NoteTypeNameCompleter))]
        public string[]? NoteType { get; set; }

        /// <summary>Only items whose note has a matching tag or a child of one (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        public string[]? Tag { get; set; }

        /// <summary>Fills <paramref name="filter"/> with the deck, note type and tag criteria resolved against <paramref name="package"/>.</summary>
        protected TFilter WithNameFilters<TFilter>(AnkiPackage package, TFilter filter)
            where TFilter : NoteFilter
        {
            filter.DeckIds = FilterBuilder.DeckIds(package, Deck);
            filter.NoteTypeIds = FilterBuilder.NoteTypeIds(package, NoteType);
            filter.Tags = FilterBuilder.Tags(Tag);
            return filter;
        }
    }
}
