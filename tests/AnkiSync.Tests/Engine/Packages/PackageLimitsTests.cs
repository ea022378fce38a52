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
        Assert.True(WrittenBytes(temp) < 16 * 1024 * 1024, $"wrote {WrittenBytes(temp)} bytes");
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
