using System.Linq;
using AnkiSync.SchemaConversion;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// What schema 18 keeps that schema-11 <c>conf</c> cannot (config rows' usn and mtime, values that are not JSON,
/// expanded tags, tag config blobs): written under one private key only when there is something to keep, and read
/// back leaving out any entry of the wrong shape.
/// </summary>
public sealed class Schema18DetailsTests
{
    private static string Conf(Schema18Details details)
        => LegacyJson.Write(writer =>
        {
            writer.WriteStartObject();
            details.Write(writer);
            writer.WriteEndObject();
        });

    private static Schema18Details Read(string conf) => LegacyJsonText.Read(conf, Schema18Details.Read);

    [Fact]
    public void NothingToKeepWritesNothing()
    {
        var details = new Schema18Details();

        Assert.True(details.IsEmpty);
        Assert.Equal("{}", Conf(details));
    }

    [Fact]
    public void EachPartAloneIsWrittenAloneAndReadBack()
    {
        var rows = new Schema18Details();
        rows.ConfigRows["curDeck"] = (-1, 1_700_000_000);
        var invalid = new Schema18Details();
        invalid.InvalidConfigValues["broken"] = new byte[] { 0x7b, 0xff };
        var tags = new Schema18Details();
        tags.ExpandedTags.Add("b");
        tags.ExpandedTags.Add("B");
        tags.ExpandedTags.Add("a");
        var configs = new Schema18Details();
        configs.TagConfigs["french"] = new byte[] { 1, 2, 3 };

        Assert.Equal("{\"ankisyncSchema18\":{\"configRows\":{\"curDeck\":[-1,1700000000]}}}", Conf(rows));
        Assert.Equal("{\"ankisyncSchema18\":{\"invalidConfigValues\":{\"broken\":\"e/8=\"}}}", Conf(invalid));
        Assert.Equal("{\"ankisyncSchema18\":{\"expandedTags\":[\"B\",\"a\",\"b\"]}}", Conf(tags));
        Assert.Equal("{\"ankisyncSchema18\":{\"tagConfigs\":{\"french\":\"AQID\"}}}", Conf(configs));
        Assert.All(new[] { rows, invalid, tags, configs }, d => Assert.False(d.IsEmpty));

        Assert.Equal((-1, 1_700_000_000L), Read(Conf(rows)).ConfigRows["curDeck"]);
        Assert.Equal(new byte[] { 0x7b, 0xff }, Read(Conf(invalid)).InvalidConfigValues["broken"]);
        Assert.Equal(new[] { "B", "a", "b" }, Read(Conf(tags)).ExpandedTags.OrderBy(t => t, System.StringComparer.Ordinal));
        Assert.Equal(new byte[] { 1, 2, 3 }, Read(Conf(configs)).TagConfigs["french"]);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"ankisyncSchema18\":[1]}")]
    [InlineData("{\"ankisyncSchema18\":\"x\"}")]
    public void WithoutAnObjectUnderTheKeyThereIsNothing(string conf)
    {
        Assert.True(Read(conf).IsEmpty);
    }

    [Fact]
    public void EntriesOfTheWrongShapeAreLeftOut()
    {
        var details = Read(
            "{\"ankisyncSchema18\":{"
            + "\"configRows\":{\"ok\":[1,2],\"three\":[1,2,3],\"one\":[1],\"text\":[\"1\",2],\"big\":[4294967296,2],\"real\":[1,2.5],\"object\":{\"a\":1}},"
            + "\"invalidConfigValues\":{\"ok\":\"AQ==\",\"number\":5},"
            + "\"expandedTags\":[\"ok\",5,null],"
            + "\"tagConfigs\":{\"ok\":\"Ag==\",\"list\":[]}}}");

        Assert.Equal(new[] { "ok" }, details.ConfigRows.Keys);
        Assert.Equal(new[] { "ok" }, details.InvalidConfigValues.Keys);
        Assert.Equal(new[] { "ok" }, details.ExpandedTags);
        Assert.Equal(new[] { "ok" }, details.TagConfigs.Keys);
    }

    [Fact]
    public void ExpandedTagsThatAreNotAListAreNone()
    {
        Assert.True(Read("{\"ankisyncSchema18\":{\"expandedTags\":\"tag\"}}").IsEmpty);
    }
}
