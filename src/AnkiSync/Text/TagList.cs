using System;
using System.Collections.Generic;

namespace AnkiSync.Text
{
    /// <summary>
    /// Note tags as Anki splits, validates and stores them (<c>tags/mod.rs</c>, <c>tags/register.rs</c>).
    /// </summary>
    internal static class TagList
    {
        private static readonly char[] Separators = { ' ', '\u3000' };

        /// <summary>Splits on ASCII space and U+3000 and drops empty items, as Anki's text import does.</summary>
        public static IReadOnlyList<string> Split(string text) =>
            text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);

        /// <summary>The tags of a stored <c>notes.tags</c> value such as <c>" a b "</c>.</summary>
        public static IReadOnlyList<string> ParseStored(string stored) => Split(stored);

        /// <summary>
        /// The stored form: <c>" a b "</c> (a space before and after), or <c>""</c> when there are none.
        /// Like Anki, tags are NFC-normalised, de-duplicated case-insensitively (the first spelling
        /// wins) and sorted case-insensitively. Fails on a tag <see cref="InvalidReason"/> refuses.
        /// </summary>
        public static string Join(IEnumerable<string> tags)
        {
            // Called per note: a row holds a tag or a few, so they are de-duplicated in the list itself and a set
            // is made only for a long list.
            var kept = new List<string>(4);
            HashSet<string>? seen = null;
            foreach (var tag in tags)
            {
                var reason = InvalidReason(tag);
                if (reason != null)
                {
                    throw new AnkiException(AnkiErrors.InvalidTag, $"The tag '{tag}' is not valid: {reason}. Give each tag as its own array element, or one string of tags separated by spaces.", tag);
                }

                var normalized = TextChars.ToNfc(tag);
                // Stryker disable Logical,Equality,Block,Boolean: the set and the list find the same duplicates; when the set takes over is only speed.
                if (seen == null && kept.Count == LinearDeduplicationLimit)
                {
                    seen = new HashSet<string>(kept, StringComparer.OrdinalIgnoreCase);
                }

                // Stryker restore Logical,Equality,Block,Boolean
                if (seen != null ? seen.Add(normalized) : !ContainsIgnoringCase(kept, normalized))
                {
                    kept.Add(normalized);
                }
            }

            switch (kept.Count)
            {
                case 0:
                    return string.Empty;
                case 1:
                    return " " + kept[0] + " ";
                default:
                    kept.Sort(CompareIgnoringCase);
                    return " " + string.Join(" ", kept) + " ";
            }
        }

        private const int LinearDeduplicationLimit = 16;

        private static bool ContainsIgnoringCase(List<string> tags, string tag)
        {
            foreach (var kept in tags)
            {
                if (string.Equals(kept, tag, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Null when Anki would store the tag exactly as given (up to NFC); otherwise why not.
        /// Anki splits tags at spaces (and U+3000), silently removes control characters (tab and
        /// newline included), trims whitespace around each <c>::</c> level and renames empty levels
        /// to "blank"; each of those is refused here so that no tag changes behind the user's back.
        /// Quotes and other punctuation are allowed: modern Anki keeps them.
        /// </summary>
        public static string? InvalidReason(string tag)
        {
            if (string.IsNullOrEmpty(tag))
            {
                return "it is empty";
            }

            if (TextChars.HasLoneSurrogate(tag))
            {
                return "it contains an unpaired UTF-16 surrogate, which is not text";
            }

            foreach (var c in tag)
            {
                if (c == ' ' || c == '\u3000')
                {
                    return "it contains a space, and spaces separate tags";
                }

                if (c == '\t' || c == '\n' || c == '\r')
                {
                    return "it contains whitespace (a tab or line break)";
                }

                // Stryker disable once Equality: 0x20 (the space) was refused above.
                if (c < 0x20 || c == 0x7F)
                {
                    return "it contains a control character";
                }
            }

            // Each "::" level, found in place (a split would allocate per tag, and this runs per note).
            int start = 0;
            while (true)
            {
                int separator = tag.IndexOf("::", start, StringComparison.Ordinal);
                int end = separator < 0 ? tag.Length : separator;
                if (end == start)
                {
                    return "it has an empty '::' level (Anki would name it \"blank\")";
                }

                if (char.IsWhiteSpace(tag[start]) || char.IsWhiteSpace(tag[end - 1]))
                {
                    return "a '::' level starts or ends with whitespace, which Anki removes";
                }

                // Stryker disable once Equality: a separator at 0 is an empty first level, refused above.
                if (separator < 0)
                {
                    break;
                }

                start = separator + 2;
            }

            return null;
        }

        /// <summary>
        /// Null when a stored <c>notes.tags</c> value is as Anki leaves it; otherwise what its importer would tidy:
        /// a tag listed twice (ignoring case; the first spelling stays) or a tag it would rename (an empty
        /// <c>::</c> level, whitespace around a level, a control character).
        /// </summary>
        public static string? StoredFault(string stored)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var tag in Split(stored))
            {
                if (!seen.Add(tag))
                {
                    return $"the tag '{tag}' twice";
                }

                var reason = InvalidReason(tag);
                if (reason != null)
                {
                    return $"the tag '{tag}': {reason}";
                }
            }

            return null;
        }

        // Anki sorts tags with case folded; comparing lower-cased characters matches that for
        // ASCII punctuation too (e.g. '_' sorts before letters), which upper-casing would not.
        private static int CompareIgnoringCase(string x, string y)
        {
            var length = Math.Min(x.Length, y.Length);
            for (var i = 0; i < length; i++)
            {
                var a = char.ToLowerInvariant(x[i]);
                var b = char.ToLowerInvariant(y[i]);
                if (a != b)
                {
                    return a.CompareTo(b);
                }
            }

            return x.Length.CompareTo(y.Length);
        }
    }
}
