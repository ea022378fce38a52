using System;
using System.Security.Cryptography;

namespace AnkiSync.Text
{
    /// <summary>The note checksum (<c>notes.csum</c>) and sort field text (<c>notes.sfld</c>), as Anki computes them.</summary>
    internal static class FieldChecksum
    {
        [ThreadStatic]
        private static SHA1? sha1;

        /// <summary>
        /// The first 4 bytes of the SHA-1 of the UTF-8 of the first field's stripped text
        /// (<see cref="HtmlText.StripHtmlPreservingMediaFilenames"/>), read big-endian and unsigned.
        /// Pass the first field (never the sort field), already normalised as it will be stored.
        /// </summary>
        public static long Compute(string firstFieldHtml) => ComputeFromStripped(HtmlText.StripHtmlPreservingMediaFilenames(firstFieldHtml));

        /// <summary>The checksum of text already stripped by <see cref="HtmlText.StripHtmlPreservingMediaFilenames"/>.</summary>
        public static long ComputeFromStripped(string text)
        {
            // Stryker disable once Assignment: a new hasher per call gives the same digest, only slower.
            var hasher = sha1 ??= SHA1.Create();
            var utf8 = Utf8Scratch.Encode(text);
            var digest = hasher.ComputeHash(utf8.Array!, utf8.Offset, utf8.Count);
            return ((long)digest[0] << 24) | ((long)digest[1] << 16) | ((long)digest[2] << 8) | digest[3];
        }

        /// <summary>The sort field text Anki stores in <c>notes.sfld</c> for a field's HTML.</summary>
        public static string SortFieldText(string fieldHtml) => HtmlText.StripHtmlPreservingMediaFilenames(fieldHtml);
    }
}
