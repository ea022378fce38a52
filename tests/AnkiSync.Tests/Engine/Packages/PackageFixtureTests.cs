using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AnkiSync.Packages;
using AnkiSync.Storage;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>Every real package and bare collection in the shared fixtures extracts as MANIFEST.md describes it.</summary>
public class PackageFixtureTests
{
    /// <summary>From MANIFEST.md: layout, container, note count and the extensions of the media files.</summary>
    private static readonly Dictionary<string, (PackageVersion Version, PackageContainer Container, int Notes, string[] MediaExtensions)> Expected = new()
    {
        ["anki-apkg-export-js-legacy-apkg-image.apkg"] = (PackageVersion.Legacy1, PackageContainer.Apkg, 3, new[] { ".png" }),
        ["anki2.0-legacy-apkg-basic-1note.apkg"] = (PackageVersion.Legacy1, PackageContainer.Apkg, 1, Array.Empty<string>()),
        ["anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg"] = (PackageVersion.Legacy1, PackageContainer.Apkg, 48, Array.Empty<string>()),
        ["anki2.0-legacy-apkg-sound-media.apkg"] = (PackageVersion.Legacy1, PackageContainer.Apkg, 1, new[] { ".wav" }),
        ["anki2.1.1x-colpkg-anki21-stub-all-stock-notetypes-media.colpkg"] = (PackageVersion.Legacy2, PackageContainer.Colpkg, 8, new[] { ".ico", ".png", ".png", ".wav" }),
        ["anki2.1.1x-colpkg-legacy-anki2-all-stock-notetypes-media.colpkg"] = (PackageVersion.Legacy1, PackageContainer.Colpkg, 8, new[] { ".ico", ".png", ".png", ".wav" }),
        ["anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg"] = (PackageVersion.Legacy1, PackageContainer.Apkg, 8, new[] { ".ico", ".png", ".png", ".wav" }),
        ["anki2.1.50plus-latest-apkg-anki21b-4notes.apkg"] = (PackageVersion.Latest, PackageContainer.Apkg, 4, Array.Empty<string>()),
        ["anki2.1.50plus-latest-apkg-anki21b-basic-19notes.apkg"] = (PackageVersion.Latest, PackageContainer.Apkg, 19, Array.Empty<string>()),
        ["anki2.1.50plus-latest-apkg-anki21b-chinese-custom-notetype.apkg"] = (PackageVersion.Latest, PackageContainer.Apkg, 3, Array.Empty<string>()),
        ["anki2.1.50plus-latest-apkg-anki21b-jpg-images.apkg"] = (PackageVersion.Latest, PackageContainer.Apkg, 2, new[] { ".jpg", ".jpg" }),
        ["anki2.1.50plus-latest-apkg-anki21b-media-revlog.apkg"] = (PackageVersion.Latest, PackageContainer.Apkg, 5, new[] { ".jpg", ".mp3" }),
        ["anki2.1.50plus-latest-colpkg-anki21b-revlog-filtered-deck.colpkg"] = (PackageVersion.Latest, PackageContainer.Colpkg, 6, Array.Empty<string>()),
        ["anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg"] = (PackageVersion.Legacy2, PackageContainer.Apkg, 5, new[] { ".jpg", ".mp3" }),
        ["anki2.1.50plus-legacy2-apkg-anki21-stub-spanish.apkg"] = (PackageVersion.Legacy2, PackageContainer.Apkg, 5, Array.Empty<string>()),
        ["ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg"] = (PackageVersion.Legacy1, PackageContainer.Colpkg, 195, Array.Empty<string>()),
        ["genanki-legacy-apkg-japanese-kanji-165notes.apkg"] = (PackageVersion.Legacy1, PackageContainer.Apkg, 165, Array.Empty<string>()),
        ["anki2.1.1x-bare-schema11-two-decks-revlog.anki2"] = (PackageVersion.Legacy1, PackageContainer.Collection, 7, Array.Empty<string>()),
        ["anki2.1.2x-bare-schema11-media-refs.anki2"] = (PackageVersion.Legacy1, PackageContainer.Collection, 3, Array.Empty<string>()),
        ["anki2.1.4x-bare-schema16-empty.anki2"] = (PackageVersion.Legacy1, PackageContainer.Collection, 0, Array.Empty<string>()),
        ["anki2.1.50plus-bare-schema18-japanese-studied.anki2"] = (PackageVersion.Legacy1, PackageContainer.Collection, 3, Array.Empty<string>()),
        ["anki2.1.50plus-bare-schema18-suspended.anki2"] = (PackageVersion.Legacy1, PackageContainer.Collection, 6, Array.Empty<string>()),
        ["anki2.1.50plus-latest-bare-collection-19notes.anki21b"] = (PackageVersion.Latest, PackageContainer.Collection, 19, Array.Empty<string>()),
        ["ankidroid2.12.1-bare-schema11-empty.anki2"] = (PackageVersion.Legacy1, PackageContainer.Collection, 0, Array.Empty<string>()),
    };

