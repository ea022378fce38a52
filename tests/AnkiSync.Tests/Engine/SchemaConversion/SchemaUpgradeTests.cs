using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AnkiSync.SchemaConversion;
using AnkiSync.Storage;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>Schema 11 → 18 (the Latest export path), and 11 → 18 → 11.</summary>
public class SchemaUpgradeTests
{
    public static IEnumerable<object[]> Schema11Collections()
    {
        yield return new object[] { "anki2.1.1x-bare-schema11-two-decks-revlog.anki2", "" };
        yield return new object[] { "anki2.1.2x-bare-schema11-media-refs.anki2", "" };
        yield return new object[] { "ankidroid2.12.1-bare-schema11-empty.anki2", "" };
        yield return new object[] { "anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg", "collection.anki2" };
        yield return new object[] { "anki2.0-legacy-apkg-basic-1note.apkg", "collection.anki2" };
        yield return new object[] { "genanki-legacy-apkg-japanese-kanji-165notes.apkg", "collection.anki2" };
        yield return new object[] { "anki-apkg-export-js-legacy-apkg-image.apkg", "collection.anki2" };
        yield return new object[] { "anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg", "collection.anki21" };
        yield return new object[] { "anki2.1.50plus-legacy2-apkg-anki21-stub-spanish.apkg", "collection.anki21" };
        yield return new object[] { "anki2.1.1x-colpkg-anki21-stub-all-stock-notetypes-media.colpkg", "collection.anki21" };
        yield return new object[] { "ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg", "collection.anki2" };
    }

    private static Schema18Files Open(string fixture, string entry)
        => entry.Length == 0 ? Schema18Files.CopyOf(fixture) : Schema18Files.FromLegacyPackage(fixture, entry);

    [FixtureTheory]
    [MemberData(nameof(Schema11Collections))]
    public void Schema11ComesBackEquivalentAfterAnUpgradeAndDowngrade(string fixture, string entry)
    {
        using var files = Open(fixture, entry);
        using var db = files.Open();
        Assert.Equal(11, SchemaConverter.ReadVersion(db));
        var before = ColJson(db);
        var counts = SchemaRoundTripTests.RowCounts(db);

        SchemaConverter.UpgradeToSchema18(db);
        Assert.Equal(18, SchemaConverter.ReadVersion(db));
        Assert.Equal("ok", db.Scalar("pragma integrity_check"));
        SchemaConverter.DowngradeToSchema11(db);
        Assert.Equal(11, SchemaConverter.ReadVersion(db));
        Assert.Equal("ok", db.Scalar("pragma integrity_check"));

        var after = ColJson(db);
        var differences = new List<string>();
        foreach (var (column, json) in before)
        {
            differences.AddRange(LegacyJsonEquivalence.Differences(json, after[column], column));
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.Equal(counts, SchemaRoundTripTests.RowCounts(db));
    }

    [Fact]
    public void EquivalenceCheckReportsChangedDroppedAndAddedValues()
    {
        var before = JsonNode.Parse("""{"1":{"name":"Basic","flds":[{"name":"Front","size":20}],"sortf":0}}""");
        var after = JsonNode.Parse("""{"1":{"name":"Basic","flds":[{"name":"Back","size":20}],"css":"x"}}""");
        var differences = LegacyJsonEquivalence.Differences(before, after, "models");
        Assert.Equal(3, differences.Count);
        Assert.Contains(differences, d => d.StartsWith("models.1.flds[0].name"));
        Assert.Contains(differences, d => d.StartsWith("models.1.sortf: dropped"));
        Assert.Contains(differences, d => d.StartsWith("models.1.css: added"));
    }

    [FixtureFact]
    public void CreatesTheTablesAndIndexesOfAnkisUpgradeScripts()
    {
        using var reference = Schema18Files.CopyOf("anki2.1.50plus-bare-schema18-japanese-studied.anki2");
        using var files = Schema18Files.CopyOf("anki2.1.1x-bare-schema11-two-decks-revlog.anki2");
        using var db = files.Open();
        SchemaConverter.UpgradeToSchema18(db);

        Dictionary<string, string> Schema(AnkiDatabase database)
        {
            var result = new Dictionary<string, string>();
            // What schema 14-18 add or rebuild (the schema-11 indexes are not this code's business: this fixture has none).
            using var command = database.Command(
                "select name, sql from sqlite_master where name like 'idx\\_%' escape '\\' " +
                "or name in ('deck_config', 'config', 'fields', 'templates', 'notetypes', 'decks', 'tags', 'graves')");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                result[reader.GetString(0)] = Normalize(reader.GetString(1));
            }

            return result;
        }

        using var anki = reference.Open();
        var expected = Schema(anki);
        var actual = Schema(db);
        Assert.Equal(17, expected.Count);
        Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
        foreach (var (name, sql) in expected)
        {
            Assert.Equal(sql, actual[name]);
        }

        // The name columns really use the unicase collation.
        db.Execute("insert into tags (tag, usn, collapsed) values ('Vocab', 0, 1)");
        Assert.Equal(1L, db.ScalarLong("select count(*) from tags where tag = 'VOCAB'"));
    }

    private static string Normalize(string sql)
    {
        var text = Regex.Replace(sql.ToLowerInvariant().Replace("if not exists ", string.Empty), @"\s+", " ");
        return Regex.Replace(text, @"\s*([(),])\s*", "$1").Trim();
    }

