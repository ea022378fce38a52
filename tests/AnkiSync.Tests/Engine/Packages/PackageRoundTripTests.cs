using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using AnkiSync.Packages;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>Write → Extract for every version, the exact layouts Anki expects, and deterministic bytes.</summary>
public class PackageRoundTripTests
{
    public static IEnumerable<object[]> Versions()
        => new[] { PackageVersion.Legacy1, PackageVersion.Legacy2, PackageVersion.Latest }.Select(v => new object[] { v });

    [Theory]
    [MemberData(nameof(Versions))]
    public void WrittenPackageExtractsToTheSameCollectionAndMedia(PackageVersion version)
    {
        using var temp = new TempFolder();
        var inputs = new Inputs(temp, version);
        var output = temp.Path("out.apkg");
        var progress = new RecordingProgress();

        PackageWriter.Write(output, version, inputs.Collection, inputs.Stub, inputs.Media, progress);
        var package = PackageReader.Extract(output, temp.Path("work"));

        Assert.Equal(version, package.Version);
        Assert.Equal(PackageContainer.Apkg, package.Container);
        Assert.Equal(File.ReadAllBytes(inputs.Collection), File.ReadAllBytes(package.CollectionPath));
        Assert.Equal("real collection", PackageTestFiles.ReadMarker(package.CollectionPath));
        Assert.Equal(inputs.Media.Select(m => m.Name), package.MediaNames);
        foreach (var media in inputs.Media)
        {
            Assert.Equal(File.ReadAllBytes(media.FilePath), File.ReadAllBytes(Path.Combine(package.MediaDirectory, media.Name)));
        }

        Assert.Equal(0, progress.Values.First());
        Assert.Equal(1, progress.Values.Last());
        Assert.True(progress.Values.Zip(progress.Values.Skip(1)).All(pair => pair.First <= pair.Second), string.Join(", ", progress.Values));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void IdenticalInputsGiveByteIdenticalArchives(PackageVersion version)
    {
        using var temp = new TempFolder();
        var inputs = new Inputs(temp, version);

        PackageWriter.Write(temp.Path("first.apkg"), version, inputs.Collection, inputs.Stub, inputs.Media);
        PackageWriter.Write(temp.Path("second.apkg"), version, inputs.Collection, inputs.Stub, inputs.Media);

        Assert.Equal(File.ReadAllBytes(temp.Path("first.apkg")), File.ReadAllBytes(temp.Path("second.apkg")));
    }

    [Fact]
    public void LatestLayoutIsAllStoredWithZstdEverywhere()
    {
        using var temp = new TempFolder();
        var inputs = new Inputs(temp, PackageVersion.Latest);
        var output = temp.Path("latest.apkg");

        PackageWriter.Write(output, PackageVersion.Latest, inputs.Collection, inputs.Stub, inputs.Media);

        var directory = PackageTestFiles.CentralDirectory(output);
        Assert.Equal(new[] { "meta", "collection.anki21b", "collection.anki2", "0", "1", "2", "3", "media" }, directory.Select(e => e.Name));
        Assert.All(directory, entry => Assert.Equal(0, entry.Method));
        Assert.Equal(new byte[] { 0x08, 0x03 }, PackageTestFiles.ReadEntry(output, "meta"));
        Assert.Equal(File.ReadAllBytes(inputs.Collection), PackageTestFiles.ZstdDecompress(PackageTestFiles.ReadEntry(output, "collection.anki21b")));
        Assert.Equal(File.ReadAllBytes(inputs.Stub!), PackageTestFiles.ReadEntry(output, "collection.anki2"));

        var map = PackageTestFiles.DecodeMediaEntries(PackageTestFiles.ZstdDecompress(PackageTestFiles.ReadEntry(output, "media")));
        Assert.Equal(inputs.Media.Select(m => m.Name), map.Select(m => m.Name));
        for (var i = 0; i < inputs.Media.Count; i++)
        {
            var original = File.ReadAllBytes(inputs.Media[i].FilePath);
            var frame = PackageTestFiles.ReadEntry(output, i.ToString());
            Assert.Equal(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }, frame.Take(4));
            Assert.Equal(original, PackageTestFiles.ZstdDecompress(frame));
            Assert.Equal((uint)original.Length, map[i].Size);
            Assert.Equal(PackageTestFiles.Sha1(original), map[i].Sha1);
        }
    }

