namespace AnkiSync
{
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum NoteTypeKind
    {
        Standard = 0,
        Cloze = 1,
    }

    /// <summary>A card template of a note type.</summary>
    public sealed class AnkiTemplate
    {
        public AnkiTemplate(string name, string front, string back)
        {
            Name = name;
            Front = front;
            Back = back;
        }

        public string Name { get; }

        public string Front { get; }

        public string Back { get; }
    }

    /// <summary>A note type ("model"): its fields, card templates and styling.</summary>
    public sealed class AnkiNoteType
    {
        public long Id { get; internal set; }

        public string Name { get; internal set; } = "";

        public NoteTypeKind Kind { get; internal set; }

        public string[] Fields { get; internal set; } = System.Array.Empty<string>();

        public AnkiTemplate[] Templates { get; internal set; } = System.Array.Empty<AnkiTemplate>();

        public string Css { get; internal set; } = "";

        /// <summary>The name of the field the browser sorts by.</summary>
        public string SortField { get; internal set; } = "";

        public AnkiPackage? Package { get; internal set; }
    }
}
