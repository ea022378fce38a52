using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.SchemaConversion;
using AnkiSync.Storage;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>Schema 18 (and 16) → 11: the col JSON must hold everything the tables held, in the shape Anki reads.</summary>
public class SchemaDowngradeTests
{
    private static readonly string[] NotetypeKeys = { "id", "name", "type", "mod", "usn", "sortf", "did", "tmpls", "flds", "css", "latexPre", "latexPost", "latexsvg", "req" };
    private static readonly string[] FieldKeys = { "name", "ord", "sticky", "rtl", "font", "size" };
    private static readonly string[] TemplateKeys = { "name", "ord", "qfmt", "afmt", "bqfmt", "bafmt", "did" };
    private static readonly string[] DeckKeys = { "id", "mod", "name", "usn", "collapsed", "dyn", "lrnToday", "revToday", "newToday", "timeToday", "desc" };
    private static readonly string[] DeckConfigKeys = { "id", "mod", "name", "usn", "maxTaken", "autoplay", "timer", "new", "rev", "lapse" };
    private static readonly string[] NewKeys = { "delays", "initialFactor", "ints", "order", "perDay" };
    private static readonly string[] RevKeys = { "ease4", "ivlFct", "maxIvl", "perDay" };
    private static readonly string[] LapseKeys = { "delays", "leechAction", "leechFails", "minInt", "mult" };

    /// <summary>Fixture, notetypes defined, cloze-kind notetypes, deck names (MANIFEST.md).</summary>
    public static IEnumerable<object[]> Collections()
    {
        yield return new object[] { "anki2.1.50plus-bare-schema18-japanese-studied.anki2", 6, 2, new[] { "Default" } };
        yield return new object[] { "anki2.1.50plus-bare-schema18-suspended.anki2", 6, 2, new[] { "Default" } };
        yield return new object[] { "anki2.1.4x-bare-schema16-empty.anki2", 5, 1, new[] { "Default", "ThisIsSchema16" } };
        yield return new object[] { "anki2.1.50plus-latest-bare-collection-19notes.anki21b", 1, 0, new[] { "Default", "Newly learned words" } };
        yield return new object[] { "anki2.1.50plus-latest-apkg-anki21b-4notes.apkg", 1, 0, new[] { "Default", "Example Deck" } };
        yield return new object[] { "anki2.1.50plus-latest-apkg-anki21b-chinese-custom-notetype.apkg", 1, 0, new[] { "Chinese", "Default" } };
        yield return new object[] { "anki2.1.50plus-latest-apkg-anki21b-jpg-images.apkg", 1, 0, new[] { "Default", "Image test" } };
        yield return new object[] { "anki2.1.50plus-latest-apkg-anki21b-media-revlog.apkg", 4, 1, new[] { "Default", "Test deck" } };
        yield return new object[] { "anki2.1.50plus-latest-colpkg-anki21b-revlog-filtered-deck.colpkg", 9, 1, new[] { "Custom Study Session", "Default", "new_test_deck" } };
    }

