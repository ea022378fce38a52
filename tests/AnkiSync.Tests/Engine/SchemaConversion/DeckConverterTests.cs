using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.SchemaConversion;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// Normal and filtered decks through the converter without any real file: each schema-18 field under its schema-11 key
/// (decks/schema11.rs) and back, the study counters' one day, search terms, and deck names as Anki normalises them.
/// </summary>
public sealed class DeckConverterTests
{
    private static readonly byte[] StudiedCommon = new ProtoBuilder()
        .Varint(1, 1)
        .Varint(2, 1)
        .Varint(3, 700)
        .Varint(4, 11)
        .Varint(5, 22)
        .Varint(6, 33)
        .Varint(7, 44_000)
        .Text(255, "{\"extra\":\"kept\"}")
        .ToArray();

    private static readonly byte[] FullNormal = new ProtoBuilder()
        .Varint(1, 7)
        .Varint(2, 3)
        .Varint(3, 4)
        .Text(4, "About <b>this</b>")
        .Varint(5, 1)
        .Varint(6, 150)
        .Varint(7, 25)
        .Message(8, new ProtoBuilder().Varint(1, 80).Varint(2, 700))
        .Message(9, new ProtoBuilder().Varint(1, 9).Varint(2, 700))
        .Float(10, 0.85f)
        .ToArray();

    private static readonly byte[] FullFiltered = new ProtoBuilder()
        .Varint(1, 1)
        .Message(2, new ProtoBuilder().Text(1, "deck:French is:due").Varint(2, 50).Varint(3, 6))
        .Message(2, new ProtoBuilder().Text(1, "tag:hard").Varint(2, 20).Varint(3, 1))
        .Floats(3, 1, 10)
        .Varint(4, 10)
        .Varint(5, 600)
        .Varint(6, 300)
        .Varint(7, 60)
        .ToArray();

    private static JsonObject ToLegacy(byte[] common, int kindField, byte[] kind, string name = "Languages\u001fFrench")
        => LegacyJsonText.Written(writer => DeckConverter.WriteLegacy(writer, new DeckRow
        {
            Id = 1234,
            Name = name,
            MtimeSecs = 1_700_000_000,
            Usn = -1,
            Common = common,
            Kind = new ProtoBuilder().Bytes(kindField, kind).ToArray(),
        }));

    private static DeckRow FromLegacy(JsonNode deck, long mapKeyId = 99)
        => LegacyJsonText.Read(deck, d => DeckConverter.ReadLegacy(d, mapKeyId));

    private static long[] Pair(JsonNode? node) => node!.AsArray().Select(v => (long)v!).ToArray();

    [Fact]
    public void ANormalDeckHasEachFieldUnderItsSchema11Key()
    {
        var json = ToLegacy(StudiedCommon, 1, FullNormal);

        Assert.Equal((1234L, 1_700_000_000L, "Languages::French", -1L), ((long)json["id"]!, (long)json["mod"]!, (string)json["name"]!, (long)json["usn"]!));
        Assert.Equal(new[] { 700L, 33 }, Pair(json["lrnToday"]));
        Assert.Equal(new[] { 700L, 22 }, Pair(json["revToday"]));
        Assert.Equal(new[] { 700L, 11 }, Pair(json["newToday"]));
        Assert.Equal(new[] { 700L, 44_000 }, Pair(json["timeToday"]));
        Assert.Equal((true, true, 0L), ((bool)json["collapsed"]!, (bool)json["browserCollapsed"]!, (long)json["dyn"]!));
        Assert.Equal(("About <b>this</b>", true), ((string)json["desc"]!, (bool)json["md"]!));
        Assert.Equal((7L, 3L, 4L, 150L, 25L), ((long)json["conf"]!, (long)json["extendNew"]!, (long)json["extendRev"]!, (long)json["reviewLimit"]!, (long)json["newLimit"]!));
        Assert.Equal((80L, 700L), ((long)json["reviewLimitToday"]!["limit"]!, (long)json["reviewLimitToday"]!["today"]!));
        Assert.Equal((9L, 700L), ((long)json["newLimitToday"]!["limit"]!, (long)json["newLimitToday"]!["today"]!));
        Assert.Equal(0.85f, (float)json["desiredRetention"]!.GetValue<double>());
        Assert.Equal("kept", (string)json["extra"]!);
    }

    [Fact]
    public void ANormalDeckComesBackFromItsJson()
    {
        var row = FromLegacy(ToLegacy(StudiedCommon, 1, FullNormal));

        Assert.Equal((1234L, "Languages\u001fFrench", 1_700_000_000L, -1), (row.Id, row.Name, row.MtimeSecs, row.Usn));
        WireDump.AssertSameFields(StudiedCommon, row.Common, "common");
        WireDump.AssertSameFields(FullNormal, WireDump.Message(row.Kind, 1)!, "normal");
        Assert.Null(WireDump.Message(row.Kind, 2));
    }

