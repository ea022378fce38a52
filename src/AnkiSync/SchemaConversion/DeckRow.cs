namespace AnkiSync.SchemaConversion
{
    /// <summary>A schema-18 <c>decks</c> row; <see cref="Name"/> joins levels with U+001F.</summary>
    internal sealed class DeckRow
    {
        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public long MtimeSecs { get; set; }

        public int Usn { get; set; }

        /// <summary>Protobuf <c>Deck.Common</c>.</summary>
        public byte[] Common { get; set; } = System.Array.Empty<byte>();

        /// <summary>Protobuf <c>Deck.KindContainer</c>.</summary>
        public byte[] Kind { get; set; } = System.Array.Empty<byte>();
    }
}
