using System.Collections.Generic;

namespace AnkiSync
{
    /// <summary>What to change on an existing note; null members are left alone.</summary>
    public sealed class NoteChange
    {
        /// <summary>Field name → new value; names match case-insensitively; unnamed fields keep their value.</summary>
        public IEnumerable<KeyValuePair<string, string?>>? Fields { get; set; }

        /// <summary>Replaces every tag.</summary>
        public IEnumerable<string>? Tags { get; set; }

        public IEnumerable<string>? AddTags { get; set; }

        /// <summary>Tags to remove, compared case-insensitively as Anki does.</summary>
        public IEnumerable<string>? RemoveTags { get; set; }
    }
}