    [FixtureFact]
    public void FillsTheTablesFromTheColJson()
    {
        using var files = Schema18Files.FromLegacyPackage("anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg", "collection.anki2");
        using var db = files.Open();
        var json = ColJson(db);
        var models = json["models"]!.AsObject();
        var decks = json["decks"]!.AsObject();
        var dconf = json["dconf"]!.AsObject();
        var conf = json["conf"]!.AsObject();
        var tags = json["tags"]!.AsObject();

        SchemaConverter.UpgradeToSchema18(db);

        Assert.Equal(18, SchemaConverter.ReadVersion(db));
        Assert.Equal(new[] { "", "", "", "", "" }, Enumerable.Range(0, 5).Select(i => (string)db.Scalar($"select {new[] { "conf", "models", "decks", "dconf", "tags" }[i]} from col")!));
        Assert.Equal(new[] { "oid", "type", "usn" }, db.Columns("graves").ToArray());
        var after = Schema18Snapshot.Read(db);

        Assert.Equal(models.Count, after["notetypes"].Count);
        foreach (var row in after["notetypes"])
        {
            var model = models[((long)row[0]!).ToString()]!;
            var config = (byte[])row[4]!;
            Assert.Equal((string)model["name"]!, (string)row[1]!);
            Assert.Equal((long)model["mod"]!, (long)row[2]!);
            Assert.Equal((long)model["type"]!, (long)WireDump.Varint(config, 1));
            Assert.Equal((long)model["sortf"]!, (long)WireDump.Varint(config, 2));
            Assert.Equal((string)model["css"]!, WireDump.String(config, 3));
            var fields = after["fields"].Where(f => (long)f[0]! == (long)row[0]!).ToList();
            Assert.Equal(model["flds"]!.AsArray().Select(f => (string)f!["name"]!), fields.Select(f => (string)f[2]!));
            Assert.Equal(model["flds"]!.AsArray().Select(f => (string)f!["font"]!), fields.Select(f => WireDump.String((byte[])f[3]!, 3)));
            var templates = after["templates"].Where(t => (long)t[0]! == (long)row[0]!).ToList();
            Assert.Equal(model["tmpls"]!.AsArray().Select(t => (string)t!["qfmt"]!), templates.Select(t => WireDump.String((byte[])t[5]!, 1)));
            Assert.Equal(model["tmpls"]!.AsArray().Select(t => (string)t!["afmt"]!), templates.Select(t => WireDump.String((byte[])t[5]!, 2)));
        }

        Assert.Equal(decks.Count, after["decks"].Count);
        var filteredCount = 0;
        foreach (var row in after["decks"])
        {
            var deck = decks[((long)row[0]!).ToString()]!;
            Assert.Equal(((string)deck["name"]!).Replace("::", "\u001f"), (string)row[1]!);
            var kind = (byte[])row[5]!;
            if ((int)deck["dyn"]! == 1)
            {
                filteredCount++;
                var filtered = WireDump.Message(kind, 2)!;
                var term = WireDump.Message(filtered, 2)!;
                Assert.Equal((string)deck["terms"]![0]![0]!, WireDump.String(term, 1));
                Assert.Equal((long)deck["terms"]![0]![1]!, (long)WireDump.Varint(term, 2));
                Assert.Equal((bool)deck["resched"]!, WireDump.Varint(filtered, 1) != 0);
            }
            else
            {
                Assert.Equal((long)deck["conf"]!, (long)WireDump.Varint(WireDump.Message(kind, 1)!, 1));
            }
        }

        Assert.Equal(2, filteredCount);
        Assert.Contains(after["decks"], r => ((string)r[1]!).Contains('\u001f'));

        Assert.Equal(dconf.Count, after["deck_config"].Count);
        foreach (var row in after["deck_config"])
        {
            var preset = dconf[((long)row[0]!).ToString()]!;
            var config = (byte[])row[4]!;
            Assert.Equal((long)preset["new"]!["perDay"]!, (long)WireDump.Varint(config, 9));
            Assert.Equal((long)preset["rev"]!["perDay"]!, (long)WireDump.Varint(config, 10));
            Assert.Equal((long)preset["new"]!["initialFactor"]! / 1000f, WireDump.Float(config, 11));
            Assert.Equal((float)(double)preset["rev"]!["ease4"]!, WireDump.Float(config, 12));
            Assert.Equal((long)preset["lapse"]!["leechFails"]!, (long)WireDump.Varint(config, 22));
            Assert.Equal((long)preset["maxTaken"]!, (long)WireDump.Varint(config, 24));
        }

        Assert.Equal(conf.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal), after["config"].Select(r => (string)r[0]!));
        Assert.All(after["config"], r => Assert.True(JsonNode.DeepEquals(conf[(string)r[0]!], JsonNode.Parse((byte[])r[3]!))));
        Assert.All(after["config"], r => Assert.Equal((0L, 0L), ((long)r[1]!, (long)r[2]!)));
        Assert.Equal(tags.Count, after["tags"].Count);
        Assert.All(after["tags"], r => Assert.Equal(1L, (long)r[2]!));
    }

    private static Dictionary<string, JsonNode?> ColJson(AnkiDatabase db)
        => new[] { "conf", "models", "decks", "dconf", "tags" }
            .ToDictionary(c => c, c => JsonNode.Parse((string)db.Scalar($"select {c} from col")!));
}
