using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AnkiSync.Packages;
using static AnkiSync.Tests.Engine.Packages.PackageTestFiles;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// The reader's own checks, each at its boundary and with the message a user reads: the arguments, the progress it
/// reports, the meta entry's size, the media map's size and SHA-1s, the collection's SQLite header, and the work
/// folder it may extract into.
/// </summary>
public sealed class PackageReaderTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Work() => temp.Path("work-" + Guid.NewGuid().ToString("N"));

    private AnkiException Fails(string path, PackageLimits? limits = null)
        => Assert.Throws<AnkiException>(() => PackageReader.Extract(path, Work(), limits));

    private string Latest(string name, byte[] meta, params (string Name, uint Size, byte[] Sha1, byte[] Data)[] media)
    {
        var entries = new List<(string, byte[], bool)>
        {
            Entry("meta", meta),
            Entry("collection.anki21b", ZstdCompress(SqliteBytes(temp, "x"))),
            Entry("collection.anki2", SqliteBytes(temp, "stub")),
            Entry("media", ZstdCompress(MediaEntries(media.Select(m => (m.Name, m.Size, m.Sha1)).ToArray()))),
        };
        entries.AddRange(media.Select((m, i) => Entry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ZstdCompress(m.Data))));
        return Zip(temp.Path(name), entries.ToArray());
    }

    private static readonly byte[] Meta3 = { 0x08, 0x03 };

    [Theory]
    [InlineData(null, "work", "PackagePathRequired")]
    [InlineData("", "work", "PackagePathRequired")]
    [InlineData("x.apkg", null, "WorkDirRequired")]
    [InlineData("x.apkg", "", "WorkDirRequired")]
    public void APathAndAWorkFolderAreRequired(string? path, string? work, string reason)
    {
        var error = Assert.Throws<AnkiException>(() => PackageReader.Extract(path!, work!));
        Assert.Equal(reason, error.Reason);
        Assert.Equal(AnkiErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("is required", error.Message);
    }

    [Fact]
    public void ProgressGoesFromZeroToOneAStepPerFile()
    {
        var data = new[] { Encoding.UTF8.GetBytes("one"), Encoding.UTF8.GetBytes("two") };
        string path = Latest("media.apkg", Meta3, ("a.txt", 3, Sha1(data[0]), data[0]), ("b.txt", 3, Sha1(data[1]), data[1]));
        var reports = new RecordedProgress();

        PackageReader.Extract(path, Work(), progress: reports);

        // The collection is one step of three, then each media file.
        Assert.Equal(new[] { 0, 1.0 / 3, 2.0 / 3, 1, 1 }, reports.Values);
    }

    [Fact]
    public void ABareCollectionReportsItsStartAndEnd()
    {
        var reports = new RecordedProgress();
        PackageReader.Extract(SqliteFile(temp.Path("bare.anki2"), "x"), Work(), progress: reports);
        Assert.Equal(new[] { 0.0, 1.0 }, reports.Values);
    }

    [Fact]
    public void TheLatestMapsSizeIsWhatCountsBeforeDecompressing()
    {
        // The file is tiny and its zstd entry tinier; only the size the map states can exceed the limit up front.
        var data = Encoding.UTF8.GetBytes("small");
        string path = Latest("declared.apkg", Meta3, ("a.txt", 2 * 1024 * 1024, Sha1(data), data));

        var error = Fails(path, new PackageLimits { MaxEntryBytes = 1024 * 1024 });
        Assert.Equal("PackageTooLarge", error.Reason);
        Assert.Contains("declares 2097152 bytes", error.Message);
    }

    [Fact]
    public void AMetaEntryUpToTheMaximumIsReadAndOneByteMoreIsNot()
    {
        // Field 1 = 3, then an unknown length-delimited field 15 padding the message to exactly 1024 bytes.
        var exact = new List<byte> { 0x08, 0x03, 0x7A };
        int padding = 1024 - exact.Count - 2;
        exact.Add((byte)(0x80 | (padding & 0x7F)));
        exact.Add((byte)(padding >> 7));
        exact.AddRange(new byte[padding]);
        Assert.Equal(1024, exact.Count);

        Assert.Equal(PackageVersion.Latest, PackageReader.Extract(Latest("meta-exact.apkg", exact.ToArray()), Work()).Version);

        var over = exact.Concat(new byte[] { 0 }).ToArray();
        var error = Fails(Latest("meta-over.apkg", over));
        Assert.Equal("InvalidPackage", error.Reason);
        Assert.Contains("its meta entry is 1025 bytes, far more than a PackageMetadata message", error.Message);
    }

    [Fact]
    public void AMediaMapMayListAsManyFilesAsEntriesAreAllowed()
    {
        // Files the map lists but the package lacks are findings, so the map alone can be at the limit.
        string Map(int count) => "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"{i}\":\"f{i}.txt\"")) + "}";
        string atLimit = Zip(temp.Path("ten.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("media", Map(10)));
        string over = Zip(temp.Path("eleven.apkg"), Entry("collection.anki2", SqliteBytes(temp, "x")), Entry("media", Map(11)));
        var limits = new PackageLimits { MaxEntries = 10 };

        Assert.Equal(10, PackageReader.Extract(atLimit, Work(), limits).Findings.Count(f => f.Kind == "MissingMediaFile"));
        var error = Fails(over, limits);
        Assert.Equal("PackageTooLarge", error.Reason);
        Assert.Contains("the media map lists 11 files; the limit is 10", error.Message);
    }

    [Fact]
    public void ALatestMapEntryWithoutASha1IsInvalid()
    {
        var data = Encoding.UTF8.GetBytes("data");
        var error = Fails(Latest("no-sha1.apkg", Meta3, ("a.txt", 4, Array.Empty<byte>(), data)));
        Assert.Equal("InvalidMediaMap", error.Reason);
        Assert.Contains("media file 0 ('a.txt') has a 0-byte SHA-1; it must be 20 bytes", error.Message);
    }

    [Theory]
    [InlineData(100, 3, 1, "file format versions 3/1")]
    [InlineData(100, 1, 0, "file format versions 1/0")]
    [InlineData(100, 2, 3, "file format versions 2/3")]
    [InlineData(19, 1, 1, "file format versions 1/0")]   // too short to hold byte 19
    [InlineData(18, 1, 1, "file format versions 0/0")]   // too short to hold byte 18
    public void ACollectionWithADamagedSqliteHeaderIsRefusedWithWhatItSays(int length, byte write, byte read, string expected)
    {
        var header = new byte[Math.Max(length, 20)];
        SqliteMagic.CopyTo(header, 0);
        header[18] = write;
        header[19] = read;
        string path = Zip(temp.Path("header.apkg"), Entry("collection.anki2", header.Take(length).ToArray()));

        var error = Fails(path);
        Assert.Equal("InvalidCollection", error.Reason);
        Assert.Contains("'collection.anki2' has a damaged SQLite header (" + expected + "; SQLite writes 1 or 2)", error.Message);
    }

    [Fact]
    public void ACollectionThatIsNotSqliteIsRefused()
    {
        var error = Fails(Zip(temp.Path("text.apkg"), Entry("collection.anki2", "just text, no database")));
        Assert.Equal("InvalidCollection", error.Reason);
        Assert.Contains("'collection.anki2' is not an SQLite database", error.Message);
    }

    [Fact]
    public void AFileThatIsOnlyTheZstdMagicIsABrokenCompressedCollection()
    {
        var error = Fails(temp.File("short.anki21b", new byte[] { 0x28, 0xB5, 0x2F, 0xFD }));
        Assert.Equal("InvalidCollection", error.Reason);
        Assert.Contains("not a valid zstd stream", error.Message);
    }

    [Fact]
    public void TheWorkFolderMayHoldOnlyItsOwnerMarker()
    {
        string bare = SqliteFile(temp.Path("bare.anki2"), "x");
        string owned = Work();
        Directory.CreateDirectory(owned);
        File.WriteAllText(Path.Combine(owned, AnkiSync.Session.WorkFolder.OwnerFileName), "me");
        Assert.Equal(PackageVersion.Legacy1, PackageReader.Extract(bare, owned).Version);

        string crowded = Work();
        Directory.CreateDirectory(crowded);
        File.WriteAllText(Path.Combine(crowded, AnkiSync.Session.WorkFolder.OwnerFileName), "me");
        File.WriteAllText(Path.Combine(crowded, "someone-else"), "theirs");
        var error = Assert.Throws<AnkiException>(() => PackageReader.Extract(bare, crowded));
        Assert.Equal("WorkDirNotEmpty", error.Reason);
        Assert.Equal("theirs", File.ReadAllText(Path.Combine(crowded, "someone-else")));

        string aFile = temp.File("a-file", new byte[] { 1 });
        Assert.Equal("WorkDirNotEmpty", Assert.Throws<AnkiException>(() => PackageReader.Extract(bare, aFile)).Reason);
    }

    [Theory]
    [InlineData("under-a-file")]
    [InlineData("nul")]
    public void AWorkFolderThatCannotBeMadeIsAnExtractFailure(string kind)
    {
        string bare = SqliteFile(temp.Path("bare.anki2"), "x");
        string work = kind == "nul" ? temp.Path("bad\0name") : Path.Combine(temp.File("plain-file", new byte[] { 1 }), "work");

        var error = Assert.Throws<AnkiException>(() => PackageReader.Extract(bare, work));
        Assert.Equal("ExtractFailed", error.Reason);
    }

    // A bare collection takes its write-ahead log along, under the same checks as the collection itself.

    [Fact]
    public void AWriteAheadLogLargerThanTheEntryLimitIsRefusedByItsDeclaredSize()
    {
        string bare = SqliteFile(temp.Path("live.anki2"), "x");
        File.WriteAllBytes(bare + "-wal", Enumerable.Range(0, 2 * 1024 * 1024).Select(i => (byte)(i * 7919 >> 3)).ToArray());

        var error = Fails(bare, new PackageLimits { MaxEntryBytes = 1024 * 1024 });

        Assert.Equal("PackageTooLarge", error.Reason);
        Assert.Contains("entry 'live.anki2-wal' declares 2097152 bytes; the limit per entry is 1048576.", error.Message);
    }

    [Fact]
    public void ASparseWriteAheadLogCountsOnlyTheDiskItOccupies()
    {
        // Holes take no disk: a 64 MB log of holes (past the 32 MB below which ratios are not checked) declares a
        // ratio no real file has, and is refused before a byte of it is read.
        string bare = SqliteFile(temp.Path("live.anki2"), "x");
        using (var wal = new FileStream(bare + "-wal", FileMode.CreateNew))
        {
            wal.SetLength(64 * 1024 * 1024);
        }

        if (FileNodes.Inspect(bare + "-wal", followLinks: false).AllocatedBytes >= 64 * 1024 * 1024)
        {
            return; // This file system made no sparse file (Windows without the sparse flag, FAT): nothing to test.
        }

        var error = Fails(bare);

        Assert.Equal("PackageTooLarge", error.Reason);
        Assert.Contains("entry 'live.anki2-wal' declares a compression ratio above", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async System.Threading.Tasks.Task AWriteAheadLogThatIsAFifoIsRefusedWithoutBlocking(bool throughALink)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows folders hold no FIFOs.
        }

        string bare = SqliteFile(temp.Path("live.anki2"), "x");
        string fifo = throughALink ? temp.Path("elsewhere-fifo") : bare + "-wal";
        SpecialFiles.MakeFifo(fifo);

        if (throughALink)
        {
            File.CreateSymbolicLink(bare + "-wal", fifo);
        }

        var open = System.Threading.Tasks.Task.Run(() => Fails(bare));
        if (await System.Threading.Tasks.Task.WhenAny(open, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(20))) != open)
        {
            // Release the blocked reader so the test process can end, then fail.
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail("Opening a collection whose write-ahead log is a FIFO blocked.");
        }

        var error = await open;
        Assert.Equal("InvalidPackage", error.Reason);
        Assert.Contains("is a FIFO, socket or device, not a file", error.Message);
    }
}
