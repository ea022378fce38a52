using System;
using System.Collections.Generic;
using System.Text;

namespace AnkiSync.Rendering
{
    /// <summary>
    /// A card template parsed with Anki's handlebars grammar (<c>template.rs</c>): text, HTML comments
    /// (kept verbatim, never parsed inside), replacements <c>{{f2:f1:Field}}</c> and conditional sections
    /// <c>{{#Field}}…{{/Field}}</c> / <c>{{^Field}}…{{/Field}}</c>. The module's one template engine: card
    /// generation (<see cref="RendersWithFields"/>), the legacy <c>req</c> cache (<see cref="Requirements"/>)
    /// and rendering (<see cref="Render"/>) all use this tree. Parse once per template.
    /// </summary>
    internal sealed class ParsedTemplate
    {
        /// <summary>Names Anki fills in itself when rendering; a note field of the same name wins.</summary>
        internal static readonly HashSet<string> SpecialFields = new HashSet<string>(StringComparer.Ordinal)
        {
            "FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag", "CardID",
        };

        private const string AltSyntaxDirective = "{{=<% %>=}}";
        private const string CommentStart = "<!--";
        private const string CommentEnd = "-->";

        private readonly List<Node> nodes;

        private ParsedTemplate(List<Node> nodes, IReadOnlyCollection<string> referencedFields, string? error)
        {
            this.nodes = nodes;
            ReferencedFields = referencedFields;
            Error = error;
        }

        internal enum NodeKind
        {
            Text,
            Comment,
            Replacement,
            Conditional,
            NegatedConditional,
        }

        /// <summary>
        /// The note fields the template names, in order of first use: replacement keys (the part after the last
        /// ':') and conditional keys, without Anki's special fields, cloze-number conditionals (<c>{{#c1}}</c>)
        /// and empty keys (<c>{{tts en_US:}}</c>).
        /// </summary>
        public IReadOnlyCollection<string> ReferencedFields { get; }

        /// <summary>Why the template does not parse (an unbalanced or mismatched section) in Anki's words, or null.</summary>
        public string? Error { get; }

        /// <summary>Parses a template; never throws: a malformed template reports <see cref="Error"/>.</summary>
        public static ParsedTemplate Parse(string template)
        {
            var tokens = Tokenize(template ?? "").GetEnumerator();
            string? error = null;
            List<Node> parsed;
            try
            {
                parsed = ParseInner(tokens, null);
            }
            catch (TemplateSyntaxException e)
            {
                parsed = new List<Node>();
                error = e.Message;
            }

            var referenced = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (error == null)
            {
                CollectReferences(parsed, referenced, seen);
            }

            return new ParsedTemplate(parsed, referenced, error);
        }

        /// <summary>
        /// Anki's <c>renders_with_fields</c>: true when a replacement of a field in <paramref name="nonEmptyFieldNames"/>
        /// is reached, where <c>{{#X}}</c> is entered only when X is non-empty and <c>{{^X}}</c> only when X is empty.
        /// Text and special fields that are not in the set do not count. False when the template does not parse.
        /// </summary>
        public bool RendersWithFields(ISet<string> nonEmptyFieldNames) => Error == null && !IsEmpty(nodes, nonEmptyFieldNames, checkNegated: true);

        /// <summary>Anki's <c>renders_with_fields_for_reqs</c>: as above, but every <c>{{^X}}</c> section is entered.</summary>
        public bool RendersWithFieldsForRequirements(ISet<string> nonEmptyFieldNames) => Error == null && !IsEmpty(nodes, nonEmptyFieldNames, checkNegated: false);

        /// <summary>
        /// Anki's legacy <c>req</c> entry for this front template over <paramref name="fields"/>: ("any", ords) when one
        /// field alone renders it, else ("all", ords) of the fields it cannot do without, else ("none", []).
        /// </summary>
        public (string Kind, List<int> Ords) Requirements(IReadOnlyList<string> fields)
        {
            var any = new List<int>();
            for (int ord = 0; ord < fields.Count; ord++)
            {
                if (RendersWithFieldsForRequirements(new HashSet<string>(StringComparer.Ordinal) { fields[ord] }))
                {
                    any.Add(ord);
                }
            }

            if (any.Count > 0)
            {
                return ("any", any);
            }

            var all = new HashSet<string>(fields, StringComparer.Ordinal);
            var required = new List<int>();
            for (int ord = 0; ord < fields.Count; ord++)
            {
                all.Remove(fields[ord]);
                if (!RendersWithFieldsForRequirements(all))
                {
                    required.Add(ord);
                }

                all.Add(fields[ord]);
            }

            return required.Count > 0 && RendersWithFieldsForRequirements(all) ? ("all", required) : ("none", new List<int>());
        }