    [Fact]
    public void Legacy2LayoutMirrorsModernAnkisLegacyExport()
    {
        using var temp = new TempFolder();
        var inputs = new Inputs(temp, PackageVersion.Legacy2);
        var output = temp.Path("legacy2.apkg");

        PackageWriter.Write(output, PackageVersion.Legacy2, inputs.Collection, inputs.Stub, inputs.Media);

        var directory = PackageTestFiles.CentralDirectory(output);
        Assert.Equal(new[] { "meta", "collection.anki21", "collection.anki2", "0", "1", "2", "3", "media" }, directory.Select(e => e.Name));
        Assert.Equal(8, directory.Single(e => e.Name == "collection.anki21").Method);
        Assert.All(directory.Where(e => e.Name != "collection.anki21"), entry => Assert.Equal(0, entry.Method));
        Assert.Equal(new byte[] { 0x08, 0x02 }, PackageTestFiles.ReadEntry(output, "meta"));
        AssertLegacyMap(output, inputs.Media);
    }

    [Fact]
    public void Legacy1LayoutHasNoMetaAndNoStub()
    {
        using var temp = new TempFolder();
        var inputs = new Inputs(temp, PackageVersion.Legacy1);
        var output = temp.Path("legacy1.apkg");

        PackageWriter.Write(output, PackageVersion.Legacy1, inputs.Collection, null, inputs.Media);

        var directory = PackageTestFiles.CentralDirectory(output);
        Assert.Equal(new[] { "collection.anki2", "0", "1", "2", "3", "media" }, directory.Select(e => e.Name));
        Assert.Equal(8, directory[0].Method);
        Assert.Equal(File.ReadAllBytes(inputs.Collection), PackageTestFiles.ReadEntry(output, "collection.anki2"));
        AssertLegacyMap(output, inputs.Media);
    }

