using System;
using System.Collections.Generic;
using System.Text;

namespace AnkiSync.Editing
{
    /// <summary>
    /// Rewrites a card template after fields were renamed or removed, the way Anki does when a note type is saved
    /// (rslib notetype: update_templates_for_renamed_and_removed_fields; template.rs rename_and_remove_fields): a
    /// replacement of a renamed field takes the new name, one of a removed field is dropped, a section of a removed
    /// field is dropped but keeps its contents; the template is then written back from its parse, so handlebars come
    /// out in Anki's normal form (<c>{{ Field }}</c> becomes <c>{{Field}}</c>, the legacy <c>&lt;% %&gt;</c> syntax becomes
    /// <c>{{ }}</c>). A template that does not parse is left as it is, as Anki leaves it.
    /// </summary>
    internal static class TemplateFieldRewriter
    {
        private const string AltSyntaxDirective = "{{=<% %>=}}";
        private const string CommentStart = "<!--";
        private const string CommentEnd = "-->";

        /// <summary>
        /// The rewritten template, or null when it does not parse. <paramref name="fields"/> maps an old field name
        /// (exact) to its new name, or to null when the field was removed. When <paramref name="ensureField"/> is set
        /// and no field replacement is left (for a cloze note type: no cloze replacement), <c>{{ensureField}}</c>
        /// (<c>{{cloze:ensureField}}</c>) is appended, as Anki appends it.
        /// </summary>
        public static string? Rewrite(string template, IReadOnlyDictionary<string, string?> fields, string? ensureField, bool cloze)
        {
            var nodes = Parse(template);
            if (nodes == null)
            {
                return null;
            }

            nodes = Rename(nodes, fields);
            if (ensureField != null && !(cloze ? HasClozeReplacement(nodes) : HasReplacement(nodes)))
            {
                nodes.Add(Node.Replacement(ensureField, cloze ? new List<string> { "cloze" } : new List<string>()));
            }

            var builder = new StringBuilder(template.Length);
            Write(builder, nodes);
            return builder.ToString();
        }

        private static List<Node> Rename(List<Node> nodes, IReadOnlyDictionary<string, string?> fields)
        {
            var result = new List<Node>(nodes.Count);
            foreach (var node in nodes)
            {
                switch (node.Kind)
                {
                    case NodeKind.Replacement:
                        if (!fields.TryGetValue(node.Key, out string? replacement))
                        {
                            result.Add(node);
                        }
                        else if (replacement != null)
                        {
                            result.Add(Node.Replacement(replacement, node.Filters));
                        }

                        break;
                    case NodeKind.Conditional:
                    case NodeKind.NegatedConditional:
                        var children = Rename(node.Children, fields);
                        if (!fields.TryGetValue(node.Key, out string? renamed))
                        {
                            result.Add(new Node(node.Kind, node.Key, children));
                        }
                        else if (renamed == null)
                        {
                            result.AddRange(children);
                        }
                        else
                        {
                            result.Add(new Node(node.Kind, renamed, children));
                        }

                        break;
                    default:
                        result.Add(node);
                        break;
                }
            }

            return result;
        }