    [Fact]
    public void ANormalDeckWithoutLimitsWritesThemAsNullAndLeavesOutWhatIsUnset()
    {
        var json = ToLegacy(System.Array.Empty<byte>(), 1, System.Array.Empty<byte>());

        Assert.Null(json["reviewLimit"]);
        Assert.Null(json["newLimit"]);
        Assert.Null(json["reviewLimitToday"]);
        Assert.Null(json["newLimitToday"]);
        Assert.True(json.ContainsKey("reviewLimit") && json.ContainsKey("newLimitToday"));
        Assert.False(json.ContainsKey("md"));
        Assert.False(json.ContainsKey("desiredRetention"));
        Assert.Equal(("", false, false), ((string)json["desc"]!, (bool)json["collapsed"]!, (bool)json["browserCollapsed"]!));
        Assert.Equal(new[] { 0L, 0 }, Pair(json["newToday"]));

        Assert.Equal(0L, (long)json["conf"]!);

        var normal = WireDump.Message(FromLegacy(json).Kind, 1)!;
        Assert.DoesNotContain(WireDump.Fields(normal), f => f.Number is 1 or 6 or 7 or 8 or 9 or 10);
        Assert.Equal(1UL, WireDump.Varint(WireDump.Message(FromLegacy(JsonNode.Parse("{\"name\":\"D\"}")!).Kind, 1)!, 1));
    }

    [Fact]
    public void AFilteredDeckHasEachFieldUnderItsSchema11Key()
    {
        var json = ToLegacy(StudiedCommon, 2, FullFiltered, "Cram");

        Assert.Equal((1L, true, true), ((long)json["dyn"]!, (bool)json["resched"]!, (bool)json["separate"]!));
        Assert.Equal("", (string)json["desc"]!);
        Assert.Equal("[[\"deck:French is:due\",50,6],[\"tag:hard\",20,1]]", json["terms"]!.ToJsonString());
        Assert.Equal(new[] { 1f, 10 }, json["delays"]!.AsArray().Select(d => (float)d!.GetValue<double>()));
        Assert.Equal((10L, 60L, 600L, 300L), ((long)json["previewDelay"]!, (long)json["previewAgainSecs"]!, (long)json["previewHardSecs"]!, (long)json["previewGoodSecs"]!));
        Assert.False(json.ContainsKey("conf"));
    }

    [Fact]
    public void AFilteredDeckComesBackFromItsJson()
    {
        var row = FromLegacy(ToLegacy(StudiedCommon, 2, FullFiltered, "Cram"));

        WireDump.AssertSameFields(FullFiltered, WireDump.Message(row.Kind, 2)!, "filtered");
        Assert.Null(WireDump.Message(row.Kind, 1));
    }

    [Fact]
    public void AFilteredDeckWithoutDelaysWritesNull()
    {
        var json = ToLegacy(System.Array.Empty<byte>(), 2, new ProtoBuilder().Varint(1, 1).ToArray(), "Cram");

        Assert.True(json.ContainsKey("delays"));
        Assert.Null(json["delays"]);
        Assert.Equal("[]", json["terms"]!.ToJsonString());
    }

    [Fact]
    public void TheLastKindOnTheWireWins()
    {
        var kind = new ProtoBuilder().Bytes(2, FullFiltered).Bytes(1, FullNormal).ToArray();
        var json = LegacyJsonText.Written(writer => DeckConverter.WriteLegacy(writer, new DeckRow { Name = "X", Kind = kind }));

        Assert.Equal(0L, (long)json["dyn"]!);
        Assert.Equal(7L, (long)json["conf"]!);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("0", false)]
    [InlineData("2", false)]
    [InlineData("false", false)]
    [InlineData("\"1\"", false)]
    public void ADeckIsFilteredWhenDynIsOneOrTrue(string dyn, bool filtered)
    {
        var row = FromLegacy(JsonNode.Parse($"{{\"name\":\"D\",\"dyn\":{dyn}}}")!);

        Assert.Equal(filtered, WireDump.Message(row.Kind, 2) != null);
        Assert.Equal(!filtered, WireDump.Message(row.Kind, 1) != null);
    }

