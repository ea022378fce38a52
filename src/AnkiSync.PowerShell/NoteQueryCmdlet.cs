using System;
using System.Linq;
using System.Management.Automation;

namespace AnkiSync.PowerShell
{
    /// <summary>A read cmdlet that selects notes or cards by deck, note type and tag (Get-AnkiNote, Get-AnkiCard).</summary>
    public abstract class NoteQueryCmdlet : PackageReadCmdlet
    {
        /// <summary>A package or collection file to open, read and close (wildcards allowed); the first positional parameter.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [NotAPackage]
        public override string[] Path { get => base.Path; set => base.Path = value; }

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

        /// <summary>Only items that match this search in Anki's browser syntax (evaluated inside SQLite).</summary>
        [Parameter]
        [Alias("Search")]
        public string? Query { get; set; }

        /// <summary>"Now" for the day-relative search terms (is:due, prop:due, rated:, added:, edited:, introduced:); default: the current time.</summary>
        [Parameter]
        public DateTime Now { get; set; }

        /// <summary>Fills <paramref name="filter"/> with the deck, note type and tag criteria resolved against <paramref name="package"/>.</summary>
        protected TFilter WithNameFilters<TFilter>(AnkiPackage package, TFilter filter)
            where TFilter : NoteFilter
        {
            filter.DeckIds = FilterBuilder.DeckIds(package, Deck);
            filter.NoteTypeIds = FilterBuilder.NoteTypeIds(package, NoteType);
            filter.Tags = FilterBuilder.Tags(Tag);
            filter.Query = Query;
            filter.Now = MyInvocation.BoundParameters.ContainsKey(nameof(Now)) ? new DateTimeOffset(Now.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(Now, DateTimeKind.Local) : Now) : (DateTimeOffset?)null;
            WarnAboutUnmatchedNames(package);
            return filter;
        }

        /// <summary>A -Deck, -NoteType or -Tag name without wildcards that names nothing in the package is most likely a typo: say so.</summary>
        private void WarnAboutUnmatchedNames(AnkiPackage package)
        {
            foreach (var name in Plain(Deck))
            {
                if (!package.GetDecks().Any(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    WriteWarning($"No deck named '{name}' in '{package.Path}', so -Deck '{name}' matches nothing.");
                }
            }

            foreach (var name in Plain(NoteType))
            {
                if (!package.GetNoteTypes().Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    WriteWarning($"No note type named '{name}' in '{package.Path}', so -NoteType '{name}' matches nothing.");
                }
            }

            var plainTags = Plain(Tag).ToList();
            if (plainTags.Count > 0)
            {
                var tags = package.GetTags();
                foreach (var name in plainTags)
                {
                    if (!tags.Any(t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase) || t.StartsWith(name + "::", StringComparison.OrdinalIgnoreCase)))
                    {
                        WriteWarning($"No note has the tag '{name}' in '{package.Path}', so -Tag '{name}' matches nothing.");
                    }
                }
            }
        }

        private static System.Collections.Generic.IEnumerable<string> Plain(string[]? names)
            => names == null ? Enumerable.Empty<string>() : names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n));
    }
}
