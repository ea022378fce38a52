using System;
using System.Security.Cryptography;

namespace AnkiSync.Text
{
    /// <summary>
    /// Identities derived from names and content, so that rebuilding the same deck gives the same
    /// note guids, note type ids and deck ids, and re-importing it updates notes instead of
    /// duplicating them.
    /// </summary>
    internal static class StableIds
    {
        /// <summary>Start of the id range: 2001-09-09 as a millisecond timestamp.</summary>
        public const long MinimumId = 1_000_000_000_000;

        /// <summary>End (exclusive) of the id range: 2020-09-13 as a millisecond timestamp.</summary>
        public const long MaximumIdExclusive = 1_600_000_000_000;

        [ThreadStatic]
        private static SHA256? sha256;

        /// <summary>
        /// Base91 of the first 8 bytes (big-endian) of SHA-256 over the UTF-8 of
        /// <c>noteTypeName + U+001F + key</c>; the key is the first field's value or the user's -Key.
        /// </summary>
        public static string NoteGuid(string noteTypeName, string key) =>
            Base91.Encode(HashPrefix(Utf8Scratch.EncodeJoined(noteTypeName, key)));

        /// <summary>A note type id derived from the exact name (Anki matches note types by id).</summary>
        public static long NoteTypeId(string name) => ToIdRange(HashPrefix("notetype\u001f" + name));

        /// <summary>
        /// A deck id derived from the name. Anki matches deck names case-insensitively, so the name
        /// is NFC-normalised and upper-cased first: names Anki treats as one deck get one id.
        /// </summary>
        public static long DeckId(string name) =>
            ToIdRange(HashPrefix("deck\u001f" + TextChars.ToNfc(TextChars.ReplaceLoneSurrogates(name, '\uFFFD')).ToUpperInvariant()));

        /// <summary>A deck options preset id derived from the preset's name, the same way as a deck's.</summary>
        public static long DeckConfigId(string name) =>
            ToIdRange(HashPrefix("deckconfig\u001f" + TextChars.ToNfc(TextChars.ReplaceLoneSurrogates(name, '\uFFFD')).ToUpperInvariant()));

        // Ids look like the millisecond creation timestamps Anki itself uses: positive, in the
        // past (the importer reassigns ids more than a day in the future), clear of the small
        // fixed ids such as the Default deck (1), and below 2^53 so JavaScript clients read them exactly.
        private static long ToIdRange(ulong hash) =>
            MinimumId + (long)(hash % (ulong)(MaximumIdExclusive - MinimumId));

        private static ulong HashPrefix(string text) => HashPrefix(Utf8Scratch.Encode(text));

        private static ulong HashPrefix(ArraySegment<byte> utf8)
        {
            // Stryker disable once Assignment: a new hasher per call gives the same digest, only slower.
            var hasher = sha256 ??= SHA256.Create();
            var digest = hasher.ComputeHash(utf8.Array!, utf8.Offset, utf8.Count);
            ulong value = 0;
            for (var i = 0; i < 8; i++)
            {
                value = (value << 8) | digest[i];
            }

            return value;
        }
    }
}
