using System;
using System.Collections.Generic;

namespace AnkiSync.Text
{
    /// <summary>
    /// A card template parsed the way Anki parses it (<c>template.rs</c>), kept only as far as card
    /// generation needs: field replacements (<c>{{Field}}</c>, <c>{{filter:Field}}</c>) and
    /// conditional sections (<c>{{#Field}}…{{/Field}}</c>, <c>{{^Field}}…{{/Field}}</c>). Text and
    /// HTML comments (whose handlebars Anki ignores) play no part. Parse once per template, then
    /// evaluate once per note.
    /// </summary>
    internal sealed class ParsedTemplate
    {
        /// <summary>Names Anki fills in itself; they are never note fields.</summary>
        private static readonly HashSet<string> SpecialFields = new HashSet<string>(StringComparer.Ordinal)
        {
            "FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag", "CardID",
        };

        private const string AltSyntaxDirective = "{{=<% %>=}}";
        private const string CommentStart = "<!--";
        private const string CommentEnd = "-->";

        // The replacements and conditionals in document order; a conditional's SkipTo is the index
        // just after its section, so a closed section can be skipped without recursion.
        private readonly Node[] nodes;

        private ParsedTemplate(Node[] nodes, IReadOnlyCollection<string> referencedFields, string? error)
        {
            this.nodes = nodes;
            ReferencedFields = referencedFields;
            Error = error;
        }

        private enum NodeKind
        {
            Replacement,
            Conditional,
            NegatedConditional,
        }

        private enum TokenKind
        {
            Replacement,
            OpenConditional,
            OpenNegated,
            CloseConditional,
        }

        /// <summary>
        /// The note fields the template names, in order of first use: replacement keys (the part
        /// after the last ':') and conditional keys, without Anki's special fields (FrontSide, Tags,
        /// Type, Deck, Subdeck, Card, CardFlag, CardID), cloze-number conditionals (<c>{{#c1}}</c>)
        /// and empty keys (<c>{{tts en_US:}}</c>).
        /// </summary>
        public IReadOnlyCollection<string> ReferencedFields { get; }

        /// <summary>
        /// Why the template does not parse (an unbalanced or mismatched section), or null. Anki
        /// generates no card from a template that does not parse.
        /// </summary>
        public string? Error { get; }

        /// <summary>Parses a template; never throws: a malformed template reports <see cref="Error"/>.</summary>
        public static ParsedTemplate Parse(string template)
        {
            var nodes = new List<Node>();
            var referenced = new List<string>();
            var referencedSet = new HashSet<string>(StringComparer.Ordinal);
            var open = new Stack<(int Index, string Key, char Sigil)>();
            string? error = null;

            foreach (var (kind, text) in Tokenize(template))
            {
                switch (kind)
                {
                    case TokenKind.Replacement:
                        var key = text.Substring(text.LastIndexOf(':') + 1);
                        nodes.Add(new Node(NodeKind.Replacement, key));
                        Reference(key);
                        break;
                    case TokenKind.OpenConditional:
                    case TokenKind.OpenNegated:
                        var negated = kind == TokenKind.OpenNegated;
                        open.Push((nodes.Count, text, negated ? '^' : '#'));
                        nodes.Add(new Node(negated ? NodeKind.NegatedConditional : NodeKind.Conditional, text));
                        if (!IsClozeConditional(text))
                        {
                            Reference(text);
                        }

                        break;
                    case TokenKind.CloseConditional:
                        if (open.Count == 0)
                        {
                            error = $"{{{{/{text}}}}} closes a section that was never opened with {{{{#{text}}}}} or {{{{^{text}}}}}";
                        }
                        else if (!string.Equals(open.Peek().Key, text, StringComparison.Ordinal))
                        {
                            var current = open.Peek();
                            error = $"found {{{{/{text}}}}} while {{{{{current.Sigil}{current.Key}}}}} is open; close it with {{{{/{current.Key}}}}} first";
                        }
                        else
                        {
                            var section = open.Pop();
                            nodes[section.Index] = nodes[section.Index].WithSkipTo(nodes.Count);
                        }

                        break;
                }

                if (error != null)
                {
                    break;
                }
            }

            if (error == null && open.Count > 0)
            {
                var unclosed = open.Peek();
                error = $"{{{{{unclosed.Sigil}{unclosed.Key}}}}} is never closed with {{{{/{unclosed.Key}}}}}";
            }

            return error == null
                ? new ParsedTemplate(nodes.ToArray(), referenced, null)
                : new ParsedTemplate(Array.Empty<Node>(), referenced, error);

            void Reference(string name)
            {
                if (name.Length > 0 && !SpecialFields.Contains(name) && referencedSet.Add(name))
                {
                    referenced.Add(name);
                }
            }
        }

