using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.Packages;
using AnkiSync.Session;
using AnkiSync.Storage;
using AnkiSync.Text;
using TagList = AnkiSync.Text.TagList;

namespace AnkiSync.Bench
{
    /// <summary>
    /// <c>--profile write|read|pipeline N dir</c>: where the time goes, section by section, with the engine's own
    /// internal steps called one at a time, and the per-row pieces of Add and GetCards timed over N calls each.
    /// A diagnostic for whoever tunes the engine; the table comes from the measurements, not from this.
    /// </summary>
    internal static class Profile
    {
        public static int Run(string what, int count, string directory)
        {
            Directory.CreateDirectory(directory);
            var files = new BenchFiles(directory, count);
            switch (what)
            {
                case "write":
                    Write(files);
                    break;
                case "read":
                    Read(files);
                    break;
                case "pipeline":
                    Pipeline(files);
                    break;
                case "inserts":
                    Inserts(files);
                    break;
                default:
                    throw new ArgumentException($"Unknown profile '{what}': write, read or pipeline.");
            }

            return 0;
        }

        private static void Write(BenchFiles files)
        {
            int n = files.Count;
            var clock = new Sections();
            var tags = new[] { Workload.Tag };
            using var package = AnkiPackage.Create();
            clock.Mark("AnkiPackage.Create");
            var inputs = new NoteInput[n];
            for (int i = 1; i <= n; i++)
            {
                inputs[i - 1] = new NoteInput { NoteType = Workload.NoteType, Values = new[] { Workload.Front(i), Workload.Back(i) }, Tags = tags };
            }

            clock.Mark("(bench) build N NoteInputs");
            using (var batch = package.BeginNoteBatch())
            {
                foreach (var input in inputs)
                {
                    batch.Add(input);
                }

                clock.Mark("NoteBatch.Add × N");
                batch.Complete();
                clock.Mark("NoteBatch.Complete");
            }

            string staging = Path.Combine(files.Directory, "profile-staging");
            Directory.CreateDirectory(staging);
            string collection = Path.Combine(staging, "collection");
            string stub = Path.Combine(staging, "stub");
            clock.Restart();
            package.Db.CopyTo(collection, 0);
            clock.Mark($"Export step: vacuum into ({new FileInfo(collection).Length / 1048576.0:0.0} MB)");
            using (var copy = AnkiDatabase.Open(collection))
            {
                clock.Mark("Export step: open the copy");
                SchemaConversion.SchemaConverter.DowngradeToSchema11(copy);
                clock.Mark("Export step: DowngradeToSchema11 (schema 11 already: only the version check)");
                SchemaConversion.PrivateKeys.RemoveFrom(copy);
                clock.Mark("Export step: PrivateKeys.RemoveFrom (rewrites the col row)");
                copy.Execute("vacuum");
                clock.Mark("Export step: vacuum of the copy (second full rebuild)");
            }

            string backup = Path.Combine(staging, "backup");
            using (var target = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + backup + ";Pooling=False"))
            {
                target.Open();
                package.Db.Connection.BackupDatabase(target);
            }

            clock.Mark("alternative to vacuum into: SqliteConnection.BackupDatabase (page copy)");
            File.Copy(package.Db.Path, Path.Combine(staging, "filecopy"));
            clock.Mark("alternative to vacuum into: File.Copy of the working file (no open transaction)");
            NewCollection.WriteStub(stub);
            clock.Mark("Export step: stub collection");
            string zipped = Path.Combine(staging, "out.apkg");
            PackageWriter.Write(zipped, PackageVersion.Legacy2, collection, stub, Array.Empty<MediaSource>());
            clock.Mark($"Export step: PackageWriter.Write (deflate, {new FileInfo(zipped).Length / 1048576.0:0.0} MB)");
            string fastest = Path.Combine(staging, "fastest.zip");
            using (var zip = System.IO.Compression.ZipFile.Open(fastest, System.IO.Compression.ZipArchiveMode.Create))
            {
                using var entry = zip.CreateEntry("collection.anki21", System.IO.Compression.CompressionLevel.Fastest).Open();
                using var input = File.OpenRead(collection);
                input.CopyTo(entry, 81920);
            }

            clock.Mark($"alternative: deflate at CompressionLevel.Fastest ({new FileInfo(fastest).Length / 1048576.0:0.0} MB)");
            Directory.Delete(staging, recursive: true);
            package.ReferencedMedia();
            clock.Mark("Export step: ReferencedMedia (scans every note's fields)");
            package.State.SaveJson();
            clock.Mark("Export step: SaveCollectionJson");
            clock.Restart();
            package.Export(files.EnginePackage, overwrite: true);
            clock.Mark("AnkiPackage.Export (whole, warm)");

