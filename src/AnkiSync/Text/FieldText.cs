using System.Text;

namespace AnkiSync.Text
{
    /// <summary>What Anki does to a field value when it saves a note (<c>notes/mod.rs</c>, <c>normalize_field</c>).</summary>
    internal static class FieldText
    {
        /// <summary>
        /// Removes ASCII control characters except tab and newline (so CR, the U+001F field
        /// separator and DEL go), then NFC-normalises (Anki's default "normalize note text").
        /// Unpaired UTF-16 surrogates, which UTF-8 cannot hold, become U+FFFD. Returns the same
        /// instance when nothing changes.
        /// </summary>
        public static string Normalize(string value)
        {
            var result = RemoveControlCharacters(value);
            result = TextChars.ReplaceLoneSurrogates(result, '\uFFFD');
            return TextChars.ToNfc(result);
        }

        private static bool IsRemovedControl(char c) => (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F;

        private static string RemoveControlCharacters(string value)
        {
            var first = -1;
            for (var i = 0; i < value.Length; i++)
            {
                if (IsRemovedControl(value[i]))
                {
                    first = i;
                    break;
                }
            }

            if (first < 0)
            {
                return value;
            }

            var builder = new StringBuilder(value.Length);
            builder.Append(value, 0, first);
            for (var i = first + 1; i < value.Length; i++)
            {
                if (!IsRemovedControl(value[i]))
                {
                    builder.Append(value[i]);
                }
            }

            return builder.ToString();
        }
    }
}