        private static bool HasReplacement(List<Node> nodes)
        {
            foreach (var node in nodes)
            {
                if (node.Kind == NodeKind.Replacement || ((node.Kind == NodeKind.Conditional || node.Kind == NodeKind.NegatedConditional) && HasReplacement(node.Children)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasClozeReplacement(List<Node> nodes)
        {
            foreach (var node in nodes)
            {
                if ((node.Kind == NodeKind.Replacement && node.Filters.Contains("cloze"))
                    || ((node.Kind == NodeKind.Conditional || node.Kind == NodeKind.NegatedConditional) && HasClozeReplacement(node.Children)))
                {
                    return true;
                }
            }

            return false;
        }

        private static void Write(StringBuilder builder, List<Node> nodes)
        {
            foreach (var node in nodes)
            {
                switch (node.Kind)
                {
                    case NodeKind.Text:
                        builder.Append(node.Key);
                        break;
                    case NodeKind.Comment:
                        builder.Append(CommentStart).Append(node.Key).Append(CommentEnd);
                        break;
                    case NodeKind.Replacement:
                        builder.Append("{{");
                        // Filters are kept innermost-last; they are written outermost-first, then the key.
                        for (int i = node.Filters.Count - 1; i >= 0; i--)
                        {
                            builder.Append(node.Filters[i]).Append(':');
                        }

                        builder.Append(node.Key).Append("}}");
                        break;
                    default:
                        builder.Append("{{").Append(node.Kind == NodeKind.Conditional ? '#' : '^').Append(node.Key).Append("}}");
                        Write(builder, node.Children);
                        builder.Append("{{/").Append(node.Key).Append("}}");
                        break;
                }
            }
        }

        /// <summary>Anki's template grammar (template.rs tokens and parse_inner); null where Anki reports an error.</summary>
        private static List<Node>? Parse(string template)
        {
            string text = template;
            string open = "{{";
            string close = "}}";
            if (text.TrimStart().StartsWith(AltSyntaxDirective, StringComparison.Ordinal))
            {
                text = text.TrimStart();
                while (text.StartsWith(AltSyntaxDirective, StringComparison.Ordinal))
                {
                    text = text.Substring(AltSyntaxDirective.Length);
                }

                open = "<%";
                close = "%>";
            }

            var stack = new Stack<(string Key, NodeKind Kind, List<Node> Outer)>();
            var current = new List<Node>();
            int position = 0;
            int textStart = 0;
            while (position < text.Length)
            {
                int tagEnd = -1;
                bool comment = false;
                if (string.CompareOrdinal(text, position, open, 0, open.Length) == 0)
                {
                    tagEnd = text.IndexOf(close, position + open.Length, StringComparison.Ordinal);
                }

                if (tagEnd < 0 && string.CompareOrdinal(text, position, CommentStart, 0, CommentStart.Length) == 0)
                {
                    tagEnd = text.IndexOf(CommentEnd, position + CommentStart.Length, StringComparison.Ordinal);
                    comment = tagEnd >= 0;
                }

                if (tagEnd < 0)
                {
                    position++;
                    continue;
                }

                if (position > textStart)
                {
                    current.Add(Node.Text(text.Substring(textStart, position - textStart)));
                }

                if (comment)
                {
                    current.Add(new Node(NodeKind.Comment, text.Substring(position + CommentStart.Length, tagEnd - position - CommentStart.Length), new List<Node>()));
                    position = tagEnd + CommentEnd.Length;
                    textStart = position;
                    continue;
                }

                string content = text.Substring(position + open.Length, tagEnd - position - open.Length).TrimStart('{').Trim();
                position = tagEnd + close.Length;
                textStart = position;
                char sigil = content.Length >= 2 ? content[0] : '\0';
                switch (sigil)
                {
                    case '#':
                    case '^':
                        var children = new List<Node>();
                        string key = content.Substring(1).TrimStart();
                        stack.Push((key, sigil == '#' ? NodeKind.Conditional : NodeKind.NegatedConditional, current));
                        current = children;
                        break;
                    case '/':
                        string closing = content.Substring(1).TrimStart();
                        if (stack.Count == 0 || !string.Equals(stack.Peek().Key, closing, StringComparison.Ordinal))
                        {
                            return null;
                        }

                        var section = stack.Pop();
                        section.Outer.Add(new Node(section.Kind, section.Key, current));
                        current = section.Outer;
                        break;
                    default:
                        string[] parts = content.Split(':');
                        var filters = new List<string>();
                        for (int i = parts.Length - 2; i >= 0; i--)
                        {
                            filters.Add(parts[i]);
                        }

                        current.Add(Node.Replacement(parts[parts.Length - 1], filters));
                        break;
                }
            }

            if (textStart < text.Length)
            {
                current.Add(Node.Text(text.Substring(textStart)));
            }

            return stack.Count == 0 ? current : null;
        }

        private enum NodeKind
        {
            Text,
            Comment,
            Replacement,
            Conditional,
            NegatedConditional,
        }

        private sealed class Node
        {
            public Node(NodeKind kind, string key, List<Node> children, List<string>? filters = null)
            {
                Kind = kind;
                Key = key;
                Children = children;
                Filters = filters ?? new List<string>();
            }

            public NodeKind Kind { get; }

            /// <summary>The field name; for text and comments, the text.</summary>
            public string Key { get; }

            public List<Node> Children { get; }

            /// <summary>Innermost first (the one next to the key), as Anki's parser keeps them.</summary>
            public List<string> Filters { get; }

            public static Node Text(string text) => new Node(NodeKind.Text, text, new List<Node>());

            public static Node Replacement(string key, List<string> filters) => new Node(NodeKind.Replacement, key, new List<Node>(), filters);
        }
    }
}
