using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AnkiSync.Packages;
using static AnkiSync.Tests.Engine.Packages.PackageTestFiles;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// The package writer's refusals (each before anything is written, with its reason), its progress (by bytes read:
/// collection, stub, then media), and bare collection files (a plain copy or one zstd stream; nothing left on failure).
/// </summary>
public sealed class PackageWriterTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Collection() => SqliteFile(temp.Path(Guid.NewGuid().ToString("N") + ".anki2"), "x");

    private MediaSource Media(string name, string content = "bytes")
        => new(name, temp.File(Guid.NewGuid().ToString("N"), Encoding.UTF8.GetBytes(content)));

    public static IEnumerable<object[]> Refusals() => new[]
    {
        new object[] { "no output", "OutputPathRequired", "An output path is required." },
        new object[] { "unknown version", "UnsupportedPackageVersion", "Package version 99 cannot be written; use Legacy1, Legacy2 or Latest." },
        new object[] { "no collection", "CollectionNotFound", "missing.anki2" },
        new object[] { "stub in Legacy1", "StubNotAllowed", "A Legacy1 package has no stub: its collection.anki2 is the collection itself." },
        new object[] { "missing stub", "CollectionNotFound", "missing-stub.anki2" },
        new object[] { "no media list", "MediaListRequired", "The media list is required (it may be empty)." },
        new object[] { "null media", "MediaListRequired", "The media list holds a null entry." },
        new object[] { "unsafe name", "UnsafeMediaName", "../a.jpg" },
        new object[] { "not normalised", "InvalidMediaName", "it would be 'caf\u00e9.jpg'" },
        new object[] { "same name twice", "InvalidMediaName", "another media file has the same name" },
        new object[] { "missing media file", "MediaFileNotFound", "gone.jpg" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void BadArgumentsAreRefusedBeforeAnythingIsWritten(string problem, string reason, string message)
    {
        string output = temp.Path("out.apkg");
        string collection = Collection();
        var version = PackageVersion.Legacy2;
        string? stub = null;
        IReadOnlyList<MediaSource> media = new[] { Media("a.jpg") };
        switch (problem)
        {
            case "no output":
                output = "";
                break;
            case "unknown version":
                version = (PackageVersion)99;
                break;
            case "no collection":
                collection = temp.Path("missing.anki2");
                break;
            case "stub in Legacy1":
                version = PackageVersion.Legacy1;
                stub = Collection();
                break;
            case "missing stub":
                stub = temp.Path("missing-stub.anki2");
                break;
            case "no media list":
                media = null!;
                break;
            case "null media":
                media = new MediaSource[] { null! };
                break;
            case "unsafe name":
                media = new[] { Media("../a.jpg") };
                break;
            case "not normalised":
                media = new[] { Media("cafe\u0301.jpg") };
                break;
            case "same name twice":
                media = new[] { Media("a.jpg"), Media("a.jpg") };
                break;
            case "missing media file":
                media = new[] { new MediaSource("a.jpg", temp.Path("gone.jpg")) };
                break;
        }

        var error = Assert.Throws<AnkiException>(() => PackageWriter.Write(output, version, collection, stub, media));
        Assert.Equal(reason, error.Reason);
        Assert.False(File.Exists(temp.Path("out.apkg")));
        Assert.Contains(message, error.Message);

        string folder = temp.Path("out-folder");
        var folderError = Assert.Throws<AnkiException>(() => PackageWriter.WriteFolder(output.Length == 0 ? "" : folder, version, collection, stub, media));
        Assert.Equal((reason, error.Message), (folderError.Reason, folderError.Message));
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData(PackageVersion.Legacy2)]
    [InlineData(PackageVersion.Latest)]
    public void ProgressFollowsTheBytesReadFromZeroToOne(PackageVersion version)
    {
        string collection = Collection();
        string stub = Collection();
        var media = new[] { Media("a.jpg", new string('a', 3000)), Media("b.jpg", new string('b', 5000)) };
        double total = new FileInfo(collection).Length + new FileInfo(stub).Length + 8000;
        var reports = new RecordedProgress();

        PackageWriter.Write(temp.Path("out.apkg"), version, collection, stub, media, reports);

        double afterCollection = new FileInfo(collection).Length / total;
        double afterStub = (new FileInfo(collection).Length + new FileInfo(stub).Length) / total;
        Assert.Equal(new[] { 0, afterCollection, afterStub, (total - 5000) / total, 1, 1 }, reports.Values);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ABareCollectionIsACopyOrOneZstdStream(bool zstd)
    {
        string collection = Collection();
        string output = temp.Path(zstd ? "out.anki21b" : "out.anki2");

        PackageWriter.WriteCollection(output, collection, zstd);

        var written = File.ReadAllBytes(output);
        Assert.Equal(File.ReadAllBytes(collection), zstd ? ZstdDecompress(written) : written);
        Assert.Equal(zstd, !written.Take(16).SequenceEqual(SqliteMagic));
    }

    [Fact]
    public void ABareCollectionIsRefusedOrFailsWithNothingLeft()
    {
        Assert.Equal("OutputPathRequired", Assert.Throws<AnkiException>(() => PackageWriter.WriteCollection("", Collection(), false)).Reason);
        Assert.Equal("CollectionNotFound", Assert.Throws<AnkiException>(() => PackageWriter.WriteCollection(temp.Path("o.anki2"), temp.Path("none.anki2"), false)).Reason);
        Assert.False(File.Exists(temp.Path("o.anki2")));

        // The output folder is a file: the write fails and reports it.
        string blocked = Path.Combine(temp.File("a-file", new byte[] { 1 }), "o.anki2");
        var error = Assert.Throws<AnkiException>(() => PackageWriter.WriteCollection(blocked, Collection(), true));
        Assert.Equal("PackageWriteFailed", error.Reason);
        Assert.Contains(blocked, error.Message);
    }

    [Fact]
    public void AFailedPackageWriteLeavesNoFile()
    {
        // The second media file vanishes once writing has started: validation saw it, the copy cannot read it.
        string late = temp.File("late", Encoding.UTF8.GetBytes("here for validation"));
        var media = new[] { Media("a.jpg"), new MediaSource("b.jpg", late) };
        string output = temp.Path("out.apkg");

        var error = Assert.Throws<AnkiException>(() => PackageWriter.Write(output, PackageVersion.Legacy2, Collection(), null, media, new DeleteOnFirstReport(late)));

        Assert.Equal("PackageWriteFailed", error.Reason);
        Assert.IsType<FileNotFoundException>(error.InnerException);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AFailedFolderWriteRemovesTheEntriesItWroteAndOnlyThose()
    {
        string late = temp.File("late", Encoding.UTF8.GetBytes("here for validation"));
        var media = new[] { Media("a.jpg"), new MediaSource("b.jpg", late) };
        string folder = temp.Path("unpacked");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "keep.txt"), "was here before");

        var error = Assert.Throws<AnkiException>(() => PackageWriter.WriteFolder(folder, PackageVersion.Legacy2, Collection(), null, media, new DeleteOnFirstReport(late)));

        Assert.Equal("PackageWriteFailed", error.Reason);
        Assert.Equal(new[] { "keep.txt" }, Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(PackageVersion.Legacy2, false)]
    [InlineData(PackageVersion.Latest, false)]
    [InlineData(PackageVersion.Latest, true)]
    public void AStoppedWriteThrowsOperationCanceledAndLeavesNothing(PackageVersion version, bool folder)
    {
        string output = temp.Path(folder ? "out-folder" : "out.apkg");
        using var stop = new System.Threading.CancellationTokenSource();
        stop.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
        {
            if (folder)
            {
                PackageWriter.WriteFolder(output, version, Collection(), null, new[] { Media("a.jpg") }, null, stop.Token);
            }
            else
            {
                PackageWriter.Write(output, version, Collection(), null, new[] { Media("a.jpg") }, null, stop.Token);
            }
        });

        Assert.False(File.Exists(output));
        Assert.Empty(Directory.Exists(output) ? Directory.GetFileSystemEntries(output) : Array.Empty<string>());
    }

    private sealed class DeleteOnFirstReport : IProgress<double>
    {
        private readonly string vanish;

        public DeleteOnFirstReport(string vanish) => this.vanish = vanish;

        public void Report(double value) => File.Delete(vanish);
    }
}