        /// <summary>
        /// Renders the template (Anki's <c>render_into</c> with every filter applied here). Throws
        /// <see cref="TemplateRenderException"/> for an unknown field or conditional, or a template that does not parse.
        /// </summary>
        public string Render(RenderContext context)
        {
            if (Error != null)
            {
                throw new TemplateRenderException(Error);
            }

            var output = new StringBuilder();
            RenderInto(output, nodes, context);
            return output.ToString();
        }

        private static void RenderInto(StringBuilder root, List<Node> rootNodes, RenderContext context)
        {
            // An explicit stack, not recursion: sections may nest tens of thousands deep.
            var stack = new Stack<(List<Node> Nodes, int Index, StringBuilder Output)>();
            stack.Push((rootNodes, 0, root));
            while (stack.Count > 0)
            {
                var (nodes, index, output) = stack.Pop();
                if (index >= nodes.Count)
                {
                    continue;
                }

                stack.Push((nodes, index + 1, output));
                var node = nodes[index];
                switch (node.Kind)
                {
                    case NodeKind.Text:
                        output.Append(node.Key);
                        break;
                    case NodeKind.Comment:
                        output.Append(CommentStart).Append(node.Key).Append(CommentEnd);
                        break;
                    case NodeKind.Replacement when node.Key == "FrontSide":
                        output.Append(context.FrontSide ?? "");
                        break;
                    case NodeKind.Replacement:
                        if (node.Key.Length == 0 && node.Filters.Length > 0)
                        {
                            // {{tts-voices:}}: a filter that supplies its own text; nothing to render offline.
                            break;
                        }

                        if (!context.Fields.TryGetValue(node.Key, out string? value))
                        {
                            var filters = new StringBuilder();
                            for (int i = node.Filters.Length - 1; i >= 0; i--)
                            {
                                filters.Append(node.Filters[i]).Append(':');
                            }

                            throw new TemplateRenderException($"Found '{{{{{filters}{node.Key}}}}}', but there is no field called '{node.Key}'");
                        }

                        output.Append(TemplateFilters.Apply(value, node.Filters, node.Key, context));
                        break;
                    default:
                        bool negated = node.Kind == NodeKind.NegatedConditional;
                        bool enter;
                        if (context.NonEmptyFields.Contains(node.Key))
                        {
                            enter = !negated;
                        }
                        else if (context.Fields.ContainsKey(node.Key) || IsClozeConditional(node.Key))
                        {
                            enter = negated;
                        }
                        else
                        {
                            throw new TemplateRenderException($"Found '{{{{{(negated ? '^' : '#')}{node.Key}}}}}', but there is no field called '{node.Key}'");
                        }

                        // A section not entered is still rendered (and discarded) so that its errors surface, as Anki does.
                        stack.Push((node.Children, 0, enter ? output : new StringBuilder()));
                        break;
                }
            }
        }

        /// <summary>Anki's <c>template_is_empty</c>: no replacement of a non-empty field is reachable.</summary>
        private static bool IsEmpty(List<Node> rootNodes, ISet<string> nonEmpty, bool checkNegated)
        {
            var pending = new Stack<List<Node>>();
            pending.Push(rootNodes);
            while (pending.Count > 0)
            {
                foreach (var node in pending.Pop())
                {
                    switch (node.Kind)
                    {
                        case NodeKind.Replacement:
                            if (nonEmpty.Contains(node.Key))
                            {
                                return false;
                            }

                            break;
                        case NodeKind.Conditional:
                            if (nonEmpty.Contains(node.Key))
                            {
                                pending.Push(node.Children);
                            }

                            break;
                        case NodeKind.NegatedConditional:
                            if (!(checkNegated && nonEmpty.Contains(node.Key)))
                            {
                                pending.Push(node.Children);
                            }

                            break;
                    }
                }
            }

            return true;
        }

