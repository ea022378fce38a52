using System;
using System.Collections.Generic;
using AnkiSync.NoteText;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>
        /// Imports a text file laid out as Anki's "Notes in Plain Text" export or a headed CSV/TSV file, reading its
        /// header lines as Anki does. A bad row goes to <paramref name="rowError"/> and the others go on.
        /// </summary>
        public AnkiNoteImportResult ImportNotes(string path, NoteTextImportOptions options, Action<AnkiException>? rowError = null, Action<string>? warning = null)
            => NoteTextFiles.Import(this, path, options, rowError, warning);

        /// <summary>
        /// Writes the notes (all when <paramref name="noteIds"/> is null) to <paramref name="path"/> in the layout of
        /// Anki's "Notes in Plain Text" export, through a temporary file; returns how many were written.
        /// </summary>
        public int ExportNotes(string path, IReadOnlyCollection<long>? noteIds, NoteTextExportOptions options, bool overwrite = false)
            => NoteTextFiles.Export(this, noteIds, options, path, overwrite);
    }
}
