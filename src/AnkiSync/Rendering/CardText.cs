using System.Text.RegularExpressions;
using AnkiSync.Text;

namespace AnkiSync.Rendering
{
    /// <summary>Rendered HTML as one line of text, as Anki's browser columns show it (<c>html_to_text_line</c>).</summary>
    internal static class CardText
    {
        private static readonly Regex Spacers = new Regex(@"<br\s*/?>|<div>|\n", RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex TypeTag = new Regex(@"\[\[type:[^]]+\]\]", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        private static readonly Regex SoundTag = new Regex(@"\[sound:([^]]+)\]", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        private static readonly Regex AnswerDivider = new Regex(@"<hr id=answer>", RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>Line breaks and divs become spaces, type-answer boxes go, sounds keep their file name, HTML is stripped, the ends trimmed.</summary>
        public static string ToTextLine(string html)
        {
            string text = Spacers.Replace(html, " ");
            text = TypeTag.Replace(text, "");
            text = SoundTag.Replace(text, "$1");
            return HtmlText.StripHtmlPreservingMediaFilenames(text).Trim();
        }

        /// <summary>The answer's text after Anki's <c>&lt;hr id=answer&gt;</c> divider (all of it when there is none).</summary>
        public static string AnswerTextLine(string html)
        {
            var divider = AnswerDivider.Match(html);
            return ToTextLine(divider.Success ? html.Substring(divider.Index + divider.Length) : html);
        }
    }
}
