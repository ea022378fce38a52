using System.Collections.Generic;

namespace AnkiSync
{
    /// <summary>What Import-AnkiNote did with the rows of a text file (Anki's import log, counted).</summary>
    public sealed class AnkiNoteImportResult
    {
        /// <summary>The file read.</summary>
        public string Path { get; internal set; } = "";

        /// <summary>Rows found in the file.</summary>
        public int Rows { get; internal set; }

        /// <summary>Notes added (including first-field matches added again with -IfExists Duplicate).</summary>
        public int New { get; internal set; }

        /// <summary>Existing notes whose fields or tags the rows changed in place.</summary>
        public int Updated { get; internal set; }

        /// <summary>Rows that matched an existing note and would change nothing.</summary>
        public int Unchanged { get; internal set; }

        /// <summary>Rows that matched an existing note and were skipped (-IfExists Skip; a guid match with Duplicate).</summary>
        public int Skipped { get; internal set; }

        /// <summary>Rows whose match is a note of another note type, so it was not updated.</summary>
        public int Conflicting { get; internal set; }

        /// <summary>Rows whose first field is empty (Anki skips them).</summary>
        public int EmptyFirstField { get; internal set; }

        /// <summary>Rows whose note type (or deck id) is not in the package.</summary>
        public int Missing { get; internal set; }

        /// <summary>Rows refused for another reason (each was reported as an error).</summary>
        public int Failed { get; internal set; }

        /// <summary>The notes added or updated, when asked for (-PassThru).</summary>
        public IReadOnlyList<AnkiNote> Notes { get; internal set; } = new List<AnkiNote>();
    }
}
