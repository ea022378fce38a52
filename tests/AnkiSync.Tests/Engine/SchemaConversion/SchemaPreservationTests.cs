using System;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.SchemaConversion;
using AnkiSync.Storage;
using Google.Protobuf;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>What schema 11 has no place for must survive 18 → 11 → 18, and edits made in schema 11 must reach 18.</summary>
public class SchemaPreservationTests
{
    private const string Fixture = "anki2.1.50plus-bare-schema18-japanese-studied.anki2";

    [FixtureFact]
    public void ProtobufFieldsThisCodeDoesNotMapSurviveTheRoundTrip()
    {
        using var files = Schema18Files.CopyOf(Fixture);
        using var db = files.Open();
        var notetypeId = db.ScalarLong("select min(id) from notetypes");
        AppendField(db, "notetypes", "config", $"id = {notetypeId}", 11, 1);
        AppendField(db, "fields", "config", $"ntid = {notetypeId} and ord = 0", 12, 300);
        AppendField(db, "templates", "config", $"ntid = {notetypeId} and ord = 0", 9, 42);
        AppendField(db, "decks", "common", "id = 1", 20, 5);
        AppendField(db, "decks", "kind", "id = 1", 3, 9);
        AppendField(db, "deck_config", "config", "id = 1", 47, 7);
        var before = Schema18Snapshot.Read(db);

        SchemaConverter.DowngradeToSchema11(db);
        SchemaConverter.UpgradeToSchema18(db);

        before.AssertSame(Schema18Snapshot.Read(db), exactBlobs: false);
        Assert.Equal(7UL, WireDump.Varint((byte[])db.Scalar("select config from deck_config where id = 1")!, 47));
        Assert.Equal(1UL, WireDump.Varint((byte[])db.Scalar($"select config from notetypes where id = {notetypeId}")!, 11));
    }

    [FixtureFact]
    public void PresetEditedInSchema11KeepsItsUnmappedFieldsAndTakesTheEdits()
    {
        using var files = Schema18Files.CopyOf(Fixture);
        using var db = files.Open();
        AppendField(db, "deck_config", "config", "id = 1", 47, 7);
        var original = (byte[])db.Scalar("select config from deck_config where id = 1")!;

        SchemaConverter.DowngradeToSchema11(db);
        var dconf = SchemaDowngradeTests.Json(db, "dconf");
        dconf["1"]!["new"]!["perDay"] = 35;
        dconf["1"]!["new"]!["delays"] = new JsonArray(2, 15, 60);
        dconf["1"]!["rev"]!["ease4"] = 1.5;
        dconf["1"]!["name"] = "Edited";
        db.Execute("update col set dconf = $d", ("$d", dconf.ToJsonString()));
        SchemaConverter.UpgradeToSchema18(db);

        var config = (byte[])db.Scalar("select config from deck_config where id = 1")!;
        Assert.Equal("Edited", db.Scalar("select name from deck_config where id = 1"));
        Assert.Equal(35UL, WireDump.Varint(config, 9));
        Assert.Equal(1.5f, WireDump.Float(config, 12));
        Assert.Equal(7UL, WireDump.Varint(config, 47));
        var steps = Convert.FromBase64String(WireDump.Fields(config).First(f => f.Number == 1).Value.Substring(1));
        Assert.Equal(new[] { 2f, 15f, 60f }, Enumerable.Range(0, 3).Select(i => BitConverter.ToSingle(steps, i * 4)));

        // Everything not edited is as before.
        var untouched = new[] { 2, 10, 11, 13, 15, 16, 17, 18, 19, 21, 22, 24, 37, 40, 44 };
        foreach (var number in untouched)
        {
            Assert.Equal(
                WireDump.Fields(original).Where(f => f.Number == number).Select(f => f.Value),
                WireDump.Fields(config).Where(f => f.Number == number).Select(f => f.Value));
        }
    }

    [FixtureFact]
    public void NotetypeAndDeckEditsInSchema11ReachSchema18()
    {
        using var files = Schema18Files.CopyOf(Fixture);
        using var db = files.Open();
        var notetypeId = db.ScalarLong("select id from notetypes where name = 'Basic'");

        SchemaConverter.DowngradeToSchema11(db);
        var models = SchemaDowngradeTests.Json(db, "models");
        var model = models[notetypeId.ToString()]!;
        model["css"] = ".card { color: red; }";
        model["flds"]![1]!["name"] = "Answer";
        model["tmpls"]![0]!["afmt"] = "{{FrontSide}}<hr id=answer>{{Answer}}";
        var decks = SchemaDowngradeTests.Json(db, "decks");
        decks["1"]!["name"] = "Main::Sub";
        decks["1"]!["desc"] = "about";
        db.Execute("update col set models = $m, decks = $d", ("$m", models.ToJsonString()), ("$d", decks.ToJsonString()));
        SchemaConverter.UpgradeToSchema18(db);

        Assert.Equal(".card { color: red; }", WireDump.String((byte[])db.Scalar($"select config from notetypes where id = {notetypeId}")!, 3));
        Assert.Equal("Answer", db.Scalar($"select name from fields where ntid = {notetypeId} and ord = 1"));
        Assert.Equal("{{FrontSide}}<hr id=answer>{{Answer}}", WireDump.String((byte[])db.Scalar($"select config from templates where ntid = {notetypeId} and ord = 0")!, 2));
        Assert.Equal("Main\u001fSub", db.Scalar("select name from decks where id = 1"));
        Assert.Equal("about", WireDump.String(WireDump.Message((byte[])db.Scalar("select kind from decks where id = 1")!, 1)!, 4));
    }