            Console.WriteLine();
            Console.WriteLine($"Per-row pieces of NoteBatch.Add, each over {n:N0} rows (warm):");
            NoteTypeModel noteType = package.State.ResolveNoteType(Workload.NoteType);
            var fronts = inputs.Select(x => x.Values![0]!).ToArray();
            var backs = inputs.Select(x => x.Values![1]!).ToArray();
            clock.Restart();
            for (int i = 0; i < n; i++)
            {
                package.State.ResolveNoteType(Workload.NoteType);
            }

            clock.Mark("ResolveNoteType");
            for (int i = 0; i < n; i++)
            {
                FieldText.Normalize(fronts[i]);
                FieldText.Normalize(backs[i]);
            }

            clock.Mark("FieldText.Normalize × 2 fields");
            for (int i = 0; i < n; i++)
            {
                string joined = TagList.Join(tags);
                _ = package.Json.Tags.ContainsKey(tags[0]) && joined.Length > 0;
            }

            clock.Mark("TagList.Join + Json.Tags.ContainsKey");
            for (int i = 0; i < n; i++)
            {
                StableIds.NoteGuid(noteType.Name, fronts[i]);
            }

            clock.Mark("StableIds.NoteGuid");
            var values = new[] { fronts[0], backs[0] };
            for (int i = 0; i < n; i++)
            {
                values[0] = fronts[i];
                values[1] = backs[i];
                noteType.CardOrdinals(values, true);
            }

            clock.Mark("NoteTypeModel.CardOrdinals");
            for (int i = 0; i < n; i++)
            {
                string.Join("\u001f", fronts[i], backs[i]);
            }

            clock.Mark("string.Join flds");
            for (int i = 0; i < n; i++)
            {
                HtmlText.StripHtmlPreservingMediaFilenames(fronts[i]);
            }

            clock.Mark("HtmlText.StripHtmlPreservingMediaFilenames (sfld)");
            for (int i = 0; i < n; i++)
            {
                FieldChecksum.Compute(fronts[i]);
            }

            clock.Mark("FieldChecksum.Compute (strips again, then SHA-1)");
            var ids = new IdSequence(0, "note", "bench", null);
            for (int i = 0; i < n; i++)
            {
                ids.Next();
                ids.Next();
                CollectionState.NowSeconds();
            }

            clock.Mark("IdSequence.Next × 2 + NowSeconds");
            var guids = new Dictionary<string, long>(StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
            {
                guids.TryGetValue(fronts[i], out _);
                guids[fronts[i]] = i;
            }

            clock.Mark("guid index lookup + insert");
            for (int i = 0; i < n; i++)
            {
                var fields = RowReader.FieldsOf(noteType, new[] { fronts[i], backs[i] });
                GC.KeepAlive(new AnkiNote
                {
                    Id = i,
                    Guid = fronts[i],
                    NoteType = noteType.Name,
                    NoteTypeId = noteType.Id,
                    Deck = package.Decks.NameOf(1),
                    Fields = fields,
                    Tags = TagList.ParseStored(" bench ").ToArray(),
                    Modified = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).LocalDateTime,
                    Package = package,
                });
            }

            clock.Mark("the returned AnkiNote (AnkiFields, tags, LocalDateTime)");
            object[] boxed = new object[8];
            for (int i = 0; i < n; i++)
            {
                boxed = new object[] { (long)i, fronts[i], noteType.Id, 1L, " bench ", fronts[i], fronts[i], 1L };
            }

            GC.KeepAlive(boxed);
            clock.Mark("AnkiDatabase.Bind params array + boxing (note; the card is similar)");

            Console.WriteLine();
            Console.WriteLine("The raw limit's sections:");
            var raw = new RawWrite();
            raw.Prepare(files);
            string rawWork = Path.Combine(files.Directory, "profile-raw");
            Directory.CreateDirectory(rawWork);
            string rawCollection = Path.Combine(rawWork, "collection.anki21");
            string rawStub = Path.Combine(rawWork, "collection.anki2");
            clock.Restart();
            raw.WriteCollection(rawCollection, n, 0, i => (Workload.Front(i), Workload.Back(i)), Workload.Tag);
            clock.Mark($"raw: inserts, one transaction ({new FileInfo(rawCollection).Length / 1048576.0:0.0} MB)");
            raw.WriteCollection(rawStub, 1, 512, _ => (RawWrite.StubMessage, ""), null);
            clock.Mark("raw: stub");
            RawWrite.WriteZip(files.RawPackage, rawCollection, rawStub);
            clock.Mark("raw: zip");
            Directory.Delete(rawWork, recursive: true);

