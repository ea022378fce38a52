using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using AnkiSync.Packages;
using AnkiSync.Storage;
using ZstdSharp;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>
/// What a fixture file really holds, read straight from it with ZipArchive, zstd and SQLite (never through
/// the engine's package reader or schema converter): the collection entry Anki itself would pick
/// (meta, else anki21b &gt; anki21 &gt; anki2), its rows, and the media map with each file's bytes.
/// </summary>
internal sealed class RawFixture : IDisposable
{
    private const string Stub = "collection.anki2";
    private readonly string tempDirectory;

    private RawFixture(string path, string tempDirectory)
    {
        FilePath = path;
        this.tempDirectory = tempDirectory;
    }

    public string FilePath { get; }

    public string FileName => Path.GetFileName(FilePath);

    /// <summary>The layout the file is in, decided from its entries (or, for a bare file, its bytes and name).</summary>
    public PackageVersion Format { get; private set; }

    public bool IsBareCollection { get; private set; }

    /// <summary>True when the package also carries the "please update" stub next to a newer collection.</summary>
    public bool HasStub { get; private set; }

    public int Schema { get; private set; }

    /// <summary>col.crt: the collection's creation time in seconds, day 0 of review due numbers.</summary>
    public long CreatedSeconds { get; private set; }

    /// <summary>col.mod: when the collection last changed, in milliseconds.</summary>
    public long ColumnMod { get; private set; }

    public List<RawNote> Notes { get; } = new();

    public List<RawCard> Cards { get; } = new();

    public List<RawRevlog> Revlog { get; } = new();

    public List<RawDeck> Decks { get; } = new();

    public List<RawNoteType> NoteTypes { get; } = new();

    /// <summary>The media files the package's map lists, in map order.</summary>
    public List<RawMedia> Media { get; } = new();

    /// <summary>True when the package has a media map at all (bare collections and some packages have none).</summary>
    public bool HasMediaMap { get; private set; }

    /// <summary>Zip entries that hold neither the collection, the stub, meta nor the media map.</summary>
    public List<string> OtherEntries { get; } = new();

    /// <summary>Schema 11: the col row's JSON columns as stored (models, decks, dconf, conf, tags); empty for schema 18.</summary>
    public Dictionary<string, string> ColJson { get; } = new();

    /// <summary>Schema 18: the config table (key → JSON value); empty for schema 11.</summary>
    public Dictionary<string, string> Config { get; } = new();

    /// <summary>Each deck's preset id (schema 11 "conf"; schema 18 the normal kind's config id); filtered decks have none.</summary>
    public Dictionary<long, long> DeckPresets { get; } = new();

    /// <summary>The ids of the deck option presets.</summary>
    public HashSet<long> Presets { get; } = new();