        private static void CollectReferences(List<Node> rootNodes, List<string> referenced, HashSet<string> seen)
        {
            var stack = new Stack<(List<Node> Nodes, int Index)>();
            stack.Push((rootNodes, 0));
            while (stack.Count > 0)
            {
                var (nodes, index) = stack.Pop();
                if (index >= nodes.Count)
                {
                    continue;
                }

                stack.Push((nodes, index + 1));
                var node = nodes[index];
                switch (node.Kind)
                {
                    case NodeKind.Replacement:
                        Reference(node.Key);
                        break;
                    case NodeKind.Conditional:
                    case NodeKind.NegatedConditional:
                        if (!IsClozeConditional(node.Key))
                        {
                            Reference(node.Key);
                        }

                        stack.Push((node.Children, 0));
                        break;
                }
            }

            void Reference(string name)
            {
                if (name.Length > 0 && !SpecialFields.Contains(name) && seen.Add(name))
                {
                    referenced.Add(name);
                }
            }
        }

        private static List<Node> ParseInner(IEnumerator<(NodeKind Kind, string Text)> tokens, string? unused)
        {
            var root = new List<Node>();
            var open = new Stack<(List<Node> Nodes, string Key)>();
            var current = root;
            while (tokens.MoveNext())
            {
                var (kind, text) = tokens.Current;
                switch (kind)
                {
                    case NodeKind.Text:
                    case NodeKind.Comment:
                        current.Add(new Node(kind, text));
                        break;
                    case NodeKind.Replacement:
                        // {{f2:f1:Field}}: the key is the last segment; filters are kept in the order they apply (f1 first).
                        string[] parts = text.Split(':');
                        var filters = new string[parts.Length - 1];
                        for (int i = 0; i < filters.Length; i++)
                        {
                            filters[i] = parts[parts.Length - 2 - i];
                        }

                        current.Add(new Node(NodeKind.Replacement, parts[parts.Length - 1], filters));
                        break;
                    case NodeKind.Conditional:
                    case NodeKind.NegatedConditional:
                        var section = new Node(kind, text, children: new List<Node>());
                        current.Add(section);
                        open.Push((current, text));
                        current = section.Children;
                        break;
                    default:
                        // A closing tag: text is the key.
                        if (open.Count > 0 && open.Peek().Key == text)
                        {
                            current = open.Pop().Nodes;
                            break;
                        }

                        throw new TemplateSyntaxException(open.Count > 0
                            ? $"Found '{{{{/{text}}}}}', but expected '{{{{/{open.Peek().Key}}}}}'"
                            : $"Found '{{{{/{text}}}}}', but missing '{{{{#{text}}}}}' or '{{{{^{text}}}}}'");
                }
            }

            if (open.Count > 0)
            {
                throw new TemplateSyntaxException($"Missing '{{{{/{open.Peek().Key}}}}}'");
            }

            return root;
        }

        /// <summary>Marks a closing tag in the token stream (never stored in the tree).</summary>
        private const NodeKind CloseTag = (NodeKind)99;

        /// <summary>
        /// Anki's lexer: at each position, a handlebar (<c>{{…}}</c>, up to the first <c>}}</c>) or else an HTML comment
        /// (<c>&lt;!--…--&gt;</c>) starts a token; text runs up to the next one. A template starting (after whitespace)
        /// with <c>{{=&lt;% %&gt;=}}</c>, possibly repeated, uses <c>&lt;%…%&gt;</c> instead.
        /// </summary>
        private static IEnumerable<(NodeKind Kind, string Text)> Tokenize(string template)
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