    [FixtureTheory]
    [MemberData(nameof(Collections))]
    public void ColJsonHoldsWhatTheTablesHeld(string fixture, int notetypeCount, int clozeCount, string[] deckNames)
    {
        using var files = SchemaRoundTripTests.Open(fixture);
        using var db = files.Open();
        var before = Schema18Snapshot.Read(db);
        var counts = SchemaRoundTripTests.RowCounts(db);

        SchemaConverter.DowngradeToSchema11(db);

        Assert.Equal(11, SchemaConverter.ReadVersion(db));
        Assert.Equal("ok", db.Scalar("pragma integrity_check"));
        Assert.Equal(counts, SchemaRoundTripTests.RowCounts(db));
        foreach (var table in new[] { "config", "deck_config", "tags", "fields", "templates", "notetypes", "decks" })
        {
            Assert.False(db.TableExists(table), table);
        }

        foreach (var index in new[] { "idx_notes_mid", "idx_cards_odid", "idx_graves_pending" })
        {
            Assert.Equal(0L, db.ScalarLong("select count(*) from sqlite_master where name = $n", ("$n", index)));
        }

        Assert.Equal(new[] { "usn", "oid", "type" }, db.Columns("graves").ToArray());

        var models = Json(db, "models");
        var decks = Json(db, "decks");
        var dconf = Json(db, "dconf");
        var conf = Json(db, "conf");
        var tags = Json(db, "tags");

        Assert.Equal(notetypeCount, models.Count);
        Assert.Equal(clozeCount, models.Count(m => (int)m.Value!["type"]! == 1));
        Assert.Equal(deckNames, decks.Select(d => (string)d.Value!["name"]!).OrderBy(n => n, StringComparer.Ordinal).ToArray());

        AssertNotetypes(before, models);
        AssertDecks(before, decks);
        AssertDeckConfigs(before, dconf);

        Assert.Equal(before["config"].Select(r => (string)r[0]!), conf.Select(p => p.Key).Where(k => k != PrivateKeys.Schema18Details));
        var configRows = conf[PrivateKeys.Schema18Details]?["configRows"]?.AsObject();
        foreach (var row in before["config"])
        {
            var key = (string)row[0]!;
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse((byte[])row[3]!), conf[key]), key);
            var (usn, mtime) = ((long)row[1]!, (long)row[2]!);
            if (usn == 0 && mtime == 0)
            {
                Assert.False(configRows?.ContainsKey(key) ?? false, key);
            }
            else
            {
                Assert.Equal(new[] { usn, mtime }, configRows![key]!.AsArray().Select(v => (long)v!));
            }
        }

        Assert.Equal(before["tags"].Select(r => (string)r[0]!), tags.Select(p => p.Key));
        foreach (var row in before["tags"])
        {
            Assert.Equal((long)row[1]!, (long)tags[(string)row[0]!]!);
        }
    }

    private static void AssertNotetypes(Schema18Snapshot before, JsonObject models)
    {
        foreach (var row in before["notetypes"])
        {
            var id = (long)row[0]!;
            var config = (byte[])row[4]!;
            var model = models[id.ToString()]!.AsObject();
            AssertKeys(model, NotetypeKeys, $"notetype {id}");
            Assert.Equal(id, (long)model["id"]!);
            Assert.Equal((string)row[1]!, (string)model["name"]!);
            Assert.Equal((long)row[2]!, (long)model["mod"]!);
            Assert.Equal((long)row[3]!, (long)model["usn"]!);
            Assert.Equal(WireDump.Varint(config, 1) == 1 ? 1 : 0, (int)model["type"]!);
            Assert.Equal(WireDump.Varint(config, 2), (ulong)model["sortf"]!);
            Assert.Equal(WireDump.String(config, 3), (string)model["css"]!);
            Assert.Equal(WireDump.String(config, 5), (string)model["latexPre"]!);

            var fields = before["fields"].Where(f => (long)f[0]! == id).ToList();
            var flds = model["flds"]!.AsArray();
            Assert.Equal(fields.Select(f => (string)f[2]!), flds.Select(f => (string)f!["name"]!));
            for (var i = 0; i < fields.Count; i++)
            {
                var fieldConfig = (byte[])fields[i][3]!;
                AssertKeys(flds[i]!.AsObject(), FieldKeys, $"field {i} of {id}");
                Assert.Equal(i, (int)flds[i]!["ord"]!);
                Assert.Equal(WireDump.String(fieldConfig, 3), (string)flds[i]!["font"]!);
                Assert.Equal(WireDump.Varint(fieldConfig, 4), (ulong)flds[i]!["size"]!);
                var fieldId = flds[i]!["id"];
                if (WireDump.Fields(fieldConfig).Any(f => f.Number == 9))
                {
                    Assert.Equal(unchecked((long)WireDump.Varint(fieldConfig, 9)), (long)fieldId!);
                }
                else
                {
                    Assert.Null(fieldId);
                }
            }

            var templates = before["templates"].Where(t => (long)t[0]! == id).ToList();
            var tmpls = model["tmpls"]!.AsArray();
            Assert.Equal(templates.Select(t => (string)t[2]!), tmpls.Select(t => (string)t!["name"]!));
            for (var i = 0; i < templates.Count; i++)
            {
                var templateConfig = (byte[])templates[i][5]!;
                AssertKeys(tmpls[i]!.AsObject(), TemplateKeys, $"template {i} of {id}");
                Assert.Equal(WireDump.String(templateConfig, 1), (string)tmpls[i]!["qfmt"]!);
                Assert.Equal(WireDump.String(templateConfig, 2), (string)tmpls[i]!["afmt"]!);
            }

            var stockKind = WireDump.Varint(config, 9);
            Assert.Equal(stockKind == 0 ? null : (long?)stockKind, (long?)model["originalStockKind"]);

            // Unknown legacy keys kept in the protobuf's 'other' bag come back as top-level keys.
            var other = WireDump.Fields(config).Where(f => f.Number == 255).Select(f => JsonNode.Parse(f.Value.Substring(1))!.AsObject()).FirstOrDefault();
            foreach (var (key, value) in other ?? new JsonObject())
            {
                Assert.True(JsonNode.DeepEquals(value, model[key]), $"other key {key} of {id}");
            }
        }
    }

    private static void AssertDecks(Schema18Snapshot before, JsonObject decks)
    {
        foreach (var row in before["decks"])
        {
            var id = (long)row[0]!;
            var deck = decks[id.ToString()]!.AsObject();
            var common = (byte[])row[4]!;
            var kind = (byte[])row[5]!;
            AssertKeys(deck, DeckKeys, $"deck {id}");
            Assert.Equal(((string)row[1]!).Replace("\u001f", "::"), (string)deck["name"]!);
            Assert.False(((string)deck["name"]!).Contains('\u001f'), "deck name keeps a unit separator");
            Assert.Equal(WireDump.Varint(common, 1) != 0, (bool)deck["collapsed"]!);
            var day = (long)WireDump.Varint(common, 3);
            Assert.Equal(new[] { day, (long)WireDump.Varint(common, 7) }, deck["timeToday"]!.AsArray().Select(v => (long)v!));
            Assert.Equal(new[] { day, (long)WireDump.Varint(common, 5) }, deck["revToday"]!.AsArray().Select(v => (long)v!));

            var filtered = WireDump.Message(kind, 2);
            if (filtered != null)
            {
                Assert.Equal(1, (int)deck["dyn"]!);
                AssertKeys(deck, new[] { "resched", "terms" }, $"filtered deck {id}");
                Assert.Equal(WireDump.Varint(filtered, 1) != 0, (bool)deck["resched"]!);
                var term = WireDump.Message(filtered, 2)!;
                var terms = deck["terms"]!.AsArray();
                Assert.NotEmpty(terms);
                Assert.Equal(WireDump.String(term, 1), (string)terms[0]![0]!);
                Assert.Equal((long)WireDump.Varint(term, 2), (long)terms[0]![1]!);
                Assert.Equal((long)WireDump.Varint(term, 3), (long)terms[0]![2]!);
                Assert.Equal((long)WireDump.Varint(filtered, 4), (long)deck["previewDelay"]!);
            }
            else
            {
                var normal = WireDump.Message(kind, 1)!;
                Assert.Equal(0, (int)deck["dyn"]!);
                Assert.Equal((long)WireDump.Varint(normal, 1), (long)deck["conf"]!);
                Assert.Equal(WireDump.String(normal, 4), (string)deck["desc"]!);
            }
        }
    }

    private static void AssertDeckConfigs(Schema18Snapshot before, JsonObject dconf)
    {
        foreach (var row in before["deck_config"])
        {
            var id = (long)row[0]!;
            var config = (byte[])row[4]!;
            var preset = dconf[id.ToString()]!.AsObject();
            AssertKeys(preset, DeckConfigKeys, $"dconf {id}");
            AssertKeys(preset["new"]!.AsObject(), NewKeys, $"dconf {id} new");
            AssertKeys(preset["rev"]!.AsObject(), RevKeys, $"dconf {id} rev");
            AssertKeys(preset["lapse"]!.AsObject(), LapseKeys, $"dconf {id} lapse");
            Assert.Equal((string)row[1]!, (string)preset["name"]!);
            Assert.Equal((long)WireDump.Varint(config, 9), (long)preset["new"]!["perDay"]!);
            Assert.Equal((long)WireDump.Varint(config, 10), (long)preset["rev"]!["perDay"]!);
            Assert.Equal((long)Math.Round(WireDump.Float(config, 11) * 1000.0), (long)preset["new"]!["initialFactor"]!);
            Assert.Equal(WireDump.Float(config, 12), (float)(double)preset["rev"]!["ease4"]!);
            Assert.Equal(WireDump.Float(config, 13), (float)(double)preset["rev"]!["hardFactor"]!);
            Assert.Equal((long)WireDump.Varint(config, 16), (long)preset["rev"]!["maxIvl"]!);
            Assert.Equal((long)WireDump.Varint(config, 22), (long)preset["lapse"]!["leechFails"]!);
            Assert.Equal((long)WireDump.Varint(config, 24), (long)preset["maxTaken"]!);
            Assert.Equal(WireDump.Varint(config, 23) == 0, (bool)preset["autoplay"]!);
            Assert.Equal(new[] { (long)WireDump.Varint(config, 18), (long)WireDump.Varint(config, 19), 0L }, preset["new"]!["ints"]!.AsArray().Select(v => (long)v!));
            var learnSteps = WireDump.Fields(config).Where(f => f.Number == 1).Select(f => Convert.FromBase64String(f.Value.Substring(1))).FirstOrDefault() ?? Array.Empty<byte>();
            var expectedSteps = Enumerable.Range(0, learnSteps.Length / 4).Select(i => BitConverter.ToSingle(learnSteps, i * 4));
            Assert.Equal(expectedSteps, preset["new"]!["delays"]!.AsArray().Select(v => (float)(double)v!));
            Assert.Equal(Convert.ToBase64String(config), (string)preset[PrivateKeys.DeckConfigProto]!);
        }
    }

    [FixtureFact]
    public void NestedDeckNamesUseDoubleColonsInJsonAndUnitSeparatorsInTables()
    {
        using var files = Schema18Files.CopyOf("anki2.1.50plus-bare-schema18-japanese-studied.anki2");
        using var db = files.Open();
        var deckId = db.ScalarLong("select id from decks where name = 'Default'");
        db.Execute("update decks set name = $n where id = $id", ("$n", "Languages\u001fJapanese\u001fKanji"), ("$id", deckId));

        SchemaConverter.DowngradeToSchema11(db);
        Assert.Equal("Languages::Japanese::Kanji", (string)Json(db, "decks")[deckId.ToString()]!["name"]!);

        SchemaConverter.UpgradeToSchema18(db);
        Assert.Equal("Languages\u001fJapanese\u001fKanji", db.Scalar("select name from decks where id = $id", ("$id", deckId)));
    }

    [FixtureFact]
    public void OrphanFieldAndTemplateRowsOfDeletedNotetypesAreDroppedAsAnkiDoes()
    {
        using var files = Schema18Files.DecompressedCopyOf("anki2.1.50plus-latest-bare-collection-19notes.anki21b");
        using var db = files.Open();
        Assert.True(db.ScalarLong("select count(*) from fields where ntid not in (select id from notetypes)") > 0);

        SchemaConverter.DowngradeToSchema11(db);
        SchemaConverter.UpgradeToSchema18(db);

        Assert.Equal(0L, db.ScalarLong("select count(*) from fields where ntid not in (select id from notetypes)"));
        Assert.Equal(0L, db.ScalarLong("select count(*) from templates where ntid not in (select id from notetypes)"));
        Assert.Equal(2L, db.ScalarLong("select count(*) from fields"));
    }

    internal static JsonObject Json(AnkiDatabase db, string column)
        => JsonNode.Parse((string)db.Scalar($"select {column} from col")!)!.AsObject();

    private static void AssertKeys(JsonObject obj, IEnumerable<string> keys, string what)
    {
        foreach (var key in keys)
        {
            Assert.True(obj.ContainsKey(key), $"{what} lacks '{key}'");
        }
    }
}
