using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using AnkiSync.SchemaConversion;
using AnkiSync.Session;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// AnkiSync's own keys in the schema-11 JSON (the protobuf stash, template times, the kept preset): written only when
/// there is something to keep, read back leniently, and removed from every level before a legacy export.
/// </summary>
public sealed class PrivateKeysTests
{
    private static string Stash(params (string Part, byte[] Fields)[] parts)
        => LegacyJson.Write(writer =>
        {
            writer.WriteStartObject();
            PrivateKeys.WriteProtoStash(writer, parts);
            writer.WriteEndObject();
        });

    [Fact]
    public void OnlyKeysWithTheAnkiSyncPrefixArePrivate()
    {
        Assert.True(PrivateKeys.IsPrivate("ankisyncAnything"));
        Assert.True(PrivateKeys.IsPrivate(PrivateKeys.DeckConfigProto));
        Assert.False(PrivateKeys.IsPrivate("AnkisyncProto"));
        Assert.False(PrivateKeys.IsPrivate("name"));
        Assert.False(PrivateKeys.IsPrivate("xankisync"));
    }

    [Fact]
    public void TheStashHoldsOnlyPartsWithFieldsAndReadsBack()
    {
        Assert.Equal("{}", Stash(("common", Array.Empty<byte>()), ("kind", Array.Empty<byte>())));

        string json = Stash(("common", Array.Empty<byte>()), ("kind", new byte[] { 8, 1 }));

        Assert.Equal("{\"ankisyncProto\":{\"kind\":\"CAE=\"}}", json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(new byte[] { 8, 1 }, PrivateKeys.ReadProtoStash(document.RootElement, "kind"));
        Assert.Empty(PrivateKeys.ReadProtoStash(document.RootElement, "common"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"ankisyncProto\":{\"kind\":\"not base64!\"}}")]
    [InlineData("{\"ankisyncProto\":{\"kind\":5}}")]
    [InlineData("{\"ankisyncProto\":\"CAE=\"}")]
    public void AMissingOrDamagedStashReadsEmpty(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Empty(PrivateKeys.ReadProtoStash(document.RootElement, "kind"));
    }

    [Fact]
    public void RemovingThemLeavesEveryOtherKeyAtEveryLevel()
    {
        using var temp = new TempFolder();
        using var db = NewCollection.Create(temp.Path("collection.anki2"));
        db.Execute("update col set conf = $conf, models = $models, decks = $decks, dconf = $dconf",
            ("$conf", "{\"curDeck\":1,\"ankisyncSchema18\":{\"x\":1}}"),
            ("$models", "{\"7\":{\"name\":\"M\",\"ankisyncProto\":{},\"flds\":[{\"name\":\"F\",\"ankisyncProto\":{}},3],\"tmpls\":[{\"name\":\"T\",\"ankisyncMtime\":5,\"ankisyncUsn\":1}]},\"8\":4}"),
            ("$decks", "{\"1\":{\"name\":\"Default\",\"ankisyncProto\":{\"common\":\"CAE=\"}}}"),
            ("$dconf", "{\"1\":{\"name\":\"Default\",\"ankisyncConfigProto\":\"CAE=\"}}"));

        PrivateKeys.RemoveFrom(db);

        Assert.Equal("{\"curDeck\":1}", db.Scalar("select conf from col"));
        Assert.Equal("{\"7\":{\"name\":\"M\",\"flds\":[{\"name\":\"F\"},3],\"tmpls\":[{\"name\":\"T\"}]},\"8\":4}", db.Scalar("select models from col"));
        Assert.Equal("{\"1\":{\"name\":\"Default\"}}", db.Scalar("select decks from col"));
        Assert.Equal("{\"1\":{\"name\":\"Default\"}}", db.Scalar("select dconf from col"));
    }

    [Fact]
    public void RemovingThemFromACollectionWithoutAColRowIsInvalidCollection()
    {
        using var temp = new TempFolder();
        using var db = NewCollection.Create(temp.Path("collection.anki2"));
        db.Execute("delete from col");

        var error = Assert.Throws<AnkiException>(() => PrivateKeys.RemoveFrom(db));

        Assert.Equal(AnkiErrors.InvalidCollection, error.Error);
        Assert.Contains("has no col row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RemovingThemFromColJsonThatIsNotAnObjectIsInvalidCollection()
    {
        using var temp = new TempFolder();
        using var db = NewCollection.Create(temp.Path("collection.anki2"));
        db.Execute("update col set decks = '[1]'");

        var error = Assert.Throws<AnkiException>(() => PrivateKeys.RemoveFrom(db));

        Assert.Equal(AnkiErrors.InvalidCollection, error.Error);
        Assert.Equal("[1]", db.Scalar("select decks from col"));
        Assert.NotNull(JsonNode.Parse((string)db.Scalar("select conf from col")!));
    }
}
