using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.SchemaConversion;
using AnkiSync.Storage;
using Google.Protobuf;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// Schemas 14, 15 and 17 were steps of Anki's upgrade (A7; storage/upgrades/mod.rs). Real files at those versions
/// are rare, so each state is rebuilt from a real collection the way Anki's scripts left it, then downgraded.
/// </summary>
public class SchemaIntermediateTests
{
    private const string Schema18Fixture = "anki2.1.50plus-bare-schema18-japanese-studied.anki2";

    [FixtureFact]
    public void Schema17WithOldGravesDowngradesLikeSchema18()
    {
        var expected = DowngradedJson(Schema18Fixture, _ => { });
        var actual = DowngradedJson(Schema18Fixture, db =>
        {
            // Schema 18's only change: graves rebuilt with a (oid, type) key.
            db.Execute("alter table graves rename to graves_new; create table graves (usn integer not null, oid integer not null, type integer not null);"
                + "insert into graves select usn, oid, type from graves_new; drop table graves_new; update col set ver = 17");
        });

        AssertSameJson(expected, actual);
    }

    [FixtureFact]
    public void Schema15WithEaseTimesHundredAndTwoColumnTagsDowngradesLikeSchema18()
    {
        var expected = DowngradedJson(Schema18Fixture, _ => { });
        var actual = DowngradedJson(Schema18Fixture, db =>
        {
            // Schema 15 stored the starting ease ×100; schema 17 added tags.collapsed/config; 18 rebuilt graves.
            var config = (byte[])db.Scalar("select config from deck_config where id = 1")!;
            db.Execute("update deck_config set config = $c where id = 1", ("$c", ReplaceFloat(config, 11, 250f)));
            db.Execute("create table tags_old (tag text not null primary key collate unicase, usn integer not null) without rowid;"
                + "insert into tags_old select tag, usn from tags; drop table tags; alter table tags_old rename to tags;"
                + "alter table graves rename to graves_new; create table graves (usn integer not null, oid integer not null, type integer not null);"
                + "insert into graves select usn, oid, type from graves_new; drop table graves_new; update col set ver = 15");
        });

        Assert.Equal(2500, (int)actual["dconf"]!["1"]!["new"]!["initialFactor"]!);
        AssertSameJson(expected, actual);
    }

    [FixtureFact]
    public void Schema15PresetLeftAtTheMinimumEaseIsResetTo250PercentAsAnkisSchema16UpgradeDoes()
    {
        var json = DowngradedJson(Schema18Fixture, db =>
        {
            var config = (byte[])db.Scalar("select config from deck_config where id = 1")!;
            db.Execute("update deck_config set config = $c where id = 1", ("$c", ReplaceFloat(config, 11, 130f)));
            db.Execute("update col set ver = 15");
        });

        Assert.Equal(2500, (int)json["dconf"]!["1"]!["new"]!["initialFactor"]!);
    }

