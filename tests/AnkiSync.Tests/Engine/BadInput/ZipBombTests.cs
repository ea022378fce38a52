using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading;
using AnkiSync.Tests.Engine.Packages;
using Xunit.Abstractions;
using ZstdSharp;
using static AnkiSync.Tests.Engine.BadInput.BadInputFiles;

namespace AnkiSync.Tests.Engine.BadInput;

/// <summary>
/// Zip and zstd bombs through <see cref="AnkiPackage.Open"/> with the default limits: 300 MB of zeros that
/// compress more than 200:1 are refused with PackageTooLarge (or, when the sizes lie, as a corrupt entry),
/// streaming with bounded memory, and nothing stays on disk.
/// </summary>
[Collection(BadInputCollection.Name)]
public sealed class ZipBombTests
{
    private const long BombBytes = 300L * 1024 * 1024;
    private const long MemoryBound = 100L * 1024 * 1024;
    private readonly ITestOutputHelper output;

    public ZipBombTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void ADeflateBombCollectionIsRefusedBeforeItIsUnpacked()
    {
        using var temp = new TempFolder();
        var path = DeflateBomb(temp.Path("bomb.apkg"), "collection.anki2");

        var error = OpenFailsWithinMemory(path, "PackageTooLarge");
        Assert.Contains("collection.anki2", error.Message);
    }

    [Fact]
    public void ADeflateBombThatUnderstatesItsSizeIsCutShortAndRefused()
    {
        using var temp = new TempFolder();
        var path = DeflateBomb(temp.Path("liar.apkg"), "collection.anki2");
        // The headers now claim the entry inflates to exactly its stored size: no ratio to see up front.
        var stored = StoredSize(path, "collection.anki2");
        PatchUncompressedSize(path, "collection.anki2", stored);

        var error = OpenFailsWithinMemory(path, "PackageTooLarge", "InvalidPackage");
        Assert.Contains("collection.anki2", error.Message);
    }

    [FixtureFact]
    public void ADeflateBombMediaFileIsRefused()
    {
        using var temp = new TempFolder();
        var path = DeflateBomb(temp.Path("media-bomb.apkg"), "0", ("collection.anki2", Schema11Collection(), true), ("media", System.Text.Encoding.UTF8.GetBytes("{\"0\": \"zeros.bin\"}"), false));

        var error = OpenFailsWithinMemory(path, "PackageTooLarge");
        Assert.Contains("'0'", error.Message);
    }

    [Fact]
    public void AZstdBombCollectionInAStoredEntryStopsWhileStreaming()
    {
        using var temp = new TempFolder();
        var clock = Stopwatch.StartNew();
        var zstd = ZstdZeros(BombBytes);
        output.WriteLine($"zstd bomb: {zstd.Length} bytes in {clock.ElapsedMilliseconds} ms");
        var path = WriteZip(temp.Path("zstd-bomb.apkg"), new[]
        {
            ("meta", LatestMeta, false),
            ("collection.anki21b", zstd, false),
            ("media", PackageTestFiles.ZstdCompress(Array.Empty<byte>()), false),
        });

        var error = OpenFailsWithinMemory(path, "PackageTooLarge");
        Assert.Contains("collection.anki21b", error.Message);
    }

