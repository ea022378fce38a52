using System;
using System.Globalization;
using SQLitePCL;

namespace AnkiSync.Bench
{
    /// <summary>
    /// For --profile write only: the same inserts through SQLitePCLRaw directly (bind by index, text bound as
    /// UTF-16, step, reset), bypassing Microsoft.Data.Sqlite's per-execution reader and by-name binding.
    /// It shows how much of the insert cost is the ADO.NET layer rather than SQLite.
    /// </summary>
    internal static class DirectSqliteExperiment
    {
        public static void WriteCollection(string path, RawHeader header, int count, string? pragmas = null)
        {
            Check(raw.sqlite3_open_v2(path, out sqlite3 db, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE, null), null);
            using (db)
            {
                if (pragmas != null)
                {
                    Exec(db, pragmas);
                }

                Exec(db, "begin");
                Exec(db, SchemaConversion.Schema11.CreateTables);
                object[] col = header.For(count, Workload.Tag);
                Exec(db, string.Format(CultureInfo.InvariantCulture, "insert into col values (1, {0}, {1}, {2}, {3}, {4}, {5}, {6}, '{7}', '{8}', '{9}', '{10}', '{11}')",
                    col[0], col[1], col[2], col[3], col[4], col[5], col[6],
                    Quote(col[7]), Quote(col[8]), Quote(col[9]), Quote(col[10]), Quote(col[11])));
                Check(raw.sqlite3_prepare_v2(db, "insert into notes values (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')", out sqlite3_stmt note), db);
                Check(raw.sqlite3_prepare_v2(db, "insert into cards values (?1, ?2, 1, 0, ?3, -1, 0, 0, ?4, 0, 0, 0, 0, 0, 0, 0, 0, '')", out sqlite3_stmt card), db);
                using (note)
                using (card)
                {
                    long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                    long firstId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    const string tags = " bench ";
                    for (int i = 1; i <= count; i++)
                    {
                        string front = RawRows.Normalized(Workload.Front(i));
                        string back = RawRows.Normalized(Workload.Back(i));
                        string sortField = RawRows.PlainText(front);
                        long id = firstId + i;
                        raw.sqlite3_bind_int64(note, 1, id);
                        raw.sqlite3_bind_text16(note, 2, RawRows.NoteGuid(Workload.NoteType, front).AsSpan());
                        raw.sqlite3_bind_int64(note, 3, header.NoteTypeId);
                        raw.sqlite3_bind_int64(note, 4, now);
                        raw.sqlite3_bind_text16(note, 5, tags.AsSpan());
                        raw.sqlite3_bind_text16(note, 6, string.Concat(front, "\u001f", back).AsSpan());
                        raw.sqlite3_bind_text16(note, 7, sortField.AsSpan());
                        raw.sqlite3_bind_int64(note, 8, RawRows.Checksum(sortField));
                        Step(note, db);
                        raw.sqlite3_bind_int64(card, 1, id);
                        raw.sqlite3_bind_int64(card, 2, id);
                        raw.sqlite3_bind_int64(card, 3, now);
                        raw.sqlite3_bind_int64(card, 4, i);
                        Step(card, db);
                    }
                }

                Exec(db, "commit");
            }
        }

        private static string Quote(object value) => Convert.ToString(value, CultureInfo.InvariantCulture)!.Replace("'", "''");

        private static void Step(sqlite3_stmt statement, sqlite3 db)
        {
            if (raw.sqlite3_step(statement) != raw.SQLITE_DONE)
            {
                throw new InvalidOperationException(raw.sqlite3_errmsg(db).utf8_to_string());
            }

            raw.sqlite3_reset(statement);
        }

        private static void Exec(sqlite3 db, string sql) => Check(raw.sqlite3_exec(db, sql), db);

        private static void Check(int code, sqlite3? db)
        {
            if (code != raw.SQLITE_OK)
            {
                throw new InvalidOperationException($"SQLite error {code}: {(db == null ? "" : raw.sqlite3_errmsg(db).utf8_to_string())}");
            }
        }
    }
}