    [FixtureFact]
    public void TagStateConfigRowMetadataAndTemplateTimesSurvive()
    {
        using var files = Schema18Files.CopyOf(Fixture);
        using var db = files.Open();
        db.Execute("update tags set collapsed = 0 where tag = 'am-ready'");
        db.Execute("update tags set config = x'0801' where tag = 'am-not-ready'");
        db.Execute("update templates set mtime_secs = 1720000000, usn = -1 where ord = 0");
        db.Execute("update config set usn = 5, mtime_secs = 1700000000 where key = 'sortType'");
        var before = Schema18Snapshot.Read(db);

        SchemaConverter.DowngradeToSchema11(db);
        var tags = SchemaDowngradeTests.Json(db, "tags");
        Assert.Equal(5, tags.Count);
        Assert.All(tags, t => Assert.Equal(-1, (int)t.Value!));
        SchemaConverter.UpgradeToSchema18(db);

        before.AssertSame(Schema18Snapshot.Read(db), exactBlobs: true);
        Assert.Equal(0L, db.ScalarLong("select collapsed from tags where tag = 'am-ready'"));
        Assert.Equal(5L, db.ScalarLong("select usn from config where key = 'sortType'"));
    }

    [FixtureFact]
    public void RemovingPrivateKeysLeavesPlainAnkiJsonThatStillUpgrades()
    {
        using var files = Schema18Files.FromPackage("anki2.1.50plus-latest-colpkg-anki21b-revlog-filtered-deck.colpkg");
        using var db = files.Open();
        db.Execute("update templates set mtime_secs = 1720000000 where ord = 0");
        db.Execute("update tags set collapsed = 0");
        var before = Schema18Snapshot.Read(db);
        SchemaConverter.DowngradeToSchema11(db);
        var withKeys = new[] { "conf", "models", "decks", "dconf" }.ToDictionary(c => c, c => SchemaDowngradeTests.Json(db, c));
        Assert.Contains("ankisync", string.Concat(withKeys.Values.Select(v => v.ToJsonString())));

        PrivateKeys.RemoveFrom(db);

        foreach (var (column, json) in withKeys)
        {
            var stripped = SchemaDowngradeTests.Json(db, column);
            Assert.DoesNotContain("ankisync", stripped.ToJsonString(), StringComparison.Ordinal);
            Assert.Empty(LegacyJsonEquivalence.Differences(json, stripped, column));
        }

        SchemaConverter.UpgradeToSchema18(db);
        var after = Schema18Snapshot.Read(db);
        Assert.Equal(before["notetypes"].Count, after["notetypes"].Count);
        for (var i = 0; i < before["deck_config"].Count; i++)
        {
            // Without the kept protobuf the preset is rebuilt from the JSON: same values, possibly other bytes.
            WireDump.AssertSameFields((byte[])before["deck_config"][i][4]!, (byte[])after["deck_config"][i][4]!, "deck_config");
        }
    }

    [FixtureFact]
    public void BadJsonFailsTheUpgradeAndChangesNothing()
    {
        using var files = Schema18Files.CopyOf("anki2.1.1x-bare-schema11-two-decks-revlog.anki2");
        using var db = files.Open();
        db.Execute("update col set models = '{\"1\": '");

        var error = Assert.Throws<AnkiException>(() => SchemaConverter.UpgradeToSchema18(db));

        Assert.Equal("InvalidCollection", error.Reason);
        Assert.Equal(AnkiErrorKind.InvalidData, error.Kind);
        Assert.Equal(11, SchemaConverter.ReadVersion(db));
        Assert.False(db.TableExists("notetypes"));
    }

    [FixtureFact]
    public void CorruptProtobufFailsTheDowngradeAndChangesNothing()
    {
        using var files = Schema18Files.CopyOf(Fixture);
        using var db = files.Open();
        db.Execute("update notetypes set config = x'0aff' where name = 'Basic'");

        var error = Assert.Throws<AnkiException>(() => SchemaConverter.DowngradeToSchema11(db));

        Assert.Equal("InvalidCollection", error.Reason);
        Assert.Equal(18, SchemaConverter.ReadVersion(db));
        Assert.True(db.TableExists("notetypes"));
        Assert.Equal(string.Empty, db.Scalar("select models from col"));
    }

    [FixtureFact]
    public void DuplicateNamesAreMadeUniqueAsAnkiDoes()
    {
        using var files = Schema18Files.CopyOf("anki2.1.1x-bare-schema11-two-decks-revlog.anki2");
        using var db = files.Open();
        var models = SchemaDowngradeTests.Json(db, "models");
        var basic = models["1555579331147"]!;
        basic["flds"]![1]!["name"] = "FRONT";
        basic["name"] = "cloze";
        db.Execute("update col set models = $m", ("$m", models.ToJsonString()));

        SchemaConverter.UpgradeToSchema18(db);

        Assert.Equal("FRONT+", db.Scalar("select name from fields where ntid = 1555579331147 and ord = 1"));
        var names = new[] { (string)db.Scalar("select name from notetypes where id = 1555579331143")!, (string)db.Scalar("select name from notetypes where id = 1555579331147")! };
        Assert.Contains("Cloze", names);
        Assert.Contains("cloze_", names);
    }

    /// <summary>Appends a varint field to one blob, as a newer Anki writing a field this code has never heard of.</summary>
    private static void AppendField(AnkiDatabase db, string table, string column, string where, int number, ulong value)
    {
        var blob = (byte[])db.Scalar($"select {column} from {table} where {where}")!;
        var output = new System.IO.MemoryStream();
        var writer = new CodedOutputStream(output);
        writer.WriteTag(number, WireFormat.WireType.Varint);
        writer.WriteUInt64(value);
        writer.Flush();
        db.Execute($"update {table} set {column} = $b where {where}", ("$b", blob.Concat(output.ToArray()).ToArray()));
    }
}