    [Fact]
    public void CountersOfAnEarlierDayAreDroppedAndTheLastTwoNumbersAreDayAndAmount()
    {
        var row = FromLegacy(JsonNode.Parse(
            "{\"name\":\"D\",\"lrnToday\":[699,5],\"revToday\":[1,700,6],\"newToday\":[698,7],\"timeToday\":[650,800]}")!);

        Assert.Equal(700UL, WireDump.Varint(row.Common, 3));
        Assert.Equal(6UL, WireDump.Varint(row.Common, 5));
        Assert.Equal(0UL, WireDump.Varint(row.Common, 4));
        Assert.Equal(0UL, WireDump.Varint(row.Common, 6));
        Assert.Equal(800UL, WireDump.Varint(row.Common, 7));
    }

    [Theory]
    [InlineData("[9]", 0UL, 9UL)]
    [InlineData("[]", 0UL, 0UL)]
    [InlineData("\"x\"", 0UL, 0UL)]
    [InlineData("[\"a\",\"b\"]", 0UL, 0UL)]
    [InlineData("[40,12]", 40UL, 12UL)]
    public void ACounterThatIsNotADayAndAmountReadsAsZero(string counter, ulong day, ulong amount)
    {
        var row = FromLegacy(JsonNode.Parse($"{{\"name\":\"D\",\"newToday\":{counter}}}")!);

        Assert.Equal(day, WireDump.Varint(row.Common, 3));
        Assert.Equal(amount, WireDump.Varint(row.Common, 4));
    }

    [Fact]
    public void AReviewCountOfAnEarlierDayIsDroppedToo()
    {
        var row = FromLegacy(JsonNode.Parse("{\"name\":\"D\",\"revToday\":[699,6],\"newToday\":[700,7]}")!);

        Assert.Equal((700UL, 7UL, 0UL), (WireDump.Varint(row.Common, 3), WireDump.Varint(row.Common, 4), WireDump.Varint(row.Common, 5)));
    }

    [Fact]
    public void ADeckWithoutANameIsNamedAsAnkiNamesAnEmptyOne()
    {
        Assert.Equal("blank", FromLegacy(JsonNode.Parse("{\"id\":5}")!).Name);
    }

    [Fact]
    public void TermsThatAreNotAListAreNoTerms()
    {
        var filtered = WireDump.Message(FromLegacy(JsonNode.Parse("{\"name\":\"D\",\"dyn\":1,\"terms\":\"deck:x\"}")!).Kind, 2)!;

        Assert.DoesNotContain(WireDump.Fields(filtered), f => f.Number == 2);
    }

    [Fact]
    public void TheIdComesFromTheMapKeyOnlyWhenTheObjectHasNone()
    {
        Assert.Equal(99L, FromLegacy(JsonNode.Parse("{\"name\":\"D\"}")!).Id);
        Assert.Equal(5L, FromLegacy(JsonNode.Parse("{\"name\":\"D\",\"id\":5}")!).Id);
    }

    [Fact]
    public void NegativeExtensionsAreZeroAndLimitsMustBeNumbers()
    {
        var normal = WireDump.Message(FromLegacy(JsonNode.Parse(
            "{\"name\":\"D\",\"conf\":3,\"extendNew\":-5,\"extendRev\":-1,\"reviewLimit\":\"10\",\"newLimit\":0,\"reviewLimitToday\":[1],\"newLimitToday\":{\"limit\":4}}")!).Kind, 1)!;

        Assert.Equal(3UL, WireDump.Varint(normal, 1));
        Assert.DoesNotContain(WireDump.Fields(normal), f => f.Number is 2 or 3 or 6 or 8);
        Assert.Contains(WireDump.Fields(normal), f => f.Number == 7);
        Assert.Equal(0UL, WireDump.Varint(normal, 7));
        Assert.Equal(4UL, WireDump.Varint(WireDump.Message(normal, 9)!, 1));
    }

    [Theory]
    [InlineData("[\"is:due\",-5,2]", "is:due", 0UL, 2UL)]
    [InlineData("[\"is:due\",9999999999,1]", "is:due", 2147483647UL, 1UL)]
    [InlineData("[5,10,1]", "", 10UL, 1UL)]
    [InlineData("[\"only\"]", "only", 0UL, 0UL)]
    [InlineData("[\"two\",7]", "two", 7UL, 0UL)]
    [InlineData("\"not a list\"", "", 0UL, 0UL)]
    public void ASearchTermIsSearchLimitAndOrderWithAnkisBounds(string term, string search, ulong limit, ulong order)
    {
        var filtered = WireDump.Message(FromLegacy(JsonNode.Parse($"{{\"name\":\"D\",\"dyn\":1,\"terms\":[{term}]}}")!).Kind, 2)!;

        var message = WireDump.Message(filtered, 2)!;
        Assert.Equal(search, WireDump.String(message, 1));
        Assert.Equal(limit, WireDump.Varint(message, 2));
        Assert.Equal(order, WireDump.Varint(message, 3));
    }

