using System.Globalization;
using System.Text;

namespace AnkiSync.Text
{
    /// <summary>Small character and UTF-8 helpers shared by the text algorithms.</summary>
    internal static class TextChars
    {
        /// <summary>A regex word character (<c>\w</c>): letters, marks, decimal digits, connector punctuation.</summary>
        public static bool IsWordChar(char c)
        {
            if (c < 0x80)
            {
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            }

            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.EnclosingMark:
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.ConnectorPunctuation:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>True when the text has a UTF-16 surrogate that is not part of a valid pair.</summary>
        public static bool HasLoneSurrogate(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Replaces each unpaired surrogate with <paramref name="replacement"/> (or drops it when null):
        /// such text cannot be stored as UTF-8, and .NET's normalisation rejects it.
        /// </summary>
        public static string ReplaceLoneSurrogates(string text, char? replacement)
        {
            if (!HasLoneSurrogate(text))
            {
                return text;
            }

            var builder = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(c).Append(text[i + 1]);
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    if (replacement.HasValue)
                    {
                        builder.Append(replacement.Value);
                    }
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        /// <summary>NFC form of the text; the same instance when it already is NFC.</summary>
        public static string ToNfc(string text)
        {
            if (IsAscii(text) || text.IsNormalized(NormalizationForm.FormC))
            {
                return text;
            }

            return text.Normalize(NormalizationForm.FormC);
        }

        public static bool IsAscii(string text)
        {
            foreach (var c in text)
            {
                if (c >= 0x80)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The UTF-8 length of one char or surrogate pair starting at index.</summary>
        public static int Utf8Length(string text, int index, out int charCount)
        {
            var c = text[index];
            charCount = 1;
            if (c < 0x80)
            {
                return 1;
            }

            if (c < 0x800)
            {
                return 2;
            }

            if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                charCount = 2;
                return 4;
            }

            return 3;
        }

        /// <summary>The longest prefix whose UTF-8 form fits in maxBytes, never splitting a character.</summary>
        public static string TruncateUtf8(string text, int maxBytes)
        {
            var bytes = 0;
            var index = 0;
            while (index < text.Length)
            {
                var length = Utf8Length(text, index, out var chars);
                if (bytes + length > maxBytes)
                {
                    return text.Substring(0, index);
                }

                bytes += length;
                index += chars;
            }

            return text;
        }
    }
}
