using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AnkiSync.Search
{
    /// <summary>Anki's search-text conversions (<c>text.rs</c>): wildcards to LIKE and to regex, glob tests, and diacritics removal.</summary>
    internal static class SearchText
    {
        /// <summary><c>to_sql</c>: <c>*</c> → <c>%</c>, <c>%</c> → <c>\%</c>, <c>\*</c> → <c>*</c>; <c>\\</c>, <c>_</c> and <c>\_</c> stay (LIKE … escape '\').</summary>
        public static string ToSql(string text)
        {
            var result = new StringBuilder(text.Length + 4);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '\\' || text[i + 1] == '*'))
                {
                    result.Append(text[i + 1] == '\\' ? "\\\\" : "*");
                    i++;
                }
                else if (c == '*')
                {
                    result.Append('%');
                }
                else if (c == '%')
                {
                    result.Append("\\%");
                }
                else
                {
                    result.Append(c);
                }
            }

            return result.ToString();
        }

        /// <summary><c>to_re</c>: a regex where <c>*</c> is <c>.*</c> and <c>_</c> is <c>.</c>.</summary>
        public static string ToRe(string text) => ToCustomRe(text, ".");

        /// <summary><c>to_custom_re</c>: <c>\\</c> and <c>\*</c> stay, <c>\_</c> is a literal '_', wildcards use <paramref name="wildcard"/>, the rest is escaped.</summary>
        public static string ToCustomRe(string text, string wildcard)
        {
            var result = new StringBuilder(text.Length + 8);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\\' && i + 1 < text.Length)
                {
                    char next = text[i + 1];
                    i++;
                    if (next == '\\' || next == '*')
                    {
                        result.Append('\\').Append(next);
                    }
                    else if (next == '_')
                    {
                        result.Append('_');
                    }
                    else
                    {
                        result.Append(Regex.Escape("\\" + next));
                    }
                }
                else if (c == '*')
                {
                    result.Append(wildcard).Append('*');
                }
                else if (c == '_')
                {
                    result.Append(wildcard);
                }
                else
                {
                    // A literal character: Regex.Escape leaves letters, digits and other text alone.
                    result.Append(Regex.Escape(c.ToString()));
                }
            }

            return result.ToString();
        }

        /// <summary><c>is_glob</c>: an unescaped <c>*</c> or <c>_</c>.</summary>
        public static bool IsGlob(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\\')
                {
                    i++;
                }
                else if (text[i] == '*' || text[i] == '_')
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>to_text</c>: every escape undone.</summary>
        public static string ToText(string text)
        {
            if (text.IndexOf('\\') < 0)
            {
                return text;
            }

            var result = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                }

                result.Append(text[i]);
            }

            return result.ToString();
        }

        /// <summary><c>glob_matcher</c>: a case-insensitive whole-name match, with wildcards when <paramref name="search"/> has any.</summary>
        public static Func<string, bool> GlobMatcher(string search)
        {
            if (IsGlob(search))
            {
                var regex = new Regex("^(?i)" + ToRe(search) + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
                return regex.IsMatch;
            }

            string text = ToText(search);
            return name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary><c>without_combining</c>: NFKD with every combining mark removed (é → e, ü → u).</summary>
        public static string WithoutCombining(string text)
        {
            bool ascii = true;
            foreach (char c in text)
            {
                if (c > 127)
                {
                    ascii = false;
                    break;
                }
            }

            if (ascii)
            {
                return text;
            }

            string decomposed = text.Normalize(NormalizationForm.FormKD);
            var result = new StringBuilder(decomposed.Length);
            foreach (char c in decomposed)
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category == UnicodeCategory.NonSpacingMark || category == UnicodeCategory.SpacingCombiningMark || category == UnicodeCategory.EnclosingMark)
                {
                    continue;
                }

                result.Append(Extra(c));
            }

            return result.ToString();
        }

        /// <summary>Letters with a stroke or other mark that Unicode does not decompose, as Anki maps them.</summary>
        private static string Extra(char c) => c switch
        {
            '€' => "E",
            'Æ' => "AE",
            'Ð' => "D",
            'Ø' => "O",
            'Þ' => "TH",
            'ß' => "s",
            'æ' => "ae",
            'ð' => "d",
            'ø' => "o",
            'þ' => "th",
            'Đ' => "D",
            'đ' => "d",
            'Ħ' => "H",
            'ħ' => "h",
            'ı' => "i",
            'ĸ' => "k",
            'Ł' => "L",
            'ł' => "l",
            'Ŋ' => "N",
            'ŋ' => "n",
            'Œ' => "OE",
            'œ' => "oe",
            'Ŧ' => "T",
            'ŧ' => "t",
            'Ə' => "E",
            'ǝ' => "e",
            'ɑ' => "a",
            _ => c.ToString(),
        };

        public static string Nfc(string text) => text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }
}
