using System;
using System.Collections.Generic;

namespace AnkiSync
{
    /// <summary>
    /// What <c>Import-AnkiPackage</c> did (or, with -WhatIf, would do): the notes of the imported package counted
    /// the way Anki's importer logs them (new, updated, duplicate as Unchanged, conflicting) and the media it copied.
    /// </summary>
    public sealed class AnkiImportResult
    {
        /// <summary>The package that was imported.</summary>
        public string Path { get; internal set; } = "";

        /// <summary>Notes whose guid the target lacked: added, with their cards.</summary>
        public int New { get; internal set; }

        /// <summary>Notes whose guid the target had, overwritten (fields and tags) because of -UpdateNotes.</summary>
        public int Updated { get; internal set; }

        /// <summary>Notes whose guid the target had and that were left as they are (not newer, or -UpdateNotes Never).</summary>
        public int Unchanged { get; internal set; }

        /// <summary>Notes whose guid the target had under another note type, or a note type of another shape: skipped.</summary>
        public int Conflicting { get; internal set; }

        /// <summary>Cards added (cards of notes the target had are never changed).</summary>
        public int CardsAdded { get; internal set; }

        /// <summary>Review log entries added (with -WithScheduling).</summary>
        public int ReviewsAdded { get; internal set; }

        /// <summary>Note types added, including copies made for a note type whose fields or templates differ.</summary>
        public int NoteTypesAdded { get; internal set; }

        /// <summary>Note types of the target changed to the imported version.</summary>
        public int NoteTypesUpdated { get; internal set; }

        /// <summary>Decks added (with their missing parents).</summary>
        public int DecksAdded { get; internal set; }

        /// <summary>Media files copied into the target (renamed ones included).</summary>
        public int MediaAdded { get; internal set; }

        /// <summary>Media files copied under a new name (<c>stem-sha1.ext</c>) because the target has other content under their name.</summary>
        public int MediaRenamed { get; internal set; }

        /// <summary>Old name → new name of every renamed media file; the imported notes refer to the new name.</summary>
        public IReadOnlyDictionary<string, string> RenamedMedia { get; internal set; } = new Dictionary<string, string>();

        /// <summary>True when nothing was written (-WhatIf): the counts are what the import would do.</summary>
        public bool WhatIf { get; internal set; }

        /// <summary>With -PassThru: the new and updated notes as they are in the target.</summary>
        public AnkiNote[] Notes { get; internal set; } = Array.Empty<AnkiNote>();

        /// <summary>Rows of the imported package that Anki would not import either (a note of a missing note type, ...), and the faults Anki tolerates that opening it found (a media name listed twice, ...), one line each.</summary>
        public string[] Skipped { get; internal set; } = Array.Empty<string>();

        public override string ToString() => $"{Path}: {New} new, {Updated} updated, {Unchanged} unchanged, {Conflicting} conflicting";
    }
}
