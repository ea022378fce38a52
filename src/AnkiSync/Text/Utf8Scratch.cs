using System;
using System.Text;

namespace AnkiSync.Text
{
    /// <summary>
    /// The UTF-8 bytes of text hashed once per note (the guid's and the checksum's input), in a buffer kept per thread,
    /// so a 100k-note batch does not allocate an array per row. Long text gets an array of its own, so one huge field
    /// does not stay referenced.
    /// </summary>
    internal static class Utf8Scratch
    {
        private const int KeptBytes = 16 * 1024;

        [ThreadStatic]
        private static byte[]? kept;

        /// <summary>The UTF-8 of <paramref name="text"/> (a lone surrogate becomes U+FFFD, as in <see cref="Encoding.UTF8"/>).</summary>
        public static ArraySegment<byte> Encode(string text)
        {
            byte[] buffer = Buffer(Encoding.UTF8.GetMaxByteCount(text.Length));
            return new ArraySegment<byte>(buffer, 0, Encoding.UTF8.GetBytes(text, 0, text.Length, buffer, 0));
        }

        /// <summary>The UTF-8 of <c>first + U+001F + second</c>.</summary>
        public static ArraySegment<byte> EncodeJoined(string first, string second)
        {
            // Encoded apart, a lone surrogate at either end is replaced exactly as in the concatenated string:
            // the separator is not a surrogate, so it cannot pair with one.
            byte[] buffer = Buffer(Encoding.UTF8.GetMaxByteCount(first.Length + 1 + second.Length));
            int length = Encoding.UTF8.GetBytes(first, 0, first.Length, buffer, 0);
            buffer[length++] = 0x1F;
            length += Encoding.UTF8.GetBytes(second, 0, second.Length, buffer, length);
            return new ArraySegment<byte>(buffer, 0, length);
        }

        private static byte[] Buffer(int size)
        {
            // Stryker disable once Equality: at exactly KeptBytes either buffer holds the text; only which one differs.
            if (size > KeptBytes)
            {
                return new byte[size];
            }

            // Stryker disable once Assignment: a new buffer per call gives the same bytes, only more garbage.
            return kept ??= new byte[KeptBytes];
        }
    }
}
