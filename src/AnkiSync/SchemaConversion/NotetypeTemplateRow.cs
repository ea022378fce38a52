namespace AnkiSync.SchemaConversion
{
    /// <summary>A schema-18 <c>templates</c> row.</summary>
    internal sealed class NotetypeTemplateRow
    {
        public int Ord { get; set; }

        public string Name { get; set; } = string.Empty;

        public long MtimeSecs { get; set; }

        public int Usn { get; set; }

        /// <summary>Protobuf <c>Notetype.Template.Config</c>.</summary>
        public byte[] Config { get; set; } = System.Array.Empty<byte>();
    }
}
