using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Storage;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// A real collection file copied or extracted into a private temp folder and opened there, so the
/// shared fixture is never touched. Deleted on dispose.
/// </summary>
internal sealed class ReferenceCollection : IDisposable
{
    private readonly string folder;

    private ReferenceCollection(string folder, string path, bool readOnly)
    {
        this.folder = folder;
        Database = AnkiDatabase.Open(path, readOnly: readOnly);
    }

    public AnkiDatabase Database { get; }

    /// <summary>Extracts <paramref name="entry"/> (e.g. collection.anki21) from a package fixture and opens it read-only.</summary>
    public static ReferenceCollection FromPackage(string fixture, string entry)
    {
        var folder = NewFolder();
        var path = Path.Combine(folder, entry);
        using (var zip = ZipFile.OpenRead(Fixtures.Path(fixture)))
        {
            zip.GetEntry(entry)!.ExtractToFile(path);
        }

        return new ReferenceCollection(folder, path, readOnly: true);
    }

    /// <summary>Copies a bare collection fixture and opens the copy (schema-18 files are in WAL mode, which needs write access).</summary>
    public static ReferenceCollection FromCopy(string fixture)
    {
        var folder = NewFolder();
        var path = Path.Combine(folder, Path.GetFileName(fixture));
        File.Copy(Fixtures.Path(fixture), path);
        return new ReferenceCollection(folder, path, readOnly: false);
    }

    /// <summary>One of the schema-11 <c>col</c> JSON blobs: models, decks, dconf or conf.</summary>
    public JsonObject Col(string column)
        => JsonNode.Parse((string)Database.Scalar($"select {column} from col")!)!.AsObject();

    /// <summary>The <c>col.models</c> entry called <paramref name="name"/>.</summary>
    public JsonObject NoteType(string name)
        => Col("models").Select(p => p.Value!.AsObject()).Single(m => (string)m["name"]! == name);

    public void Dispose()
    {
        Database.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail the test.
        }
    }

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ankisync-stock-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