            int position = 0;
            int textStart = 0;
            // Once an opening has no closing after it, no later one has: remember that to stay linear.
            bool handlebarsExhausted = false;
            bool commentsExhausted = false;
            while (position < text.Length)
            {
                int nextHandlebar = handlebarsExhausted ? -1 : text.IndexOf(startTag, position, StringComparison.Ordinal);
                int handlebarEnd = nextHandlebar < 0 ? -1 : text.IndexOf(endTag, nextHandlebar + startTag.Length, StringComparison.Ordinal);
                if (handlebarEnd < 0)
                {
                    handlebarsExhausted = true;
                    nextHandlebar = -1;
                }

                int nextComment = commentsExhausted ? -1 : text.IndexOf(CommentStart, position, StringComparison.Ordinal);
                int commentEnd = nextComment < 0 ? -1 : text.IndexOf(CommentEnd, nextComment + CommentStart.Length, StringComparison.Ordinal);
                if (commentEnd < 0)
                {
                    commentsExhausted = true;
                    nextComment = -1;
                }

                bool useHandlebar = nextHandlebar >= 0 && (nextComment < 0 || nextHandlebar <= nextComment);
                int start = useHandlebar ? nextHandlebar : nextComment;
                if (start < 0)
                {
                    break;
                }

                if (start > textStart)
                {
                    yield return (NodeKind.Text, text.Substring(textStart, start - textStart));
                }

                if (useHandlebar)
                {
                    int contentStart = nextHandlebar + startTag.Length;
                    yield return Classify(text.Substring(contentStart, handlebarEnd - contentStart));
                    position = handlebarEnd + endTag.Length;
                }
                else
                {
                    int contentStart = nextComment + CommentStart.Length;
                    yield return (NodeKind.Comment, text.Substring(contentStart, commentEnd - contentStart));
                    position = commentEnd + CommentEnd.Length;
                }

                textStart = position;
            }

            if (textStart < text.Length)
            {
                yield return (NodeKind.Text, text.Substring(textStart));
            }
        }

        /// <summary>Anki's <c>classify_handle</c>: strip leading '{', trim; a key shorter than two UTF-8 bytes is always a replacement.</summary>
        private static (NodeKind, string) Classify(string content)
        {
            var start = content.TrimStart('{').Trim();
            if (start.Length == 0 || (start.Length == 1 && start[0] < 0x80))
            {
                return (NodeKind.Replacement, start);
            }

            switch (start[0])
            {
                case '#':
                    return (NodeKind.Conditional, start.Substring(1).TrimStart());
                case '/':
                    return (CloseTag, start.Substring(1).TrimStart());
                case '^':
                    return (NodeKind.NegatedConditional, start.Substring(1).TrimStart());
                default:
                    return (NodeKind.Replacement, start);
            }
        }

        /// <summary>Anki's <c>is_cloze_conditional</c>: "c" followed by an unsigned 32-bit number.</summary>
        internal static bool IsClozeConditional(string key)
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

        private sealed class Node
        {
            public Node(NodeKind kind, string key, string[]? filters = null, List<Node>? children = null)
            {
                Kind = kind;
                Key = key;
                Filters = filters ?? Array.Empty<string>();
                Children = children ?? new List<Node>();
            }

            public NodeKind Kind { get; }

            /// <summary>The field name (replacement, conditional) or the text (text, comment).</summary>
            public string Key { get; }

            /// <summary>Filters in the order they apply.</summary>
            public string[] Filters { get; }

            public List<Node> Children { get; }
        }

        private sealed class TemplateSyntaxException : Exception
        {
            public TemplateSyntaxException(string message)
                : base(message)
            {
            }
        }
    }

    /// <summary>A template that cannot be rendered for this card (Anki shows the message in place of the side).</summary>
    internal sealed class TemplateRenderException : Exception
    {
        public TemplateRenderException(string message)
            : base(message)
        {
        }
    }

    /// <summary>What a side is rendered from: the field map (note fields, special fields, <c>cN</c>), which are non-empty, the card, and the front side once rendered.</summary>
    internal sealed class RenderContext
    {
        public RenderContext(IReadOnlyDictionary<string, string> fields, ISet<string> nonEmptyFields, int cardOrdinal)
        {
            Fields = fields;
            NonEmptyFields = nonEmptyFields;
            CardOrdinal = cardOrdinal;
        }

        public IReadOnlyDictionary<string, string> Fields { get; }

        public ISet<string> NonEmptyFields { get; }

        public int CardOrdinal { get; }

        /// <summary>Null while the question is rendered; the rendered question on the answer side.</summary>
        public string? FrontSide { get; set; }

        public bool IsQuestion => FrontSide == null;
    }
}
