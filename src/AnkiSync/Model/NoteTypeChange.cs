using System.Collections.Generic;
using AnkiSync.Collection;

namespace AnkiSync
{
    /// <summary>
    /// What to change in a note type, applied in this order: fields renamed, removed, added, reordered; templates
    /// renamed, removed, added, changed, reordered; then the name, styling and sort field. Null or empty leaves a part as it is.
    /// </summary>
    public sealed class NoteTypeChange
    {
        public string? NewName { get; set; }

        public IReadOnlyList<string>? AddFields { get; set; }

        /// <summary>Old field name → new field name; templates that use the field are rewritten.</summary>
        public IReadOnlyList<KeyValuePair<string, string>>? RenameFields { get; set; }

        public IReadOnlyList<string>? RemoveFields { get; set; }

        /// <summary>Every field name, in the new order.</summary>
        public IReadOnlyList<string>? FieldOrder { get; set; }

        public IReadOnlyList<TemplateDefinition>? AddTemplates { get; set; }

        /// <summary>Templates named by <see cref="TemplateChange.Name"/> get a new front and/or back.</summary>
        public IReadOnlyList<TemplateChange>? SetTemplates { get; set; }

        public IReadOnlyList<string>? RemoveTemplates { get; set; }

        /// <summary>Old template name → new template name.</summary>
        public IReadOnlyList<KeyValuePair<string, string>>? RenameTemplates { get; set; }

        /// <summary>Every template name, in the new order (cards follow their template).</summary>
        public IReadOnlyList<string>? TemplateOrder { get; set; }

        public string? Css { get; set; }

        public string? SortField { get; set; }
    }

    /// <summary>A new front and/or back for an existing template; null keeps that side.</summary>
    public sealed class TemplateChange
    {
        public TemplateChange(string name, string? front, string? back)
        {
            Name = name;
            Front = front;
            Back = back;
        }

        public string Name { get; }

        public string? Front { get; }

        public string? Back { get; }
    }

    /// <summary>What a structural change did, for the user: counts, and whether the next sync must be a full one.</summary>
    public sealed class StructureChangeSummary
    {
        public int DecksRemoved { get; internal set; }

        public int CardsRemoved { get; internal set; }

        public int CardsAdded { get; internal set; }

        public int NotesRemoved { get; internal set; }

        public int NotesChanged { get; internal set; }

        /// <summary>The collection's schema changed (col.scm): the next sync with AnkiWeb is a one-way full sync.</summary>
        public bool SchemaChanged { get; internal set; }

        /// <summary>The fields a note type change removed: their values are gone from every note of the type.</summary>
        public IReadOnlyList<string> DroppedFields { get; internal set; } = new List<string>();
    }
}
