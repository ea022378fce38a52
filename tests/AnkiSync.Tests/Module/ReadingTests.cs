using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Management.Automation;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Reading;

namespace AnkiSync.Tests.Module;

/// <summary>
/// Reading every real file through the module as a user would: Open-AnkiPackage -LiteralPath / -Path with
/// wildcards, the Get-Anki* cmdlets with their filters, Get-AnkiCard -Path in a Where-Object pipeline and
/// Export-AnkiMedia — each checked against the file's own rows read straight from its SQLite.
/// </summary>
public class ReadingTests : IClassFixture<ModuleHost>
{
    private const char FieldSeparator = '\u001f';
    private readonly ModuleHost host;

    public ReadingTests(ModuleHost host) => this.host = host;

    public static IEnumerable<object[]> EveryFixture() => FixtureFiles.AllAsTheoryData();

    public static IEnumerable<object[]> FixturesWithMedia()
        => FixtureFiles.All().Where(f => FixtureManifest.Find(f)?.Media.Length > 0).Select(f => new object[] { f });

    [FixtureTheory]
    [MemberData(nameof(EveryFixture))]
    public void OpenAnkiPackageReadsWhatTheFileHolds(string fixture)
    {
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        var summary = Single(host.Run(@"
            $p = Open-AnkiPackage -LiteralPath $file
            try {
                [pscustomobject]@{
                    Format = ""$($p.Format)""
                    Schema = $p.Schema
                    Notes = $p.NoteCount
                    Cards = $p.CardCount
                    MediaCount = $p.MediaCount
                    Decks = @(Get-AnkiDeck -Package $p | ForEach-Object { '{0}|{1}' -f $_.Name, $_.IsFiltered })
                    NoteTypes = @(Get-AnkiNoteType -Package $p | ForEach-Object { '{0}|{1}' -f $_.Name, $_.Kind })
                    Media = @(Get-AnkiMedia -Package $p | ForEach-Object Name)
                    # Each field through its own property, as Where-Object Front -eq 'x' reads it.
                    NoteFields = @(Get-AnkiNote -Package $p | ForEach-Object { $n = $_; '{0}={1}' -f $n.Id, (@($n.Fields.Keys | ForEach-Object { $n.$_ }) -join [char]0x1f) })
                    NoteTags = @(Get-AnkiNote -Package $p | ForEach-Object { '{0}={1}' -f $_.Guid, ($_.Tags -join ' ') })
                    CardRows = @(Get-AnkiCard -Package $p | ForEach-Object { '{0}|{1}|{2}|{3}|{4}|{5}|{6}|{7}|{8}' -f $_.Id, $_.Deck, [int]$_.State, $_.Queue, $_.Due, $_.Interval, $_.Reviews, $_.Lapses, $_.Suspended })
                }
            } finally {
                Close-AnkiPackage -Package $p
            }", Vars(("file", raw.FilePath))));

        Assert.Equal(raw.Format.ToString(), summary["Format"]);
        Assert.Equal(raw.Schema, Convert.ToInt32(summary["Schema"]));
        Assert.Equal(raw.Notes.Count, Convert.ToInt64(summary["Notes"]));
        Assert.Equal(raw.Cards.Count, Convert.ToInt64(summary["Cards"]));
        Assert.Equal(raw.Media.Count, Convert.ToInt64(summary["MediaCount"]));
        Assert.Equal(raw.Decks.Select(d => $"{d.Name}|{d.IsFiltered}").OrderBy(s => s, StringComparer.Ordinal), Strings(summary["Decks"]).OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal(raw.NoteTypes.Select(t => $"{t.Name}|{(t.IsCloze ? "Cloze" : "Standard")}").OrderBy(s => s, StringComparer.Ordinal), Strings(summary["NoteTypes"]).OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal(raw.Media.Select(m => m.Name).OrderBy(s => s, StringComparer.Ordinal), Strings(summary["Media"]).OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal(raw.Notes.Select(n => $"{n.Id}={n.Fields}"), Strings(summary["NoteFields"]));
        Assert.Equal(raw.Notes.Select(n => $"{n.Guid}={string.Join(' ', n.TagList)}"), Strings(summary["NoteTags"]));
        Assert.Equal(raw.Cards.Select(c => $"{c.Id}|{raw.Deck(c.DeckId)?.Name}|{c.Type}|{c.Queue}|{c.Due}|{c.Interval}|{c.Reps}|{c.Lapses}|{c.Queue == -1}"), Strings(summary["CardRows"]));

        var expected = FixtureManifest.Find(fixture);
        if (expected != null)
        {
            Assert.Equal(expected.Format.ToString(), summary["Format"]);
            Assert.Equal(expected.Schema, Convert.ToInt32(summary["Schema"]));
            Assert.Equal(expected.Notes, Convert.ToInt64(summary["Notes"]));
            Assert.Equal(expected.Cards, Convert.ToInt64(summary["Cards"]));
        }
    }

    [FixtureFact]
    public void OpenAnkiPackageExpandsWildcards()
    {
        var colpkgs = FixtureFiles.All().Where(f => f.EndsWith(".colpkg", StringComparison.Ordinal)).ToList();
        var opened = host.Run(@"
            $packages = @(Open-AnkiPackage -Path ([System.IO.Path]::Combine($FixturesRoot, '*.colpkg')))
            try { $packages | ForEach-Object { '{0}|{1}' -f [System.IO.Path]::GetFileName($_.Path), $_.Container } }
            finally { $packages | Close-AnkiPackage }");

        Assert.Equal(colpkgs.Select(f => f + "|Colpkg"), opened.Select(o => o.ToString()).OrderBy(s => s, StringComparer.Ordinal));

        // Read cmdlets take wildcards too, streaming from each file in turn.
        var cards = host.Run("@(Get-AnkiCard -Path ([System.IO.Path]::Combine($FixturesRoot, '*.colpkg'))).Count");
        long expected = colpkgs.Sum(f =>
        {
            using var raw = RawFixture.Load(Fixtures.Path(f));
            return (long)raw.Cards.Count;
        });
        Assert.Equal(expected, Convert.ToInt64(Assert.Single(cards).BaseObject));
    }

    [FixtureFact]
    public void ExportAnkiMediaTakesNamesAndKeepsExistingFilesWithoutForce()
    {
        const string fixture = "anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg";
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        string folder = host.Temp("media-names-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "png2.png"), "keep me");

        var (output, errors, _) = host.Invoke("Export-AnkiMedia -Path $file -Name '*.png' -Destination $folder -PassThru | ForEach-Object Name", Vars(("file", raw.FilePath), ("folder", folder)));

        Assert.Equal(new[] { "png1.png" }, output.Select(o => o.ToString()));
        var error = Assert.Single(errors);
        Assert.Equal("AnkiSync.FileExists", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(folder, "png2.png")));
        Assert.Equal(raw.Media.Single(m => m.Name == "png1.png").Bytes, File.ReadAllBytes(Path.Combine(folder, "png1.png")));
        Assert.Equal(new[] { "png1.png", "png2.png" }, FixtureFiles.Listing(folder));

        host.Run("$null = Export-AnkiMedia -Path $file -Name png2.png -Destination $folder -Force", Vars(("file", raw.FilePath), ("folder", folder)));
        Assert.Equal(raw.Media.Single(m => m.Name == "png2.png").Bytes, File.ReadAllBytes(Path.Combine(folder, "png2.png")));
    }

    [FixtureFact]
    public void OpenAnkiPackageTakesLiteralPathsRelativePathsAndPipedFiles()
    {
        using var scratch = new ScratchFolder();
        string tricky = FixtureFiles.CopyTo(scratch.Root, "anki2.1.50plus-legacy2-apkg-anki21-stub-spanish.apkg");
        File.Move(tricky, Path.Combine(scratch.Root, "vocab[1].apkg"));
        tricky = Path.Combine(scratch.Root, "vocab[1].apkg");
        string plain = Fixtures.Path("anki2.1.50plus-latest-apkg-anki21b-4notes.apkg");

        var opened = host.Run(@"
            $here = $ExecutionContext.SessionState.Path.CurrentLocation
            $null = $ExecutionContext.SessionState.Path.SetLocation($folder)
            try {
                $packages = @(
                    Open-AnkiPackage -LiteralPath 'vocab[1].apkg'
                    # What Get-ChildItem pipes: an item whose provider-qualified PSPath binds to -LiteralPath.
                    [pscustomobject]@{ PSPath = 'Microsoft.PowerShell.Core\FileSystem::' + $tricky } | Open-AnkiPackage
                    $plain | Open-AnkiPackage
                )
                try { $packages | ForEach-Object { '{0}|{1}|{2}' -f $_.Path, $_.Format, $_.NoteCount } } finally { $packages | Close-AnkiPackage }
            } finally {
                $null = $ExecutionContext.SessionState.Path.SetLocation($here.Path)
            }", Vars(("folder", scratch.Root), ("tricky", tricky), ("plain", plain)));

        Assert.Equal(new[] { $"{tricky}|Legacy2|5", $"{tricky}|Legacy2|5", $"{plain}|Latest|4" }, opened.Select(o => o.ToString()));
    }

    [FixtureTheory]
    [MemberData(nameof(EveryFixture))]
    public void GetAnkiCardPathStreamsThroughWhereObject(string fixture)
    {
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        var found = Single(host.Run(@"
            [pscustomobject]@{
                Reviewed = @(Get-AnkiCard -Path $file | Where-Object Reviews -gt 0 | ForEach-Object Id)
                Lapsed = @(Get-AnkiCard -Path $file | Where-Object Lapses -gt 0 | ForEach-Object Id)
                Suspended = @(Get-AnkiCard -Path $file -State Suspended | ForEach-Object Id)
                Review = @(Get-AnkiCard -Path $file -State Review | ForEach-Object Id)
            }", Vars(("file", raw.FilePath))));

        Assert.Equal(raw.Cards.Where(c => c.Reps > 0).Select(c => c.Id.ToString(CultureInfo.InvariantCulture)), Strings(found["Reviewed"]));
        Assert.Equal(raw.Cards.Where(c => c.Lapses > 0).Select(c => c.Id.ToString(CultureInfo.InvariantCulture)), Strings(found["Lapsed"]));
        Assert.Equal(raw.Cards.Where(c => c.Queue == -1).Select(c => c.Id.ToString(CultureInfo.InvariantCulture)), Strings(found["Suspended"]));
        Assert.Equal(raw.Cards.Where(c => c.Type == 2).Select(c => c.Id.ToString(CultureInfo.InvariantCulture)), Strings(found["Review"]));
    }

    [FixtureFact]
    public void TheTagNoteTypeAndIdFiltersSelectWhatTheFileHolds()
    {
        const string fixture = "anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg";
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        var reversed = raw.NoteTypes.Where(t => t.Name.StartsWith("Basic (", StringComparison.Ordinal)).Select(t => t.Id).ToHashSet();
        var someNote = raw.Notes[3];
        var found = Single(host.Run(@"
            $p = Open-AnkiPackage -LiteralPath $file
            try {
                [pscustomobject]@{
                    OtherTag = @(Get-AnkiNote -Package $p -Tag OtherTag | ForEach-Object Id)
                    AnyTag = @(Get-AnkiNote -Package $p -Tag '*tag' | ForEach-Object Id)
                    Typed = @(Get-AnkiNote -Package $p -NoteType 'Basic (*' | ForEach-Object Id)
                    TypedCards = @(Get-AnkiCard -Package $p -NoteType 'Basic (*' | ForEach-Object Id)
                    ById = @(Get-AnkiNote -Package $p -Id $noteId | ForEach-Object Guid)
                    CardsOfNote = @(Get-AnkiCard -Package $p -NoteId $noteId | ForEach-Object Id)
                    CardsOfCards = @(Get-AnkiCard -Package $p -NoteId $noteId | Get-AnkiCard | ForEach-Object Id)
                    NoteTypes = @(Get-AnkiNoteType -Package $p -Name 'Basic (*' | ForEach-Object Name)
                    Decks = @(Get-AnkiDeck -Package $p -Name 'def*' | ForEach-Object Name)
                }
            } finally {
                Close-AnkiPackage -Package $p
            }", Vars(("file", raw.FilePath), ("noteId", someNote.Id))));

        string Ids(IEnumerable<long> ids) => string.Join(",", ids);
        Assert.Equal(Ids(raw.Notes.Where(n => n.TagList.Contains("OtherTag")).Select(n => n.Id)), string.Join(",", Strings(found["OtherTag"])));
        Assert.Equal(Ids(raw.Notes.Where(n => n.TagList.Any(t => t.EndsWith("tag", StringComparison.OrdinalIgnoreCase))).Select(n => n.Id)), string.Join(",", Strings(found["AnyTag"])));
        Assert.Equal(Ids(raw.Notes.Where(n => reversed.Contains(n.NoteTypeId)).Select(n => n.Id)), string.Join(",", Strings(found["Typed"])));
        Assert.Equal(Ids(raw.Cards.Where(c => reversed.Contains(raw.Notes.Single(n => n.Id == c.NoteId).NoteTypeId)).Select(c => c.Id)), string.Join(",", Strings(found["TypedCards"])));
        Assert.Equal(new[] { someNote.Guid }, Strings(found["ById"]));
        Assert.Equal(Ids(raw.Cards.Where(c => c.NoteId == someNote.Id).Select(c => c.Id)), string.Join(",", Strings(found["CardsOfNote"])));
        // Cards piped in bind -NoteId by property name.
        Assert.Equal(Ids(raw.Cards.Where(c => c.NoteId == someNote.Id).Select(c => c.Id)), string.Join(",", Strings(found["CardsOfCards"])));
        Assert.Equal(raw.NoteTypes.Where(t => reversed.Contains(t.Id)).Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal), Strings(found["NoteTypes"]).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(new[] { "Default" }, Strings(found["Decks"]));
        Assert.Equal(3, Strings(found["Typed"]).Count());
    }

    [FixtureFact]
    public void TheDeckFilterTakesSubdecksAndWildcards()
    {
        const string fixture = "ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg";
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        var japanese = raw.Decks.Where(d => d.Name.StartsWith("Vocabulaire japonais", StringComparison.Ordinal)).Select(d => d.Id).ToHashSet();
        var lesson2 = raw.Decks.Single(d => d.Name.EndsWith("::02 - Je suis français(e)", StringComparison.Ordinal)).Id;

        var all = host.Run("Get-AnkiCard -Path $file -Deck 'Vocabulaire japonais' | ForEach-Object Id", Vars(("file", raw.FilePath)));
        var wildcard = host.Run("Get-AnkiCard -Path $file -Deck '*::02 - Je suis*' | ForEach-Object Id", Vars(("file", raw.FilePath)));
        var notes = host.Run("Get-AnkiNote -Path $file -Deck '*::02 - Je suis*' | ForEach-Object Id", Vars(("file", raw.FilePath)));

        Assert.Equal(raw.Cards.Where(c => japanese.Contains(c.DeckId)).Select(c => c.Id), all.Select(o => (long)o.BaseObject));
        Assert.Equal(raw.Cards.Where(c => c.DeckId == lesson2).Select(c => c.Id), wildcard.Select(o => (long)o.BaseObject));
        Assert.Equal(raw.Cards.Where(c => c.DeckId == lesson2).Select(c => c.NoteId).Distinct().OrderBy(id => id), notes.Select(o => (long)o.BaseObject));
        Assert.NotEmpty(wildcard);
    }

    [FixtureTheory]
    [MemberData(nameof(FixturesWithMedia))]
    public void ExportAnkiMediaWritesEveryFileByteForByte(string fixture)
    {
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        string fromPath = host.Temp("media-path-" + Guid.NewGuid().ToString("N"));
        string fromPackage = host.Temp("media-package-" + Guid.NewGuid().ToString("N"));
        var written = host.Run(@"
            Export-AnkiMedia -Path $file -Destination $fromPath -PassThru | ForEach-Object Name
            $p = Open-AnkiPackage -LiteralPath $file
            try { $null = $p | Export-AnkiMedia -Destination $fromPackage } finally { Close-AnkiPackage -Package $p }",
            Vars(("file", raw.FilePath), ("fromPath", fromPath), ("fromPackage", fromPackage)));

        Assert.Equal(raw.Media.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal), written.Select(o => o.ToString()).OrderBy(n => n, StringComparer.Ordinal));
        foreach (var folder in new[] { fromPath, fromPackage })
        {
            Assert.Equal(raw.Media.Count, Directory.GetFiles(folder).Length);
            foreach (var media in raw.Media)
            {
                // Legacy: the ZIP entry's bytes; latest: the map's SHA-1 of the decompressed file.
                byte[] exported = File.ReadAllBytes(Path.Combine(folder, media.Name));
                Assert.Equal(media.Bytes, exported);
                Assert.Equal(media.Sha1, RawFixture.Hex(System.Security.Cryptography.SHA1.HashData(exported)));
            }
        }
    }

    [FixtureFact]
    public void ReadingLeavesTheSourceAndItsFolderUntouched()
    {
        using var scratch = new ScratchFolder();
        var sources = new[] { "anki2.1.50plus-bare-schema18-suspended.anki2", "anki2.1.50plus-latest-apkg-anki21b-media-revlog.apkg", "anki2.1.1x-bare-schema11-two-decks-revlog.anki2" }
            .Select(f => FixtureFiles.CopyTo(scratch.Root, f)).ToList();
        var hashes = sources.Select(FixtureFiles.Sha256).ToList();
        var listing = FixtureFiles.Listing(scratch.Root);

        host.Run(@"
            foreach ($file in $files) {
                $p = Open-AnkiPackage -LiteralPath $file
                try { $null = Get-AnkiNote -Package $p; $null = Get-AnkiCard -Package $p; $null = Get-AnkiMedia -Package $p } finally { Close-AnkiPackage -Package $p }
                $null = Get-AnkiCard -Path $file | Where-Object Lapses -gt 0
            }", Vars(("files", sources.ToArray())));

        Assert.Equal(hashes, sources.Select(FixtureFiles.Sha256));
        Assert.Equal(listing, FixtureFiles.Listing(scratch.Root));
    }

    private static IDictionary<string, object?> Vars(params (string Name, object? Value)[] variables)
        => variables.ToDictionary(v => v.Name, v => v.Value);

    private static Dictionary<string, object?> Single(IEnumerable<PSObject> output)
    {
        var item = Assert.Single(output);
        return item.Properties.ToDictionary(p => p.Name, p => (object?)(p.Value is PSObject ps ? ps.BaseObject : p.Value));
    }

    private static IEnumerable<string> Strings(object? value)
        => value is object[] items ? items.Select(i => Convert.ToString(i is PSObject ps ? ps.BaseObject : i, CultureInfo.InvariantCulture)!) : Enumerable.Empty<string>();

    /// <summary>
    /// The module tests that measure the process or list the shared work-folder root: they run alone. Streaming
    /// a 100,000-card package through Where-Object, and bad input giving clean AnkiSync.* errors.
    /// </summary>
    [Collection(ReadingAloneCollection.Name)]
    public class RunAlone : IDisposable
    {
        private const long MaxGrowthBytes = 30L * 1024 * 1024;
        private readonly LargePackage large;
        private readonly WorkFolderWatch watch;
        private readonly ModuleHost host;
        private readonly ScratchFolder scratch;

        public RunAlone(LargePackage large)
        {
            this.large = large;
            watch = new WorkFolderWatch();
            host = new ModuleHost();
            scratch = new ScratchFolder();
        }

        [Fact]
        public void GetAnkiCardPathStreamsALargePackageThroughWhereObject()
        {
            var before = watch.WorkFolders();
            var watchTime = Stopwatch.StartNew();
            var result = host.Run(@"
                $seen = 0; $atStart = 0L; $halfway = 0L
                $lapsed = @(Get-AnkiCard -Path $large | Where-Object {
                    $seen++
                    if ($seen -eq 1) { $atStart = [GC]::GetTotalMemory($true) }
                    elseif ($seen -eq $half) { $halfway = [GC]::GetTotalMemory($true) }
                    $_.Lapses -gt 3
                })
                [pscustomobject]@{ Seen = $seen; Lapsed = $lapsed.Count; Growth = $halfway - $atStart; FirstLapsed = $lapsed[0].Lapses }",
                Vars(("large", large.Path), ("half", LargePackage.CardCount / 2)));
            var fullTime = watchTime.Elapsed;
            var summary = Single(result);

            Assert.Equal(LargePackage.CardCount, Convert.ToInt32(summary["Seen"]));
            Assert.Equal(LargePackage.LapsedCount, Convert.ToInt32(summary["Lapsed"]));
            Assert.Equal(5L, Convert.ToInt64(summary["FirstLapsed"]));
            long growth = Convert.ToInt64(summary["Growth"]);
            Assert.True(growth < MaxGrowthBytes, $"halfway through the pipeline {growth / 1024} KB more were held than at the first card");

            // Stopping after ten cards ends the command early and still closes the package it opened.
            watchTime.Restart();
            var first = host.Run(@"
                $taken = [System.Collections.Generic.List[long]]::new()
                do { Get-AnkiCard -Path $large | ForEach-Object { $taken.Add($_.Id); if ($taken.Count -ge 10) { break } } } while ($false)
                $taken", Vars(("large", large.Path)));
            var earlyTime = watchTime.Elapsed;

            Assert.Equal(10, first.Count);
            Assert.True(earlyTime * 3 < fullTime, $"the first ten cards took {earlyTime}, all of them {fullTime}");
            Assert.Equal(before, watch.WorkFolders());
        }

        [FixtureTheory]
        [InlineData(7)]
        [InlineData(0)]
        public void AnUnknownMetaVersionIsUnsupportedPackageVersion(int version)
        {
            string path = RewriteZip("anki2.1.50plus-latest-apkg-anki21b-4notes.apkg", "meta" + version + ".apkg",
                entries => entries["meta"] = version == 0 ? Array.Empty<byte>() : new byte[] { 0x08, (byte)version });
            AssertOpenError(path, "UnsupportedPackageVersion", ErrorCategory.InvalidData);
        }

        [FixtureTheory]
        [InlineData(19)]
        [InlineData(12)]
        [InlineData(13)]
        public void AnUnsupportedSchemaIsUnsupportedSchema(int schema)
        {
            string bare = scratch.Combine("schema" + schema + ".anki2");
            File.Copy(Fixtures.Path("anki2.1.1x-bare-schema11-two-decks-revlog.anki2"), bare);
            File.SetAttributes(bare, FileAttributes.Normal);
            SetSchema(bare, schema);
            AssertOpenError(bare, "UnsupportedSchema", ErrorCategory.InvalidData);

            // The same inside a latest package, where the collection is zstd-compressed schema 18.
            string latest = RewriteZip("anki2.1.50plus-latest-apkg-anki21b-4notes.apkg", "schema" + schema + ".apkg", entries =>
            {
                string db = scratch.Combine("latest-" + schema + ".db");
                File.WriteAllBytes(db, RawFixture.Unzstd(entries["collection.anki21b"]));
                SetSchema(db, schema);
                using var compressed = new MemoryStream();
                using (var zstd = new ZstdSharp.CompressionStream(compressed, 3, 0, leaveOpen: true))
                {
                    var bytes = File.ReadAllBytes(db);
                    zstd.Write(bytes, 0, bytes.Length);
                }

                entries["collection.anki21b"] = compressed.ToArray();
            });
            AssertOpenError(latest, "UnsupportedSchema", ErrorCategory.InvalidData);
        }

        [FixtureTheory]
        [InlineData("anki2.1.50plus-latest-apkg-anki21b-4notes.apkg", "collection.anki21b")]
        [InlineData("anki2.1.50plus-legacy2-apkg-anki21-stub-spanish.apkg", "collection.anki21")]
        [InlineData("anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg", "collection.anki2")]
        public void APackageWithoutItsCollectionIsMissingCollection(string fixture, string entry)
        {
            // Latest and legacy-2 keep their stub: the stub must not be read in place of the missing collection.
            string path = RewriteZip(fixture, "missing-" + entry + ".apkg", entries => entries.Remove(entry));
            AssertOpenError(path, "MissingCollection", ErrorCategory.InvalidData);
        }

        [Fact]
        public void RandomBytesAreInvalidPackage()
        {
            var bytes = new byte[4096];
            new Random(20240601).NextBytes(bytes);
            string path = scratch.Combine("random.apkg");
            File.WriteAllBytes(path, bytes);
            AssertOpenError(path, "InvalidPackage", ErrorCategory.InvalidData);
        }

        [FixtureFact]
        public void ATruncatedZipIsInvalidPackage()
        {
            byte[] whole = File.ReadAllBytes(Fixtures.Path("anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg"));
            string path = scratch.Combine("truncated.apkg");
            File.WriteAllBytes(path, whole.Take(whole.Length / 2).ToArray());
            AssertOpenError(path, "InvalidPackage", ErrorCategory.InvalidData);
        }

        public void Dispose()
        {
            host.Dispose();
            scratch.Dispose();
            watch.Dispose();
        }

        /// <summary>
        /// Open-AnkiPackage and Get-AnkiCard -Path on <paramref name="path"/> each give exactly one ErrorRecord:
        /// ErrorId AnkiSync.<paramref name="reason"/>, the category, the file as target; no output, no work folder left.
        /// </summary>
        private void AssertOpenError(string path, string reason, ErrorCategory category)
        {
            var before = watch.WorkFolders();
            foreach (var command in new[] { "Open-AnkiPackage -LiteralPath $file", "Get-AnkiCard -Path $file" })
            {
                var (output, errors, _) = host.Invoke(command, Vars(("file", path)));

                Assert.Empty(output);
                var error = Assert.Single(errors);
                Assert.Equal("AnkiSync." + reason, error.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Equal(category, error.CategoryInfo.Category);
                Assert.Equal(path, error.TargetObject);
                var exception = Assert.IsAssignableFrom<AnkiException>(error.Exception);
                Assert.Contains(Path.GetFileName(path), exception.Message, StringComparison.Ordinal);
                Assert.Equal(before, watch.WorkFolders());
            }
        }

        private string RewriteZip(string fixture, string name, Action<Dictionary<string, byte[]>> change)
        {
            var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var order = new List<string>();
            using (var zip = ZipFile.OpenRead(Fixtures.Path(fixture)))
            {
                foreach (var entry in zip.Entries)
                {
                    using var stream = entry.Open();
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    entries[entry.FullName] = buffer.ToArray();
                    order.Add(entry.FullName);
                }
            }

            change(entries);
            string path = scratch.Combine(name);
            using var file = ZipFile.Open(path, ZipArchiveMode.Create);
            foreach (var entryName in order.Concat(entries.Keys.Except(order)).Where(entries.ContainsKey))
            {
                using var stream = file.CreateEntry(entryName, CompressionLevel.NoCompression).Open();
                stream.Write(entries[entryName], 0, entries[entryName].Length);
            }

            return path;
        }

        private static void SetSchema(string database, int schema)
        {
            using var db = AnkiDatabase.Open(database);
            // Schema-18 files are in WAL mode: bring the change into the main file, which is what gets packaged.
            db.Execute("pragma journal_mode = delete");
            db.Execute("update col set ver = $ver", ("$ver", schema));
        }
    }
}