    public static IEnumerable<object[]> AllFixtures()
        => Expected.Keys.OrderBy(name => name, StringComparer.Ordinal).Select(name => new object[] { name });

    public static IEnumerable<object[]> ZipFixtures()
        => AllFixtures().Where(row => Expected[(string)row[0]].Container != PackageContainer.Collection);

    /// <summary>Packages whose collection is newer than the collection.anki2 stub they also carry (Legacy2 and Latest).</summary>
    public static IEnumerable<object[]> PackagesWithAStub()
        => ZipFixtures().Where(row => Expected[(string)row[0]].Version != PackageVersion.Legacy1);

    [FixtureFact]
    public void EveryFixtureFileHasAnExpectation()
    {
        var files = Directory.EnumerateFiles(Fixtures.Root)
            .Select(Path.GetFileName)
            .Where(name => name != "MANIFEST.md")
            // SQLite sidecars that a test opening a fixture in place may leave; not fixtures.
            .Where(name => !name!.EndsWith("-wal", StringComparison.Ordinal) && !name.EndsWith("-shm", StringComparison.Ordinal))
            .OrderBy(name => name, StringComparer.Ordinal);
        Assert.Equal(Expected.Keys.OrderBy(name => name, StringComparer.Ordinal), files);
    }

    [FixtureTheory]
    [MemberData(nameof(AllFixtures))]
    public void ExtractsWithTheManifestVersionContainerNotesAndMedia(string fixture)
    {
        var expected = Expected[fixture];
        using var temp = new TempFolder();
        var source = Fixtures.Path(fixture);
        var before = File.ReadAllBytes(source);

        var package = PackageReader.Extract(source, temp.Path("work"));

        Assert.Equal(expected.Version, package.Version);
        Assert.Equal(expected.Container, package.Container);
        Assert.StartsWith(temp.Path("work"), package.CollectionPath, StringComparison.Ordinal);
        Assert.Equal(PackageTestFiles.SqliteMagic, File.ReadAllBytes(package.CollectionPath).Take(16));
        Assert.Equal(expected.Notes, CountNotes(package.CollectionPath));
        Assert.Equal(expected.MediaExtensions, package.MediaNames.Select(n => Path.GetExtension(n).ToLowerInvariant()).OrderBy(e => e, StringComparer.Ordinal));
        Assert.Equal(package.MediaNames.OrderBy(n => n, StringComparer.Ordinal), Directory.EnumerateFiles(package.MediaDirectory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(before, File.ReadAllBytes(source));
    }

    [FixtureTheory]
    [MemberData(nameof(PackagesWithAStub))]
    public void NeverReturnsTheStubWhenANewerCollectionExists(string fixture)
    {
        var source = Fixtures.Path(fixture);
        Assert.True(PackageTestFiles.HasEntry(source, "collection.anki21") || PackageTestFiles.HasEntry(source, "collection.anki21b"));

        using var temp = new TempFolder();
        var stubPath = temp.File("stub.anki2", PackageTestFiles.ReadEntry(source, "collection.anki2"));
        using (var stub = AnkiDatabase.Open(stubPath, readOnly: true))
        {
            Assert.Equal(1L, stub.ScalarLong("select count() from notes"));
            var text = (string)stub.Scalar("select flds from notes")!;
            Assert.True(text.Contains("update", StringComparison.OrdinalIgnoreCase) || text.Contains("newer", StringComparison.OrdinalIgnoreCase), text);
        }

        var package = PackageReader.Extract(source, temp.Path("work"));

        Assert.NotEqual(File.ReadAllBytes(stubPath), File.ReadAllBytes(package.CollectionPath));
        Assert.NotEqual(1, CountNotes(package.CollectionPath));
    }

    [FixtureTheory]
    [MemberData(nameof(ZipFixtures))]
    public void MediaBytesMatchThePackage(string fixture)
    {
        using var temp = new TempFolder();
        var source = Fixtures.Path(fixture);
        var package = PackageReader.Extract(source, temp.Path("work"));
        var mapBytes = PackageTestFiles.ReadEntry(source, "media");

        if (package.Version == PackageVersion.Latest)
        {
            var map = PackageTestFiles.DecodeMediaEntries(PackageTestFiles.ZstdDecompress(mapBytes));
            Assert.Equal(map.Select(m => m.Name), package.MediaNames);
            foreach (var (name, size, sha1) in map)
            {
                var bytes = File.ReadAllBytes(Path.Combine(package.MediaDirectory, name));
                Assert.Equal((long)size, bytes.LongLength);
                Assert.Equal(sha1, PackageTestFiles.Sha1(bytes));
            }
        }
        else
        {
            using var json = JsonDocument.Parse(mapBytes);
            var map = json.RootElement.EnumerateObject().ToList();
            Assert.Equal(map.Count, package.MediaNames.Count);
            foreach (var entry in map)
            {
                var name = entry.Value.GetString()!;
                Assert.Contains(name, package.MediaNames);
                Assert.Equal(PackageTestFiles.ReadEntry(source, entry.Name), File.ReadAllBytes(Path.Combine(package.MediaDirectory, name)));
            }
        }
    }

    [FixtureFact]
    public void StockMediaNamesAreReadFromTheLegacyMap()
    {
        using var temp = new TempFolder();
        var package = PackageReader.Extract(Fixtures.Path("anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg"), temp.Path("work"));

        // Ordered by index: the map says 0 = favicon.ico, 1 = bloop.wav.
        Assert.Equal(new[] { "favicon.ico", "bloop.wav", "png1.png", "png2.png" }, package.MediaNames);
    }

    [FixtureFact]
    public void BareZstdCollectionMatchesTheSameCollectionInsideItsPackage()
    {
        using var temp = new TempFolder();
        var bare = PackageReader.Extract(Fixtures.Path("anki2.1.50plus-latest-bare-collection-19notes.anki21b"), temp.Path("bare"));
        var packaged = PackageReader.Extract(Fixtures.Path("anki2.1.50plus-latest-apkg-anki21b-basic-19notes.apkg"), temp.Path("packaged"));

        Assert.Equal(File.ReadAllBytes(packaged.CollectionPath), File.ReadAllBytes(bare.CollectionPath));
        Assert.Empty(bare.MediaNames);
        Assert.True(Directory.Exists(bare.MediaDirectory));
    }

    [FixtureFact]
    public void BareSqliteCollectionIsCopiedByteForByte()
    {
        using var temp = new TempFolder();
        var source = Fixtures.Path("anki2.1.50plus-bare-schema18-suspended.anki2");

        var package = PackageReader.Extract(source, temp.Path("work"));

        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(package.CollectionPath));
    }

    [FixtureFact]
    public void ContainerIsDetectedByContentNotExtension()
    {
        using var temp = new TempFolder();
        var disguisedZip = temp.File("deck.anki2", File.ReadAllBytes(Fixtures.Path("anki2.0-legacy-apkg-basic-1note.apkg")));
        var disguisedSqlite = temp.File("deck.apkg", File.ReadAllBytes(Fixtures.Path("anki2.1.2x-bare-schema11-media-refs.anki2")));

        var zip = PackageReader.Extract(disguisedZip, temp.Path("zip"));
        var sqlite = PackageReader.Extract(disguisedSqlite, temp.Path("sqlite"));

        Assert.Equal(PackageContainer.Apkg, zip.Container);
        Assert.Equal(1, CountNotes(zip.CollectionPath));
        Assert.Equal(PackageContainer.Collection, sqlite.Container);
        Assert.Equal(3, CountNotes(sqlite.CollectionPath));
    }

    [Theory]
    [InlineData("deck.apkg", PackageContainer.Apkg)]
    [InlineData("deck.colpkg", PackageContainer.Colpkg)]
    [InlineData("DECK.COLPKG", PackageContainer.Colpkg)]
    [InlineData("collection.apkg", PackageContainer.Colpkg)]
    [InlineData("backup-2024-01-01.apkg", PackageContainer.Colpkg)]
    [InlineData("my-backup-1.apkg", PackageContainer.Apkg)]
    [InlineData("deck.zip", PackageContainer.Apkg)]
    public void ZipContainerFollowsAnkisImportRouting(string fileName, PackageContainer expected)
    {
        Assert.Equal(expected, PackageReader.ContainerOf(Path.Combine("some", "folder", fileName)));
    }

    private static int CountNotes(string collectionPath)
    {
        using var db = AnkiDatabase.Open(collectionPath, readOnly: true);
        return (int)db.ScalarLong("select count() from notes");
    }
}
