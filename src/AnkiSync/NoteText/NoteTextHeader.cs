using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AnkiSync.NoteText
{
    /// <summary>What a row whose note is already there does (<c>#if matches</c>, <c>Import-AnkiNote -IfExists</c>).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum NoteTextMatch
    {
        /// <summary>"update current": the existing note's fields and tags are changed in place.</summary>
        Update,

        /// <summary>"keep current": the existing note stays, the row is skipped.</summary>
        Skip,

        /// <summary>"keep both": a first-field match is added as another note (a guid match is still skipped).</summary>
        Duplicate,
    }

    /// <summary>Where a first-field match is looked for (<c>#match scope</c>).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum NoteTextMatchScope
    {
        NoteType,
        NoteTypeAndDeck,
    }

    /// <summary>
    /// The header lines of a text file as Anki's importer reads them (rslib <c>text/csv/metadata.rs</c>): <c>#key:value</c>
    /// lines at the top (keys case-insensitive and trimmed; any other <c>#</c> line is a comment), an optional legacy
    /// first line <c>tags:…</c>, a UTF-8 BOM ignored. A later line of the same kind wins; <c>#notetype</c> and
    /// <c>#notetype column</c> (and <c>#deck</c> and <c>#deck column</c>) replace each other.
    /// </summary>
    internal sealed class NoteTextHeader
    {
        /// <summary>The delimiters in Anki's detection order: the first found in the file's first 8 KB wins, else space.</summary>
        internal static readonly (string Name, char Char)[] Delimiters =
        {
            ("tab", '\t'), ("pipe", '|'), ("semicolon", ';'), ("colon", ':'), ("comma", ','), ("space", ' '),
        };

        /// <summary>The delimiter (tab until <c>#separator</c> says otherwise or detection picks one).</summary>
        public char Delimiter { get; internal set; } = '\t';

        /// <summary>Whether <c>#separator</c> set the delimiter (else it is detected).</summary>
        public bool DelimiterForced { get; internal set; }

        /// <summary><c>#html</c>: null when absent (then detected from the first rows).</summary>
        public bool? Html { get; internal set; }

        /// <summary><c>#tags</c> (or a legacy <c>tags:</c> first line): added to every note.</summary>
        public IReadOnlyList<string> GlobalTags { get; internal set; } = Array.Empty<string>();

        /// <summary><c>#columns</c>: the column labels; fields map to columns by name.</summary>
        public IReadOnlyList<string>? ColumnLabels { get; internal set; }

        /// <summary><c>#notetype</c>: the note type's name or id, when it names one that exists.</summary>
        public string? NoteType { get; internal set; }

        /// <summary><c>#notetype column</c> (1-based; 0 when absent).</summary>
        public int NoteTypeColumn { get; internal set; }

        /// <summary><c>#deck</c>: a deck's name or id (a name that is missing is created).</summary>
        public string? Deck { get; internal set; }

        /// <summary><c>#deck column</c> (1-based; 0 when absent).</summary>
        public int DeckColumn { get; internal set; }

        /// <summary><c>#tags column</c> (1-based; 0 when absent).</summary>
        public int TagsColumn { get; internal set; }

        /// <summary><c>#guid column</c> (1-based; 0 when absent).</summary>
        public int GuidColumn { get; internal set; }

        /// <summary><c>#if matches</c>: null when absent.</summary>
        public NoteTextMatch? IfMatches { get; internal set; }

        /// <summary><c>#match scope</c>: null when absent.</summary>
        public NoteTextMatchScope? MatchScope { get; internal set; }

        /// <summary>How many characters of the text the header lines take (where delimiter detection starts).</summary>
        internal int Length { get; set; }

        /// <summary>Whether the first line was a legacy <c>tags:</c> line (which the rows then skip).</summary>
        internal bool LegacyTagsLine { get; set; }

        /// <summary>
        /// Reads the header lines of <paramref name="text"/> (its BOM already removed). <paramref name="noteTypeExists"/>
        /// tells whether a <c>#notetype</c> value names a note type (Anki ignores the line otherwise).
        /// </summary>
        public static NoteTextHeader Parse(string text, Func<string, bool>? noteTypeExists = null)
        {
            var header = new NoteTextHeader();
            int pos = 0;
            bool first = true;
            while (pos < text.Length)
            {
                int end = pos;
                while (end < text.Length && text[end] != '\n')
                {
                    end++;
                }

                int next = end < text.Length ? end + 1 : end;
                string line = text.Substring(pos, end - pos);
                if (line.EndsWith("\r", StringComparison.Ordinal))
                {
                    line = line.Substring(0, line.Length - 1);
                }

                if (first && line.StartsWith("tags:", StringComparison.Ordinal))
                {
                    header.GlobalTags = CollectTags(line.Substring(5));
                    header.LegacyTagsLine = true;
                }
                else if (line.StartsWith("#", StringComparison.Ordinal))
                {
                    int colon = line.IndexOf(':');
                    if (colon > 0)
                    {
                        header.Apply(line.Substring(1, colon - 1), line.Substring(colon + 1), noteTypeExists);
                    }
                }
                else
                {
                    break;
                }

                first = false;
                pos = next;
            }

            header.Length = pos;
            return header;
        }

        private void Apply(string key, string value, Func<string, bool>? noteTypeExists)
        {
            // A header line exported as a row carries trailing delimiters: from the second character on, the value
            // ends at the first character that is not an ASCII letter or digit (so "#separator:," still works).
            string trimmed = TrimmedValue(value);
            switch (key.Trim().ToLowerInvariant())
            {
                case "separator":
                    char? delimiter = DelimiterFromValue(trimmed);
                    if (delimiter != null)
                    {
                        Delimiter = delimiter.Value;
                        DelimiterForced = true;
                    }

                    break;
                case "html":
                    string lower = trimmed.ToLowerInvariant();
                    if (lower == "true" || lower == "false")
                    {
                        Html = lower == "true";
                    }

                    break;
                case "tags":
                    GlobalTags = CollectTags(value);
                    break;
                case "columns":
                    // Read as one record with the delimiter known so far.
                    var records = NoteTextRecords.Parse(value, Delimiter);
                    ColumnLabels = records.Count > 0 ? records[0].Fields : new[] { "" };
                    break;
                case "notetype":
                    if (noteTypeExists == null || noteTypeExists(value))
                    {
                        NoteType = value;
                        NoteTypeColumn = 0;
                    }

                    break;
                case "deck":
                    if (value.Length > 0)
                    {
                        Deck = value;
                        DeckColumn = 0;
                    }

                    break;
                case "notetype column":
                    if (TryColumn(trimmed, out int notetypeColumn))
                    {
                        NoteTypeColumn = notetypeColumn;
                        NoteType = null;
                    }

                    break;
                case "deck column":
                    if (TryColumn(trimmed, out int deckColumn))
                    {
                        DeckColumn = deckColumn;
                        Deck = null;
                    }

                    break;
                case "tags column":
                    if (TryColumn(trimmed, out int tagsColumn))
                    {
                        TagsColumn = tagsColumn;
                    }

                    break;
                case "guid column":
                    if (TryColumn(trimmed, out int guidColumn))
                    {
                        GuidColumn = guidColumn;
                    }

                    break;
                case "match scope":
                    if (value == "notetype")
                    {
                        MatchScope = NoteTextMatchScope.NoteType;
                    }
                    else if (value == "notetype + deck")
                    {
                        MatchScope = NoteTextMatchScope.NoteTypeAndDeck;
                    }

                    break;
                case "if matches":
                    switch (value)
                    {
                        case "update current":
                            IfMatches = NoteTextMatch.Update;
                            break;
                        case "keep current":
                            IfMatches = NoteTextMatch.Skip;
                            break;
                        case "keep both":
                            IfMatches = NoteTextMatch.Duplicate;
                            break;
                    }

                    break;
            }
        }

        internal static string TrimmedValue(string value)
        {
            if (value.Length < 2)
            {
                return value;
            }

            // Index 1 is the second character; Anki counts characters (a surrogate pair is one).
            int second = char.IsHighSurrogate(value[0]) && char.IsLowSurrogate(value[1]) ? 2 : 1;
            for (int i = second; i < value.Length; i++)
            {
                char c = value[i];
                bool alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                if (!alphanumeric)
                {
                    return value.Substring(0, i);
                }
            }

            return value;
        }

        internal static char? DelimiterFromValue(string value)
        {
            string normed = value.ToLowerInvariant();
            foreach (var (name, c) in Delimiters)
            {
                if (normed.Trim() == name || (normed.Length == 1 && normed[0] == c))
                {
                    return c;
                }
            }

            return null;
        }

        /// <summary>Anki's fallback: the first of tab, pipe, semicolon, colon, comma in the first 8 KB (bytes) after the header, else space.</summary>
        internal static char DetectDelimiter(string text, int start)
        {
            // 8 KB of UTF-8; every delimiter is ASCII, so counting bytes only decides where to stop.
            int end = start;
            int bytes = 0;
            while (end < text.Length)
            {
                char c = text[end];
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsSurrogate(c) ? 2 : 3;
                if (bytes > 8 * 1024)
                {
                    break;
                }

                end++;
            }

            foreach (var (_, c) in Delimiters)
            {
                if (c != ' ' && text.IndexOf(c, start, end - start) >= 0)
                {
                    return c;
                }
            }

            return ' ';
        }

        private static bool TryColumn(string value, out int column)
            => int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out column);

        internal static IReadOnlyList<string> CollectTags(string text)
            => text.Split(new[] { ' ', '\t', '\n', '\r', '\f', '\v' }, StringSplitOptions.RemoveEmptyEntries).ToList();

        /// <summary>The name of a delimiter as <c>#separator</c> writes it.</summary>
        internal static string NameOf(char delimiter) => Delimiters.First(d => d.Char == delimiter).Name;
    }
}