    public static RawFixture Load(string path)
    {
        var temp = Directory.CreateTempSubdirectory("ankisync-raw-").FullName;
        var raw = new RawFixture(path, temp);
        try
        {
            raw.Read();
            return raw;
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    public RawNoteType? NoteType(long id) => NoteTypes.FirstOrDefault(t => t.Id == id);

    public RawDeck? Deck(long id) => Decks.FirstOrDefault(d => d.Id == id);

    public void Dispose()
    {
        try
        {
            Directory.Delete(tempDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Read()
    {
        var databasePath = Path.Combine(tempDirectory, "collection.db");
        var head = new byte[4];
        using (var stream = File.OpenRead(FilePath))
        {
            _ = stream.Read(head, 0, head.Length);
        }

        if (head[0] == (byte)'S' && head[1] == (byte)'Q')
        {
            IsBareCollection = true;
            Format = FilePath.EndsWith(".anki21", StringComparison.OrdinalIgnoreCase) ? PackageVersion.Legacy2 : PackageVersion.Legacy1;
            File.Copy(FilePath, databasePath);
        }
        else if (head[0] == 0x28 && head[1] == 0xB5 && head[2] == 0x2F && head[3] == 0xFD)
        {
            IsBareCollection = true;
            Format = PackageVersion.Latest;
            File.WriteAllBytes(databasePath, Unzstd(File.ReadAllBytes(FilePath)));
        }
        else
        {
            ReadZip(databasePath);
        }

        // A plain read-write open of a private copy: schema-18 files are in WAL mode.
        using var db = AnkiDatabase.Open(databasePath);
        Schema = (int)db.ScalarLong("select ver from col");
        CreatedSeconds = db.ScalarLong("select crt from col");
        ColumnMod = db.ScalarLong("select mod from col");
        ReadNotes(db);
        ReadCards(db);
        ReadRevlog(db);
        if (Schema == 11)
        {
            ReadSchema11Json(db);
        }
        else
        {
            ReadSchema18Tables(db);
        }
    }

    private void ReadZip(string databasePath)
    {
        using var zip = ZipFile.OpenRead(FilePath);
        var meta = zip.GetEntry("meta");
        string entryName;
        if (meta != null)
        {
            var version = new RawProto(ReadEntry(meta)).Number(1);
            Format = (PackageVersion)(int)version;
            entryName = Format == PackageVersion.Latest ? "collection.anki21b" : Format == PackageVersion.Legacy2 ? "collection.anki21" : Stub;
        }
        else
        {
            Format = zip.GetEntry("collection.anki21b") != null ? PackageVersion.Latest
                : zip.GetEntry("collection.anki21") != null ? PackageVersion.Legacy2
                : PackageVersion.Legacy1;
            entryName = Format == PackageVersion.Latest ? "collection.anki21b" : Format == PackageVersion.Legacy2 ? "collection.anki21" : Stub;
        }

        HasStub = entryName != Stub && zip.GetEntry(Stub) != null;
        var collection = ReadEntry(zip.GetEntry(entryName)!);
        File.WriteAllBytes(databasePath, Format == PackageVersion.Latest ? Unzstd(collection) : collection);

        var known = new HashSet<string> { "meta", "media", "collection.anki2", "collection.anki21", "collection.anki21b" };
        OtherEntries.AddRange(zip.Entries.Select(e => e.FullName).Where(n => !known.Contains(n)));
        var map = zip.GetEntry("media");
        if (map == null)
        {
            return;
        }

        HasMediaMap = true;

        if (Format == PackageVersion.Latest)
        {
            int index = 0;
            foreach (var entry in new RawProto(Unzstd(ReadEntry(map))).Messages(1))
            {
                var body = zip.GetEntry(index.ToString(CultureInfo.InvariantCulture));
                var bytes = body == null ? null : Unzstd(ReadEntry(body));
                Media.Add(new RawMedia(entry.Text(1), (long)entry.Number(2), Hex(entry.Bytes(3) ?? Array.Empty<byte>()), bytes));
                index++;
            }

            return;
        }

        using var json = JsonDocument.Parse(ReadEntry(map));
        foreach (var property in json.RootElement.EnumerateObject().OrderBy(p => long.Parse(p.Name, CultureInfo.InvariantCulture)))
        {
            var body = zip.GetEntry(property.Name);
            var bytes = body == null ? null : ReadEntry(body);
            Media.Add(new RawMedia(property.Value.GetString()!, bytes?.Length ?? 0, bytes == null ? "" : Hex(SHA1.HashData(bytes)), bytes));
        }
    }

    private void ReadNotes(AnkiDatabase db)
    {
        using var command = db.Command("select id, guid, mid, tags, flds, mod, usn, csum, cast(sfld as text), typeof(sfld) from notes order by id");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            Notes.Add(new RawNote(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5))
            {
                Usn = reader.GetInt64(6),
                Checksum = reader.GetInt64(7),
                SortFieldText = reader.GetString(8),
                SortFieldStoredAs = reader.GetString(9),
            });
        }
    }

    private void ReadCards(AnkiDatabase db)
    {
        using var command = db.Command("select id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, flags, odue, odid, mod, usn, left, data from cards order by id");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            Cards.Add(new RawCard(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5),
                reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11),
                reader.GetInt64(12), reader.GetInt64(13), reader.GetInt64(14))
            {
                Usn = reader.GetInt64(15),
                Left = reader.GetInt64(16),
                Data = reader.IsDBNull(17) ? "" : Convert.ToString(reader.GetValue(17), System.Globalization.CultureInfo.InvariantCulture) ?? "",
            });
        }
    }

