using System;
using System.Text;
using System.Text.RegularExpressions;
using AnkiSync.Text;

namespace AnkiSync.Rendering
{
    /// <summary>Anki's built-in template filters (<c>template_filters.rs</c>); unknown filters (add-ons) leave the text as it is.</summary>
    internal static class TemplateFilters
    {
        private static readonly Regex Furigana = new Regex(@" ?([^ >]+?)\[(.+?)\]", RegexOptions.Compiled | RegexOptions.CultureInvariant);

        /// <summary>Applies <paramref name="filters"/> (in application order) to a field's text.</summary>
        public static string Apply(string text, string[] filters, string fieldName, RenderContext context)
        {
            if (filters.Length == 0)
            {
                return text;
            }

            // {{cloze:type:X}}, {{nc:type:X}}, {{…:type:X}}: only the type-answer marker remains.
            if (filters[filters.Length - 1] == "type")
            {
                if (filters.Length == 2 && filters[0] == "cloze")
                {
                    return "[[type:cloze:" + fieldName + "]]";
                }

                if (filters.Length == 2 && filters[0] == "nc")
                {
                    return "[[type:nc:" + fieldName + "]]";
                }

                return "[[type:" + fieldName + "]]";
            }

            foreach (string filter in filters)
            {
                text = ApplyOne(filter, text, fieldName, context);
            }

            return text;
        }

        private static string ApplyOne(string filter, string text, string fieldName, RenderContext context)
        {
            switch (filter)
            {
                case "text":
                    return HtmlText.StripHtml(text);
                case "furigana":
                    return Ruby(text, m => "<ruby><rb>" + m.Groups[1].Value + "</rb><rt>" + m.Groups[2].Value + "</rt></ruby>");
                case "kanji":
                    return Ruby(text, m => m.Groups[1].Value);
                case "kana":
                    return Ruby(text, m => m.Groups[2].Value);
                case "hint":
                    return Hint(text, fieldName);
                case "cloze":
                    return Cloze.Filter(text, context.CardOrdinal + 1, context.IsQuestion);
                case "cloze-only":
                    return Cloze.OnlyFilter(text, context.CardOrdinal + 1, context.IsQuestion);
                case "":
                    return text;
                default:
                    if (filter.StartsWith("tts ", StringComparison.Ordinal))
                    {
                        return "[anki:tts lang=" + filter.Substring(4) + "]" + text + "[/anki:tts]";
                    }

                    // An add-on's filter: Anki leaves it to the add-on; offline the text passes through.
                    return text;
            }
        }

        /// <summary>furigana/kanji/kana: <c>base[reading]</c> pairs, with <c>&amp;nbsp;</c> read as a space; <c>[sound:…]</c> is left alone.</summary>
        private static string Ruby(string text, Func<Match, string> replace)
            => Furigana.Replace(text.Replace("&nbsp;", " "), m => m.Groups[2].Value.StartsWith("sound:", StringComparison.Ordinal) ? m.Value : replace(m));

        /// <summary>A link that reveals the text; the element id is the first 8 bytes of BLAKE3(text ‖ field name), in hex.</summary>
        internal static string Hint(string text, string fieldName)
        {
            if (text.Trim().Length == 0)
            {
                return text;
            }

            byte[] input = Encoding.UTF8.GetBytes(text + fieldName);
            byte[] hash = Blake3.Hash(input);
            var id = new StringBuilder(16);
            for (int i = 0; i < 8; i++)
            {
                id.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return "\n<a class=hint href=\"#\"\nonclick=\"this.style.display='none';\ndocument.getElementById('hint" + id
                + "').style.display='block';\nreturn false;\" draggable=false>\n" + fieldName + "</a>\n<div id=\"hint" + id
                + "\" class=hint style=\"display: none\">" + text + "</div>\n";
        }
    }
}
