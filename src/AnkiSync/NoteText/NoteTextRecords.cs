using System.Collections.Generic;
using System.Text;

namespace AnkiSync.NoteText
{
    /// <summary>One row of a text file: its fields and the line it starts on (1-based, for messages).</summary>
    internal sealed class NoteTextRecord
    {
        internal NoteTextRecord(IReadOnlyList<string> fields, int line)
        {
            Fields = fields;
            Line = line;
        }

        public IReadOnlyList<string> Fields { get; }

        public int Line { get; }

        /// <summary>The field in a 1-based column, or null when the row is shorter.</summary>
        internal string? Column(int column) => column >= 1 && column <= Fields.Count ? Fields[column - 1] : null;
    }

    /// <summary>
    /// Splits text into records the way Anki's importer does (the Rust <c>csv</c> reader it configures: no header row,
    /// rows of any length, <c>#</c> starting a comment line, <c>"</c> quoting with <c>""</c> for a quote inside).
    /// A field is quoted only when it starts with a quote; after the closing quote, anything up to the next delimiter
    /// is kept as is; a quote inside an unquoted field is an ordinary character; a quoted field may hold delimiters,
    /// line breaks and <c>#</c>; a quote left open runs to the end of the text. Lines ending in LF, CRLF or CR are all
    /// line ends, and empty lines are skipped.
    /// </summary>
    internal static class NoteTextRecords
    {
        public static IReadOnlyList<NoteTextRecord> Parse(string text, char delimiter, int start = 0)
        {
            var records = new List<NoteTextRecord>();
            var field = new StringBuilder();
            int pos = start;
            int line = 1;
            for (int i = 0; i < start; i++)
            {
                if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                {
                    line++;
                }
            }

            int n = text.Length;
            while (pos < n)
            {
                char c = text[pos];
                if (c == '\r' || c == '\n')
                {
                    line += LineEnd(text, ref pos);
                    continue;
                }

                if (c == '#')
                {
                    while (pos < n && text[pos] != '\r' && text[pos] != '\n')
                    {
                        pos++;
                    }

                    continue;
                }

                int recordLine = line;
                var fields = new List<string>();
                while (true)
                {
                    field.Clear();
                    if (pos < n && text[pos] == '"')
                    {
                        pos++;
                        while (pos < n)
                        {
                            char q = text[pos];
                            if (q == '"')
                            {
                                if (pos + 1 < n && text[pos + 1] == '"')
                                {
                                    field.Append('"');
                                    pos += 2;
                                    continue;
                                }

                                pos++;
                                break;
                            }

                            if (q == '\n' || (q == '\r' && (pos + 1 >= n || text[pos + 1] != '\n')))
                            {
                                line++;
                            }

                            field.Append(q);
                            pos++;
                        }
                    }

                    // Unquoted, or what follows a closing quote: up to the delimiter or the line end.
                    while (pos < n && text[pos] != delimiter && text[pos] != '\r' && text[pos] != '\n')
                    {
                        field.Append(text[pos]);
                        pos++;
                    }

                    fields.Add(field.ToString());
                    if (pos < n && text[pos] == delimiter)
                    {
                        pos++;
                        continue;
                    }

                    if (pos < n)
                    {
                        line += LineEnd(text, ref pos);
                    }

                    break;
                }

                records.Add(new NoteTextRecord(fields, recordLine));
            }

            return records;
        }

        /// <summary>Steps over one line end (CRLF, LF or CR); returns 1.</summary>
        private static int LineEnd(string text, ref int pos)
        {
            if (text[pos] == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n')
            {
                pos++;
            }

            pos++;
            return 1;
        }
    }
}
