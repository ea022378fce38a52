using System.Collections.Generic;

namespace AnkiSync.SchemaConversion
{
    /// <summary>A schema-18 notetype: its <c>notetypes</c> row plus its <c>fields</c> and <c>templates</c> rows, in ord order.</summary>
    internal sealed class NotetypeRow
    {
        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public long MtimeSecs { get; set; }

        public int Usn { get; set; }

        /// <summary>Protobuf <c>Notetype.Config</c>.</summary>
        public byte[] Config { get; set; } = System.Array.Empty<byte>();

        public List<NotetypeFieldRow> Fields { get; } = new List<NotetypeFieldRow>();

        public List<NotetypeTemplateRow> Templates { get; } = new List<NotetypeTemplateRow>();
    }
}
