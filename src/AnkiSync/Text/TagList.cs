using System;
using System.Collections.Generic;
using System.Text;

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
            var kept = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var tag in tags)
            {
                var reason = InvalidReason(tag);
                if (reason != null)
                {
                    throw new AnkiException(AnkiErrors.InvalidTag, $"The tag '{tag}' is not valid: {reason}. Give each tag as its own array element, or one string of tags separated by spaces.", tag);
                }

                var normalized = TextChars.ToNfc(tag);
                if (seen.Add(normalized))
                {
                    kept.Add(normalized);
                }
            }

            if (kept.Count == 0)
            {
                return string.Empty;
            }

            kept.Sort(CompareIgnoringCase);
            var builder = new StringBuilder();
            foreach (var tag in kept)
            {
                builder.Append(' ').Append(tag);
            }

            return builder.Append(' ').ToString();
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

                if (c < 0x20 || c == 0x7F)
                {
                    return "it contains a control character";
                }
            }

            foreach (var level in tag.Split(new[] { "::" }, StringSplitOptions.None))
            {
                if (level.Length == 0)
                {
                    return "it has an empty '::' level (Anki would name it \"blank\")";
                }

                if (char.IsWhiteSpace(level[0]) || char.IsWhiteSpace(level[level.Length - 1]))
                {
                    return "a '::' level starts or ends with whitespace, which Anki removes";
                }
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
