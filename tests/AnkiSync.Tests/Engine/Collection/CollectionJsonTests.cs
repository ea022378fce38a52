using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Storage;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// Reading the loosely typed values of the <c>col</c> JSON as Anki's serde helpers accept them (numbers, numeric
/// strings, booleans), and writing the row back whole.
/// </summary>
public class CollectionJsonTests
{
    [Theory]
    [InlineData("12", 12L)]
    [InlineData("-3", -3L)]
    [InlineData("2.9", 2L)]
    [InlineData("1e3", 1000L)]
    [InlineData("\"42\"", 42L)]
    [InlineData("\" 42\"", 42L)] // surrounding spaces are allowed
    [InlineData("\"4.5\"", -7L)]
    [InlineData("\"x\"", -7L)]
    [InlineData("true", 1L)]
    [InlineData("false", 0L)]
    [InlineData("null", -7L)]
    [InlineData("[1]", -7L)]
    [InlineData("{\"a\":1}", -7L)]
    [InlineData("1e20", -7L)]
    [InlineData("-1e20", -7L)]
    [InlineData("9223372036854775807", 9223372036854775807L)]
    public void ALongIsReadFromWhatOlderWritersStored(string json, long expected)
        => Assert.Equal(expected, CollectionJson.ReadLong(JsonNode.Parse(json), -7));

    [Fact]
    public void ValuesBuiltInMemoryReadTheSame()
    {
        Assert.Equal(5L, CollectionJson.ReadLong(JsonValue.Create(5)));
        Assert.Equal(5L, CollectionJson.ReadLong(JsonValue.Create(5L)));
        Assert.Equal(2L, CollectionJson.ReadLong(JsonValue.Create(2.5)));
        Assert.Equal(1L, CollectionJson.ReadLong(JsonValue.Create(true)));
        Assert.Equal(9L, CollectionJson.ReadLong(JsonValue.Create("9")));
        Assert.Equal(0L, CollectionJson.ReadLong(null));
        Assert.Equal(4L, CollectionJson.ReadLong(null, 4));
    }

    [Theory]
    [InlineData("\"text\"", "text")]
    [InlineData("\"\"", "")]
    [InlineData("12", "12")]
    [InlineData("true", "true")]
    [InlineData("[1]", "fallback")]
    [InlineData("{}", "fallback")]
    public void AStringIsTheTextOrTheValuesJson(string json, string expected)
        => Assert.Equal(expected, CollectionJson.ReadString(JsonNode.Parse(json), "fallback"));

    [Fact]
    public void AMissingStringIsTheFallback()
    {
        Assert.Equal("", CollectionJson.ReadString(null));
        Assert.Equal("x", CollectionJson.ReadString(null, "x"));
    }

    [Fact]
    public void SaveWritesTheModificationTimeAndEveryJsonColumn()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        db.Execute("create table col (crt integer, mod integer, conf text, models text, decks text, dconf text, tags text)");
        db.Execute("insert into col values (100, 0, '{\"a\":1}', '{}', '{}', '{}', '{}')");
        var json = CollectionJson.Load(db, "test");
        Assert.Equal(100L, json.Created);
        json.Conf["a"] = 2;
        json.Models["1"] = new JsonObject { ["name"] = "<b>N</b>" };
        json.Decks["1"] = new JsonObject { ["name"] = "Déck" };
        json.DeckConfigs["1"] = new JsonObject { ["name"] = "P" };
        json.Tags["t"] = -1;
        json.Save(db, 12345);
        Assert.Equal(12345L, db.ScalarLong("select mod from col"));
        Assert.Equal("{\"a\":2}", db.Scalar("select conf from col"));
        Assert.Equal("{\"1\":{\"name\":\"<b>N</b>\"}}", db.Scalar("select models from col"));
        Assert.Equal("{\"1\":{\"name\":\"Déck\"}}", db.Scalar("select decks from col"));
        Assert.Equal("{\"1\":{\"name\":\"P\"}}", db.Scalar("select dconf from col"));
        Assert.Equal("{\"t\":-1}", db.Scalar("select tags from col"));
        Assert.Equal(100L, db.ScalarLong("select crt from col"));
    }
}
