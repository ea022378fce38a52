using System;
using System.Collections.Generic;
using AnkiSync.Storage;
using AnkiSync.Text;

namespace AnkiSync.Editing
{
    public sealed partial class NoteEditor
    {
        /// <summary>
        /// Overwrites the note's fields and tags with an imported version of it (Import-AnkiPackage), the way Anki's
        /// importer does: the incoming <paramref name="modSeconds"/> is kept (so that successive exports chain), the
        /// sort field and checksum are recomputed, and no cards are generated. The values must match the note type's fields.
        /// </summary>
        internal AnkiNote ReplaceImported(long noteId, string[] values, IReadOnlyList<string> tags, long modSeconds)
        {
            ThrowIfFinished();
            var (noteType, _, _, guid) = ReadNote(noteId);
            if (values.Length != noteType.FieldNames.Count)
            {
                throw new AnkiException(AnkiErrors.FieldCountMismatch,
                    $"The imported note {noteId} has {values.Length} field(s); its note type '{noteType.Name}' has {noteType.FieldNames.Count}.", noteId);
            }

            for (int i = 0; i < values.Length; i++)
            {
                values[i] = FieldText.Normalize(values[i]);
            }

            string storedTags = TagList.Join(tags);
            try
            {
                Storage.AnkiDatabase.Bind(updateNote, string.Join("\u001f", values), HtmlText.StripHtmlPreservingMediaFilenames(values[noteType.SortIndex]),
                    FieldChecksum.Compute(values[0]), storedTags, modSeconds, noteId);
                updateNote.ExecuteNonQuery();
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            changed++;
            return Package.WrittenNote(noteId, guid, noteType, null, values, storedTags, modSeconds);
        }
    }
}
