using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using AnkiSync.Packages;
using AnkiSync.SchemaConversion;
using AnkiSync.Storage;
using AnkiSync.Text;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Bench
{
    /// <summary>
    /// The raw limit: the same rows written with Microsoft.Data.Sqlite directly — one prepared statement per
    /// table in one transaction, computing the same per-row values the engine must (guid, checksum, sort field,
    /// the scans that prove normalising and HTML stripping change nothing) — then zipped as a Legacy2 apkg
    /// with the same entries the engine writes (meta, collection.anki21, the stub collection.anki2, media).
    /// </summary>
    internal sealed class RawWrite : Scenario
    {
        internal const string StubMessage = "Please update to the latest Anki version, then import the .colpkg/.apkg file again.";
        private RawHeader? header;

        public override string Name => "raw-write";

        public override void Prepare(BenchFiles files)
        {
            SqliteNative.EnsureProvider();
            header = RawHeader.FromEngine();
        }

        public override long Run(BenchFiles files)
        {
            string work = Directory.CreateTempSubdirectory("ankisync-raw-").FullName;
            try
            {
                string collection = Path.Combine(work, "collection.anki21");
                string stub = Path.Combine(work, "collection.anki2");
                WriteCollection(collection, files.Count, 0, i => (Workload.Front(i), Workload.Back(i)), Workload.Tag);
                WriteCollection(stub, 1, 512, _ => (StubMessage, ""), null);
                WriteZip(files.RawPackage, collection, stub);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }

            return files.Count;
        }

        public override void Verify(BenchFiles files, long result)
        {
            PackageCheck.RequireCounts(files.RawPackage, files.Count);
            RawRows.RequireSameNotes(files.RawPackage, files.EnginePackage);
        }

        internal void WriteCollection(string path, int count, int pageSize, Func<int, (string Front, string Back)> row, string? tag, string? pragmas = null)
        {
            object[] col = header!.For(count, tag);
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
            connection.Open();
            if (pageSize > 0)
            {
                Execute(connection, "pragma page_size = " + pageSize.ToString(CultureInfo.InvariantCulture));
            }

            if (pragmas != null)
            {
                Execute(connection, pragmas);
            }

            Execute(connection, "begin");
            Execute(connection, Schema11.CreateTables);
            using (var insertCol = connection.CreateCommand())
            {
                insertCol.CommandText = "insert into col values (1, $crt, $mod, $scm, $ver, $dty, $usn, $ls, $conf, $models, $decks, $dconf, $tags)";
                string[] names = { "$crt", "$mod", "$scm", "$ver", "$dty", "$usn", "$ls", "$conf", "$models", "$decks", "$dconf", "$tags" };
                for (int c = 0; c < names.Length; c++)
                {
                    insertCol.Parameters.AddWithValue(names[c], col[c]);
                }

                insertCol.ExecuteNonQuery();
            }

            using var insertNote = Prepare(connection, "insert into notes values ($id, $guid, $mid, $mod, -1, $tags, $flds, $sfld, $csum, 0, '')",
                "$id", "$guid", "$mid", "$mod", "$tags", "$flds", "$sfld", "$csum");
            using var insertCard = Prepare(connection, "insert into cards values ($id, $nid, $did, $ord, $mod, -1, 0, 0, $due, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                "$id", "$nid", "$did", "$ord", "$mod", "$due");
            var note = insertNote.Parameters;
            var card = insertCard.Parameters;
            string storedTags = tag == null ? "" : " " + tag + " ";
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            long firstId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            note[2].Value = header.NoteTypeId;
            note[3].Value = now;
            note[4].Value = storedTags;
            card[2].Value = RawHeader.DefaultDeckId;
            card[3].Value = 0;
            card[4].Value = now;
            for (int i = 1; i <= count; i++)
            {
                var (front, back) = row(i);
                front = RawRows.Normalized(front);
                back = RawRows.Normalized(back);
                string sortField = RawRows.PlainText(front);
                long id = firstId + i;
                note[0].Value = id;
                note[1].Value = RawRows.NoteGuid(Workload.NoteType, front);
                note[5].Value = string.Concat(front, "\u001f", back);
                note[6].Value = sortField;
                note[7].Value = RawRows.Checksum(sortField);
                insertNote.ExecuteNonQuery();

                card[0].Value = id;
                card[1].Value = id;
                card[5].Value = i;
                insertCard.ExecuteNonQuery();
            }

            Execute(connection, "commit");
        }

        internal static void WriteZip(string path, string collection, string stub)
        {
            using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920);
            using var zip = new ZipArchive(file, ZipArchiveMode.Create);
            using (var meta = zip.CreateEntry("meta", CompressionLevel.NoCompression).Open())
            {
                meta.Write(new byte[] { 0x08, (byte)PackageVersion.Legacy2 });
            }

            CopyInto(zip, "collection.anki21", collection, CompressionLevel.Optimal);
            CopyInto(zip, "collection.anki2", stub, CompressionLevel.NoCompression);
            using (var media = zip.CreateEntry("media", CompressionLevel.NoCompression).Open())
            {
                media.Write("{}"u8);
            }
        }

        private static void CopyInto(ZipArchive zip, string name, string source, CompressionLevel level)
        {
            using var entry = zip.CreateEntry(name, level).Open();
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
            input.CopyTo(entry, 81920);
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] names)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (string name in names)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The raw read limit: unzip the collection, one SELECT over cards joined with notes, filter in C#.</summary>
    internal sealed class RawRead : Scenario
    {
        public override string Name => "raw-read";

        public override void Prepare(BenchFiles files)
        {
            SqliteNative.EnsureProvider();
            PackageCheck.RequireFile(files.ReadInput);
        }

        public override long Run(BenchFiles files)
        {
            string work = Directory.CreateTempSubdirectory("ankisync-raw-").FullName;
            try
            {
                string collection = Path.Combine(work, "collection.anki21");
                using (var zip = ZipFile.OpenRead(files.ReadInput))
                {
                    var entry = zip.GetEntry("collection.anki21") ?? throw new InvalidDataException("No collection.anki21 in the package.");
                    entry.ExtractToFile(collection);
                }

                long matches = 0;
                using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = collection, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
                connection.Open();
                using var command = connection.CreateCommand();
                // The same columns the engine reads for a card, so the limit reads the same data.
                command.CommandText = "select c.id, c.nid, c.did, c.ord, c.mod, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.flags, c.odid, "
                    + "n.mid, n.tags, n.flds from cards c join notes n on n.id = c.nid order by c.id";
                using var reader = command.ExecuteReader();
                long checksum = 0;
                while (reader.Read())
                {
                    for (int c = 0; c < 15; c++)
                    {
                        checksum += reader.GetInt64(c);
                    }

                    checksum += reader.GetString(15).Length;
                    string fields = reader.GetString(16);
                    int cut = fields.IndexOf('\u001f');
                    string front = cut < 0 ? fields : fields.Substring(0, cut);
                    if (Workload.Matches(front))
                    {
                        matches++;
                    }
                }

                GC.KeepAlive(checksum);
                return matches;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        public override void Verify(BenchFiles files, long result) => PackageCheck.RequireMatches(result, files.Count);
    }

    /// <summary>The per-row values, computed the cheapest correct way; each falls back to the engine's code when the fast check fails.</summary>
    internal static class RawRows
    {
        public static string Normalized(string value)
        {
            bool hasControl = value.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || value.Contains('\u007f');
            return hasControl || !value.IsNormalized() ? FieldText.Normalize(value) : value;
        }

        /// <summary>The field's text without HTML and entities: itself when it has neither.</summary>
        public static string PlainText(string field)
            => field.AsSpan().IndexOfAny('<', '&') < 0 ? field : HtmlText.StripHtmlPreservingMediaFilenames(field);

        /// <summary>The first 4 bytes of SHA-1 over the UTF-8 of the text, big-endian.</summary>
        public static long Checksum(string text)
        {
            Span<byte> digest = stackalloc byte[20];
            Hash(text, digest, sha256: false);
            return ((long)digest[0] << 24) | ((long)digest[1] << 16) | ((long)digest[2] << 8) | digest[3];
        }

        /// <summary>Base91 of the first 8 bytes of SHA-256 over "note type U+001F key".</summary>
        public static string NoteGuid(string noteType, string key)
        {
            Span<byte> digest = stackalloc byte[32];
            Hash(string.Concat(noteType, "\u001f", key), digest, sha256: true);
            ulong value = 0;
            for (int i = 0; i < 8; i++)
            {
                value = (value << 8) | digest[i];
            }

            return Base91.Encode(value);
        }

        private static void Hash(string text, Span<byte> digest, bool sha256)
        {
            int max = Encoding.UTF8.GetMaxByteCount(text.Length);
            byte[]? rented = max > 512 ? ArrayPool<byte>.Shared.Rent(max) : null;
            Span<byte> buffer = rented ?? stackalloc byte[512];
            int length = Encoding.UTF8.GetBytes(text, buffer);
            if (sha256)
            {
                SHA256.HashData(buffer.Slice(0, length), digest);
            }
            else
            {
                SHA1.HashData(buffer.Slice(0, length), digest);
            }

            if (rented != null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        /// <summary>Proves the raw limit stored the same guid, checksum, sort field, fields and tags as the engine.</summary>
        public static void RequireSameNotes(string rawPackage, string enginePackage)
        {
            if (!File.Exists(enginePackage))
            {
                return;
            }

            using var raw = AnkiPackage.Open(rawPackage);
            using var engine = AnkiPackage.Open(enginePackage);
            const string sql = "select guid, mid, tags, flds, sfld, csum from notes order by id";
            using var rawCommand = raw.Db.Command(sql);
            using var engineCommand = engine.Db.Command(sql);
            using var rawRows = rawCommand.ExecuteReader();
            using var engineRows = engineCommand.ExecuteReader();
            long row = 0;
            while (engineRows.Read())
            {
                row++;
                if (!rawRows.Read())
                {
                    throw new InvalidOperationException($"The raw package has fewer notes than the engine's ({row - 1}).");
                }

                for (int c = 0; c < 6; c++)
                {
                    string expected = Convert.ToString(engineRows.GetValue(c), CultureInfo.InvariantCulture) ?? "";
                    string actual = Convert.ToString(rawRows.GetValue(c), CultureInfo.InvariantCulture) ?? "";
                    if (expected != actual)
                    {
                        throw new InvalidOperationException($"Note {row}: the raw limit stored {engineRows.GetName(c)} '{actual}', the engine '{expected}'.");
                    }
                }
            }
        }
    }
}
