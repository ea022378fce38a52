using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Packages;
using AnkiSync.Storage;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine;

/// <summary>Checks a package the engine writes against the rules of ANKI-FORMAT.md, straight from the bytes.</summary>
public class WrittenFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ankisync-written-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string BuildSample(PackageVersion version)
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "test", "answer <b>1</b>" }, Tags = new[] { "alpha", "beta::gamma" }, Deck = "Lang::Spanish" });
        package.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { "今日", "today" } });
        package.AddNote(new NoteInput { NoteType = "Cloze", Values = new[] { "{{c1::a}} {{c3::b}}", "" } });
        using (var image = new MemoryStream(new byte[] { 1, 2, 3 }))
        {
            package.AddMedia("_style.png", image);
        }

        string path = Path.Combine(folder, $"sample-{version}.apkg");
        package.Export(path, version);
        Validation.AnkiRules.AssertValid(path);
        return path;
    }

    [Fact]
    public void Legacy2HasTheNewerCollectionTheStubMetaAndMediaMap()
    {
        string path = BuildSample(PackageVersion.Legacy2);
        using var zip = ZipFile.OpenRead(path);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("collection.anki21", names);
        Assert.Contains("collection.anki2", names);
        Assert.Contains("media", names);
        Assert.Contains("0", names);
        using var meta = zip.GetEntry("meta")!.Open();
        var bytes = new byte[2];
        Assert.Equal(2, meta.Read(bytes, 0, 2));
        Assert.Equal(new byte[] { 0x08, 0x02 }, bytes);
        using var reader = new StreamReader(zip.GetEntry("media")!.Open());
        Assert.Equal("_style.png", (string?)JsonNode.Parse(reader.ReadToEnd())!["0"]);
    }

    [Fact]
    public void Legacy1HasOnlyTheOldCollection()
    {
        string path = BuildSample(PackageVersion.Legacy1);
        using var zip = ZipFile.OpenRead(path);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("collection.anki2", names);
        Assert.DoesNotContain("collection.anki21", names);
        Assert.DoesNotContain("meta", names);
    }

    [Fact]
    public void NotesCardsAndColJsonFollowAnkisRules()
    {
        string path = BuildSample(PackageVersion.Legacy2);
        string dbPath = Path.Combine(folder, "collection.anki21");
        using (var zip = ZipFile.OpenRead(path))
        {
            zip.GetEntry("collection.anki21")!.ExtractToFile(dbPath);
        }

        using var db = AnkiDatabase.Open(dbPath, readOnly: true);
        Assert.Equal(11L, db.ScalarLong("select ver from col"));
        var conf = JsonNode.Parse((string)db.Scalar("select conf from col")!)!;
        Assert.Equal(2, (int)conf["schedVer"]!);
        var decks = JsonNode.Parse((string)db.Scalar("select decks from col")!)!.AsObject();
        Assert.True(decks.ContainsKey("1"), "the Default deck is kept");
        Assert.Contains(decks, d => (string?)d.Value!["name"] == "Lang");
        Assert.Contains(decks, d => (string?)d.Value!["name"] == "Lang::Spanish");
        var dconf = JsonNode.Parse((string)db.Scalar("select dconf from col")!)!.AsObject();
        Assert.True(dconf.ContainsKey("1"), "deck options 1 is kept");

        using (var command = db.Command("select flds, sfld, csum, tags, mod, guid, id from notes order by id"))
        using (var reader = command.ExecuteReader())
        {
            long nowSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Assert.True(reader.Read());
            Assert.Equal("test\u001fanswer <b>1</b>", reader.GetString(0));
            Assert.Equal("test", reader.GetString(1));
            Assert.Equal(2840236005L, reader.GetInt64(2));
            Assert.Equal(" alpha beta::gamma ", reader.GetString(3));
            Assert.InRange(reader.GetInt64(4), nowSeconds - 120, nowSeconds + 1);
            Assert.Equal(StableIds.NoteGuid("Basic", "test"), reader.GetString(5));
            Assert.True(reader.Read());
            Assert.Equal(1464653051L, reader.GetInt64(2));
            Assert.Equal("", reader.GetString(3));
        }

        Assert.Equal(5L, db.ScalarLong("select count(*) from cards"));
        Assert.Equal(0L, db.ScalarLong("select count(*) from notes n where not exists (select 1 from cards c where c.nid = n.id)"));
        Assert.Equal("0,2", string.Join(",", Query(db, "select c.ord from cards c join notes n on n.id = c.nid where n.flds like '{{c1%' order by c.ord")));
        Assert.Equal("1,2,2,3,3", string.Join(",", Query(db, "select due from cards order by due")));
        Assert.Equal(4L, db.ScalarLong("select json_extract(conf, '$.nextPos') from col"));
        Assert.Equal("ok", (string)db.Scalar("pragma integrity_check")!);
    }

    private static string[] Query(AnkiDatabase db, string sql)
    {
        using var command = db.Command(sql);
        using var reader = command.ExecuteReader();
        var values = new System.Collections.Generic.List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values.ToArray();
    }

    [Fact]
    public void ColJsonAndTheMediaMapKeepHtmlAndNonAsciiTextAsIs()
    {
        // serde_json escapes only what JSON requires; System.Text.Json's default would write \u003C and \u65E5.
        using (var package = AnkiPackage.Create())
        {
            package.AddNote(new NoteInput { Values = new[] { "a", "b" }, Deck = "日本語 & <Kanji>" });
            using (var image = new MemoryStream(new byte[] { 1 }))
            {
                package.AddMedia("café.png", image);
            }

            package.Export(Path.Combine(folder, "plain.apkg"), PackageVersion.Legacy2);
        }

        string dbPath = Path.Combine(folder, "plain.anki21");
        string media;
        using (var zip = ZipFile.OpenRead(Path.Combine(folder, "plain.apkg")))
        {
            zip.GetEntry("collection.anki21")!.ExtractToFile(dbPath);
            using var reader = new StreamReader(zip.GetEntry("media")!.Open());
            media = reader.ReadToEnd();
        }

        Assert.Equal("{\"0\":\"café.png\"}", media);
        using var db = AnkiDatabase.Open(dbPath, readOnly: true);
        string models = (string)db.Scalar("select models from col")!;
        string decks = (string)db.Scalar("select decks from col")!;
        Assert.Contains("{{FrontSide}}\\n\\n<hr id=answer>\\n\\n{{Back}}", models);
        Assert.DoesNotContain("\\u003C", models); // the LaTeX preamble's "\\usepackage" is a real backslash and u
        Assert.Contains("\"日本語 & <Kanji>\"", decks);
        Assert.DoesNotContain("\\u", decks);
    }
}
