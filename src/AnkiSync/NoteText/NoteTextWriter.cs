using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using AnkiSync.Collection;
using AnkiSync.Storage;
using AnkiSync.Text;

namespace AnkiSync.NoteText
{
    /// <summary>Which columns Export-AnkiNote writes (Anki's "Notes in Plain Text" export options).</summary>
    public sealed class NoteTextExportOptions
    {
        /// <summary>Fields as HTML (<c>#html:true</c>); false writes them as one line of plain text each.</summary>
        public bool Html { get; set; } = true;

        public bool WithGuid { get; set; }

        public bool WithNoteType { get; set; }

        public bool WithDeck { get; set; }

        public bool WithTags { get; set; }
    }

    /// <summary>
    /// Writes notes in the layout of Anki's "Notes in Plain Text" export (rslib <c>text/csv/export.rs</c>): tab-separated;
    /// header lines <c>#separator:tab</c>, <c>#html:…</c>, then <c>#guid column</c>, <c>#notetype column</c>,
    /// <c>#deck column</c>, <c>#tags column</c> for the columns written; a row is [guid] [note type] [deck] the fields
    /// (padded with empty ones to the largest field count of the exported note types) [tags, space-separated]. The deck
    /// is that of the note's card with the lowest ordinal. Style elements and <c>[[type:…]]</c> are removed from fields;
    /// without HTML, a field becomes one line of text. A field is quoted (with <c>""</c> for a quote) when it holds a tab,
    /// a quote or a line break, or starts with <c>#</c>; lines end with LF; notes are written in id order.
    /// </summary>
    internal static class NoteTextWriter
    {
        private static readonly Regex RedundantSections = new Regex(@"<style>.*?</style>|\[\[type:[^]]+\]\]",
            RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);

        private static readonly Regex Spacers = new Regex(@"<br\s*/?>|<div>|\n", RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex TypeTag = new Regex(@"\[\[type:[^]]+\]\]", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        private static readonly Regex SoundTag = new Regex(@"\[sound:[^]]+\]", RegexOptions.Compiled | RegexOptions.CultureInvariant);

        /// <summary>
        /// Writes the notes with <paramref name="noteIds"/> (every note when null) of <paramref name="package"/> to
        /// <paramref name="output"/>; returns how many were written.
        /// </summary>
        public static int Write(AnkiPackage package, IReadOnlyCollection<long>? noteIds, NoteTextExportOptions options, TextWriter output)
        {
            string idFilter = noteIds == null ? "" : " and n.id in (" + RowReader.JoinIds(noteIds) + ")";
            int fieldColumns = 0;
            try
            {
                using var command = package.State.Db.Command("select distinct n.mid from notes n where 1 = 1" + idFilter);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    if (!reader.IsDBNull(0))
                    {
                        NoteTypeModel? model = package.State.FindNoteType(reader.GetInt64(0));
                        fieldColumns = Math.Max(fieldColumns, model?.FieldNames.Count ?? 0);
                    }
                }
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw package.State.StorageError(e, writing: false);
            }

            int guidColumn = options.WithGuid ? 1 : 0;
            int noteTypeColumn = options.WithNoteType ? 1 + guidColumn : 0;
            int deckColumn = options.WithDeck ? 1 + (noteTypeColumn > 0 ? noteTypeColumn : guidColumn) : 0;
            int tagsColumn = options.WithTags ? 1 + (deckColumn > 0 ? deckColumn : noteTypeColumn > 0 ? noteTypeColumn : guidColumn) + fieldColumns : 0;

            output.Write("#separator:tab\n");
            output.Write(options.Html ? "#html:true\n" : "#html:false\n");
            foreach (var (name, column) in new[] { ("guid", guidColumn), ("notetype", noteTypeColumn), ("deck", deckColumn), ("tags", tagsColumn) })
            {
                if (column > 0)
                {
                    output.Write("#" + name + " column:" + column.ToString(CultureInfo.InvariantCulture) + "\n");
                }
            }

            string sql = "select n.id, n.guid, n.mid, n.tags, n.flds, (select c.did from cards c where c.nid = n.id order by c.ord limit 1) "
                + "from notes n where n.id > $after" + idFilter + " order by n.id";
            int count = 0;
            var record = new List<string>();
            foreach (var row in RowReader.ReadPages(package.State, sql, reader => new object?[]
            {
                RowReader.TextOrEmpty(reader, 1), reader.IsDBNull(2) ? 0L : reader.GetInt64(2), RowReader.TextOrEmpty(reader, 3),
                RowReader.TextOrEmpty(reader, 4), reader.IsDBNull(5) ? (long?)null : reader.GetInt64(5),
            }))
            {
                record.Clear();
                if (options.WithGuid)
                {
                    record.Add((string)row[0]!);
                }

                if (options.WithNoteType)
                {
                    record.Add(package.State.FindNoteType((long)row[1]!)?.Name ?? "");
                }

                if (options.WithDeck)
                {
                    record.Add(row[4] is long did ? package.State.Decks.NameOf(did) ?? "" : "");
                }

                string[] fields = ((string)row[3]!).Split('\u001f');
                for (int i = 0; i < Math.Max(fields.Length, fieldColumns); i++)
                {
                    record.Add(i < fields.Length ? FieldText(fields[i], options.Html) : "");
                }

                if (options.WithTags)
                {
                    record.Add(string.Join(" ", TagList.ParseStored((string)row[2]!)));
                }

                WriteRecord(output, record);
                count++;
            }

            return count;
        }

        /// <summary>A field as the export writes it: without style elements and type-answer boxes; without HTML, one line of text.</summary>
        public static string FieldText(string field, bool html)
        {
            string text = RedundantSections.Replace(field, "");
            if (!html)
            {
                // html_to_text_line without media file names: line breaks and divs become spaces, sounds go, tags are stripped.
                text = Spacers.Replace(text, " ");
                text = TypeTag.Replace(text, "");
                text = SoundTag.Replace(text, "");
                text = HtmlText.StripHtml(text).Trim();
            }

            return text;
        }

        /// <summary>One tab-separated record and its LF.</summary>
        public static void WriteRecord(TextWriter output, IReadOnlyList<string> fields)
        {
            for (int i = 0; i < fields.Count; i++)
            {
                if (i > 0)
                {
                    output.Write('\t');
                }

                string field = fields[i];
                // An empty record would read back as no record at all: its one empty field is quoted.
                bool quote = field.IndexOfAny(new[] { '\t', '"', '\r', '\n' }) >= 0 || field.StartsWith("#", StringComparison.Ordinal)
                    || (fields.Count == 1 && field.Length == 0);
                if (quote)
                {
                    output.Write('"');
                    output.Write(field.Replace("\"", "\"\""));
                    output.Write('"');
                }
                else
                {
                    output.Write(field);
                }
            }

            output.Write('\n');
        }
    }
}