    private void ReadRevlog(AnkiDatabase db)
    {
        Revlog.AddRange(ReadRevlogRows(db));
    }

    /// <summary>Every review-log row of an open collection, in id order.</summary>
    public static List<RawRevlog> ReadRevlogRows(AnkiDatabase db)
    {
        var rows = new List<RawRevlog>();
        using var command = db.Command("select id, cid, ease, ivl, lastIvl, factor, time, type, usn from revlog order by id");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new RawRevlog(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7))
            { Usn = reader.GetInt64(8) });
        }

        return rows;
    }

    private void ReadSchema11Json(AnkiDatabase db)
    {
        foreach (var column in new[] { "models", "decks", "dconf", "conf", "tags" })
        {
            ColJson[column] = (string)db.Scalar($"select {column} from col")!;
        }

        using (var presets = JsonDocument.Parse(ColJson["dconf"]))
        {
            foreach (var preset in presets.RootElement.EnumerateObject())
            {
                Presets.Add(long.Parse(preset.Name, CultureInfo.InvariantCulture));
            }
        }

        using (var decks = JsonDocument.Parse((string)db.Scalar("select decks from col")!))
        {
            foreach (var deck in decks.RootElement.EnumerateObject().Select(p => p.Value))
            {
                long id = JsonLong(deck.GetProperty("id"));
                bool filtered = JsonLong(deck.GetProperty("dyn")) != 0;
                Decks.Add(new RawDeck(id, deck.GetProperty("name").GetString()!, filtered));
                if (!filtered && deck.TryGetProperty("conf", out var conf))
                {
                    DeckPresets[id] = JsonLong(conf);
                }
            }
        }

        using var models = JsonDocument.Parse((string)db.Scalar("select models from col")!);
        foreach (var model in models.RootElement.EnumerateObject().Select(p => p.Value))
        {
            // Anki takes fields and templates in array order (it renumbers their ord on load).
            var fields = model.GetProperty("flds").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToArray();
            var templates = model.GetProperty("tmpls").EnumerateArray()
                .Select(t => new AnkiTemplate(t.GetProperty("name").GetString()!, t.GetProperty("qfmt").GetString()!, t.TryGetProperty("afmt", out var a) ? a.GetString() ?? "" : ""))
                .ToArray();
            NoteTypes.Add(new RawNoteType(
                JsonLong(model.GetProperty("id")),
                model.GetProperty("name").GetString()!,
                JsonLong(model.GetProperty("type")) == 1,
                fields,
                templates,
                model.TryGetProperty("css", out var css) && css.ValueKind == JsonValueKind.String ? css.GetString()! : "")
            {
                SortFieldIndex = model.TryGetProperty("sortf", out var sortf) ? (int)JsonLong(sortf) : 0,
            });
        }
    }

    private void ReadSchema18Tables(AnkiDatabase db)
    {
        using (var command = db.Command("select id, name, kind from decks"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                // Levels are joined with U+001F; the kind container's oneof is normal = 1, filtered = 2.
                var kind = new RawProto((byte[])reader.GetValue(2));
                Decks.Add(new RawDeck(reader.GetInt64(0), reader.GetString(1).Replace("\u001f", "::", StringComparison.Ordinal), kind.Has(2)));
                if (kind.Has(1))
                {
                    // NormalDeck.config_id is its field 1.
                    DeckPresets[reader.GetInt64(0)] = (long)new RawProto(kind.Bytes(1)).Number(1);
                }
            }
        }

        var fields = new Dictionary<long, List<string>>();
        using (var command = db.Command("select ntid, name from fields order by ntid, ord"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                Bucket(fields, reader.GetInt64(0)).Add(reader.GetString(1));
            }
        }

        var templates = new Dictionary<long, List<AnkiTemplate>>();
        using (var command = db.Command("select ntid, name, config from templates order by ntid, ord"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var config = new RawProto((byte[])reader.GetValue(2));
                Bucket(templates, reader.GetInt64(0)).Add(new AnkiTemplate(reader.GetString(1), config.Text(1), config.Text(2)));
            }
        }

        using (var command = db.Command("select id, name, config from notetypes"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                var config = new RawProto((byte[])reader.GetValue(2));
                NoteTypes.Add(new RawNoteType(id, reader.GetString(1), config.Number(1) == 1,
                    Bucket(fields, id).ToArray(), Bucket(templates, id).ToArray(), config.Text(3))
                {
                    SortFieldIndex = (int)config.Number(2),
                });
            }
        }

        using (var command = db.Command("select id from deck_config"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                Presets.Add(reader.GetInt64(0));
            }
        }

        using (var command = db.Command("select key, cast(val as text) from config"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                Config[reader.GetString(0)] = reader.GetString(1);
            }
        }
    }

    private static List<T> Bucket<T>(Dictionary<long, List<T>> buckets, long key)
    {
        if (!buckets.TryGetValue(key, out var list))
        {
            list = new List<T>();
            buckets[key] = list;
        }

        return list;
    }

    private static long JsonLong(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out long whole) ? whole : (long)value.GetDouble(),
        JsonValueKind.String => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        JsonValueKind.True => 1,
        _ => 0,
    };

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public static byte[] Unzstd(byte[] data)
    {
        using var input = new MemoryStream(data);
        using var zstd = new DecompressionStream(input);
        using var output = new MemoryStream();
        zstd.CopyTo(output);
        return output.ToArray();
    }

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}