    [FixtureFact]
    public void Schema14WithJsonPresetsConfigRowsAndTagRowsDowngradesToTheOriginalJson()
    {
        using var files = Schema18Files.CopyOf("anki2.1.1x-bare-schema11-two-decks-revlog.anki2");
        using var db = files.Open();
        var original = ColJson(db);

        // Anki's 11 → 14 step: config rows, deck presets as JSON blobs, tag rows; those JSON columns emptied.
        db.Execute("create table deck_config (id integer primary key not null, name text not null collate unicase, mtime_secs integer not null, usn integer not null, config blob not null);"
            + "create table config (key text not null primary key, usn integer not null, mtime_secs integer not null, val blob not null) without rowid;"
            + "create table tags (tag text not null primary key collate unicase, usn integer not null) without rowid;");
        foreach (var (key, value) in original["conf"]!.AsObject())
        {
            db.Execute("insert into config values ($k, 0, 0, $v)", ("$k", key), ("$v", System.Text.Encoding.UTF8.GetBytes(value?.ToJsonString() ?? "null")));
        }

        foreach (var (id, preset) in original["dconf"]!.AsObject())
        {
            db.Execute("insert into deck_config values ($id, $n, $m, $u, $c)", ("$id", long.Parse(id)), ("$n", (string)preset!["name"]!),
                ("$m", (long)preset["mod"]!), ("$u", (long)preset["usn"]!), ("$c", System.Text.Encoding.UTF8.GetBytes(preset.ToJsonString())));
        }

        foreach (var (tag, usn) in original["tags"]!.AsObject())
        {
            db.Execute("insert into tags values ($t, $u)", ("$t", tag), ("$u", (long)usn!));
        }

        db.Execute("update col set conf = '', dconf = '', tags = '', ver = 14");

        SchemaConverter.DowngradeToSchema11(db);

        Assert.Equal(11, SchemaConverter.ReadVersion(db));
        Assert.False(db.TableExists("config"));
        var downgraded = ColJson(db);
        // Schema-14 JSON blobs and config values come back exactly (the conf keys in sorted order).
        AssertSameJson(original, downgraded);

        SchemaConverter.UpgradeToSchema18(db);
        Assert.Equal(18, SchemaConverter.ReadVersion(db));
        Assert.Equal(7L, db.ScalarLong("select count(*) from tags"));
    }

    [FixtureFact]
    public void Schema17UpgradesStraightToSchema18()
    {
        using var files = Schema18Files.CopyOf(Schema18Fixture);
        using var db = files.Open();
        var before = Schema18Snapshot.Read(db);
        db.Execute("alter table graves rename to graves_new; create table graves (usn integer not null, oid integer not null, type integer not null);"
            + "insert into graves select usn, oid, type from graves_new; drop table graves_new; update col set ver = 17");

        SchemaConverter.UpgradeToSchema18(db);

        Assert.Equal(18, SchemaConverter.ReadVersion(db));
        before.AssertSame(Schema18Snapshot.Read(db), exactBlobs: true);
    }

    private static JsonObject DowngradedJson(string fixture, System.Action<AnkiDatabase> prepare)
    {
        using var files = Schema18Files.CopyOf(fixture);
        using var db = files.Open();
        prepare(db);
        SchemaConverter.DowngradeToSchema11(db);
        Assert.Equal(11, SchemaConverter.ReadVersion(db));
        Assert.Equal("ok", db.Scalar("pragma integrity_check"));
        Assert.Equal(new[] { "usn", "oid", "type" }, db.Columns("graves").ToArray());
        return ColJson(db);
    }

    private static JsonObject ColJson(AnkiDatabase db)
        => new JsonObject(new[] { "conf", "models", "decks", "dconf", "tags" }
            .Select(c => new System.Collections.Generic.KeyValuePair<string, JsonNode?>(c, JsonNode.Parse((string)db.Scalar($"select {c} from col")!))));

    private static void AssertSameJson(JsonObject expected, JsonObject actual)
    {
        foreach (var (column, json) in expected)
        {
            Assert.True(JsonNode.DeepEquals(json, actual[column]), $"{column}: {json?.ToJsonString()}\nvs\n{actual[column]?.ToJsonString()}");
        }
    }

    /// <summary>Re-encodes a message with one float field's value replaced, other fields untouched.</summary>
    private static byte[] ReplaceFloat(byte[] message, int number, float value)
    {
        var output = new System.IO.MemoryStream();
        var writer = new CodedOutputStream(output);
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number)
            {
                input.ReadFloat();
                writer.WriteTag(tag);
                writer.WriteFloat(value);
                continue;
            }

            writer.WriteTag(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    writer.WriteUInt64(input.ReadUInt64());
                    break;
                case WireFormat.WireType.Fixed32:
                    writer.WriteFixed32(input.ReadFixed32());
                    break;
                case WireFormat.WireType.Fixed64:
                    writer.WriteFixed64(input.ReadFixed64());
                    break;
                default:
                    writer.WriteBytes(input.ReadBytes());
                    break;
            }
        }

        writer.Flush();
        return output.ToArray();
    }
}