    /// <summary>The open fails as <see cref="BadInputAssert.OpenFails"/> requires, allocating and growing the working set by less than 100 MB.</summary>
    private AnkiException OpenFailsWithinMemory(string path, string reason, string? alternative = null)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var startWorkingSet = process.WorkingSet64;
        var peakWorkingSet = startWorkingSet;
        var done = 0;
        var sampler = new Thread(() =>
        {
            using var self = Process.GetCurrentProcess();
            while (Volatile.Read(ref done) == 0)
            {
                self.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, self.WorkingSet64);
                Thread.Sleep(2);
            }
        });
        sampler.Start();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        AnkiException error;
        try
        {
            if (alternative == null)
            {
                error = BadInputAssert.OpenFails(path, reason, AnkiErrorKind.LimitsExceeded);
            }
            else
            {
                error = OpenFailsWithEither(path, reason, alternative);
            }
        }
        finally
        {
            Volatile.Write(ref done, 1);
            sampler.Join();
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var growth = peakWorkingSet - startWorkingSet;
        output.WriteLine($"{Path.GetFileName(path)}: {error.Reason} in {clock.ElapsedMilliseconds} ms, {allocated / 1024} KB allocated, working set +{growth / 1024} KB: {error.Message}");
        Assert.True(allocated < MemoryBound, $"Opening the bomb allocated {allocated / (1024 * 1024)} MB; it must stream.");
        Assert.True(growth < MemoryBound, $"Opening the bomb grew the working set by {growth / (1024 * 1024)} MB; it must stream.");
        return error;
    }

    /// <summary>A lying bomb ends as whichever check sees it first: the size/ratio limit, or the CRC of the entry cut short.</summary>
    private static AnkiException OpenFailsWithEither(string path, string first, string second)
    {
        try
        {
            return BadInputAssert.OpenFails(path, first, AnkiErrorKind.LimitsExceeded);
        }
        catch (Xunit.Sdk.XunitException firstFailure) when (firstFailure.Message.Contains($"got {second}", StringComparison.Ordinal))
        {
            return BadInputAssert.OpenFails(path, second);
        }
    }

    /// <summary>A ZIP whose entry <paramref name="bombName"/> holds 300 MB of zeros, deflated as it is streamed in.</summary>
    private string DeflateBomb(string path, string bombName, params (string Name, byte[] Data, bool Deflate)[] before)
    {
        var clock = Stopwatch.StartNew();
        using (var file = new FileStream(path, FileMode.Create))
        using (var archive = new ZipArchive(file, ZipArchiveMode.Create))
        {
            foreach (var (name, data, deflate) in before)
            {
                var entry = archive.CreateEntry(name, deflate ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var stream = entry.Open();
                stream.Write(data, 0, data.Length);
            }

            var bomb = archive.CreateEntry(bombName, CompressionLevel.Optimal);
            using var bombStream = bomb.Open();
            WriteZeros(bombStream, BombBytes);
        }

        output.WriteLine($"deflate bomb: {new FileInfo(path).Length} bytes in {clock.ElapsedMilliseconds} ms");
        return path;
    }

    private static byte[] ZstdZeros(long count)
    {
        using var buffer = new MemoryStream();
        using (var zstd = new CompressionStream(buffer, 1, 0, leaveOpen: true))
        {
            WriteZeros(zstd, count);
        }

        return buffer.ToArray();
    }

    private static void WriteZeros(Stream stream, long count)
    {
        var zeros = new byte[1024 * 1024];
        for (long written = 0; written < count; written += zeros.Length)
        {
            stream.Write(zeros, 0, (int)Math.Min(zeros.Length, count - written));
        }
    }

    private static long StoredSize(string path, string name)
    {
        using var archive = ZipFile.OpenRead(path);
        return archive.GetEntry(name)!.CompressedLength;
    }

    /// <summary>Rewrites the uncompressed size of <paramref name="name"/> in its local header and its central-directory record.</summary>
    private static void PatchUncompressedSize(string path, string name, long size)
    {
        var bytes = File.ReadAllBytes(path);
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        var patched = 0;
        for (var at = 0; at + 46 <= bytes.Length; at++)
        {
            var signature = BitConverter.ToUInt32(bytes, at);
            if (signature == 0x04034b50 && NameAt(bytes, at + 30, BitConverter.ToUInt16(bytes, at + 26), nameBytes))
            {
                BitConverter.GetBytes((uint)size).CopyTo(bytes, at + 22);
                patched++;
            }
            else if (signature == 0x02014b50 && NameAt(bytes, at + 46, BitConverter.ToUInt16(bytes, at + 28), nameBytes))
            {
                BitConverter.GetBytes((uint)size).CopyTo(bytes, at + 24);
                patched++;
            }
        }

        Assert.Equal(2, patched);
        File.WriteAllBytes(path, bytes);
    }

    private static bool NameAt(byte[] bytes, int at, int length, byte[] name)
        => length == name.Length && at + length <= bytes.Length && bytes.Skip(at).Take(length).SequenceEqual(name);
}