    [Fact]
    public void PackageWithoutMediaHasAnEmptyMap()
    {
        using var temp = new TempFolder();
        var inputs = new Inputs(temp, PackageVersion.Legacy2);
        var output = temp.Path("empty.apkg");

        PackageWriter.Write(output, PackageVersion.Legacy2, inputs.Collection, inputs.Stub, Array.Empty<MediaSource>());

        Assert.Equal("{}", Encoding.UTF8.GetString(PackageTestFiles.ReadEntry(output, "media")));
        Assert.Empty(PackageReader.Extract(output, temp.Path("work")).MediaNames);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void UnpackedFolderRoundTrips(PackageVersion version)
    {
        using var temp = new TempFolder();
        var inputs = new Inputs(temp, version);
        var folder = temp.Path("unpacked");

        PackageWriter.WriteFolder(folder, version, inputs.Collection, inputs.Stub, inputs.Media);
        var package = PackageReader.Extract(folder, temp.Path("work"));

        Assert.Equal(PackageContainer.Folder, package.Container);
        Assert.Equal(version, package.Version);
        Assert.Equal("real collection", PackageTestFiles.ReadMarker(package.CollectionPath));
        Assert.Equal(inputs.Media.Select(m => m.Name), package.MediaNames);
        foreach (var media in inputs.Media)
        {
            Assert.Equal(File.ReadAllBytes(media.FilePath), File.ReadAllBytes(Path.Combine(package.MediaDirectory, media.Name)));
        }
    }

    [Fact]
    public void FolderHoldsTheSameEntriesAsTheZip()
    {
        using var temp = new TempFolder();
        var inputs = new Inputs(temp, PackageVersion.Latest);
        PackageWriter.Write(temp.Path("p.apkg"), PackageVersion.Latest, inputs.Collection, inputs.Stub, inputs.Media);
        PackageWriter.WriteFolder(temp.Path("unpacked"), PackageVersion.Latest, inputs.Collection, inputs.Stub, inputs.Media);

        foreach (var (name, _) in PackageTestFiles.CentralDirectory(temp.Path("p.apkg")))
        {
            Assert.Equal(PackageTestFiles.ReadEntry(temp.Path("p.apkg"), name), File.ReadAllBytes(temp.Path("unpacked", name)));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BareCollectionRoundTrips(bool compressed)
    {
        using var temp = new TempFolder();
        var collection = PackageTestFiles.SqliteFile(temp.Path("source.db"), "real collection");
        var output = temp.Path(compressed ? "out.anki21b" : "out.anki21");

        PackageWriter.WriteCollection(output, collection, compressed);
        var package = PackageReader.Extract(output, temp.Path("work"));

        Assert.Equal(compressed ? PackageVersion.Latest : PackageVersion.Legacy2, package.Version);
        Assert.Equal(PackageContainer.Collection, package.Container);
        Assert.Equal(File.ReadAllBytes(collection), File.ReadAllBytes(package.CollectionPath));
    }

    [Fact]
    public void BareCollectionBringsItsWriteAheadLogAndLeavesTheSourceAlone()
    {
        using var temp = new TempFolder();
        var source = temp.Path("live.anki2");
        using var live = AnkiSync.Storage.AnkiDatabase.Open(source, create: true);
        live.Execute("pragma journal_mode=wal");
        live.Execute("pragma wal_autocheckpoint=0");
        live.Execute("create table marker (text text)");
        live.Execute("insert into marker values ('only in the wal')");
        Assert.True(new FileInfo(source + "-wal").Length > 0);
        var mainBefore = File.ReadAllBytes(source);

        var package = PackageReader.Extract(source, temp.Path("work"));

        Assert.True(File.Exists(package.CollectionPath + "-wal"));
        Assert.Equal("only in the wal", PackageTestFiles.ReadMarker(package.CollectionPath));
        Assert.Equal(mainBefore, File.ReadAllBytes(source));
    }

    [Fact]
    public void WriterRefusesNamesAnkiWouldNotAccept()
    {
        using var temp = new TempFolder();
        var inputs = new Inputs(temp, PackageVersion.Legacy2);
        var file = temp.File("x.bin", new byte[] { 1 });

        var unsafeName = Assert.Throws<AnkiException>(() => PackageWriter.Write(temp.Path("a.apkg"), PackageVersion.Legacy2, inputs.Collection, inputs.Stub, new[] { new MediaSource("../x.bin", file) }));
        var notNormalised = Assert.Throws<AnkiException>(() => PackageWriter.Write(temp.Path("b.apkg"), PackageVersion.Legacy2, inputs.Collection, inputs.Stub, new[] { new MediaSource("con", file) }));
        var duplicate = Assert.Throws<AnkiException>(() => PackageWriter.Write(temp.Path("c.apkg"), PackageVersion.Legacy2, inputs.Collection, inputs.Stub, new[] { new MediaSource("a.bin", file), new MediaSource("a.bin", file) }));
        var missing = Assert.Throws<AnkiException>(() => PackageWriter.Write(temp.Path("d.apkg"), PackageVersion.Legacy2, inputs.Collection, inputs.Stub, new[] { new MediaSource("gone.bin", temp.Path("gone.bin")) }));
        var stubInLegacy1 = Assert.Throws<AnkiException>(() => PackageWriter.Write(temp.Path("e.apkg"), PackageVersion.Legacy1, inputs.Collection, inputs.Stub, Array.Empty<MediaSource>()));
        var noCollection = Assert.Throws<AnkiException>(() => PackageWriter.Write(temp.Path("f.apkg"), PackageVersion.Legacy2, temp.Path("none.anki2"), null, Array.Empty<MediaSource>()));

        Assert.Equal("UnsafeMediaName", unsafeName.Reason);
        Assert.Equal("InvalidMediaName", notNormalised.Reason);
        Assert.Equal("InvalidMediaName", duplicate.Reason);
        Assert.Equal("MediaFileNotFound", missing.Reason);
        Assert.Equal("StubNotAllowed", stubInLegacy1.Reason);
        Assert.Equal("CollectionNotFound", noCollection.Reason);
        Assert.Empty(Directory.EnumerateFiles(temp.Root, "*.apkg"));
    }

    [Fact]
    public void FailuresLeaveNoFileBehind()
    {
        using var temp = new TempFolder();
        var inputs = new Inputs(temp, PackageVersion.Legacy2);
        var output = temp.Path("broken.apkg");
        var media = new[] { inputs.Media[0], new MediaSource("gone.bin", temp.Path("gone.bin")) };

        var missing = Assert.Throws<AnkiException>(() => PackageWriter.Write(output, PackageVersion.Legacy2, inputs.Collection, inputs.Stub, media));
        var unwritable = Assert.Throws<AnkiException>(() => PackageWriter.Write(temp.Path("no-such-folder", "x.apkg"), PackageVersion.Legacy2, inputs.Collection, inputs.Stub, inputs.Media));

        Assert.Equal("MediaFileNotFound", missing.Reason);
        Assert.Equal(temp.Path("gone.bin"), missing.Target);
        Assert.False(File.Exists(output));
        Assert.Equal("PackageWriteFailed", unwritable.Reason);
        Assert.Equal(AnkiErrorKind.WriteError, unwritable.Kind);
    }

    private static void AssertLegacyMap(string output, IReadOnlyList<MediaSource> media)
    {
        using var json = JsonDocument.Parse(PackageTestFiles.ReadEntry(output, "media"));
        var map = json.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetString())).ToList();
        Assert.Equal(media.Select((m, i) => (i.ToString(), (string?)m.Name)), map);
        for (var i = 0; i < media.Count; i++)
        {
            Assert.Equal(File.ReadAllBytes(media[i].FilePath), PackageTestFiles.ReadEntry(output, i.ToString()));
        }
    }

    /// <summary>A collection, a stub that differs from it, and media with unicode names, an empty file and 2 MB of random bytes.</summary>
    private sealed class Inputs
    {
        public Inputs(TempFolder temp, PackageVersion version)
        {
            Directory.CreateDirectory(temp.Path("inputs"));
            Collection = PackageTestFiles.SqliteFile(temp.Path("inputs", "collection.db"), "real collection");
            Stub = version == PackageVersion.Legacy1 ? null : PackageTestFiles.SqliteFile(temp.Path("inputs", "stub.db"), "please update");
            var random = new byte[2 * 1024 * 1024];
            new Random(42).NextBytes(random);
            Media = new[]
            {
                Source(temp, "日本語の画像.png", Encoding.UTF8.GetBytes("not really a png")),
                Source(temp, "café – ünïcode.mp3", new byte[] { 1, 2, 3, 0, 255 }),
                Source(temp, "empty.txt", Array.Empty<byte>()),
                Source(temp, "_random.bin", random),
            };
        }

        public string Collection { get; }

        public string? Stub { get; }

        public IReadOnlyList<MediaSource> Media { get; }

        private static MediaSource Source(TempFolder temp, string name, byte[] content)
        {
            var path = temp.Path("inputs", "file-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(path, content);
            return new MediaSource(name, path);
        }
    }

    private sealed class RecordingProgress : IProgress<double>
    {
        public List<double> Values { get; } = new();

        public void Report(double value) => Values.Add(value);
    }
}
