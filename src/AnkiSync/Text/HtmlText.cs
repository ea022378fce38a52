using System.Text;
using System.Text.RegularExpressions;

namespace AnkiSync.Text
{
    /// <summary>
    /// Anki's HTML-to-text conversions (<c>text.rs</c>), used for the note checksum and sort field,
    /// and its test for an empty field (<c>template.rs</c>, <c>field_is_empty</c>).
    /// </summary>
    internal static class HtmlText
    {
        // Comments, style and script blocks with their contents, then any other tag; non-greedy,
        // case-insensitive, '.' matching newlines: the same pattern as Anki's HTML regex.
        private static readonly Regex HtmlPattern = new Regex(
            "<!--.*?-->|<style.*?>.*?</style>|<script.*?>.*?</script>|<.*?>",
            RegexOptions.Compiled | RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>
        /// The text Anki hashes for <c>csum</c> and stores as <c>sfld</c>: every media tag
        /// (<c>&lt;img src=…&gt;</c>, audio, video, object, source) becomes its file name padded by
        /// single spaces, the remaining HTML is removed, entities are decoded (and, when the text
        /// contained '&amp;', U+00A0 becomes a space). No trimming.
        /// </summary>
        public static string StripHtmlPreservingMediaFilenames(string html)
        {
            if (html.IndexOf('<') < 0)
            {
                return HtmlEntities.Decode(html);
            }

            return StripHtml(ReplaceMediaTagsWithFilenames(html));
        }

        /// <summary>Removes comments, style and script blocks and every tag, then decodes entities.</summary>
        public static string StripHtml(string html)
        {
            var withoutTags = html.IndexOf('<') < 0 ? html : HtmlPattern.Replace(html, string.Empty);
            return HtmlEntities.Decode(withoutTags);
        }

        /// <summary>
        /// Anki's notion of an empty field when it decides which cards a note gets: nothing but
        /// ASCII whitespace and <c>&lt;br&gt;</c>/<c>&lt;div&gt;</c> tags (opening or closing, any case,
        /// optionally with one space and a self-closing slash, e.g. <c>&lt;br /&gt;</c>).
        /// </summary>
        public static bool FieldIsEmpty(string fieldHtml)
        {
            var i = 0;
            while (i < fieldHtml.Length)
            {
                var c = fieldHtml[i];
                if (c == ' ' || (c >= '\t' && c <= '\r'))
                {
                    i++;
                }
                else if (c == '<')
                {
                    i = AfterBreakOrDivTag(fieldHtml, i);
                    if (i < 0)
                    {
                        return false;
                    }
                }
                else
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Replaces each media tag with " filename " (the raw attribute value).</summary>
        internal static string ReplaceMediaTagsWithFilenames(string html)
        {
            if (!MediaTagScanner.TryFindNext(html, 0, out var match))
            {
                return html;
            }

            var builder = new StringBuilder(html.Length);
            var copied = 0;
            do
            {
                builder.Append(html, copied, match.Start - copied)
                    .Append(' ')
                    .Append(html, match.NameStart, match.NameLength)
                    .Append(' ');
                copied = match.End;
            }
            while (MediaTagScanner.TryFindNext(html, copied, out match));

            builder.Append(html, copied, html.Length - copied);
            return builder.ToString();
        }

        /// <summary>Matches <c>&lt;/?(br|div) ?/?&gt;</c> at index (ASCII case-insensitive); the index after it, or -1.</summary>
        private static int AfterBreakOrDivTag(string text, int index)
        {
            var i = index + 1;
            if (i < text.Length && text[i] == '/')
            {
                i++;
            }

            if (StartsWithIgnoringAsciiCase(text, i, "br"))
            {
                i += 2;
            }
            else if (StartsWithIgnoringAsciiCase(text, i, "div"))
            {
                i += 3;
            }
            else
            {
                return -1;
            }

            if (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i < text.Length && text[i] == '/')
            {
                i++;
            }

            return i < text.Length && text[i] == '>' ? i + 1 : -1;
        }

        private static bool StartsWithIgnoringAsciiCase(string text, int index, string lowerAscii)
        {
            if (index + lowerAscii.Length > text.Length)
            {
                return false;
            }

            for (var k = 0; k < lowerAscii.Length; k++)
            {
                if ((text[index + k] | 0x20) != lowerAscii[k])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
