using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AnkiSync.Search
{
    /// <summary>A parsed query: Anki's flat node list, where <see cref="And"/> and <see cref="Or"/> sit between terms.</summary>
    internal abstract class QueryNode
    {
        public static readonly QueryNode And = new Keyword("and");
        public static readonly QueryNode Or = new Keyword("or");

        internal sealed class Keyword : QueryNode
        {
            public Keyword(string word) => Word = word;

            public string Word { get; }
        }
    }

    internal sealed class NotNode : QueryNode
    {
        public NotNode(QueryNode inner) => Inner = inner;

        public QueryNode Inner { get; }
    }

    internal sealed class GroupNode : QueryNode
    {
        public GroupNode(List<QueryNode> nodes) => Nodes = nodes;

        public List<QueryNode> Nodes { get; }
    }

    /// <summary>One search term: its kind (Anki's SearchNode variant), its text, and kind-specific values.</summary>
    internal sealed class TermNode : QueryNode
    {
        public TermNode(TermKind kind, string text = "", string? extra = null, double number = 0, string? op = null, int button = -1)
        {
            Kind = kind;
            Text = text;
            Extra = extra;
            Number = number;
            Operator = op;
            Button = button;
        }

        public TermKind Kind { get; }

        /// <summary>The term's main text (unescaped as Anki does for that kind).</summary>
        public string Text { get; }

        /// <summary>A second text: the field name of a field search, the property of prop:, the notetype id of dupe:.</summary>
        public string? Extra { get; }

        public double Number { get; }

        public string? Operator { get; }

        /// <summary>rated: answer button 1-4; -1 any button; 0 manual reschedule.</summary>
        public int Button { get; }

        /// <summary>For field searches: normal, re: or nc:.</summary>
        public FieldMode Mode { get; set; }
    }

    internal enum FieldMode
    {
        Normal,
        Regex,
        NoCombining,
    }

    internal enum TermKind
    {
        WholeCollection,
        UnqualifiedText,
        SingleField,
        Added,
        Edited,
        Introduced,
        TemplateOrdinal,
        TemplateName,
        Deck,
        DeckIds,
        NotetypeId,
        Notetype,
        Rated,
        Tag,
        Duplicates,
        State,
        Flag,
        NoteIds,
        CardIds,
        Property,
        Regex,
        NoCombining,
        StripClozes,
        WordBoundary,
        CustomData,
        Preset,
    }

    /// <summary>
    /// Anki's search parser (<c>search/parser.rs</c>): whitespace-separated terms with implicit <c>and</c>, <c>and</c>/<c>or</c>
    /// keywords (any case), <c>-</c> negation, <c>( … )</c> groups, <c>"…"</c> and <c>key:"…"</c> quoting, backslash escapes, and
    /// every <c>key:value</c> term. A query that does not parse throws <see cref="AnkiException"/> with reason InvalidQuery,
    /// naming the offending part.
    /// </summary>
    internal static class QueryParser
    {
        private static readonly Regex IdList = new Regex(@"^(\d+,)*\d+$", RegexOptions.CultureInvariant);

        public static List<QueryNode> Parse(string query)
        {
            var builder = new StringBuilder(query.Length);
            foreach (char c in query)
            {
                builder.Append(char.IsWhiteSpace(c) ? ' ' : c);
            }

            string input = builder.ToString().Trim();
            if (input.Length == 0)
            {
                return new List<QueryNode> { new TermNode(TermKind.WholeCollection) };
            }

            var state = new Parser(input, query);
            var nodes = state.GroupInner(0, out int end);
            if (end < input.Length)
            {
                // Only an unmatched ')' is left unconsumed.
                throw Fail(query, input.Substring(end), "a ')' closes a group that was never opened");
            }

            return nodes;
        }

        internal static AnkiException Fail(string query, string at, string why)
            => new AnkiException(AnkiErrors.InvalidQuery, $"The search '{query}' is invalid at '{at}': {why}.", query);

        private sealed class Parser
        {
            private readonly string s;
            private readonly string query;

            public Parser(string input, string query)
            {
                s = input;
                this.query = query;
            }

            /// <summary>Zero or more nodes with implicit 'and' between terms; stops at ')' or the end.</summary>
            public List<QueryNode> GroupInner(int start, out int end)
            {
                var nodes = new List<QueryNode>();
                int position = start;
                while (true)
                {
                    int at = SkipSpaces(position);
                    var node = Node(at, out int after);
                    if (node == null)
                    {
                        break;
                    }

                    position = after;
                    bool keyword = ReferenceEquals(node, QueryNode.And) || ReferenceEquals(node, QueryNode.Or);
                    if (nodes.Count % 2 == 0)
                    {
                        if (keyword)
                        {
                            throw Fail(query, s.Substring(start), $"'{((QueryNode.Keyword)node).Word}' must be between two search terms");
                        }
                    }
                    else if (!keyword)
                    {
                        nodes.Add(QueryNode.And);
                    }

                    nodes.Add(node);
                }

                if (nodes.Count > 0 && (ReferenceEquals(nodes[nodes.Count - 1], QueryNode.And) || ReferenceEquals(nodes[nodes.Count - 1], QueryNode.Or)))
                {
                    throw Fail(query, s.Substring(start), $"'{((QueryNode.Keyword)nodes[nodes.Count - 1]).Word}' must be between two search terms");
                }

                end = SkipSpaces(position);
                return nodes;
            }

            private int SkipSpaces(int i)
            {
                while (i < s.Length && (s[i] == ' ' || s[i] == '\u3000'))
                {
                    i++;
                }

                return i;
            }

            /// <summary>A negated node, a group or a text term at <paramref name="i"/>; null where none starts (a recoverable miss).</summary>
            private QueryNode? Node(int i, out int after)
            {
                after = i;
                if (i >= s.Length)
                {
                    return null;
                }

                if (s[i] == '-')
                {
                    var inner = Group(i + 1, out after) ?? Text(i + 1, out after);
                    if (inner != null)
                    {
                        return new NotNode(inner);
                    }
                }

                return Group(i, out after) ?? Text(i, out after);
            }

            private QueryNode? Group(int i, out int after)
            {
                after = i;
                if (i >= s.Length || s[i] != '(')
                {
                    return null;
                }

                var inner = GroupInner(i + 1, out int end);
                if (end < s.Length && s[end] == ')')
                {
                    if (inner.Count == 0)
                    {
                        throw Fail(query, s.Substring(i), "a group '()' is empty");
                    }

                    after = end + 1;
                    return new GroupNode(inner);
                }

                throw Fail(query, s.Substring(i), "a '(' is never closed with ')'");
            }

            private QueryNode? Text(int i, out int after)
            {
                after = i;
                if (i >= s.Length)
                {
                    return null;
                }

                // "quoted term"
                if (s[i] == '"')
                {
                    string term = QuotedString(i, out after);
                    return TermFor(term);
                }

                // key:"quoted value"
                int keyEnd = Escaped(i, "\"(): \u3000", allowSpaceEscape: false, failOnBadEscape: false);
                if (keyEnd > i && keyEnd < s.Length && s[keyEnd] == ':' && keyEnd + 1 < s.Length && s[keyEnd + 1] == '"')
                {
                    string value = QuotedString(keyEnd + 1, out after);
                    return Terms.WithArgument(s.Substring(i, keyEnd - i), value, query);
                }

                // unquoted term, ended by whitespace or an unescaped " ( )
                int end = Escaped(i, "\"() \u3000", allowSpaceEscape: false, failOnBadEscape: true);
                if (end == i)
                {
                    return null;
                }

                after = end;
                string text = s.Substring(i, end - i);
                if (string.Equals(text, "and", StringComparison.OrdinalIgnoreCase))
                {
                    return QueryNode.And;
                }

                if (string.Equals(text, "or", StringComparison.OrdinalIgnoreCase))
                {
                    return QueryNode.Or;
                }

                return TermFor(text);
            }

            /// <summary>The end of a run of characters not in <paramref name="stops"/>, where a backslash escapes the next character (not a space).</summary>
            private int Escaped(int i, string stops, bool allowSpaceEscape, bool failOnBadEscape)
            {
                int j = i;
                while (j < s.Length)
                {
                    char c = s[j];
                    if (c == '\\')
                    {
                        if (j + 1 >= s.Length)
                        {
                            if (failOnBadEscape)
                            {
                                throw Fail(query, s.Substring(i), "'\\' at the end escapes nothing (write '\\\\' for a backslash)");
                            }

                            return i;
                        }

                        char next = s[j + 1];
                        if (!allowSpaceEscape && (next == ' ' || next == '\u3000'))
                        {
                            if (failOnBadEscape)
                            {
                                throw Fail(query, s.Substring(i), "'\\ ' is not a known escape; quote the term to search for a space");
                            }

                            return i;
                        }

                        j += 2;
                        continue;
                    }

                    if (stops.IndexOf(c) >= 0)
                    {
                        break;
                    }

                    j++;
                }

                return j;
            }

            /// <summary>A non-empty "…" string (escapes kept for the term parser); <paramref name="after"/> is past the closing quote.</summary>
            private string QuotedString(int i, out int after)
            {
                int j = i + 1;
                int start = j;
                while (j < s.Length && s[j] != '"')
                {
                    j += s[j] == '\\' ? 2 : 1;
                }

                if (j >= s.Length)
                {
                    throw Fail(query, s.Substring(i), "a '\"' is never closed");
                }

                if (j == start)
                {
                    throw Fail(query, s.Substring(i), "'\"\"' quotes nothing");
                }

                after = j + 1;
                return s.Substring(start, j - start);
            }

            /// <summary>Anki's <c>search_node_for_text</c>: the part before the first unescaped ':' is a key, else the whole is text.</summary>
            private TermNode TermFor(string text)
            {
                int j = 0;
                while (j < text.Length && text[j] != ':')
                {
                    j += text[j] == '\\' ? 2 : 1;
                }

                if (j == 0)
                {
                    throw Fail(query, text, "a search term cannot start with ':' (write '\\:' to search for a colon)");
                }

                if (j >= text.Length)
                {
                    return new TermNode(TermKind.UnqualifiedText, Terms.Unescape(text, query));
                }

                return Terms.WithArgument(text.Substring(0, j), text.Substring(j + 1), query);
            }
        }

        /// <summary>The key:value terms (<c>search_node_for_text_with_argument</c> and the parse_* helpers).</summary>
        internal static class Terms
        {
            public static TermNode WithArgument(string key, string value, string query)
            {
                switch (key.ToLowerInvariant())
                {
                    case "deck":
                        return new TermNode(TermKind.Deck, Unescape(value, query));
                    case "note":
                        return new TermNode(TermKind.Notetype, Unescape(value, query));
                    case "tag":
                        if (value.StartsWith("re:", StringComparison.Ordinal))
                        {
                            return new TermNode(TermKind.Tag, UnescapeQuotes(value.Substring(3))) { Mode = FieldMode.Regex };
                        }

                        if (value.StartsWith("nc:", StringComparison.Ordinal))
                        {
                            return new TermNode(TermKind.Tag, Unescape(value.Substring(3), query)) { Mode = FieldMode.NoCombining };
                        }

                        return new TermNode(TermKind.Tag, Unescape(value, query));
                    case "card":
                        if (ushort.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ushort ordinal))
                        {
                            return new TermNode(TermKind.TemplateOrdinal, number: Math.Max((int)ordinal, 1) - 1);
                        }

                        return new TermNode(TermKind.TemplateName, Unescape(value, query));
                    case "flag":
                        if (byte.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out byte flag) && flag <= 7)
                        {
                            return new TermNode(TermKind.Flag, number: flag);
                        }

                        throw Fail(query, "flag:" + value, "flag: takes a number from 0 (no flag) to 7");
                    case "resched":
                        return new TermNode(TermKind.Rated, number: Math.Max(Unsigned(value, "resched:", "resched:" + value, query), 1), button: 0);
                    case "prop":
                        return Property(value, query);
                    case "added":
                        return new TermNode(TermKind.Added, number: Math.Max(Unsigned(value, "added:", "added:" + value, query), 1));
                    case "edited":
                        return new TermNode(TermKind.Edited, number: Math.Max(Unsigned(value, "edited:", "edited:" + value, query), 1));
                    case "introduced":
                        return new TermNode(TermKind.Introduced, number: Math.Max(Unsigned(value, "introduced:", "introduced:" + value, query), 1));
                    case "rated":
                        {
                            string[] parts = value.Split(new[] { ':' }, 2);
                            double days = Math.Max(Unsigned(parts[0], "rated:", "rated:" + value, query), 1);
                            return new TermNode(TermKind.Rated, number: days, button: Button(parts.Length > 1 ? parts[1] : null, "rated:" + value, query));
                        }

                    case "is":
                        switch (value)
                        {
                            case "new":
                            case "review":
                            case "learn":
                            case "due":
                            case "buried":
                            case "buried-manually":
                            case "buried-sibling":
                            case "suspended":
                                return new TermNode(TermKind.State, value);
                            default:
                                throw Fail(query, "is:" + value, "is: takes new, learn, review, due, suspended, buried, buried-manually or buried-sibling");
                        }

                    case "did":
                        return new TermNode(TermKind.DeckIds, Ids(value, key, query));
                    case "mid":
                        return new TermNode(TermKind.NotetypeId, Whole(value, "mid:" + value, query).ToString(CultureInfo.InvariantCulture));
                    case "nid":
                        return new TermNode(TermKind.NoteIds, Ids(value, key, query));
                    case "cid":
                        return new TermNode(TermKind.CardIds, Ids(value, key, query));
                    case "re":
                        return new TermNode(TermKind.Regex, UnescapeQuotes(value));
                    case "nc":
                        return new TermNode(TermKind.NoCombining, Unescape(value, query));
                    case "sc":
                        return new TermNode(TermKind.StripClozes, Unescape(value, query));
                    case "w":
                        return new TermNode(TermKind.WordBoundary, Unescape(value, query));
                    case "dupe":
                        {
                            string[] parts = value.Split(new[] { ',' }, 2);
                            long notetype = Whole(parts[0], "dupe:" + value, query);
                            if (parts.Length < 2)
                            {
                                throw Fail(query, "dupe:" + value, "dupe: takes a note type id, a comma and the text");
                            }

                            string text = parts[1].Contains("\"") || parts[1].Contains("\\") ? parts[1].Replace("\\\"", "\"").Replace("\\\\", "\\") : parts[1];
                            return new TermNode(TermKind.Duplicates, text, notetype.ToString(CultureInfo.InvariantCulture));
                        }

                    case "has-cd":
                        return new TermNode(TermKind.CustomData, Unescape(value, query));
                    case "preset":
                        return new TermNode(TermKind.Preset, value);
                    default:
                        if (value.StartsWith("re:", StringComparison.Ordinal))
                        {
                            return new TermNode(TermKind.SingleField, UnescapeQuotes(value.Substring(3)), Unescape(key, query)) { Mode = FieldMode.Regex };
                        }

                        if (value.StartsWith("nc:", StringComparison.Ordinal))
                        {
                            return new TermNode(TermKind.SingleField, UnescapeQuotes(value.Substring(3)), Unescape(key, query)) { Mode = FieldMode.NoCombining };
                        }

                        return new TermNode(TermKind.SingleField, Unescape(value, query), Unescape(key, query));
                }
            }

            private static readonly string[] Properties = { "ivl", "due", "reps", "lapses", "ease", "pos", "rated", "resched", "s", "d", "r" };
            private static readonly string[] Operators = { "<=", ">=", "!=", "=", "<", ">" };

            private static TermNode Property(string clause, string query)
            {
                string? property = null;
                foreach (var candidate in Properties)
                {
                    if (clause.StartsWith(candidate, StringComparison.Ordinal))
                    {
                        property = candidate;
                        break;
                    }
                }

                if (property == null && (clause.StartsWith("cdn:", StringComparison.Ordinal) || clause.StartsWith("cds:", StringComparison.Ordinal)))
                {
                    int k = 4;
                    while (k < clause.Length && char.IsLetterOrDigit(clause[k]))
                    {
                        k++;
                    }

                    if (k > 4)
                    {
                        property = clause.Substring(0, k);
                    }
                }

                string at = "prop:" + clause;
                if (property == null)
                {
                    throw Fail(query, at, "prop: takes ivl, due, reps, lapses, ease, pos, rated, resched, s, d, r, cdn:key or cds:key");
                }

                string tail = clause.Substring(property.Length);
                string? op = null;
                foreach (var candidate in Operators)
                {
                    if (tail.StartsWith(candidate, StringComparison.Ordinal))
                    {
                        op = candidate;
                        break;
                    }
                }

                if (op == null)
                {
                    throw Fail(query, at, $"prop:{property} must be followed by =, !=, <, >, <= or >=");
                }

                string number = tail.Substring(op.Length);
                string name = "prop:" + property;
                switch (property)
                {
                    case "ease":
                    case "s":
                    case "d":
                    case "r":
                        return new TermNode(TermKind.Property, property, property, Real(number, name, at, query), op);
                    case "due":
                        return new TermNode(TermKind.Property, property, property, Whole32(number, name, at, query), op);
                    case "rated":
                    case "resched":
                        {
                            string[] parts = number.Split(new[] { ':' }, 2);
                            int days = Whole32(parts[0], name, at, query);
                            if (days > 0)
                            {
                                throw Fail(query, at, $"{name} takes 0 or a negative number of days");
                            }

                            int button = property == "resched" ? 0 : Button(parts.Length > 1 ? parts[1] : null, at, query);
                            if (property == "resched" && parts.Length > 1)
                            {
                                throw Fail(query, at, $"{name} takes 0 or a negative number of days, with no answer button");
                            }

                            return new TermNode(TermKind.Property, "rated", property, days, op, button);
                        }

                    default:
                        if (property.StartsWith("cds:", StringComparison.Ordinal))
                        {
                            return new TermNode(TermKind.Property, number, property, 0, op);
                        }

                        if (property.StartsWith("cdn:", StringComparison.Ordinal))
                        {
                            return new TermNode(TermKind.Property, property.Substring(4), property, Real(number, name, at, query), op);
                        }

                        return new TermNode(TermKind.Property, property, property, Unsigned(number, name, at, query), op);
                }
            }

            private static int Button(string? text, string at, string query)
            {
                if (text == null)
                {
                    return -1;
                }

                if (byte.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out byte b) && b >= 1 && b <= 4)
                {
                    return b;
                }

                throw Fail(query, at, $"the answer button must be 1 to 4, not '{text}'");
            }

            // Each number parser names the key in its message (name) and the whole term as where the search is invalid (at).
            private static double Unsigned(string text, string name, string at, string query)
            {
                if (uint.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out uint value))
                {
                    return value;
                }

                throw Fail(query, at, $"{name} takes a positive whole number, not '{text}'");
            }

            private static int Whole32(string text, string name, string at, string query)
            {
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
                {
                    return value;
                }

                throw Fail(query, at, $"{name} takes a whole number, not '{text}'");
            }

            private static long Whole(string text, string at, string query)
            {
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                {
                    return value;
                }

                throw Fail(query, at, $"'{text}' is not a whole number");
            }

            private static double Real(string text, string name, string at, string query)
            {
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                {
                    return (float)value;
                }

                throw Fail(query, at, $"{name} takes a number, not '{text}'");
            }

            private static string Ids(string text, string key, string query)
            {
                if (IdList.IsMatch(text))
                {
                    return text;
                }

                throw Fail(query, key + ":" + text, $"expected only digits and commas in {key}:");
            }

            /// <summary>\" becomes "; nothing else changes (re:, tag:re:, field:re:).</summary>
            public static string UnescapeQuotes(string text) => text.IndexOf('"') >= 0 ? text.Replace("\\\"", "\"") : text;

            /// <summary>
            /// Anki's <c>unescape</c>: \" \: \( \) \- become the character; \\ \* \_ stay for the wildcard handling; any other
            /// backslash sequence is an error.
            /// </summary>
            public static string Unescape(string text, string query)
            {
                if (text.IndexOf('\\') < 0)
                {
                    return text;
                }

                var result = new StringBuilder(text.Length);
                for (int i = 0; i < text.Length; i++)
                {
                    char c = text[i];
                    if (c != '\\')
                    {
                        result.Append(c);
                        continue;
                    }

                    if (i + 1 >= text.Length)
                    {
                        throw Fail(query, text, "'\\' at the end escapes nothing (write '\\\\' for a backslash)");
                    }

                    char next = text[i + 1];
                    switch (next)
                    {
                        case '\\':
                        case '*':
                        case '_':
                            result.Append(c).Append(next);
                            break;
                        case '"':
                        case ':':
                        case '(':
                        case ')':
                        case '-':
                            result.Append(next);
                            break;
                        default:
                            throw Fail(query, text, $"'\\{next}' is not a known escape (known: \\\\ \\\" \\: \\( \\) \\- \\* \\_)");
                    }

                    i++;
                }

                return result.ToString();
            }
        }
    }
}