    [Theory]
    [InlineData("French::Verbs", "French\u001fVerbs")]
    [InlineData(" French :: Verbs ", "French\u001fVerbs")]
    [InlineData("A::::B", "A\u001fblank\u001fB")]
    [InlineData("Say \"hi\"\t::x\u007f", "Say hi\u001fx")]
    [InlineData("cafe\u0301", "caf\u00e9")]
    [InlineData("", "blank")]
    public void NamesAreNormalisedAsAnkiDoes(string human, string native)
    {
        Assert.Equal(native, DeckConverter.NativeName(human));
        Assert.Equal(native.Replace("\u001f", "::"), DeckConverter.HumanName(native));
    }

    [Fact]
    public void UnknownFieldsAtEveryLevelComeBack()
    {
        var common = new ProtoBuilder().Varint(3, 5).Varint(20, 1).ToArray();
        var normal = new ProtoBuilder().Varint(1, 1).Varint(30, 2).ToArray();
        // 8 and 9 are field numbers a normal deck knows: a filtered deck must still keep them as its own unknowns.
        var filtered = new ProtoBuilder().Varint(1, 1).Varint(8, 5).Varint(9, 6).Varint(31, 3).ToArray();
        var normalKind = new ProtoBuilder().Bytes(1, normal).Varint(3, 4).ToArray();
        var filteredKind = new ProtoBuilder().Bytes(2, filtered).Varint(3, 4).ToArray();

        foreach (var (kind, field, inner) in new[] { (normalKind, 1, normal), (filteredKind, 2, filtered) })
        {
            var json = LegacyJsonText.Written(writer => DeckConverter.WriteLegacy(writer, new DeckRow { Name = "D", Common = common, Kind = kind }));
            var row = FromLegacy(json);

            WireDump.AssertSameFields(common, row.Common, "common");
            WireDump.AssertSameFields(inner, WireDump.Message(row.Kind, field)!, "kind");
            Assert.Equal(4UL, WireDump.Varint(row.Kind, 3));
        }
    }

    [Theory]
    [InlineData("0", "\"return\":true,\"desiredRetention\":0.9,\"md\":false,\"extendNew\":0")]
    [InlineData("1", "\"return\":true,\"separate\":true,\"md\":false,\"previewDelay\":0")]
    public void KeysOfItsKindAreNotKeptAsOther(string dyn, string keys)
    {
        var row = FromLegacy(JsonNode.Parse($"{{\"name\":\"D\",\"dyn\":{dyn},{keys}}}")!);

        Assert.DoesNotContain(WireDump.Fields(row.Common), f => f.Number == 255);
    }

    [Fact]
    public void KeysOfTheOtherKindAreKeptAsOther()
    {
        var normal = FromLegacy(JsonNode.Parse("{\"name\":\"D\",\"dyn\":0,\"separate\":true}")!);
        var filtered = FromLegacy(JsonNode.Parse("{\"name\":\"D\",\"dyn\":1,\"desiredRetention\":0.9}")!);

        Assert.Equal("j{\"separate\":true}", WireDump.Fields(normal.Common).Single(f => f.Number == 255).Value);
        Assert.Equal("j{\"desiredRetention\":0.9}", WireDump.Fields(filtered.Common).Single(f => f.Number == 255).Value);
    }

    [Fact]
    public void AFilteredDecksOtherKeysOfANormalDeckAreWrittenBack()
    {
        var common = new ProtoBuilder().Text(255, "{\"extendNew\":3,\"resched\":false}").ToArray();

        var json = ToLegacy(common, 2, FullFiltered);

        Assert.Equal(3, (int)json["extendNew"]!);
        Assert.True((bool)json["resched"]!);
    }

    [Fact]
    public void MissingKeysTakeAnkisDefaults()
    {
        var normal = FromLegacy(JsonNode.Parse("{\"name\":\"D\"}")!);
        var filtered = FromLegacy(JsonNode.Parse("{\"name\":\"D\",\"dyn\":1}")!);

        Assert.Empty(WireDump.Fields(normal.Common));
        Assert.Empty(WireDump.Fields(filtered.Common));
        Assert.Equal(new[] { 1 }, WireDump.Fields(WireDump.Message(normal.Kind, 1)!).Select(f => f.Number));
        Assert.Empty(WireDump.Fields(WireDump.Message(filtered.Kind, 2)!));
    }

    [Fact]
    public void AnEmptyRowIsANormalDeckWithAnEmptyName()
    {
        var json = LegacyJsonText.Written(writer => DeckConverter.WriteLegacy(writer, new DeckRow()));

        Assert.Equal(("", 0L, 0L), ((string)json["name"]!, (long)json["dyn"]!, (long)json["id"]!));
    }
}
