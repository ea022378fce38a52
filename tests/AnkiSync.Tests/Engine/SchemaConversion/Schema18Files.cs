using System;
using System.IO;
using System.IO.Compression;
using AnkiSync.Storage;
using ZstdSharp;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// A writable copy of a fixture collection in its own temp folder (fixtures themselves are read-only and never
/// opened for writing). Latest-format collections are zstd-decompressed; they are in WAL mode, hence the folder.
/// </summary>
internal sealed class Schema18Files : IDisposable
{
    private Schema18Files(string folder, string path)
    {
        Folder = folder;
        Path = path;
    }

    public string Folder { get; }

    public string Path { get; }

    /// <summary>A plain SQLite collection fixture (.anki2).</summary>
    public static Schema18Files CopyOf(string fixture)
    {
        var files = Create();
        using (var input = File.OpenRead(Fixtures.Path(fixture)))
        using (var output = File.Create(files.Path))
        {
            input.CopyTo(output);
        }

        return files;
    }

    /// <summary>A bare zstd-compressed collection.anki21b fixture.</summary>
    public static Schema18Files DecompressedCopyOf(string fixture)
    {
        var files = Create();
        using (var input = File.OpenRead(Fixtures.Path(fixture)))
        {
            Decompress(input, files.Path);
        }

        return files;
    }

    /// <summary>The collection.anki21b inside a latest-format .apkg/.colpkg fixture.</summary>
    public static Schema18Files FromPackage(string fixture)
    {
        var files = Create();
        using (var archive = ZipFile.OpenRead(Fixtures.Path(fixture)))
        {
            var entry = archive.GetEntry("collection.anki21b") ?? throw new InvalidOperationException($"{fixture} has no collection.anki21b");
            using var input = entry.Open();
            Decompress(input, files.Path);
        }

        return files;
    }

    /// <summary>An uncompressed collection entry (e.g. collection.anki2) of a legacy package fixture.</summary>
    public static Schema18Files FromLegacyPackage(string fixture, string entryName)
    {
        var files = Create();
        using (var archive = ZipFile.OpenRead(Fixtures.Path(fixture)))
        {
            var entry = archive.GetEntry(entryName) ?? throw new InvalidOperationException($"{fixture} has no {entryName}");
            using var input = entry.Open();
            using var output = File.Create(files.Path);
            input.CopyTo(output);
        }

        return files;
    }

    public AnkiDatabase Open() => AnkiDatabase.Open(Path);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Schema18Files Create()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ankisync-s18-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new Schema18Files(folder, System.IO.Path.Combine(folder, "collection.anki2"));
    }

    private static void Decompress(Stream input, string path)
    {
        using var zstd = new DecompressionStream(input);
        using var output = File.Create(path);
        zstd.CopyTo(output);
    }
}
