using System;

namespace AnkiSync
{
    /// <summary>A note as the module shows it; plain data (the PowerShell layer adds one property per field).</summary>
    public sealed class AnkiNote
    {
        public long Id { get; internal set; }

        /// <summary>The same as <see cref="Id"/>, so that piped notes bind the -NoteId of Get-AnkiCard, Set-AnkiNote and Remove-AnkiNote.</summary>
        public long NoteId => Id;

        public string Guid { get; internal set; } = "";

        /// <summary>The note type's name.</summary>
        public string NoteType { get; internal set; } = "";

        public long NoteTypeId { get; internal set; }

        /// <summary>The deck of the note's first card.</summary>
        public string? Deck { get; internal set; }

        /// <summary>Field name → value, in the note type's order.</summary>
        /// <remarks>
        /// Left out by PowerShell's ConvertTo-Json, which writes each field as a property (the module's type adapter adds
        /// them), as Export-Csv does: the fields appear once.
        /// </remarks>
        [Newtonsoft.Json.JsonIgnore]
        public AnkiFields Fields { get; internal set; } = AnkiFields.Empty;

        public string[] Tags { get; internal set; } = Array.Empty<string>();

        /// <summary>Last modification, local time.</summary>
        public DateTime Modified { get; internal set; }

        /// <summary>The package this note lives in.</summary>
        public AnkiPackage? Package { get; internal set; }
    }
}