            Console.WriteLine();
            Console.WriteLine("Again, engine Add and raw inserts back to back (both warm now):");
            using (var again = AnkiPackage.Create())
            {
                clock.Restart();
                using var batch = again.BeginNoteBatch();
                foreach (var input in inputs)
                {
                    batch.Add(input);
                }

                batch.Complete();
                clock.Mark("engine: NoteBatch.Add × N + Complete");
            }

            Directory.CreateDirectory(rawWork);
            clock.Restart();
            raw.WriteCollection(rawCollection, n, 0, i => (Workload.Front(i), Workload.Back(i)), Workload.Tag);
            clock.Mark("raw: inserts, one transaction");
            File.Delete(rawCollection);
            Console.WriteLine();
            Console.WriteLine("Insert variants, alternated (Microsoft.Data.Sqlite as the raw limit, or SQLitePCLRaw directly; default or 64 MB page cache):");
            var header = RawHeader.FromEngine();
            const string bigCache = "pragma cache_size = -65536";
            for (int round = 0; round < 2; round++)
            {
                foreach (var (label, write) in new (string, Action)[]
                {
                    ("raw (Microsoft.Data.Sqlite), default cache", () => raw.WriteCollection(rawCollection, n, 0, i => (Workload.Front(i), Workload.Back(i)), Workload.Tag)),
                    ("raw (Microsoft.Data.Sqlite), cache_size 64 MB", () => raw.WriteCollection(rawCollection, n, 0, i => (Workload.Front(i), Workload.Back(i)), Workload.Tag, bigCache)),
                    ("SQLitePCLRaw directly, default cache", () => DirectSqliteExperiment.WriteCollection(rawCollection, header, n)),
                    ("SQLitePCLRaw directly, cache_size 64 MB", () => DirectSqliteExperiment.WriteCollection(rawCollection, header, n, bigCache)),
                })
                {
                    clock.Restart();
                    write();
                    clock.Mark(label);
                    File.Delete(rawCollection);
                }
            }

            Directory.Delete(rawWork, recursive: true);
        }

        /// <summary>Only the raw limit's inserts, with SQLite's default page cache and with a 64 MB one.</summary>
        private static void Inserts(BenchFiles files)
        {
            var clock = new Sections();
            var raw = new RawWrite();
            raw.Prepare(files);
            string work = Path.Combine(files.Directory, "profile-inserts");
            Directory.CreateDirectory(work);
            string collection = Path.Combine(work, "collection.anki21");
            foreach (string? pragmas in new[] { null, "pragma cache_size = -65536", null, "pragma cache_size = -65536" })
            {
                clock.Restart();
                raw.WriteCollection(collection, files.Count, 0, i => (Workload.Front(i), Workload.Back(i)), Workload.Tag, pragmas);
                clock.Mark($"raw inserts, {pragmas ?? "default page cache (2 MB)"} ({new FileInfo(collection).Length / 1048576.0:0} MB)");
                File.Delete(collection);
            }

            Directory.Delete(work, recursive: true);
        }

        private static void Read(BenchFiles files)
        {
            PackageCheck.RequireFile(files.ReadInput);
            int n = files.Count;
            var clock = new Sections();
            string work = Path.Combine(files.Directory, "profile-read");
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }

            ExtractedPackage extracted = PackageReader.Extract(files.ReadInput, work);
            clock.Mark($"Open step: PackageReader.Extract ({new FileInfo(extracted.CollectionPath).Length / 1048576.0:0.0} MB)");
            using (var db = AnkiDatabase.Open(extracted.CollectionPath))
            {
                db.Execute("pragma journal_mode = delete");
                clock.Mark("Open step: AnkiDatabase.Open + journal_mode");
                db.Scalar("pragma quick_check");
                clock.Mark("Open step: pragma quick_check");
            }

            Directory.Delete(work, recursive: true);
            clock.Restart();
            using var package = AnkiPackage.Open(files.ReadInput);
            clock.Mark("AnkiPackage.Open (whole, warm)");
            long matches = 0;
            foreach (AnkiCard card in package.GetCards())
            {
                if (card.Fields["Front"] is string front && Workload.Matches(front))
                {
                    matches++;
                }
            }

            clock.Mark($"GetCards + filter ({matches} matches)");
            foreach (AnkiCard card in package.GetCards())
            {
                if (card.Fields["Front"] is string front && Workload.Matches(front))
                {
                    matches++;
                }
            }

