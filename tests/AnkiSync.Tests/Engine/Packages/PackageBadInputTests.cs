using System;
using System.IO;
using System.Linq;
using System.Text;
using AnkiSync.Packages;
using static AnkiSync.Tests.Engine.Packages.PackageTestFiles;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>Every kind of bad input ends in one AnkiException with a stable reason, the package as target, and nothing written outside the work folder.</summary>
public class PackageBadInputTests
{
    [Fact]
    public void RandomBytesAreNotAPackage()
    {
        using var temp = new TempFolder();
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x11; // Make sure the random start is neither SQLite nor zstd.

        AssertFails(temp, temp.File("random.apkg", bytes), "InvalidPackage", AnkiErrorKind.InvalidData);
    }

    [Fact]
    public void EmptyFileIsNotAPackage()
    {
        using var temp = new TempFolder();
        AssertFails(temp, temp.File("empty.apkg", Array.Empty<byte>()), "InvalidPackage", AnkiErrorKind.InvalidData);
    }

    [FixtureTheory]
    [InlineData("anki2.1.50plus-latest-apkg-anki21b-jpg-images.apkg")]
    [InlineData("anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg")]
    public void TruncatedPackageIsInvalid(string fixture)
    {
        using var temp = new TempFolder();
        var bytes = File.ReadAllBytes(Fixtures.Path(fixture));

        AssertFails(temp, temp.File("truncated.apkg", bytes.Take(bytes.Length / 2).ToArray()), "InvalidPackage", AnkiErrorKind.InvalidData);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CorruptEntryDataFailsItsChecksum(bool deflate)
    {
        using var temp = new TempFolder();
        var media = new byte[64 * 1024];
        new Random(3).NextBytes(media);
        var path = Zip(temp.Path("corrupt.apkg"), Entry("0", media, deflate), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("media", "{\"0\":\"a.bin\"}"));
        var bytes = File.ReadAllBytes(path);
        // Entry "0" comes first: its data starts after the 30-byte local header and the 1-byte name.
        for (var i = 31 + 1000; i < 31 + 1100; i++)
        {
            bytes[i] ^= 0x5A;
        }

        File.WriteAllBytes(path, bytes);

        var error = AssertFails(temp, path, "InvalidPackage", AnkiErrorKind.InvalidData);
        Assert.Contains("'0'", error.Message);
    }

    [Fact]
    public void ZipWithoutCollectionIsMissingCollection()
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("nocol.apkg"), Entry("media", "{}"), Entry("0", "x"));

