using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AnkiSync.Rendering
{
    /// <summary>
    /// Anki's cloze reveal (<c>cloze.rs</c>): <c>{{cN::text::hint}}</c>, several ordinals (<c>{{c1,2::…}}</c>) and
    /// nesting up to 10 levels. The active cloze is <c>&lt;span class="cloze" data-cloze="…" data-ordinal="N"&gt;[hint]&lt;/span&gt;</c>
    /// on the question and shows its text on the answer; others are <c>cloze-inactive</c>.
    /// </summary>
    internal static class Cloze
    {
        private static readonly Regex MathJax = new Regex(@"(\\[(\[])(.*?)(\\[\])])", RegexOptions.Compiled | RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex StripPattern = new Regex(@"\{\{c[\d,]+::(.*?)(::.*?)?\}\}", RegexOptions.Compiled | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        private static readonly Regex HtmlTags = new Regex("<!--.*?-->|<style.*?>.*?</style>|<script.*?>.*?</script>|<.*?>", RegexOptions.Compiled | RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>The <c>cloze</c> filter: the field with clozes revealed for card <paramref name="ordinal"/> (1-based), or "" when it has none for this card.</summary>
        public static string Filter(string text, int ordinal, bool question)
        {
            var buffer = new StringBuilder();
            bool found = false;
            foreach (var node in Parse(text))
            {
                if (node is string s)
                {
                    buffer.Append(s);
                }
                else
                {
                    Reveal((ClozeNode)node, ordinal, question, ref found, buffer);
                }
            }

            if (!found)
            {
                return "";
            }

            // HTML inside MathJax is removed (entities kept), so the typesetter sees plain TeX.
            return MathJax.Replace(buffer.ToString(), m => m.Groups[1].Value + HtmlTags.Replace(m.Groups[2].Value, "") + m.Groups[3].Value);
        }

        /// <summary>The <c>cloze-only</c> filter: the active clozes' hints (question) or texts (answer), joined by ", ".</summary>
        public static string OnlyFilter(string text, int ordinal, bool question)
        {
            var output = new List<string>();
            foreach (var node in Parse(text))
            {
                CollectText(node, ordinal, question, output);
            }

            return string.Join(", ", output);
        }

        /// <summary>Anki's <c>strip_clozes</c> (search's <c>sc:</c>): each cloze replaced by its text.</summary>
        public static string Strip(string text) => StripPattern.Replace(text, "$1");

        /// <summary>The cloze numbers (non-zero) used anywhere in <paramref name="fields"/>.</summary>
        public static HashSet<int> Numbers(IEnumerable<string> fields)
        {
            var set = new HashSet<int>();
            foreach (var field in fields)
            {
                AddNumbers(Parse(field), set);
            }

            return set;
        }

        private static void AddNumbers(List<object> nodes, HashSet<int> set)
        {
            foreach (var node in nodes)
            {
                if (node is ClozeNode cloze)
                {
                    foreach (int o in cloze.Ordinals)
                    {
                        if (o != 0)
                        {
                            set.Add(o);
                        }
                    }

                    AddNumbers(cloze.Nodes, set);
                }
            }
        }

        private static void CollectText(object node, int ordinal, bool question, List<string> output)
        {
            if (node is ClozeNode cloze)
            {
                if (cloze.Ordinals.Contains(ordinal))
                {
                    output.Add(question ? cloze.HintOrDots : cloze.ClozedText());
                }

                foreach (var child in cloze.Nodes)
                {
                    CollectText(child, ordinal, question, output);
                }
            }
        }

        private static void Reveal(ClozeNode cloze, int ordinal, bool question, ref bool found, StringBuilder buffer)
        {
            bool active = cloze.Ordinals.Contains(ordinal);
            found |= active;
            string ordinals = string.Join(",", cloze.Ordinals);
            if (cloze.Nodes.Count > 0 && cloze.Nodes[0] is string first && first.StartsWith("image-occlusion:", StringComparison.Ordinal))
            {
                string cls = (question && active) || cloze.Ordinals.Contains(0) ? "cloze" : !active ? "cloze-inactive" : "cloze-highlight";
                buffer.Append("<div class=\"").Append(cls).Append("\" data-ordinal=\"").Append(ordinals).Append("\" ")
                    .Append(ImageOcclusionData(first.Substring("image-occlusion:".Length))).Append("></div>");
                return;
            }

            if (question && active)
            {
                var content = new StringBuilder();
                foreach (var node in cloze.Nodes)
                {
                    if (node is string s)
                    {
                        content.Append(s);
                    }
                    else
                    {
                        Reveal((ClozeNode)node, ordinal, question, ref found, content);
                    }
                }

                buffer.Append("<span class=\"cloze\" data-cloze=\"").Append(EncodeAttribute(content.ToString()))
                    .Append("\" data-ordinal=\"").Append(ordinals).Append("\">[").Append(cloze.HintOrDots).Append("]</span>");
                return;
            }

            buffer.Append(active ? "<span class=\"cloze\" data-ordinal=\"" : "<span class=\"cloze-inactive\" data-ordinal=\"").Append(ordinals).Append("\">");
            foreach (var node in cloze.Nodes)
            {
                if (node is string s)
                {
                    buffer.Append(s);
                }
                else
                {
                    Reveal((ClozeNode)node, ordinal, question, ref found, buffer);
                }
            }

            buffer.Append("</span>");
        }

        /// <summary>
        /// The image-occlusion shape as Anki writes it for the reviewer (<c>get_image_cloze_data</c>):
        /// <c>rect:left=.1:top=.2</c> → <c>data-shape="rect" data-left=".1" data-top=".2" </c>. Only Anki's shapes and
        /// properties are written, each followed by a space; sizes that are empty or 0 are left out.
        /// </summary>
        private static string ImageOcclusionData(string text)
        {
            int colon = text.IndexOf(':');
            if (colon < 0)
            {
                return "";
            }

            var result = new StringBuilder();
            string shape = text.Substring(0, colon);
            if (shape == "rect" || shape == "ellipse" || shape == "polygon" || shape == "text")
            {
                result.Append("data-shape=\"").Append(shape).Append("\" ");
            }

            foreach (var (name, value) in ImageOcclusionProperties(text, colon))
            {
                switch (name)
                {
                    case "left":
                    case "top":
                    case "angle":
                    case "fill":
                        Attribute(name, value);
                        break;
                    case "width":
                    case "height":
                    case "rx":
                    case "ry":
                    case "scale":
                        Attribute(name, value == "0" ? "" : value);
                        break;
                    case "points":
                        Attribute(name, string.Join(" ", value.Split(' ').Where(pair => pair.IndexOf(',') >= 0)));
                        break;
                    case "oi":
                        Attribute("occludeInactive", value);
                        break;
                    case "text":
                        Attribute(name, EncodeAttribute(value));
                        break;
                    case "fs":
                        Attribute("font-size", value);
                        break;
                }
            }

            return result.ToString();

            // An empty value (a size of 0 counts as one) is left out.
            void Attribute(string name, string value)
            {
                if (value.Length > 0)
                {
                    result.Append("data-").Append(name).Append("=\"").Append(value).Append("\" ");
                }
            }
        }

        /// <summary>
        /// The <c>:name=value</c> pairs after the shape, in order; a value's <c>\:</c> and <c>\\</c> are a colon and a backslash.
        /// Reading stops at the first pair that does not parse, as Anki's does.
        /// </summary>
        private static IEnumerable<(string Name, string Value)> ImageOcclusionProperties(string text, int position)
        {
            while (position < text.Length && text[position] == ':')
            {
                int equals = text.IndexOf('=', position + 1);
                if (equals <= position + 1)
                {
                    yield break;
                }

                string name = text.Substring(position + 1, equals - position - 1);
                var value = new StringBuilder();
                int i = equals + 1;
                while (i < text.Length && text[i] != ':')
                {
                    if (text[i] == '\\')
                    {
                        if (i + 1 >= text.Length || (text[i + 1] != ':' && text[i + 1] != '\\'))
                        {
                            yield break;
                        }

                        i++;
                    }

                    value.Append(text[i]);
                    i++;
                }

                yield return (name, value.ToString());
                position = i;
            }
        }

        /// <summary>htmlescape's <c>encode_attribute</c>: characters below U+0100 other than ASCII letters and digits become <c>&amp;#xHH;</c>; the rest stay.</summary>
        internal static string EncodeAttribute(string text)
        {
            var result = new StringBuilder(text.Length * 2);
            foreach (char c in text)
            {
                if (c < 256 && (c > 127 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))))
                {
                    result.Append("&#x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)).Append(';');
                }
                else
                {
                    result.Append(c);
                }
            }

            return result.ToString();
        }

        /// <summary>Anki's <c>parse_text_with_clozes</c>: text (string) and cloze nodes; an unmatched <c>}}</c> stays text.</summary>
        private static List<object> Parse(string text)
        {
            var open = new List<ClozeNode>();
            var output = new List<object>();
            int i = 0;
            int textStart = 0;
            while (i < text.Length)
            {
                if (TryOpen(text, i, out var ordinals, out int after))
                {
                    FlushText(text, textStart, i, open, output);
                    if (open.Count < 10)
                    {
                        open.Add(new ClozeNode(ordinals));
                    }

                    i = after;
                    textStart = i;
                }
                else if (string.CompareOrdinal(text, i, "}}", 0, 2) == 0)
                {
                    FlushText(text, textStart, i, open, output);
                    if (open.Count > 0)
                    {
                        var cloze = open[open.Count - 1];
                        open.RemoveAt(open.Count - 1);
                        (open.Count > 0 ? open[open.Count - 1].Nodes : output).Add(cloze);
                    }
                    else
                    {
                        output.Add("}}");
                    }

                    i += 2;
                    textStart = i;
                }
                else
                {
                    i++;
                }
            }

            FlushText(text, textStart, text.Length, open, output);
            return output;
        }

        private static void FlushText(string text, int start, int end, List<ClozeNode> open, List<object> output)
        {
            if (end <= start)
            {
                return;
            }

            string chunk = text.Substring(start, end - start);
            if (open.Count > 0)
            {
                var cloze = open[open.Count - 1];
                if (!chunk.StartsWith("image-occlusion:", StringComparison.Ordinal))
                {
                    int sep = chunk.IndexOf("::", StringComparison.Ordinal);
                    if (sep >= 0)
                    {
                        cloze.Hint = chunk.Substring(sep + 2);
                        chunk = chunk.Substring(0, sep);
                    }
                }

                cloze.Nodes.Add(chunk);
            }
            else
            {
                output.Add(chunk);
            }
        }

        /// <summary><c>{{c</c>, digits and commas with at least one parsable number, then <c>::</c>.</summary>
        private static bool TryOpen(string text, int i, out List<int> ordinals, out int after)
        {
            ordinals = new List<int>();
            after = i;
            if (string.CompareOrdinal(text, i, "{{c", 0, 3) != 0)
            {
                return false;
            }

            int j = i + 3;
            while (j < text.Length && ((text[j] >= '0' && text[j] <= '9') || text[j] == ','))
            {
                j++;
            }

            var set = new SortedSet<int>();
            foreach (var part in text.Substring(i + 3, j - i - 3).Split(','))
            {
                if (part.Length > 0 && part.Length <= 5 && int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n <= ushort.MaxValue)
                {
                    set.Add(n);
                }
            }

            if (set.Count == 0 || string.CompareOrdinal(text, j, "::", 0, 2) != 0)
            {
                return false;
            }

            ordinals = set.ToList();
            after = j + 2;
            return true;
        }

        private sealed class ClozeNode
        {
            public ClozeNode(List<int> ordinals) => Ordinals = ordinals;

            public List<int> Ordinals { get; }

            public List<object> Nodes { get; } = new List<object>(1);

            public string? Hint { get; set; }

            public string HintOrDots => Hint ?? "...";

            public string ClozedText()
            {
                var buffer = new StringBuilder();
                foreach (var node in Nodes)
                {
                    buffer.Append(node is string s ? s : ((ClozeNode)node).ClozedText());
                }

                return buffer.ToString();
            }
        }
    }
}
