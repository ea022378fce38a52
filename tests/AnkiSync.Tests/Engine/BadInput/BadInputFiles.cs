using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.BadInput;

/// <summary>
/// Builds damaged packages from real fixtures, always in a temp folder (the fixtures are read, never written).
/// Every file is built with plain ZipArchive, SQLite and zstd calls, independently of the code under test.
/// </summary>
internal static class BadInputFiles
{
    /// <summary>A bare schema-11 collection with two decks and review history.</summary>
    public const string Schema11Bare = "anki2.1.1x-bare-schema11-two-decks-revlog.anki2";

    /// <summary>A legacy (deflated, JSON media map) package with every stock note type and two media files.</summary>
    public const string LegacyApkg = "anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg";

    /// <summary>A latest-format package: zstd schema-18 collection, protobuf media map.</summary>
    public const string LatestApkg = "anki2.1.50plus-latest-apkg-anki21b-4notes.apkg";

    /// <summary>A whole-collection package from AnkiDroid.</summary>
    public const string LegacyColpkg = "ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg";

    public static readonly byte[] LatestMeta = { 0x08, 0x03 };

    public static byte[] Schema11Collection() => File.ReadAllBytes(Fixtures.Path(Schema11Bare));

    /// <summary>The schema-18 collection inside <see cref="LatestApkg"/>, decompressed.</summary>
    public static byte[] Schema18Collection()
        => PackageTestFiles.ZstdDecompress(PackageTestFiles.ReadEntry(Fixtures.Path(LatestApkg), "collection.anki21b"));

    /// <summary>Every entry of a ZIP in archive order, with whether it was deflated (so a rebuild keeps the layout).</summary>
    public static List<(string Name, byte[] Data, bool Deflate)> ReadZip(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        var entries = new List<(string, byte[], bool)>();
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            entries.Add((entry.FullName, buffer.ToArray(), entry.CompressedLength < entry.Length));
        }

        return entries;
    }

    public static string WriteZip(string path, IEnumerable<(string Name, byte[] Data, bool Deflate)> entries)
        => PackageTestFiles.Zip(path, entries.ToArray());

    /// <summary>A legacy package: <c>collection.anki2</c> plus a JSON media map and any extra entries.</summary>
    public static string LegacyPackage(TempFolder temp, string fileName, byte[] sqlite, string mediaMap = "{}", params (string Name, byte[] Data, bool Deflate)[] extra)
    {
        var entries = new List<(string, byte[], bool)>
        {
            PackageTestFiles.Entry("collection.anki2", sqlite, deflate: true),
            PackageTestFiles.Entry("media", mediaMap),
        };
        entries.AddRange(extra);
        return WriteZip(temp.Path(fileName), entries);
    }

    /// <summary>
    /// A latest-format package: meta 3, the zstd collection, a zstd media map (protobuf as given) and each
    /// media file zstd-compressed under its number.
    /// </summary>
    public static string LatestPackage(TempFolder temp, string fileName, byte[] sqlite, byte[] mediaMapProtobuf, params byte[][] mediaFiles)
    {
        var entries = new List<(string, byte[], bool)>
        {
            PackageTestFiles.Entry("meta", LatestMeta),
            PackageTestFiles.Entry("collection.anki21b", PackageTestFiles.ZstdCompress(sqlite)),
            PackageTestFiles.Entry("media", PackageTestFiles.ZstdCompress(mediaMapProtobuf)),
        };
        for (var i = 0; i < mediaFiles.Length; i++)
        {
            entries.Add(PackageTestFiles.Entry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), PackageTestFiles.ZstdCompress(mediaFiles[i])));
        }

        return WriteZip(temp.Path(fileName), entries);
    }

    /// <summary>A copy of <paramref name="sqlite"/> after running <paramref name="statements"/> on it.</summary>
    public static byte[] Edit(TempFolder temp, byte[] sqlite, params string[] statements)
    {
        var path = temp.Path("edit-" + Guid.NewGuid().ToString("N") + ".sqlite");
        File.WriteAllBytes(path, sqlite);
        using (var db = AnkiDatabase.Open(path))
        {
            db.Execute("pragma journal_mode = delete");
            foreach (var statement in statements)
            {
                db.Execute(statement);
            }
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>A copy whose <c>col</c> JSON column <paramref name="column"/> is replaced by what <paramref name="change"/> makes of it.</summary>
    public static byte[] EditColJson(TempFolder temp, byte[] sqlite, string column, Func<JsonObject, string> change)
    {
        var path = temp.Path("edit-" + Guid.NewGuid().ToString("N") + ".sqlite");
        File.WriteAllBytes(path, sqlite);
        using (var db = AnkiDatabase.Open(path))
        {
            db.Execute("pragma journal_mode = delete");
            var json = (JsonObject)JsonNode.Parse((string)db.Scalar($"select {column} from col")!)!;
            db.Execute($"update col set {column} = $value", ("$value", change(json)));
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>The page size from the SQLite header (big-endian at offset 16; 1 means 65536).</summary>
    public static int PageSize(byte[] sqlite)
    {
        var size = (sqlite[16] << 8) | sqlite[17];
        return size == 1 ? 65536 : size;
    }

    /// <summary>The first page of a table's b-tree, from <c>sqlite_master</c>.</summary>
    public static int RootPage(TempFolder temp, byte[] sqlite, string table)
    {
        var path = temp.Path("root-" + Guid.NewGuid().ToString("N") + ".sqlite");
        File.WriteAllBytes(path, sqlite);
        using var db = AnkiDatabase.Open(path, readOnly: true);
        return (int)db.ScalarLong("select rootpage from sqlite_master where type = 'table' and name = $t", ("$t", table));
    }

    /// <summary>A copy with every byte of one page (1-based, never the header page) inverted.</summary>
    public static byte[] ScramblePage(byte[] sqlite, int page)
    {
        Assert.True(page >= 2, "page 1 holds the file header; scramble a later page");
        var size = PageSize(sqlite);
        var copy = (byte[])sqlite.Clone();
        var start = (page - 1) * size;
        Assert.True(start + size <= copy.Length, $"page {page} is beyond the end of the file");
        for (var i = start; i < start + size; i++)
        {
            copy[i] ^= 0xFF;
        }

        return copy;
    }

    /// <summary>Names of files whose name contains <paramref name="marker"/> directly in <paramref name="folder"/>.</summary>
    public static List<string> FilesNamed(string folder, string marker)
        => Directory.Exists(folder)
            ? Directory.EnumerateFileSystemEntries(folder).Where(path => Path.GetFileName(path).Contains(marker, StringComparison.Ordinal)).ToList()
            : new List<string>();
}
