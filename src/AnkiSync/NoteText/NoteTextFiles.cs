using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace AnkiSync.NoteText
{
    /// <summary>Reading and writing the text files themselves: UTF-8 (as Anki), written atomically.</summary>
    internal static class NoteTextFiles
    {
        // Stryker disable once Boolean: only decodes, so whether it would write a BOM changes nothing.
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>Imports a file (see <see cref="NoteTextImporter"/>); a file that is not UTF-8 text is refused as Anki refuses it.</summary>
        public static AnkiNoteImportResult Import(AnkiPackage package, string path, NoteTextImportOptions options,
            Action<AnkiException>? rowError = null, Action<string>? warning = null)
        {
            string text;
            try
            {
                text = File.ReadAllText(path, StrictUtf8);
            }
            catch (DecoderFallbackException e)
            {
                throw new AnkiException(AnkiErrors.InvalidText, $"The file '{path}' is not UTF-8 text, which Anki's text import requires. Save it as UTF-8 and try again.", path, e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new AnkiException(AnkiErrors.FileUnreadable, $"Could not read '{path}': {e.Message}", path, e);
            }

            return NoteTextImporter.Import(package, text, path, options, rowError, warning);
        }

        /// <summary>
        /// Writes the notes (all when <paramref name="noteIds"/> is null) to <paramref name="path"/> through a
        /// temporary file beside it, so a failure leaves no half-written file; returns how many were written.
        /// </summary>
        public static int Export(AnkiPackage package, IReadOnlyCollection<long>? noteIds, NoteTextExportOptions options, string path, bool overwrite)
        {
            if (!overwrite && File.Exists(path))
            {
                throw new AnkiException(AnkiErrors.FileExists, $"The file '{path}' already exists. Use -Force to overwrite it.", path);
            }

            string full = Path.GetFullPath(path);
            // Stryker disable once all: the temporary file's name is never seen; it is gone after success and failure alike.
            string temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                int count;
                using (var writer = new StreamWriter(new FileStream(temp, FileMode.CreateNew, FileAccess.Write), new UTF8Encoding(false)))
                {
                    count = NoteTextWriter.Write(package, noteIds, options, writer);
                }

                if (File.Exists(full))
                {
                    File.Replace(temp, full, null);
                }
                else
                {
                    File.Move(temp, full);
                }

                return count;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new AnkiException(AnkiErrors.WriteFailed, $"Could not write '{path}': {e.Message}", path, e);
            }
            finally
            {
                try
                {
                    if (File.Exists(temp))
                    {
                        File.Delete(temp);
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // The temporary file stays; the error above (if any) is what counts.
                }
            }
        }
    }
}
