namespace AnkiSync.SchemaConversion
{
    /// <summary>A schema-18 <c>fields</c> row.</summary>
    internal sealed class NotetypeFieldRow
    {
        public int Ord { get; set; }

        public string Name { get; set; } = string.Empty;

        /// <summary>Protobuf <c>Notetype.Field.Config</c>.</summary>
        public byte[] Config { get; set; } = System.Array.Empty<byte>();
    }
}