        /// <summary>
        /// Anki's <c>renders_with_fields</c>: true when some replacement of a field in
        /// <paramref name="nonEmptyFieldNames"/> is reached, where a <c>{{#X}}</c> section is entered
        /// only when X is non-empty and a <c>{{^X}}</c> section only when X is empty. Static text and
        /// special fields do not count, so a front with only text, or only {{FrontSide}}, gives no card.
        /// Pass the names of the fields that are not empty by <see cref="HtmlText.FieldIsEmpty"/>
        /// (compared ordinally), plus "Tags" when the note has tags, as Anki's card generation does.
        /// False when the template does not parse.
        /// </summary>
        public bool RendersWithFields(ISet<string> nonEmptyFieldNames)
        {
            var i = 0;
            while (i < nodes.Length)
            {
                var node = nodes[i];
                switch (node.Kind)
                {
                    case NodeKind.Replacement:
                        if (nonEmptyFieldNames.Contains(node.Key))
                        {
                            return true;
                        }

                        i++;
                        break;
                    case NodeKind.Conditional:
                        i = nonEmptyFieldNames.Contains(node.Key) ? i + 1 : node.SkipTo;
                        break;
                    default:
                        i = nonEmptyFieldNames.Contains(node.Key) ? node.SkipTo : i + 1;
                        break;
                }
            }

            return false;
        }

        /// <summary>Anki's <c>is_cloze_conditional</c>: "c" followed by an unsigned 32-bit number.</summary>
        private static bool IsClozeConditional(string key)
        {
            if (key.Length < 2 || key[0] != 'c')
            {
                return false;
            }

            var start = key[1] == '+' ? 2 : 1;
            if (start == key.Length)
            {
                return false;
            }

            ulong value = 0;
            for (var i = start; i < key.Length; i++)
            {
                if (key[i] < '0' || key[i] > '9')
                {
                    return false;
                }

                value = (value * 10) + (ulong)(key[i] - '0');
                if (value > uint.MaxValue)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Anki's lexer: the earliest of a handlebar (<c>{{…}}</c>, ended by the first <c>}}</c>) or an
        /// HTML comment (<c>&lt;!--…--&gt;</c>) is the next token; text in between is skipped. A template
        /// starting with <c>{{=&lt;% %&gt;=}}</c> uses <c>&lt;%…%&gt;</c> instead. Comments and text are
        /// not yielded.
        /// </summary>
        private static IEnumerable<(TokenKind Kind, string Text)> Tokenize(string template)
        {
            var startTag = "{{";
            var endTag = "}}";
            var text = template;
            var trimmed = template.TrimStart();
            if (trimmed.StartsWith(AltSyntaxDirective, StringComparison.Ordinal))
            {
                text = trimmed;
                while (text.StartsWith(AltSyntaxDirective, StringComparison.Ordinal))
                {
                    text = text.Substring(AltSyntaxDirective.Length);
                }

                startTag = "<%";
                endTag = "%>";
            }

            var position = 0;
            var handlebar = new Candidate(-1, -1);
            var comment = new Candidate(-1, -1);
            while (position < text.Length)
            {
                handlebar = NextCandidate(text, position, handlebar, startTag, endTag);
                comment = NextCandidate(text, position, comment, CommentStart, CommentEnd);
                var useHandlebar = handlebar.Start >= 0 && (comment.Start < 0 || handlebar.Start < comment.Start);
                if (useHandlebar)
                {
                    var contentStart = handlebar.Start + startTag.Length;
                    var token = Classify(text.Substring(contentStart, handlebar.End - contentStart));
                    position = handlebar.End + endTag.Length;
                    yield return token;
                }
                else if (comment.Start >= 0)
                {
                    position = comment.End + CommentEnd.Length;
                }
                else
                {
                    yield break;
                }
            }
        }

        /// <summary>
        /// The next opening at or after position that has a closing after it. Once an opening has
        /// no closing, no later one can have one either, so that is remembered (Start = -1, End = -2).
        /// </summary>
        private static Candidate NextCandidate(string text, int position, Candidate previous, string open, string close)
        {
            if (previous.End == -2)
            {
                return previous;
            }

            if (previous.Start >= position)
            {
                return previous;
            }

            var start = text.IndexOf(open, position, StringComparison.Ordinal);
            if (start < 0)
            {
                return new Candidate(-1, -2);
            }

            var end = text.IndexOf(close, start + open.Length, StringComparison.Ordinal);
            return end < 0 ? new Candidate(-1, -2) : new Candidate(start, end);
        }

        /// <summary>Anki's <c>classify_handle</c>.</summary>
        private static (TokenKind, string) Classify(string content)
        {
            var start = content.TrimStart('{').Trim();

            // Anki compares the UTF-8 length: an empty key or one ASCII character is always a replacement.
            if (start.Length == 0 || (start.Length == 1 && start[0] < 0x80))
            {
                return (TokenKind.Replacement, start);
            }

            switch (start[0])
            {
                case '#':
                    return (TokenKind.OpenConditional, start.Substring(1).TrimStart());
                case '/':
                    return (TokenKind.CloseConditional, start.Substring(1).TrimStart());
                case '^':
                    return (TokenKind.OpenNegated, start.Substring(1).TrimStart());
                default:
                    return (TokenKind.Replacement, start);
            }
        }

        private readonly struct Candidate
        {
            public Candidate(int start, int end)
            {
                Start = start;
                End = end;
            }

            public int Start { get; }

            public int End { get; }
        }

        private readonly struct Node
        {
            public Node(NodeKind kind, string key, int skipTo = 0)
            {
                Kind = kind;
                Key = key;
                SkipTo = skipTo;
            }

            public NodeKind Kind { get; }

            public string Key { get; }

            public int SkipTo { get; }

            public Node WithSkipTo(int skipTo) => new Node(Kind, Key, skipTo);
        }
    }
}
