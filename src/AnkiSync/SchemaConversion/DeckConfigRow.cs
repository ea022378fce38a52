namespace AnkiSync.SchemaConversion
{
    /// <summary>A schema-18 <c>deck_config</c> row.</summary>
    internal sealed class DeckConfigRow
    {
        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public long MtimeSecs { get; set; }

        public int Usn { get; set; }

        /// <summary>Protobuf <c>DeckConfig.Config</c>.</summary>
        public byte[] Config { get; set; } = System.Array.Empty<byte>();
    }
}
