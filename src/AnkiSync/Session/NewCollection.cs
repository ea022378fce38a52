using System;
using System.IO;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.SchemaConversion;
using AnkiSync.Storage;

namespace AnkiSync.Session
{
    /// <summary>Creates a brand-new schema-11 collection file the way Anki initialises one.</summary>
    internal static class NewCollection
    {
        public const string StubMessage = "Please update to the latest Anki version, then import the .colpkg/.apkg file again.";

        public static AnkiDatabase Create(string path)
        {
            var db = AnkiDatabase.Open(path, create: true);
            try
            {
                using var scope = db.BeginTransaction();
                db.Execute(Schema11.CreateTables);
                long nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                long nowSeconds = nowMs / 1000;
                var offset = TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow);
                var conf = CollectionDefaults.Conf((long)-offset.TotalMinutes);
                var decks = new System.Text.Json.Nodes.JsonObject { ["1"] = CollectionDefaults.Deck(1, "Default", nowSeconds) };
                var dconf = new System.Text.Json.Nodes.JsonObject { ["1"] = CollectionDefaults.DeckConfig(1, "Default", nowSeconds) };
                db.Execute(
                    "insert into col values (1, $crt, $mod, $scm, 11, 0, 0, 0, $conf, '{}', $decks, $dconf, '{}')",
                    ("$crt", CreationDay(DateTimeOffset.Now)),
                    ("$mod", nowMs),
                    ("$scm", nowMs),
                    ("$conf", CollectionJson.Write(conf)),
                    ("$decks", CollectionJson.Write(decks)),
                    ("$dconf", CollectionJson.Write(dconf)));
                scope.Complete();
                return db;
            }
            catch
            {
                db.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Writes the stub <c>collection.anki2</c> that newer package versions carry for old clients: a fresh
        /// collection whose single Basic note asks the user to update Anki.
        /// </summary>
        public static void WriteStub(string path) => File.WriteAllBytes(path, StubBytes.Value);

        /// <summary>The stub is the same for every export: build it once per process.</summary>
        private static readonly Lazy<byte[]> StubBytes = new Lazy<byte[]>(() =>
        {
            using var work = WorkFolder.Create();
            using var state = CollectionState.ForWorkingCopy(Create(work.Combine("collection.anki2")), null);
            using (var batch = new NoteBatch(state))
            {
                batch.Insert(new NoteInput { NoteType = "Basic", Values = new[] { StubMessage, "" } });
                batch.Complete();
            }

            string file = work.Combine("stub.anki2");
            state.Db.CopyTo(file, pageSize: 512);
            return File.ReadAllBytes(file);
        });

        /// <summary>Anki's day boundary for <c>crt</c>: 4 a.m. local time on the creation day.</summary>
        internal static long CreationDay(DateTimeOffset now)
        {
            var start = new DateTimeOffset(now.Year, now.Month, now.Day, 4, 0, 0, now.Offset);
            if (now < start)
            {
                start = start.AddDays(-1);
            }

            return start.ToUnixTimeSeconds();
        }
    }
}