            clock.Mark("GetCards + filter, again (warm)");
            long after = long.MinValue;
            int read;
            do
            {
                read = 0;
                using var page = package.Db.Command("select c.id, c.nid, c.did, c.ord, c.mod, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.flags, c.odid, n.mid, n.tags, n.flds from cards c join notes n on n.id = c.nid where c.id > $after order by c.id limit 1000", ("$after", after));
                using var pageReader = page.ExecuteReader();
                long total = 0;
                while (pageReader.Read())
                {
                    read++;
                    after = pageReader.GetInt64(0);
                    for (int c = 1; c < 15; c++)
                    {
                        total += pageReader.GetInt64(c);
                    }

                    total += pageReader.GetString(15).Length + pageReader.GetString(16).Length;
                }

                GC.KeepAlive(total);
            }
            while (read == 1000);
            clock.Mark("GetCards' paged SELECT (pages of 1000), values read, no objects");
            using (var command = package.Db.Command("select c.id, c.nid, c.did, c.ord, c.mod, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.flags, c.odid, n.mid, n.tags, n.flds from cards c join notes n on n.id = c.nid order by c.id"))
            using (var reader = command.ExecuteReader())
            {
                long total = 0;
                while (reader.Read())
                {
                    for (int c = 0; c < 15; c++)
                    {
                        total += reader.GetInt64(c);
                    }

                    total += reader.GetString(15).Length + reader.GetString(16).Length;
                }

                GC.KeepAlive(total);
            }

