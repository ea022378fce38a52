using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using AnkiSync.Packages;
using ZstdSharp;
using static AnkiSync.Tests.Engine.Packages.PackageTestFiles;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>Zip and zstd bombs stop with PackageTooLarge after bounded work, memory and disk.</summary>
public class PackageLimitsTests
{
    private const int FiftyMegabytes = 50 * 1024 * 1024;

    [Fact]
    public void DeflateBombWithHonestHeadersIsRefusedBeforeDecompressing()
    {
        using var temp = new TempFolder();
        var path = DeflateBomb(temp, FiftyMegabytes);
        var limits = new PackageLimits { MaxCompressionRatio = 20 };

        var error = PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded, limits);

        Assert.Contains("'0'", error.Message);
        Assert.True(WrittenBytes(temp) < 1024 * 1024);
    }

    [Fact]
    public void DeflateBombIsRefusedByTheEntryLimit()
    {
        using var temp = new TempFolder();
        var path = DeflateBomb(temp, FiftyMegabytes);
        var limits = new PackageLimits { MaxEntryBytes = 10 * 1024 * 1024 };

        PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded, limits);
    }

    [Fact]
    public void DeflateBombThatLiesAboutItsSizeStopsWhileStreaming()
    {
        using var temp = new TempFolder();
        var path = DeflateBomb(temp, FiftyMegabytes);
        PatchDeclaredSize(path, "0", 100);
        var limits = new PackageLimits { MaxEntryBytes = 4 * 1024 * 1024, MaxCompressionRatio = 20 };

        // The runtime stops at the declared 100 bytes; the CRC-32 check then notices the lie.
        var error = PackageBadInputTests.AssertFails(temp, path, null, null, limits);

        Assert.Contains((error.Reason, error.Kind), new[] { ("PackageTooLarge", AnkiErrorKind.LimitsExceeded), ("InvalidPackage", AnkiErrorKind.InvalidData) });
        Assert.True(WrittenBytes(temp) <= 4 * 1024 * 1024);
    }

    [Fact]
    public void ZstdBombInsideAStoredEntryStopsWhileStreamingWithBoundedMemory()
    {
        using var temp = new TempFolder();
        var bomb = ZstdZeros(512L * 1024 * 1024);
        var declared = new byte[16];
        var path = Zip(
            temp.Path("bomb.apkg"),
            Entry("meta", new byte[] { 0x08, 0x03 }),
            Entry("collection.anki21b", ZstdCompress(SqliteBytes(temp, "x"))),
            Entry("0", bomb),
            Entry("media", ZstdCompress(MediaEntries(("zeros.bin", (uint)declared.Length, Sha1(declared))))));

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var error = PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Contains("'0'", error.Message);
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated} bytes");
        // The ratio is checked once an entry passes 32 MB (so that well-compressed real content opens): no more is written.
        Assert.True(WrittenBytes(temp) < PackageLimits.RatioCheckThreshold + 1024 * 1024, $"wrote {WrittenBytes(temp)} bytes");
    }

    [Fact]
    public void ManyEntriesEachUnderTheRatioThresholdAreStillABomb()
    {
        using var temp = new TempFolder();
        var bomb = ZstdZeros(20L * 1024 * 1024);
        var zeros = new byte[20 * 1024 * 1024];
        var names = Enumerable.Range(0, 8).Select(i => ($"zeros{i}.bin", (uint)zeros.Length, Sha1(zeros))).ToArray();
        var entries = new[] { Entry("meta", new byte[] { 0x08, 0x03 }), Entry("collection.anki21b", ZstdCompress(SqliteBytes(temp, "x"))) }
            .Concat(Enumerable.Range(0, 8).Select(i => Entry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), bomb)))
            .Append(Entry("media", ZstdCompress(MediaEntries(names))))
            .ToArray();
        var path = Zip(temp.Path("many-small-bombs.apkg"), entries);

        var error = PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded);

        // Only the whole-package ratio can stop this: no entry reaches the 32 MB past which an entry's ratio counts.
        Assert.Contains("the package decompresses more than 200 times the", error.Message);
        Assert.True(WrittenBytes(temp) < PackageLimits.RatioCheckThreshold + 1024 * 1024, $"wrote {WrittenBytes(temp)} bytes");
    }

    [Fact]
    public void ZstdBombAsABareCollectionIsRefused()
    {
        using var temp = new TempFolder();
        var path = temp.File("bomb.anki21b", ZstdZeros(64L * 1024 * 1024));

        PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded);
    }

    [Fact]
    public void TotalLimitCountsAllEntries()
    {
        using var temp = new TempFolder();
        var random = new byte[600 * 1024];
        new Random(1).NextBytes(random);
        var path = Zip(temp.Path("many.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("0", random), Entry("1", random), Entry("2", random), Entry("media", "{\"0\":\"a\",\"1\":\"b\",\"2\":\"c\"}"));

        PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded, new PackageLimits { MaxTotalBytes = 1024 * 1024 });
        Assert.Equal(3, PackageReader.Extract(path, temp.Path("ok"), new PackageLimits { MaxTotalBytes = 4 * 1024 * 1024 }).MediaNames.Count);
    }

    [Fact]
    public void TooManyEntriesIsRefusedFromTheDirectoryCount()
    {
        using var temp = new TempFolder();
        var entries = Enumerable.Range(0, 20).Select(i => Entry(i.ToString(), "x")).Prepend(Entry("collection.anki2", SqliteBytes(temp, "x"))).ToArray();
        var path = Zip(temp.Path("many.apkg"), entries);

        PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded, new PackageLimits { MaxEntries = 10 });
    }

    [Fact]
    public void TooManyMediaMapEntriesIsRefused()
    {
        using var temp = new TempFolder();
        var map = "{" + string.Join(",", Enumerable.Range(0, 20).Select(i => $"\"{i}\":\"f{i}\"")) + "}";
        var path = Zip(temp.Path("bigmap.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("media", map));

        PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded, new PackageLimits { MaxEntries = 10 });
    }

    [Fact]
    public void SmallFilesThatCompressWellAreNotBombs()
    {
        using var temp = new TempFolder();
        var zeros = new byte[900 * 1024];
        var path = Zip(temp.Path("zeros.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x"), deflate: true), Entry("0", zeros, deflate: true), Entry("media", "{\"0\":\"zeros.bin\"}"));

        var package = PackageReader.Extract(path, temp.Path("work"), new PackageLimits { MaxCompressionRatio = 2 });

        Assert.Equal(zeros.Length, new FileInfo(Path.Combine(package.MediaDirectory, "zeros.bin")).Length);
    }

    // Each check of the extraction budget has an input that only it can stop: the error names the check, so a test
    // fails if its check is removed (another check would answer differently, or none would).

    [Theory]
    [InlineData("0")]
    [InlineData("media")]
    [InlineData("collection.anki2")]
    public void DecidedByTheDeclaredSizeOfOneEntry(string entry)
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("declares-big.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("0", "tiny"), Entry("media", "{\"0\":\"a.txt\"}"));
        PatchDeclaredSize(path, entry, 2 * 1024 * 1024);

        var error = PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded, new PackageLimits { MaxEntryBytes = 1024 * 1024 });

        Assert.True(error.Message.Contains($"entry '{entry}' declares 2097152 bytes; the limit per entry is 1048576", StringComparison.Ordinal), error.Message);
        Assert.Equal(0, WrittenBytes(temp));
    }

    [Fact]
    public void DecidedByTheDeclaredSizesOfAllEntries()
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("declares-much.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("0", "a"), Entry("1", "b"), Entry("2", "c"),
            Entry("media", "{\"0\":\"a.txt\",\"1\":\"b.txt\",\"2\":\"c.txt\"}"));
        foreach (var name in new[] { "0", "1", "2" })
        {
            PatchDeclaredSize(path, name, 900 * 1024);
        }

        var error = PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded,
            new PackageLimits { MaxEntryBytes = 1024 * 1024, MaxTotalBytes = 2 * 1024 * 1024 });

        Assert.True(error.Message.Contains("the entries declare more than 2097152 bytes in total", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void DecidedByTheDeclaredCompressionRatio()
    {
        using var temp = new TempFolder();
        var path = Zip(temp.Path("declares-ratio.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("0", "tiny"), Entry("media", "{\"0\":\"a.txt\"}"));
        PatchDeclaredSize(path, "0", 40 * 1024 * 1024);

        var error = PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded);

        Assert.True(error.Message.Contains("entry '0' declares a compression ratio above 200", StringComparison.Ordinal), error.Message);
        Assert.Equal(0, WrittenBytes(temp));
    }

    [Fact]
    public void DecidedByTheBytesOneEntryWritesWhileExtracting()
    {
        // A zstd collection declares nothing but its compressed size; only counting what zstd writes sees 2 MB.
        using var temp = new TempFolder();
        var path = LatestPackage(temp, "entry-grows.apkg", Padded(SqliteBytes(temp, "x"), 2 * 1024 * 1024));

        var error = PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded, new PackageLimits { MaxEntryBytes = 1024 * 1024 });

        Assert.True(error.Message.Contains("entry 'collection.anki21b' decompresses to more than 1048576 bytes", StringComparison.Ordinal), error.Message);
        Assert.True(WrittenBytes(temp) <= 2 * 1024 * 1024);
    }

    [Fact]
    public void DecidedByTheBytesThePackageWritesWhileExtracting()
    {
        using var temp = new TempFolder();
        var path = LatestPackage(temp, "package-grows.apkg", Padded(SqliteBytes(temp, "x"), 2 * 1024 * 1024));

        var error = PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded,
            new PackageLimits { MaxEntryBytes = 4 * 1024 * 1024, MaxTotalBytes = 1024 * 1024 });

        Assert.True(error.Message.Contains("the package decompresses to more than 1048576 bytes", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void DecidedByTheRatioOfOneEntryWhileExtracting()
    {
        // An incompressible file first makes the package's ratio ordinary; only the bomb entry's own ratio is extreme.
        // The media map understates the bomb's size (16 bytes), so no declared-size check can see it.
        using var temp = new TempFolder();
        var noise = new byte[2 * 1024 * 1024];
        new Random(7).NextBytes(noise);
        var map = MediaEntries(("noise.bin", (uint)noise.Length, Sha1(noise)), ("zeros.bin", 16u, Sha1(new byte[16])));
        var path = LatestPackage(temp, "entry-ratio.apkg", SqliteBytes(temp, "x"), map, noise, new byte[40 * 1024 * 1024]);

        var error = PackageBadInputTests.AssertFails(temp, path, "PackageTooLarge", AnkiErrorKind.LimitsExceeded);

        Assert.True(error.Message.Contains("entry '1' decompresses more than 200 times its stored size", StringComparison.Ordinal), error.Message);
        Assert.True(WrittenBytes(temp) < PackageLimits.RatioCheckThreshold + noise.Length + 1024 * 1024, $"wrote {WrittenBytes(temp)} bytes");
    }

    private static byte[] Padded(byte[] data, int length)
    {
        var padded = new byte[Math.Max(length, data.Length)];
        data.CopyTo(padded, 0);
        return padded;
    }

    /// <summary>A Latest package: meta 3, the zstd collection, and (zstd) media entries with the given map.</summary>
    private static string LatestPackage(TempFolder temp, string name, byte[] collection, byte[]? mediaMap = null, params byte[][] media)
    {
        var entries = new[] { Entry("meta", new byte[] { 0x08, 0x03 }), Entry("collection.anki21b", ZstdCompress(collection)) }
            .Concat(media.Select((data, i) => Entry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ZstdCompress(data))))
            .Append(Entry("media", ZstdCompress(mediaMap ?? MediaEntries())))
            .ToArray();
        return Zip(temp.Path(name), entries);
    }

    [FixtureFact]
    public void NonPositiveLimitsAreRejected()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<AnkiException>(() => PackageReader.Extract(Fixtures.Path("anki2.0-legacy-apkg-basic-1note.apkg"), temp.Path("work"), new PackageLimits { MaxEntries = 0 }));

        Assert.Equal("InvalidPackageLimits", error.Reason);
    }

    private static string DeflateBomb(TempFolder temp, int size)
    {
        var path = temp.Path("bomb.apkg");
        using (var file = new FileStream(path, FileMode.Create))
        using (var archive = new ZipArchive(file, ZipArchiveMode.Create))
        {
            WriteEntry(archive, "collection.anki2", SqliteBytes(temp, "x"));
            var entry = archive.CreateEntry("0", CompressionLevel.Optimal);
            using (var stream = entry.Open())
            {
                var zeros = new byte[1024 * 1024];
                for (var written = 0; written < size; written += zeros.Length)
                {
                    stream.Write(zeros, 0, zeros.Length);
                }
            }

            WriteEntry(archive, "media", System.Text.Encoding.UTF8.GetBytes("{\"0\":\"zeros.bin\"}"));
        }

        return path;
    }

    private static void WriteEntry(ZipArchive archive, string name, byte[] data)
    {
        using var stream = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(data, 0, data.Length);
    }

    private static byte[] ZstdZeros(long size)
    {
        using var buffer = new MemoryStream();
        using (var zstd = new CompressionStream(buffer, 1, 0, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (long written = 0; written < size; written += zeros.Length)
            {
                zstd.Write(zeros, 0, zeros.Length);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Rewrites the uncompressed size of <paramref name="name"/> in its local header and central-directory record.</summary>
    private static void PatchDeclaredSize(string path, string name, uint size)
    {
        var bytes = File.ReadAllBytes(path);
        var nameBytes = System.Text.Encoding.ASCII.GetBytes(name);
        var patched = 0;
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BitConverter.ToUInt32(bytes, i);
            if (signature == 0x04034b50 && Matches(bytes, i + 30, BitConverter.ToUInt16(bytes, i + 26), nameBytes))
            {
                BitConverter.GetBytes(size).CopyTo(bytes, i + 22);
                patched++;
            }
            else if (signature == 0x02014b50 && Matches(bytes, i + 46, BitConverter.ToUInt16(bytes, i + 28), nameBytes))
            {
                BitConverter.GetBytes(size).CopyTo(bytes, i + 24);
                patched++;
            }
        }

        Assert.Equal(2, patched);
        File.WriteAllBytes(path, bytes);
    }

    private static bool Matches(byte[] bytes, int at, int length, byte[] name)
        => length == name.Length && at + length <= bytes.Length && bytes.AsSpan(at, length).SequenceEqual(name);

    private static long WrittenBytes(TempFolder temp)
    {
        var sandbox = temp.Path("sandbox");
        return Directory.Exists(sandbox)
            ? Directory.EnumerateFiles(sandbox, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : 0;
    }
}
