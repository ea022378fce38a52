using System;
using System.Collections.Generic;
using System.Linq;

namespace AnkiSync.PowerShell
{
    /// <summary>Turns the wildcard filters of Get-AnkiNote and Get-AnkiCard into the engine's id sets and tag test.</summary>
    internal static class FilterBuilder
    {
        /// <summary>Decks whose name matches, with their subdecks (as Anki's "deck:" search does).</summary>
        public static IReadOnlyCollection<long>? DeckIds(AnkiPackage package, string[]? patterns)
        {
            var wildcards = Wildcards.Of(patterns);
            if (wildcards == null)
            {
                return null;
            }

            var decks = package.GetDecks();
            var matched = decks.Where(d => Wildcards.Match(wildcards, d.Name)).Select(d => d.Name).ToList();
            return decks.Where(d => matched.Any(m => string.Equals(d.Name, m, StringComparison.OrdinalIgnoreCase)
                    || d.Name.StartsWith(m + "::", StringComparison.OrdinalIgnoreCase)))
                .Select(d => d.Id).ToList();
        }

        public static IReadOnlyCollection<long>? NoteTypeIds(AnkiPackage package, string[]? patterns)
        {
            var wildcards = Wildcards.Of(patterns);
            return wildcards == null ? null : package.GetNoteTypes().Where(t => Wildcards.Match(wildcards, t.Name)).Select(t => t.Id).ToList();
        }

        /// <summary>A note qualifies when one of its tags matches, or is a child ("a::b") of a match.</summary>
        public static Func<IReadOnlyList<string>, bool>? Tags(string[]? patterns)
        {
            var wildcards = Wildcards.Of(patterns);
            if (wildcards == null)
            {
                return null;
            }

            return tags => tags.Any(tag => Wildcards.Match(wildcards, tag) || Ancestors(tag).Any(a => Wildcards.Match(wildcards, a)));
        }

        private static IEnumerable<string> Ancestors(string tag)
        {
            int cut = tag.LastIndexOf("::", StringComparison.Ordinal);
            while (cut > 0)
            {
                tag = tag.Substring(0, cut);
                yield return tag;
                cut = tag.LastIndexOf("::", StringComparison.Ordinal);
            }
        }
    }
}