internal sealed record RawNote(long Id, string Guid, long NoteTypeId, string Tags, string Fields, long Modified)
{
    public long Usn { get; init; }

    public long Checksum { get; init; }

    /// <summary>sfld as text (the column has integer affinity, so numeric sort fields are stored as numbers).</summary>
    public string SortFieldText { get; init; } = "";

    /// <summary>SQLite's typeof(sfld): text, integer or real.</summary>
    public string SortFieldStoredAs { get; init; } = "text";

    public string[] FieldValues => Fields.Split('\u001f');

    public string[] TagList => Tags.Split(new[] { ' ', '\u3000' }, StringSplitOptions.RemoveEmptyEntries);
}

internal sealed record RawCard(long Id, long NoteId, long DeckId, int Ord, int Type, int Queue, long Due, long Interval, long Factor,
    long Reps, long Lapses, long Flags, long OriginalDue, long OriginalDeckId, long Modified)
{
    public long Usn { get; init; }

    /// <summary>Remaining learning steps (<c>left</c>).</summary>
    public long Left { get; init; }

    /// <summary>The <c>data</c> column as stored.</summary>
    public string Data { get; init; } = "";
}

/// <summary>Anki's timestamps are seconds; a value too large for that (some generators write milliseconds) is milliseconds.</summary>
internal static class RawTime
{
    public static DateTime Local(long stored)
        => stored >= 100_000_000_000
            ? DateTimeOffset.FromUnixTimeSeconds(stored / 1000).LocalDateTime
            : DateTimeOffset.FromUnixTimeSeconds(stored).LocalDateTime;
}

internal sealed record RawRevlog(long Id, long CardId, long Ease, long Interval, long LastInterval, long Factor, long Time, long Type)
{
    public long Usn { get; init; }
}

internal sealed record RawDeck(long Id, string Name, bool IsFiltered);

internal sealed record RawNoteType(long Id, string Name, bool IsCloze, string[] Fields, AnkiTemplate[] Templates, string Css)
{
    public int SortFieldIndex { get; init; }
}

/// <summary>A media file as the package's map lists it; <see cref="Bytes"/> is the (decompressed) entry body, null if missing.</summary>
internal sealed record RawMedia(string Name, long Size, string Sha1, byte[]? Bytes);
