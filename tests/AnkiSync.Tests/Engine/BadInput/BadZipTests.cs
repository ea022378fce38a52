using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AnkiSync.Tests.Engine.Packages;
using static AnkiSync.Tests.Engine.BadInput.BadInputFiles;

namespace AnkiSync.Tests.Engine.BadInput;

/// <summary>Damaged containers and databases, opened with <see cref="AnkiPackage.Open"/>: one AnkiException each, nothing left behind.</summary>
[Collection(BadInputCollection.Name)]
public sealed class BadZipTests
{
    [FixtureTheory]
    [InlineData(LegacyApkg)]
    [InlineData(LatestApkg)]
    [InlineData(LegacyColpkg)]
    public void TruncatedZipsAreInvalidPackagesAtEveryCut(string fixture)
    {
        using var temp = new TempFolder();
        var bytes = File.ReadAllBytes(Fixtures.Path(fixture));
        // Inside the first local header, inside the first entry's data, mid-archive, inside the central
        // directory, inside the end record, and one byte short.
        var cuts = new[] { 4, 40, bytes.Length / 10, bytes.Length / 2, bytes.Length * 9 / 10, bytes.Length - 30, bytes.Length - 10, bytes.Length - 1 };
        foreach (var cut in cuts)
        {
            var path = temp.File($"cut-{cut}{Path.GetExtension(fixture)}", bytes.Take(cut).ToArray());
            BadInputAssert.OpenFails(path, "InvalidPackage");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomBytesBehindAZipHeaderAreAnInvalidPackage(int seed)
    {
        using var temp = new TempFolder();
        var bytes = new byte[64 * 1024];
        new Random(seed).NextBytes(bytes);
        new byte[] { 0x50, 0x4B, 0x03, 0x04 }.CopyTo(bytes, 0);

        BadInputAssert.OpenFails(temp.File("garbage.apkg", bytes), "InvalidPackage");
    }

    [Fact]
    public void GarbageWithAPlausibleEndRecordIsAnInvalidPackage()
    {
        using var temp = new TempFolder();
        var garbage = new byte[8192];
        new Random(11).NextBytes(garbage);
        new byte[] { 0x50, 0x4B, 0x03, 0x04 }.CopyTo(garbage, 0);
        // An end-of-central-directory record claiming three entries in a 4 KB directory at offset 100: all noise.
        var end = new byte[22];
        BitConverter.GetBytes(0x06054b50u).CopyTo(end, 0);
        BitConverter.GetBytes((ushort)3).CopyTo(end, 8);
        BitConverter.GetBytes((ushort)3).CopyTo(end, 10);
        BitConverter.GetBytes(4096u).CopyTo(end, 12);
        BitConverter.GetBytes(100u).CopyTo(end, 16);

        BadInputAssert.OpenFails(temp.File("garbage-end.apkg", garbage.Concat(end).ToArray()), "InvalidPackage");
    }

    [Fact]
    public void AWellFormedZipOfNoiseHasNoSqliteCollection()
    {
        using var temp = new TempFolder();
        var noise = new byte[32 * 1024];
        new Random(5).NextBytes(noise);
        var path = LegacyPackage(temp, "noise.apkg", noise);

        var error = BadInputAssert.OpenFails(path, "InvalidCollection");
        Assert.Contains("SQLite", error.Message);
    }

    [FixtureTheory]
    [InlineData("notes")]
    [InlineData("cards")]
    [InlineData("col")]
    public void AScrambledTablePageInALegacyPackageIsACorruptCollection(string table)
    {
        using var temp = new TempFolder();
        var entries = ReadZip(Fixtures.Path(LegacyApkg));
        var at = entries.FindIndex(e => e.Name == "collection.anki2");
        var sqlite = entries[at].Data;
        entries[at] = (entries[at].Name, ScramblePage(sqlite, RootPage(temp, sqlite, table)), entries[at].Deflate);

        var error = BadInputAssert.OpenFails(WriteZip(temp.Path("scrambled.apkg"), entries), "CorruptCollection");
        Assert.Contains("corrupt", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [FixtureTheory]
    [InlineData("notes")]
    [InlineData("notetypes")]
    [InlineData("col")]
    public void AScrambledTablePageInALatestPackageIsACorruptCollection(string table)
    {
        using var temp = new TempFolder();
        var entries = ReadZip(Fixtures.Path(LatestApkg));
        var at = entries.FindIndex(e => e.Name == "collection.anki21b");
        var sqlite = PackageTestFiles.ZstdDecompress(entries[at].Data);
        entries[at] = (entries[at].Name, PackageTestFiles.ZstdCompress(ScramblePage(sqlite, RootPage(temp, sqlite, table))), entries[at].Deflate);

        BadInputAssert.OpenFails(WriteZip(temp.Path("scrambled.apkg"), entries), "CorruptCollection");
    }

    [FixtureFact]
    public void FlippedBytesAcrossEveryPageOfABareCollectionAreACorruptCollection()
    {
        using var temp = new TempFolder();
        var sqlite = Schema11Collection();
        var pageSize = PageSize(sqlite);
        var damaged = (byte[])sqlite.Clone();
        var random = new Random(17);
        // After the 100-byte file header, one byte in the b-tree header of every later page.
        for (var page = 2; page * pageSize <= damaged.Length; page++)
        {
            damaged[((page - 1) * pageSize) + random.Next(0, 8)] ^= 0xA5;
        }

        BadInputAssert.OpenFails(temp.File("flipped.anki2", damaged), "CorruptCollection");
    }

    [FixtureFact]
    public void ALegacyCollectionCutInHalfIsACorruptCollection()
    {
        using var temp = new TempFolder();
        var sqlite = Schema11Collection();
        var path = LegacyPackage(temp, "half.apkg", sqlite.Take(sqlite.Length / 2).ToArray());

        BadInputAssert.OpenFails(path, "CorruptCollection");
    }

    [FixtureFact]
    public void ALatestCollectionCutInHalfIsACorruptCollection()
    {
        using var temp = new TempFolder();
        var sqlite = Schema18Collection();
        var path = LatestPackage(temp, "half.apkg", sqlite.Take(sqlite.Length / 2).ToArray(), Array.Empty<byte>());

        BadInputAssert.OpenFails(path, "CorruptCollection");
    }

    [FixtureFact]
    public void ABareCollectionCutInHalfIsACorruptCollection()
    {
        using var temp = new TempFolder();
        var sqlite = Schema11Collection();

        BadInputAssert.OpenFails(temp.File("half.anki2", sqlite.Take(sqlite.Length / 2).ToArray()), "CorruptCollection");
    }

    [FixtureTheory]
    [InlineData("media")]
    [InlineData("Collection.anki2")]
    [InlineData("sub/collection.anki2")]
    [InlineData("collection.anki2x")]
    public void AZipWithoutACollectionEntryIsMissingCollection(string onlyEntry)
    {
        using var temp = new TempFolder();
        var path = WriteZip(temp.Path("nocollection.apkg"), new List<(string, byte[], bool)>
        {
            (onlyEntry, onlyEntry == "media" ? Encoding.UTF8.GetBytes("{}") : Schema11Collection(), true),
            ("0", new byte[] { 1, 2, 3 }, false),
        });

        var error = BadInputAssert.OpenFails(path, "MissingCollection");
        Assert.Contains("collection.anki2", error.Message);
    }

    [Fact]
    public void AnUnpackedFolderWithoutACollectionIsMissingCollection()
    {
        using var temp = new TempFolder();
        var folder = temp.Path("unpacked");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "media"), "{}");

        BadInputAssert.OpenFails(folder, "MissingCollection");
    }

    [FixtureFact]
    public void AnUnpackedFolderWithACorruptCollectionIsCorruptCollection()
    {
        using var temp = new TempFolder();
        var folder = temp.Path("unpacked");
        Directory.CreateDirectory(folder);
        var sqlite = Schema11Collection();
        File.WriteAllBytes(Path.Combine(folder, "collection.anki2"), ScramblePage(sqlite, RootPage(temp, sqlite, "cards")));
        File.WriteAllText(Path.Combine(folder, "media"), "{}");

        BadInputAssert.OpenFails(folder, "CorruptCollection");
    }
}
