using System.Collections.Generic;

namespace AnkiSync
{
    /// <summary>What a row does when its guid is already in the package (<c>Add-AnkiNote -IfExists</c>).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum NoteExists
    {
        /// <summary>The row is an error (DuplicateGuid).</summary>
        Error,

        /// <summary>The existing note is left as it is.</summary>
        Skip,

        /// <summary>The existing note's fields and tags are changed in place; its id, cards and scheduling stay.</summary>
        Update,
    }

    /// <summary>What became of one row written by <see cref="Editing.NoteBatch.Write"/>.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum NoteOutcome
    {
        Added,
        Updated,

        /// <summary>The guid was there and the row changed nothing (same fields and tags).</summary>
        Unchanged,

        /// <summary>The guid was there and <see cref="NoteExists.Skip"/> left the note alone.</summary>
        Skipped,
    }

    /// <summary>What a new note is made of. Give either <see cref="Values"/> (in field order) or <see cref="NamedValues"/>.</summary>
    public sealed class NoteInput
    {
        /// <summary>The note type's name; stock types are created on first use.</summary>
        public string NoteType { get; set; } = "Basic";

        /// <summary>The deck for the note's cards ("Default" when null); created when missing.</summary>
        public string? Deck { get; set; }

        /// <summary>Field values in the note type's field order; the count must match.</summary>
        public IReadOnlyList<string?>? Values { get; set; }

        /// <summary>Field name → value; names match case-insensitively; missing fields are empty (or, on update, kept).</summary>
        public IEnumerable<KeyValuePair<string, string?>>? NamedValues { get; set; }

        /// <summary>Tags, one per element (no spaces inside a tag). Null: none for a new note, kept on update.</summary>
        public IEnumerable<string>? Tags { get; set; }

        /// <summary>An explicit guid; by default it is derived from the note type and <see cref="Key"/>.</summary>
        public string? Guid { get; set; }

        /// <summary>What the default guid is derived from; defaults to the first field's value.</summary>
        public string? Key { get; set; }

        /// <summary>What happens when the guid is already in the package (default: an error).</summary>
        public NoteExists IfExists { get; set; }

        /// <summary>
        /// The names of <see cref="NamedValues"/> are the properties of a piped row: names that are not fields are an
        /// <c>ExtraProperty</c> error (naming them all), or ignored with <see cref="IgnoreUnknownFields"/>.
        /// </summary>
        public bool NamesAreProperties { get; set; }

        /// <summary>Names in <see cref="NamedValues"/> that are not fields of the note type are ignored.</summary>
        public bool IgnoreUnknownFields { get; set; }

        /// <summary>
        /// A note copied from another package: its note type (<see cref="SourceNoteTypeId"/> there) is used when the
        /// target has it by id or by name, and otherwise copied into the target with the same id and definition.
        /// </summary>
        public AnkiPackage? SourcePackage { get; set; }

        /// <summary>The id of the note type in <see cref="SourcePackage"/>.</summary>
        public long SourceNoteTypeId { get; set; }
    }

    /// <summary>One row written by <see cref="Editing.NoteBatch.Write"/>: what became of it, and the note it is now.</summary>
    public sealed class NoteWriteResult
    {
        internal NoteWriteResult(NoteOutcome outcome, long noteId, AnkiNote? note)
        {
            Outcome = outcome;
            NoteId = noteId;
            Note = note;
        }

        public NoteOutcome Outcome { get; }

        public long NoteId { get; }

        /// <summary>The note as it is now, when it was asked for.</summary>
        public AnkiNote? Note { get; }
    }
}
