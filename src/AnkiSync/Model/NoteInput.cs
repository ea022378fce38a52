using System.Collections.Generic;

namespace AnkiSync
{
    /// <summary>What a new note is made of. Give either <see cref="Values"/> (in field order) or <see cref="NamedValues"/>.</summary>
    public sealed class NoteInput
    {
        /// <summary>The note type's name; stock types are created on first use.</summary>
        public string NoteType { get; set; } = "Basic";

        /// <summary>The deck for the note's cards ("Default" when null); created when missing.</summary>
        public string? Deck { get; set; }

        /// <summary>Field values in the note type's field order; the count must match.</summary>
        public IReadOnlyList<string?>? Values { get; set; }

        /// <summary>Field name → value; names match case-insensitively; missing fields are empty.</summary>
        public IEnumerable<KeyValuePair<string, string?>>? NamedValues { get; set; }

        /// <summary>Tags, one per element (no spaces inside a tag).</summary>
        public IEnumerable<string>? Tags { get; set; }

        /// <summary>An explicit guid; by default it is derived from the note type and <see cref="Key"/>.</summary>
        public string? Guid { get; set; }

        /// <summary>What the default guid is derived from; defaults to the first field's value.</summary>
        public string? Key { get; set; }
    }
}