            clock.Mark("the same SELECT without paging, values read, no objects");
            foreach (bool readOnly in new[] { true, false })
            {
                using (var own = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = package.Db.Path, Pooling = false, Mode = readOnly ? Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly : Microsoft.Data.Sqlite.SqliteOpenMode.ReadWrite }.ToString()))
                {
                    own.Open();
                    using var command = own.CreateCommand();
                    command.CommandText = "select c.id, c.nid, c.did, c.ord, c.mod, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.flags, c.odid, n.mid, n.tags, n.flds from cards c join notes n on n.id = c.nid order by c.id";
                    using var reader = command.ExecuteReader();
                    long total = 0;
                    while (reader.Read())
                    {
                        for (int c = 0; c < 15; c++)
                        {
                            total += reader.GetInt64(c);
                        }

                        total += reader.GetString(15).Length + reader.GetString(16).Length;
                    }

                    GC.KeepAlive(total);
                }

                clock.Mark($"the same SELECT on a connection of its own ({(readOnly ? "read-only" : "read-write")}, no collation)");
            }


            Console.WriteLine();
            Console.WriteLine($"Per-card pieces of GetCards, each over {n:N0} cards (warm):");
            NoteTypeModel noteType = package.State.ResolveNoteType(Workload.NoteType);
            string[] flds = Enumerable.Range(1, n).Select(i => Workload.Front(i) + "\u001f" + Workload.Back(i)).ToArray();
            clock.Restart();
            for (int i = 0; i < n; i++)
            {
                TagList.ParseStored(" bench ").ToArray();
            }

            clock.Mark("TagList.ParseStored(...).ToArray()");
            for (int i = 0; i < n; i++)
            {
                RowReader.FieldsOf(noteType, flds[i]);
            }

            clock.Mark("FieldsOf (Split + AnkiFields)");
            for (int i = 0; i < n; i++)
            {
                RowReader.FromSeconds(1_700_000_000 + i);
            }

            clock.Mark("FromSeconds → LocalDateTime");
            for (int i = 0; i < n; i++)
            {
                package.Decks.NameOf(1);
                package.State.FindNoteType(noteType.Id);
                noteType.TemplateName(0);
            }

            clock.Mark("Decks.NameOf + FindNoteType + TemplateName");
            for (int i = 0; i < n; i++)
            {
                GC.KeepAlive(new AnkiCard { Id = i, NoteId = i, Deck = "Default", NoteType = "Basic", Template = "Card 1", Due = i });
            }

            clock.Mark("new AnkiCard");

            Console.WriteLine();
            var raw = new RawRead();
            raw.Prepare(files);
            clock.Restart();
            raw.Run(files);
            clock.Mark("RawRead.Run (whole; see raw-read)");
        }

        private static void Pipeline(BenchFiles files)
        {
            var clock = new Sections();
            var rows = Rows.Build(files.Count);
            using Runspace runspace = PowerShellHost.Open(importModule: true,
                new SessionStateCmdletEntry("Add-AnkiNoteFloor", typeof(AddAnkiNoteFloorCommand), null),
                new SessionStateCmdletEntry("New-BenchRow", typeof(NewBenchRowCommand), null));
            clock.Mark("runspace + module");
            PowerShellHost.Run(runspace, "$p = New-AnkiPackage; $null = Get-AnkiNoteType -Package $p -Name Basic -ErrorAction SilentlyContinue; Close-AnkiPackage $p");
            clock.Mark("warm-up: New-AnkiPackage");
            foreach (string mode in new[] { "none", "none", "properties", "extended", "lookup", "shouldprocess", "properties", "extended" })
            {
                AddAnkiNoteFloorCommand.Mode = mode;
                using var package = AnkiPackage.Create();
                // Fresh rows each time: PowerShell caches member lookups on each row object.
                rows = Rows.Build(files.Count);
                PowerShellHost.Run(runspace, "$null"); // lets go of the previous run's input
                long before = GC.GetTotalMemory(forceFullCollection: true);
                clock.Restart();
                PowerShellHost.Run(runspace, "param($Rows, $Package) $Rows | Add-AnkiNoteFloor -Package $Package", ("Rows", rows), ("Package", package));
                clock.Mark($"$rows | Add-AnkiNoteFloor, ProcessRecord does: {AddAnkiNoteFloorCommand.Describe(mode)}");
                Retained(before, rows);
            }

            AddAnkiNoteFloorCommand.Mode = "none";
            for (int run = 0; run < 1; run++)
            {
                rows = Rows.Build(files.Count);
                PowerShellHost.Run(runspace, "$null"); // lets go of the previous run's input
                long before = GC.GetTotalMemory(forceFullCollection: true);
                clock.Restart();
                PowerShellHost.Run(runspace, "param($Rows) $p = New-AnkiPackage; try { $Rows | Add-AnkiNote -Package $p } finally { Close-AnkiPackage $p }", ("Rows", rows));
                clock.Mark("$rows | Add-AnkiNote (no export)");
                Retained(before, rows);
            }

            rows.Clear();
            GC.Collect();
            Console.WriteLine();
            Console.WriteLine("Streaming fresh rows instead (New-BenchRow makes each row as it is piped, like Import-Csv):");
            foreach (string target in new[] { "Add-AnkiNoteFloor", "Add-AnkiNote", "Add-AnkiNoteFloor", "Add-AnkiNote" })
            {
                clock.Restart();
                PowerShellHost.Run(runspace, $"param($N) $p = New-AnkiPackage; try {{ New-BenchRow $N | {target} -Package $p }} finally {{ Close-AnkiPackage $p }}", ("N", files.Count));
                clock.Mark($"New-BenchRow N | {target} (no export)");
            }

            var tags = new[] { Workload.Tag };
            using (var package = AnkiPackage.Create())
            {
                clock.Restart();
                using var batch = package.BeginNoteBatch();
                for (int i = 1; i <= files.Count; i++)
                {
                    batch.Add(new NoteInput { NoteType = Workload.NoteType, NamedValues = new[] { new KeyValuePair<string, string?>("Front", Workload.Front(i)), new KeyValuePair<string, string?>("Back", Workload.Back(i)) }, Tags = tags });
                }

                batch.Complete();
                clock.Mark("engine: NoteBatch.Add × N with NamedValues, as the cmdlet calls it (no export)");
            }
        }

        /// <summary>How much managed memory the run left attached to the still-referenced input rows.</summary>
        private static void Retained(long before, List<PSObject> rows)
        {
            long after = GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,8:0} MB still held after the run, with the rows still referenced ({1:0} bytes per row)",
                (after - before) / 1048576.0, (after - before) / (double)rows.Count));
            GC.KeepAlive(rows);
        }

        /// <summary>Prints the time since the last mark.</summary>
        private sealed class Sections
        {
            private readonly Stopwatch clock = Stopwatch.StartNew();
            private long allocated = GC.GetTotalAllocatedBytes();
            private int collections = GC.CollectionCount(0);
            private TimeSpan paused = GC.GetTotalPauseDuration();
            private TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;

            public void Restart()
            {
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
                paused = GC.GetTotalPauseDuration();
                allocated = GC.GetTotalAllocatedBytes();
                collections = GC.CollectionCount(0);
                clock.Restart();
            }

            public void Mark(string what)
            {
                double ms = clock.Elapsed.TotalMilliseconds;
                long bytes = GC.GetTotalAllocatedBytes() - allocated;
                int gcs = GC.CollectionCount(0) - collections;
                double pause = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds;
                double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,8:0} ms wall {1,8:0} ms cpu {2,7:0.0} MB alloc {3,3} GCs {4,6:0} ms paused  {5}", ms, cpuMs, bytes / 1048576.0, gcs, pause, what));
                Restart();
            }
        }
    }
}