        AssertFails(temp, path, "MissingCollection", AnkiErrorKind.InvalidData);
    }

    [Fact]
    public void MetaNamingAnAbsentCollectionIsMissingCollection()
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("meta3.apkg"), Entry("meta", new byte[] { 0x08, 0x03 }), Entry("collection.anki2", SqliteBytes(temp, "stub")), Entry("media", "{}"));

        var error = AssertFails(temp, path, "MissingCollection", AnkiErrorKind.InvalidData);
        Assert.Contains("collection.anki21b", error.Message);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x07)]
    public void UnknownMetaVersionIsFromANewerAnki(byte version)
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("meta.apkg"), Entry("meta", new byte[] { 0x08, version }), Entry("collection.anki21b", ZstdCompress(SqliteBytes(temp, "x"))), Entry("media", ZstdCompress(Array.Empty<byte>())));

        var error = AssertFails(temp, path, "UnsupportedPackageVersion", AnkiErrorKind.InvalidData);
        Assert.Contains("newer Anki", error.Message);
    }

    [Fact]
    public void EmptyMetaMeansVersionUnknown()
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("meta.apkg"), Entry("meta", Array.Empty<byte>()), Entry("collection.anki2", SqliteBytes(temp, "x")));

        AssertFails(temp, path, "UnsupportedPackageVersion", AnkiErrorKind.InvalidData);
    }

    [Theory]
    [InlineData(new byte[] { 0x08, 0xFF })] // varint cut short
    [InlineData(new byte[] { 0x0A, 0x05, 0x01 })] // field 1 as a length-delimited field
    [InlineData(new byte[] { 0xFF })]
    public void UndecodableMetaIsInvalidPackage(byte[] meta)
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("meta.apkg"), Entry("meta", meta), Entry("collection.anki2", SqliteBytes(temp, "x")));

        var error = AssertFails(temp, path, "InvalidPackage", AnkiErrorKind.InvalidData);
        Assert.Contains("its meta entry is not a valid PackageMetadata message (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVersionFieldThatIsNotAVarintIsInvalidEvenWhenItsBytesWouldReadAsOne()
    {
        // Field 1 as a length-delimited field of two bytes, which read as varints would declare version 3.
        using var temp = new TempFolder();
        var path = Zip(temp.Path("meta.apkg"), Entry("meta", new byte[] { 0x0A, 0x02, 0x08, 0x03 }), Entry("collection.anki21b", ZstdCompress(SqliteBytes(temp, "x"))));

        var error = AssertFails(temp, path, "InvalidPackage", AnkiErrorKind.InvalidData);
        Assert.Contains("its meta entry is not a valid PackageMetadata message (the version field is not a varint).", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, PackageVersion.Legacy1, "collection.anki2")]
    [InlineData(2, PackageVersion.Legacy2, "collection.anki21")]
    public void AMetaEntryDeclaringAnOlderVersionIsRead(byte version, PackageVersion expected, string collection)
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("meta.apkg"), Entry("meta", new byte[] { 0x08, version }), Entry(collection, SqliteBytes(temp, "x")));

        Assert.Equal(expected, PackageReader.Extract(path, temp.Path("work")).Version);
    }

    [Fact]
    public void MissingMediaMapIsAnEmptyMap()
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("nomedia.colpkg"), Entry("collection.anki2", SqliteBytes(temp, "only"), deflate: true));

        var package = PackageReader.Extract(path, temp.Path("work"));

        Assert.Empty(package.MediaNames);
        Assert.Equal(PackageContainer.Colpkg, package.Container);
        Assert.Equal("only", ReadMarker(package.CollectionPath));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[\"a.jpg\"]")]
    [InlineData("{\"0\": 5}")]
    [InlineData("{\"x\": \"a.jpg\"}")]
    [InlineData("{\"-1\": \"a.jpg\"}")]
    [InlineData("{\"0\": \"a.jpg\", \"00\": \"b.jpg\"}")]
    public void InvalidLegacyMapIsInvalidMediaMap(string map)
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("map.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("0", "zero"), Entry("media", map));

        AssertFails(temp, path, "InvalidMediaMap", AnkiErrorKind.InvalidData);
    }

    [Fact]
    public void MapEntryWithoutItsFileIsLeftOutWithAFindingNamingBoth()
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("map.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("0", "zero"), Entry("media", "{\"0\":\"a.jpg\",\"1\":\"b.jpg\"}"));

        var package = PackageReader.Extract(path, temp.Path("work"));

        Assert.Equal(new[] { "a.jpg" }, package.MediaNames);
        var finding = Assert.Single(package.Findings);
        Assert.Equal("MissingMediaFile", finding.Kind);
        Assert.Contains("entry 1", finding.Message, StringComparison.Ordinal);
        Assert.Equal("b.jpg", finding.Target);
    }

    [Fact]
    public void DuplicateNamesAfterNormalisationKeepTheFirstFile()
    {
        using var temp = new TempFolder();
        // "a?.jpg" loses its '?' and becomes "a.jpg".
        var path = Zip(temp.Path("dup.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("0", "a"), Entry("1", "b"), Entry("media", "{\"0\":\"a.jpg\",\"1\":\"a?.jpg\"}"));

        var package = PackageReader.Extract(path, temp.Path("work"));

        Assert.Equal(new[] { "a.jpg" }, package.MediaNames);
        Assert.Equal("a", File.ReadAllText(Path.Combine(package.MediaDirectory, "a.jpg")));
        Assert.Equal("DuplicateMediaName", Assert.Single(package.Findings).Kind);
        Assert.Equal(new[] { "a.jpg" }, Directory.GetFiles(package.MediaDirectory).Select(Path.GetFileName));
    }

    [Fact]
    public void LegacyNamesAreNormalisedOnTheFly()
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("norm.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("0", "device"), Entry("1", "mark"), Entry("media", "{\"0\":\"con\",\"1\":\"what?.txt\"}"));

        var package = PackageReader.Extract(path, temp.Path("work"));

        Assert.Equal(new[] { "con_", "what.txt" }, package.MediaNames);
        Assert.Equal("device", File.ReadAllText(Path.Combine(package.MediaDirectory, "con_")));
        Assert.Equal("mark", File.ReadAllText(Path.Combine(package.MediaDirectory, "what.txt")));
    }

    [Theory]
    [InlineData("../../evil.txt")]
    [InlineData("/etc/x")]
    [InlineData("a\\..\\b")]
    [InlineData("..")]
    [InlineData("")]
    public void ZipSlipNamesInALegacyMapAreRefused(string name)
    {
        using var temp = new TempFolder();
        var map = "{\"0\":\"safe.txt\",\"1\":" + System.Text.Json.JsonSerializer.Serialize(name) + "}";
        var path = Zip(temp.Path("slip.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("0", "fine"), Entry("1", "evil"), Entry("media", map));

        AssertFails(temp, path, "UnsafeMediaName", AnkiErrorKind.InvalidData);
    }

    [Theory]
    [InlineData("../../evil.txt")]
    [InlineData("/etc/x")]
    [InlineData("a\\..\\b")]
    public void ZipSlipNamesInALatestMapAreRefused(string name)
    {
        using var temp = new TempFolder();
        var evil = Encoding.UTF8.GetBytes("evil");
        var path = Zip(
            temp.Path("slip.apkg"),
            Entry("meta", new byte[] { 0x08, 0x03 }),
            Entry("collection.anki21b", ZstdCompress(SqliteBytes(temp, "x"))),
            Entry("0", ZstdCompress(evil)),
            Entry("media", ZstdCompress(MediaEntries((name, (uint)evil.Length, Sha1(evil))))));

        AssertFails(temp, path, "UnsafeMediaName", AnkiErrorKind.InvalidData);
    }

    [Fact]
    public void ZipSlipNamesInAnUnpackedFolderAreRefused()
    {
        using var temp = new TempFolder();
        var folder = temp.Path("unpacked");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "collection.anki2"), SqliteBytes(temp, "x"));
        File.WriteAllText(Path.Combine(folder, "0"), "evil");
        File.WriteAllText(Path.Combine(folder, "media"), "{\"0\":\"../../evil.txt\"}");

        AssertFails(temp, folder, "UnsafeMediaName", AnkiErrorKind.InvalidData);
    }

    [Fact]
    public void LatestNameThatIsNotNormalisedIsInvalidMediaMap()
    {
        using var temp = new TempFolder();
        var data = Encoding.UTF8.GetBytes("device");
        var path = LatestPackage(temp, ("con", (uint)data.Length, Sha1(data)), data);

        var error = AssertFails(temp, path, "InvalidMediaMap", AnkiErrorKind.InvalidData);
        Assert.Contains("media file 0 is named 'con', which is not normalised ('", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LatestShortSha1IsInvalidMediaMap()
    {
        using var temp = new TempFolder();
        var data = Encoding.UTF8.GetBytes("data");
        var path = LatestPackage(temp, ("a.txt", (uint)data.Length, Sha1(data).Take(19).ToArray()), data);

        var error = AssertFails(temp, path, "InvalidMediaMap", AnkiErrorKind.InvalidData);
        Assert.Contains("media file 0 ('a.txt') has a 19-byte SHA-1; it must be 20 bytes.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LatestChecksumMismatchIsInvalidMediaMap()
    {
        using var temp = new TempFolder();
        var data = Encoding.UTF8.GetBytes("data");
        var path = LatestPackage(temp, ("a.txt", (uint)data.Length, Sha1(Encoding.UTF8.GetBytes("other"))), data);

        var error = AssertFails(temp, path, "InvalidMediaMap", AnkiErrorKind.InvalidData);
        Assert.Contains("media file 0 ('a.txt') does not match the size and SHA-1 in the map (4 bytes, expected 4).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LatestSizeMismatchIsInvalidMediaMap()
    {
        using var temp = new TempFolder();
        var data = Encoding.UTF8.GetBytes("data");
        var path = LatestPackage(temp, ("a.txt", 3, Sha1(data)), data);

        var error = AssertFails(temp, path, "InvalidMediaMap", AnkiErrorKind.InvalidData);
        Assert.Contains("media file 0 ('a.txt') does not match the size and SHA-1 in the map (4 bytes, expected 3).", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, "it is not a valid zstd stream (")] // not zstd
    [InlineData(new byte[] { 0x0A, 0x03, 0x61 }, "it is not a valid MediaEntries message (")] // field 1 cut short
    public void LatestUndecodableMapIsInvalidMediaMap(byte[] map, string expected)
    {
        using var temp = new TempFolder();
        var payload = map.Length == 5 ? map : ZstdCompress(map);
        var path = Zip(temp.Path("latest.apkg"), Entry("meta", new byte[] { 0x08, 0x03 }), Entry("collection.anki21b", ZstdCompress(SqliteBytes(temp, "x"))), Entry("media", payload));

        var error = AssertFails(temp, path, "InvalidMediaMap", AnkiErrorKind.InvalidData);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LatestCollectionThatIsNotSqliteIsInvalidCollection()
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("latest.apkg"), Entry("meta", new byte[] { 0x08, 0x03 }), Entry("collection.anki21b", ZstdCompress(Encoding.UTF8.GetBytes("hello, not a database"))));

        AssertFails(temp, path, "InvalidCollection", AnkiErrorKind.InvalidData);
    }

    [Fact]
    public void LatestCollectionThatIsNotZstdIsInvalidCollection()
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("latest.apkg"), Entry("meta", new byte[] { 0x08, 0x03 }), Entry("collection.anki21b", SqliteBytes(temp, "x")));

        var error = AssertFails(temp, path, "InvalidCollection", AnkiErrorKind.InvalidData);
        Assert.Contains("'collection.anki21b' is not a valid zstd stream (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedZstdCollectionIsInvalidCollection()
    {
        using var temp = new TempFolder();
        var compressed = ZstdCompress(SqliteBytes(temp, "x"));
        var path = Zip(temp.Path("latest.apkg"), Entry("meta", new byte[] { 0x08, 0x03 }), Entry("collection.anki21b", compressed.Take(compressed.Length - 8).ToArray()));

        AssertFails(temp, path, "InvalidCollection", AnkiErrorKind.InvalidData);
    }

    [Fact]
    public void LegacyCollectionThatIsNotSqliteIsInvalidCollection()
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("legacy.apkg"), Entry("collection.anki2", "just text", deflate: true));

        AssertFails(temp, path, "InvalidCollection", AnkiErrorKind.InvalidData);
    }

    [Fact]
    public void BareZstdThatIsNotSqliteIsInvalidCollection()
    {
        using var temp = new TempFolder();
        var path = temp.File("bare.anki21b", ZstdCompress(Encoding.UTF8.GetBytes("no database here")));

        AssertFails(temp, path, "InvalidCollection", AnkiErrorKind.InvalidData);
    }

    [Fact]
    public void DuplicateCollectionEntriesAreInvalid()
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("dup.apkg"), Entry("collection.anki2", SqliteBytes(temp, "a")), Entry("collection.anki2", SqliteBytes(temp, "b")));

        AssertFails(temp, path, "InvalidPackage", AnkiErrorKind.InvalidData);
    }

    [Fact]
    public void MissingPathIsNotFound()
    {
        using var temp = new TempFolder();
        AssertFails(temp, temp.Path("nothing-here.apkg"), "PackageNotFound", AnkiErrorKind.ObjectNotFound);
    }

    [FixtureFact]
    public void WorkFolderMustBeEmpty()
    {
        using var temp = new TempFolder();
        var work = temp.Path("work");
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "existing.txt"), "x");

        var error = Assert.Throws<AnkiException>(() => PackageReader.Extract(Fixtures.Path("anki2.0-legacy-apkg-basic-1note.apkg"), work));

        Assert.Equal("WorkDirNotEmpty", error.Reason);
        Assert.Equal(new[] { "existing.txt" }, FilesUnder(work));
    }

    /// <summary>A latest package with one media entry "0" holding <paramref name="data"/> zstd-compressed.</summary>
    private static string LatestPackage(TempFolder temp, (string Name, uint Size, byte[] Sha1) entry, byte[] data)
        => Zip(
            temp.Path("latest.apkg"),
            Entry("meta", new byte[] { 0x08, 0x03 }),
            Entry("collection.anki21b", ZstdCompress(SqliteBytes(temp, "x"))),
            Entry("collection.anki2", SqliteBytes(temp, "stub")),
            Entry("0", ZstdCompress(data)),
            Entry("media", ZstdCompress(MediaEntries(entry))));

    /// <summary>
    /// Extracts into temp/sandbox/work and asserts the failure: reason, kind, the package as target,
    /// and no file anywhere in the temp folder except the inputs and what lies inside the work folder.
    /// </summary>
    internal static AnkiException AssertFails(TempFolder temp, string path, string? reason, AnkiErrorKind? kind, PackageLimits? limits = null)
    {
        var before = FilesUnder(temp.Root);
        var sandbox = temp.Path("sandbox");
        var work = Path.Combine(sandbox, "work");

        var error = Assert.Throws<AnkiException>(() => PackageReader.Extract(path, work, limits));

        if (reason != null)
        {
            Assert.Equal(reason, error.Reason);
        }

        if (kind != null)
        {
            Assert.Equal(kind, error.Kind);
        }

        Assert.Equal(path, error.Target);
        var outsideWork = FilesUnder(temp.Root)
            .Where(file => !file.StartsWith(Path.Combine("sandbox", "work") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        Assert.Equal(before, outsideWork);
        Assert.DoesNotContain(FilesUnder(temp.Root), file => file.EndsWith("evil.txt", StringComparison.Ordinal));
        return error;
    }
}
