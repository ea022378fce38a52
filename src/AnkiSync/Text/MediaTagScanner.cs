using System.Collections.Generic;

namespace AnkiSync.Text
{
    /// <summary>
    /// Finds media tags the way Anki's <c>HTML_MEDIA_TAGS</c> pattern (<c>text.rs</c>) does:
    /// <c>&lt;img|audio|video|object|source</c>, then a lazy run of attribute text (any non-'&gt;'
    /// character, or a quoted string that may contain '&gt;'), then <c>src=</c> or <c>data=</c> and a
    /// double-quoted, single-quoted or unquoted value, then the rest of the tag.
    /// </summary>
    /// <remarks>
    /// Written as a scanner rather than a .NET regex because the pattern's attribute run is
    /// ambiguous (a quote is both "any character" and the start of a quoted string), which makes a
    /// backtracking regex exponential on tags without a src. The scanner explores the same choices
    /// in the same order as a backtracking engine (so it picks the same match Anki does) but
    /// remembers positions already known to fail, which keeps it polynomial.
    /// </remarks>
    internal static class MediaTagScanner
    {
        private static readonly string[] TagNames = { "img", "audio", "video", "object", "source" };

        /// <summary>A media tag: the whole tag [Start, End) and its file name [NameStart, NameStart+NameLength).</summary>
        internal readonly struct Match
        {
            public Match(int start, int end, int nameStart, int nameLength)
            {
                Start = start;
                End = end;
                NameStart = nameStart;
                NameLength = nameLength;
            }

            public int Start { get; }

            public int End { get; }

            public int NameStart { get; }

            public int NameLength { get; }
        }

        /// <summary>The first media tag that starts at or after <paramref name="from"/>.</summary>
        public static bool TryFindNext(string text, int from, out Match match)
        {
            var lt = text.IndexOf('<', from);
            while (lt >= 0)
            {
                if (TryMatchAt(text, lt, out match))
                {
                    return true;
                }

                lt = text.IndexOf('<', lt + 1);
            }

            match = default;
            return false;
        }

        private static bool TryMatchAt(string text, int lt, out Match match)
        {
            match = default;
            var afterName = MatchTagName(text, lt + 1);
            if (afterName < 0)
            {
                return false;
            }

            // Fast path: the attribute run is most often plain characters up to the first '>';
            // a backtracking engine tries exactly those positions first, in order.
            var firstGt = text.IndexOf('>', afterName);
            var chainEnd = firstGt < 0 ? text.Length : firstGt;
            var hasQuote = false;
            for (var p = afterName + 1; p <= chainEnd; p++)
            {
                if (TryValueAt(text, lt, p, out match))
                {
                    return true;
                }
            }

            for (var p = afterName; p < chainEnd; p++)
            {
                if (text[p] == '"' || text[p] == '\'')
                {
                    hasQuote = true;
                    break;
                }
            }

            // Only a quoted string can carry the run past that first '>'.
            return hasQuote && SearchWithQuotedStrings(text, lt, afterName, out match);
        }

        /// <summary>
        /// The full search: each step consumes one non-'&gt;' character, or a whole quoted string;
        /// after at least one step, a <c>src=</c>/<c>data=</c> value may follow. Depth first, in
        /// the order a backtracking engine tries them, skipping positions that already failed.
        /// </summary>
        private static bool SearchWithQuotedStrings(string text, int lt, int start, out Match match)
        {
            var failed = new HashSet<int>();
            var positions = new Stack<int>();
            var nextChoice = new Stack<int>();
            positions.Push(start);
            nextChoice.Push(1); // the first step is mandatory: no value check at the start
            while (positions.Count > 0)
            {
                var p = positions.Peek();
                var choice = nextChoice.Pop();
                nextChoice.Push(choice + 1);
                int next;
                switch (choice)
                {
                    case 0:
                        if (TryValueAt(text, lt, p, out match))
                        {
                            return true;
                        }

                        continue;
                    case 1:
                        next = p < text.Length && text[p] != '>' ? p + 1 : -1;
                        break;
                    case 2:
                        next = QuotedStringEnd(text, p, '"');
                        break;
                    case 3:
                        next = QuotedStringEnd(text, p, '\'');
                        break;
                    default:
                        positions.Pop();
                        nextChoice.Pop();
                        continue;
                }

                if (next >= 0 && failed.Add(next))
                {
                    positions.Push(next);
                    nextChoice.Push(0);
                }
            }

            match = default;
            return false;
        }

        /// <summary>After a quoted string of at least one character starting at p, or -1.</summary>
        private static int QuotedStringEnd(string text, int p, char quote)
        {
            if (p >= text.Length || text[p] != quote)
            {
                return -1;
            }

            var close = text.IndexOf(quote, p + 1);
            return close > p + 1 ? close + 1 : -1;
        }

        /// <summary>Matches a media tag name at p followed by a word boundary; the index after it, or -1.</summary>
        private static int MatchTagName(string text, int p)
        {
            foreach (var name in TagNames)
            {
                if (MatchesIgnoringAsciiCase(text, p, name))
                {
                    var end = p + name.Length;
                    return end < text.Length && TextChars.IsWordChar(text[end]) ? -1 : end;
                }
            }

            return -1;
        }

        /// <summary>
        /// At p: a word boundary, <c>src=</c> or <c>data=</c>, then a quoted or unquoted value and the
        /// rest of the tag up to its '&gt;'.
        /// </summary>
        private static bool TryValueAt(string text, int lt, int p, out Match match)
        {
            match = default;
            if (p >= text.Length || TextChars.IsWordChar(text[p - 1]))
            {
                return false;
            }

            int value;
            if (MatchesIgnoringAsciiCase(text, p, "src="))
            {
                value = p + 4;
            }
            else if (MatchesIgnoringAsciiCase(text, p, "data="))
            {
                value = p + 5;
            }
            else
            {
                return false;
            }

            if (value >= text.Length)
            {
                return false;
            }

            var quote = text[value];
            if (quote == '"' || quote == '\'')
            {
                var close = text.IndexOf(quote, value + 1);
                if (close > value + 1)
                {
                    var gt = text.IndexOf('>', close + 1);
                    if (gt >= 0)
                    {
                        match = new Match(lt, gt + 1, value + 1, close - value - 1);
                        return true;
                    }
                }
            }

            // Unquoted: characters other than space and '>', ended by '>' or by a space and the
            // rest of the tag. Also reached when a quoted value fails (e.g. src="").
            var stop = value;
            while (stop < text.Length && text[stop] != ' ' && text[stop] != '>')
            {
                stop++;
            }

            if (stop == value || stop == text.Length)
            {
                return false;
            }

            var end = text[stop] == '>' ? stop : text.IndexOf('>', stop + 1);
            if (end < 0)
            {
                return false;
            }

            match = new Match(lt, end + 1, value, stop - value);
            return true;
        }

        private static bool MatchesIgnoringAsciiCase(string text, int p, string lowerAscii)
        {
            if (p + lowerAscii.Length > text.Length)
            {
                return false;
            }

            for (var i = 0; i < lowerAscii.Length; i++)
            {
                var c = text[p + i];
                if (c >= 'A' && c <= 'Z')
                {
                    c = (char)(c + 32);
                }

                if (c != lowerAscii[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
