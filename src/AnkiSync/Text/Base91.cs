namespace AnkiSync.Text
{
    /// <summary>Anki's base-91 encoding of 64-bit numbers, used for note guids (<c>notes/mod.rs</c>).</summary>
    internal static class Base91
    {
        // a-z, A-Z, 0-9, then the 28 punctuation characters, in Anki's order (91 in all).
        private const string Alphabet =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";

        /// <summary>Most significant digit first; zero encodes as the empty string, as in Anki.</summary>
        public static string Encode(ulong value)
        {
            var digits = new char[11];
            var start = digits.Length;
            while (value > 0)
            {
                digits[--start] = Alphabet[(int)(value % 91)];
                value /= 91;
            }

            return new string(digits, start, digits.Length - start);
        }
    }
}
