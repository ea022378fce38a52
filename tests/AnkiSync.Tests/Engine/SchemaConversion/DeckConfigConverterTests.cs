using System;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using AnkiSync.SchemaConversion;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// One deck options preset through the converter without any real file: every field of a schema-18
/// <c>DeckConfig.Config</c> set to a value unlike its default, each checked under its schema-11 key (deckconfig/schema11.rs),
/// and back; then the fallbacks Anki applies to a malformed or invalid schema-11 preset.
/// </summary>
public sealed class DeckConfigConverterTests
{
    /// <summary>A Config with every mapped field away from its default, in field-number order as a writer emits it.</summary>
    private static byte[] FullConfig()
        => new ProtoBuilder()
            .Floats(1, 1.5f, 7)
            .Floats(2, 12)
            .Floats(3, 0.4f, 0.6f)
            .Floats(4, 1, 0.5f, 1, 1, 1, 1, 0.25f)
            .Floats(5, 0.5f, 1.5f)
            .Floats(6, 0.7f, 2.5f)
            .Varint(9, 33)
            .Varint(10, 444)
            .Float(11, 2.3f)
            .Float(12, 1.4f)
            .Float(13, 1.15f)
            .Float(14, 0.25f)
            .Float(15, 1.05f)
            .Varint(16, 3650)
            .Varint(17, 3)
            .Varint(18, 2)
            .Varint(19, 5)
            .Varint(20, 1)
            .Varint(21, 1)
            .Varint(22, 9)
            .Varint(23, 1)
            .Varint(24, 90)
            .Varint(25, 1)
            .Varint(26, 1)
            .Varint(27, 1)
            .Varint(28, 1)
            .Varint(29, 1)
            .Varint(30, 1)
            .Varint(31, 2)
            .Varint(32, 3)
            .Varint(33, 4)
            .Varint(34, 5)
            .Varint(35, 6)
            .Varint(36, 1)
            .Float(37, 0.85f)
            .Varint(38, 1)
            .Float(40, 0.8f)
            .Float(41, 4.5f)
            .Float(42, 6)
            .Varint(43, 3)
            .Varint(44, 1)
            .Text(45, "preset:1")
            .Text(46, "2024-01-01")
            .Text(255, "{\"extraTop\":1,\"new\":{\"extraNew\":2}}")
            .ToArray();

    private static JsonObject ToLegacy(byte[] config, long id = 5, string name = "Preset")
        => LegacyJsonText.Written(writer => DeckConfigConverter.WriteLegacy(writer,
            new DeckConfigRow { Id = id, Name = name, MtimeSecs = 1_700_000_000, Usn = -1, Config = config }));

    /// <summary>The schema-18 Config a schema-11 preset converts to, from its JSON alone (no kept protobuf).</summary>
    private static byte[] FromLegacy(JsonObject dconf, string mapKey = "5")
    {
        dconf.Remove(PrivateKeys.DeckConfigProto);
        return LegacyJsonText.Read(dconf, d => DeckConfigConverter.ReadLegacy(d, mapKey).Config);
    }

    private static float F(JsonNode? node) => (float)node!.GetValue<double>();

    private static float[] Floats(JsonNode? node) => node!.AsArray().Select(F).ToArray();

    [Fact]
    public void EveryFieldHasItsSchema11Key()
    {
        var json = ToLegacy(FullConfig());

        Assert.Equal((5L, 1_700_000_000L, "Preset", -1L), ((long)json["id"]!, (long)json["mod"]!, (string)json["name"]!, (long)json["usn"]!));
        Assert.Equal((90L, false, 1L, false, false), ((long)json["maxTaken"]!, (bool)json["autoplay"]!, (long)json["timer"]!, (bool)json["replayq"]!, (bool)json["dyn"]!));

        var newSection = json["new"]!;
        Assert.True((bool)newSection["bury"]!);
        Assert.Equal(new[] { 1.5f, 7 }, Floats(newSection["delays"]));
        Assert.Equal(2300L, (long)newSection["initialFactor"]!);
        Assert.Equal(new[] { 2L, 5, 0 }, newSection["ints"]!.AsArray().Select(i => (long)i!));
        Assert.Equal(0L, (long)newSection["order"]!);
        Assert.Equal(33L, (long)newSection["perDay"]!);
        Assert.Equal(2L, (long)newSection["extraNew"]!);

        var rev = json["rev"]!;
        Assert.True((bool)rev["bury"]!);
        Assert.Equal((1.4f, 1.05f, 1.15f), (F(rev["ease4"]), F(rev["ivlFct"]), F(rev["hardFactor"])));
        Assert.Equal((3650L, 444L), ((long)rev["maxIvl"]!, (long)rev["perDay"]!));

        var lapse = json["lapse"]!;
        Assert.Equal(new[] { 12f }, Floats(lapse["delays"]));
        Assert.Equal((1L, 9L, 3L), ((long)lapse["leechAction"]!, (long)lapse["leechFails"]!, (long)lapse["minInt"]!));
        Assert.Equal(0.25f, F(lapse["mult"]));

        Assert.Equal((1L, 2L, 3L, 4L, 5L, 6L, 1L, 3L), ((long)json["newMix"]!, (long)json["interdayLearningMix"]!, (long)json["newSortOrder"]!,
            (long)json["reviewOrder"]!, (long)json["newGatherPriority"]!, (long)json["newPerDayMinimum"]!, (long)json["questionAction"]!, (long)json["answerAction"]!));
        Assert.Equal((true, true, true), ((bool)json["buryInterdayLearning"]!, (bool)json["stopTimerOnAnswer"]!, (bool)json["waitForAudio"]!));
        Assert.Equal(new[] { 0.4f, 0.6f }, Floats(json["fsrsWeights"]));
        Assert.Equal(new[] { 0.5f, 1.5f }, Floats(json["fsrsParams5"]));
        Assert.Equal(new[] { 0.7f, 2.5f }, Floats(json["fsrsParams6"]));
        Assert.Equal(new[] { 1, 0.5f, 1, 1, 1, 1, 0.25f }, Floats(json["easyDaysPercentages"]));
        Assert.Equal((0.85f, 0.8f, 4.5f, 6f), (F(json["desiredRetention"]), F(json["sm2Retention"]), F(json["secondsToShowQuestion"]), F(json["secondsToShowAnswer"])));
        Assert.Equal(("preset:1", "2024-01-01"), ((string)json["weightSearch"]!, (string)json["ignoreRevlogsBeforeDate"]!));
        Assert.Equal(1L, (long)json["extraTop"]!);
        Assert.Equal(Convert.ToBase64String(FullConfig()), (string)json[PrivateKeys.DeckConfigProto]!);
    }

    [Fact]
    public void EveryFieldComesBackFromTheJsonAlone()
    {
        var original = FullConfig();

        var back = FromLegacy(ToLegacy(original));

        WireDump.AssertSameFields(original, back, "preset");
    }

    [Fact]
    public void TheKeptProtobufReturnsByteForByteWhileTheJsonAgrees()
    {
        var original = FullConfig();

        Assert.Equal(original, LegacyJsonText.Read(ToLegacy(original), d => DeckConfigConverter.ReadLegacy(d, "5").Config));
    }

    [Fact]
    public void AnEditInTheJsonWinsAndTheUnmappedFieldsOfTheKeptProtobufStay()
    {
        // Field 47 (not mapped) = 7: tag 47 << 3 = 376 as a varint, then the value.
        var original = FullConfig().Concat(new byte[] { 0xF8, 0x02, 7 }).ToArray();
        var json = ToLegacy(original);
        json["new"]!["perDay"] = 12;

        var config = LegacyJsonText.Read(json, d => DeckConfigConverter.ReadLegacy(d, "5").Config);

        Assert.Equal(12UL, WireDump.Varint(config, 9));
        Assert.Equal(7UL, WireDump.Varint(config, 47));
        Assert.Equal(444UL, WireDump.Varint(config, 10));
        var numbers = WireDump.Fields(config).Select(f => f.Number).ToList();
        Assert.Equal(numbers.OrderBy(n => n), numbers);
    }

    [Fact]
    public void AKeptProtobufThatDoesNotParseIsIgnored()
    {
        var json = ToLegacy(FullConfig());
        var fresh = FromLegacy(JsonNode.Parse(json.ToJsonString())!.AsObject());
        json[PrivateKeys.DeckConfigProto] = Convert.ToBase64String(new byte[] { 0x0A, 0x7F });

        Assert.Equal(fresh, LegacyJsonText.Read(json, d => DeckConfigConverter.ReadLegacy(d, "5").Config));
    }

    [Fact]
    public void TheMapKeyIsTheIdWhenItIsANumber()
    {
        var json = ToLegacy(FullConfig(), id: 5);

        Assert.Equal(8L, LegacyJsonText.Read(json, d => DeckConfigConverter.ReadLegacy(d, "8")).Id);
        Assert.Equal(5L, LegacyJsonText.Read(json, d => DeckConfigConverter.ReadLegacy(d, "eight")).Id);
        var row = LegacyJsonText.Read(json, d => DeckConfigConverter.ReadLegacy(d, "5"));
        Assert.Equal(("Preset", 1_700_000_000L, -1), (row.Name, row.MtimeSecs, row.Usn));
    }

    [Fact]
    public void AnEmptyPresetTakesAnkisDefaultsForEverySection()
    {
        var config = FromLegacy(new JsonObject { ["name"] = "Bare" });

        Assert.Equal(new[] { 1f, 10 }, WireDump.Floats(config, 1));
        Assert.Equal(new[] { 10f }, WireDump.Floats(config, 2));
        Assert.Equal(20UL, WireDump.Varint(config, 9));
        Assert.Equal(200UL, WireDump.Varint(config, 10));
        Assert.Equal(2.5f, WireDump.Float(config, 11));
        Assert.Equal(1.3f, WireDump.Float(config, 12));
        Assert.Equal(1.2f, WireDump.Float(config, 13));
        Assert.Equal(0f, WireDump.Float(config, 14));
        Assert.Equal(1.0f, WireDump.Float(config, 15));
        Assert.Equal(36500UL, WireDump.Varint(config, 16));
        Assert.Equal(1UL, WireDump.Varint(config, 17));
        Assert.Equal(1UL, WireDump.Varint(config, 18));
        Assert.Equal(4UL, WireDump.Varint(config, 19));
        Assert.Equal(0UL, WireDump.Varint(config, 20));
        Assert.Equal(1UL, WireDump.Varint(config, 21));
        Assert.Equal(8UL, WireDump.Varint(config, 22));
        Assert.Equal(0UL, WireDump.Varint(config, 23));
        Assert.Equal(60UL, WireDump.Varint(config, 24));
        Assert.Equal(0UL, WireDump.Varint(config, 25));
        Assert.Equal(1UL, WireDump.Varint(config, 26));
        Assert.Equal(1UL, WireDump.Varint(config, 44));
        Assert.DoesNotContain(WireDump.Fields(config), f => f.Number == 255);
    }

    [Theory]
    [InlineData("{\"delays\":[3],\"initialFactor\":2000,\"ints\":[2,3],\"order\":0}")]
    [InlineData("{\"delays\":[3],\"initialFactor\":70000,\"ints\":[2,3],\"order\":0,\"perDay\":5}")]
    [InlineData("{\"delays\":[3],\"initialFactor\":2000,\"ints\":[2,3],\"order\":0,\"perDay\":5,\"bury\":1}")]
    [InlineData("{\"delays\":[3],\"initialFactor\":\"2000\",\"ints\":[2,3],\"order\":0,\"perDay\":5}")]
    [InlineData("[1]")]
    public void AMalformedNewSectionIsReplacedWhole(string section)
    {
        var config = FromLegacy(new JsonObject { ["new"] = JsonNode.Parse(section) });

        Assert.Equal(new[] { 1f, 10 }, WireDump.Floats(config, 1));
        Assert.Equal(2.5f, WireDump.Float(config, 11));
        Assert.Equal((1UL, 4UL, 20UL, 0UL), (WireDump.Varint(config, 18), WireDump.Varint(config, 19), WireDump.Varint(config, 9), WireDump.Varint(config, 27)));
    }

    [Theory]
    [InlineData("[2,3]", 2UL, 3UL)]
    [InlineData("[2,3,4]", 2UL, 3UL)]
    [InlineData("[2]", 1UL, 4UL)]
    [InlineData("[2,70000]", 1UL, 4UL)]
    [InlineData("[-1,3]", 1UL, 4UL)]
    [InlineData("[2,3,\"x\"]", 1UL, 4UL)]
    [InlineData("5", 1UL, 4UL)]
    public void GraduatingIntervalsAreTheFirstTwoOfAllValidInts(string ints, ulong good, ulong easy)
    {
        var config = FromLegacy(new JsonObject
        {
            ["new"] = JsonNode.Parse($"{{\"delays\":[3],\"initialFactor\":2000,\"ints\":{ints},\"order\":0,\"perDay\":5}}"),
        });

        Assert.Equal((good, easy), (WireDump.Varint(config, 18), WireDump.Varint(config, 19)));
        Assert.Equal(5UL, WireDump.Varint(config, 9));
    }

    [Fact]
    public void InvalidNewValuesFallBackOneByOne()
    {
        var config = FromLegacy(new JsonObject
        {
            ["new"] = JsonNode.Parse("{\"delays\":[3],\"initialFactor\":2000,\"ints\":[2,\"x\"],\"order\":7,\"perDay\":-4,\"bury\":true}"),
        });

        Assert.Equal(new[] { 3f }, WireDump.Floats(config, 1));
        Assert.Equal(2.0f, WireDump.Float(config, 11));
        Assert.Equal((1UL, 4UL), (WireDump.Varint(config, 18), WireDump.Varint(config, 19)));
        Assert.Equal(0UL, WireDump.Varint(config, 20));
        Assert.Equal(0UL, WireDump.Varint(config, 9));
        Assert.Equal(1UL, WireDump.Varint(config, 27));
    }

    [Theory]
    [InlineData("{\"ivlFct\":1,\"maxIvl\":100,\"perDay\":5}")]
    [InlineData("{\"ease4\":\"1.5\",\"ivlFct\":1,\"maxIvl\":100,\"perDay\":5}")]
    [InlineData("{\"ease4\":1.5,\"ivlFct\":null,\"maxIvl\":100,\"perDay\":5}")]
    [InlineData("{\"ease4\":1.5,\"ivlFct\":1,\"maxIvl\":-1,\"perDay\":5}")]
    [InlineData("{\"ease4\":1.5,\"ivlFct\":1,\"maxIvl\":\"100\",\"perDay\":5}")]
    [InlineData("{\"ease4\":1.5,\"ivlFct\":1,\"maxIvl\":100,\"perDay\":5,\"hardFactor\":\"x\"}")]
    [InlineData("{\"ease4\":1.5,\"ivlFct\":1,\"maxIvl\":100,\"perDay\":5,\"bury\":\"yes\"}")]
    public void AMalformedRevSectionIsReplacedWhole(string section)
    {
        var config = FromLegacy(new JsonObject { ["rev"] = JsonNode.Parse(section) });

        Assert.Equal((1.3f, 1.0f, 1.2f), (WireDump.Float(config, 12), WireDump.Float(config, 15), WireDump.Float(config, 13)));
        Assert.Equal((36500UL, 200UL, 0UL), (WireDump.Varint(config, 16), WireDump.Varint(config, 10), WireDump.Varint(config, 28)));
    }

    [Fact]
    public void ARevSectionWithoutAHardFactorTakesTheDefaultOne()
    {
        var config = FromLegacy(new JsonObject { ["rev"] = JsonNode.Parse("{\"ease4\":1.5,\"ivlFct\":0.9,\"maxIvl\":100,\"perDay\":5,\"bury\":true}") });

        Assert.Equal((1.5f, 0.9f, 1.2f), (WireDump.Float(config, 12), WireDump.Float(config, 15), WireDump.Float(config, 13)));
        Assert.Equal((100UL, 5UL, 1UL), (WireDump.Varint(config, 16), WireDump.Varint(config, 10), WireDump.Varint(config, 28)));
    }

    [Theory]
    [InlineData("{\"leechAction\":0,\"leechFails\":3,\"minInt\":2,\"mult\":0.5}")]
    [InlineData("{\"delays\":[5],\"leechAction\":0,\"leechFails\":-3,\"minInt\":2,\"mult\":0.5}")]
    [InlineData("{\"delays\":[5],\"leechAction\":0,\"leechFails\":3,\"minInt\":-2,\"mult\":0.5}")]
    [InlineData("{\"delays\":[5],\"leechAction\":0,\"leechFails\":\"3\",\"minInt\":2,\"mult\":0.5}")]
    [InlineData("{\"delays\":[5],\"leechAction\":0,\"leechFails\":3,\"minInt\":null,\"mult\":0.5}")]
    [InlineData("{\"delays\":[5],\"leechAction\":0,\"leechFails\":3,\"minInt\":2,\"mult\":\"half\"}")]
    public void AMalformedLapseSectionIsReplacedWhole(string section)
    {
        var config = FromLegacy(new JsonObject { ["lapse"] = JsonNode.Parse(section) });

        Assert.Equal(new[] { 10f }, WireDump.Floats(config, 2));
        Assert.Equal((1UL, 8UL, 1UL), (WireDump.Varint(config, 21), WireDump.Varint(config, 22), WireDump.Varint(config, 17)));
        Assert.Equal(0f, WireDump.Float(config, 14));
    }

    [Theory]
    [InlineData(0, 0UL)]
    [InlineData(1, 1UL)]
    [InlineData(2, 1UL)]
    [InlineData(-1, 1UL)]
    public void ALeechActionOtherThanSuspendOrTagIsSuspend(int action, ulong expected)
    {
        var config = FromLegacy(new JsonObject
        {
            ["lapse"] = JsonNode.Parse($"{{\"delays\":[5],\"leechAction\":{action},\"leechFails\":3,\"minInt\":2,\"mult\":0.5}}"),
        });

        Assert.Equal(expected, WireDump.Varint(config, 21));
        Assert.Equal((3UL, 2UL, 0.5f), (WireDump.Varint(config, 22), WireDump.Varint(config, 17), WireDump.Float(config, 14)));
        Assert.Equal(new[] { 5f }, WireDump.Floats(config, 2));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("255", true)]
    [InlineData("256", false)]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"1\"", false)]
    public void TheTimerIsOnForANumberFromOneTo255OrTrue(string timer, bool shown)
    {
        var config = FromLegacy(new JsonObject { ["timer"] = JsonNode.Parse(timer) });

        Assert.Equal(shown ? 1UL : 0UL, WireDump.Varint(config, 25));
    }

    [Fact]
    public void ANegativeAnswerTimeLimitIsZero()
    {
        Assert.Equal(0UL, WireDump.Varint(FromLegacy(new JsonObject { ["maxTaken"] = -5 }), 24));
    }

    [Theory]
    [InlineData(0, 0L)]
    [InlineData(4, 4L)]
    [InlineData(5, 2L)]
    [InlineData(-1, 2L)]
    public void AnAnswerActionBeyondAnkisIsBuryCard(int stored, long written)
    {
        Assert.Equal(written, (long)ToLegacy(new ProtoBuilder().Int32(43, stored).ToArray())["answerAction"]!);
    }

    [Fact]
    public void AnInitialEaseBeyondTheRangeIsClamped()
    {
        static byte[] Ease(float value) => new ProtoBuilder().Float(11, value).ToArray();

        Assert.Equal(0L, (long)ToLegacy(Ease(-1))["new"]!["initialFactor"]!);
        Assert.Equal(65535L, (long)ToLegacy(Ease(100))["new"]!["initialFactor"]!);
        Assert.Equal(1300L, (long)ToLegacy(Ease(1.3f))["new"]!["initialFactor"]!);
    }

    [Fact]
    public void AnEmptyConfigWritesAnkisSchema11Shape()
    {
        var json = ToLegacy(Array.Empty<byte>());

        Assert.Equal((true, 0L, true, false), ((bool)json["autoplay"]!, (long)json["timer"]!, (bool)json["replayq"]!, (bool)json["new"]!["bury"]!));
        Assert.Equal(1L, (long)json["new"]!["order"]!);
        Assert.Equal(0L, (long)json["lapse"]!["leechAction"]!);
        Assert.Equal(0L, (long)json["answerAction"]!);
        Assert.Equal(new[] { "bury", "delays", "initialFactor", "ints", "order", "perDay" }, json["new"]!.AsObject().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(new[] { "bury", "ease4", "hardFactor", "ivlFct", "maxIvl", "perDay" }, json["rev"]!.AsObject().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(new[] { "delays", "leechAction", "leechFails", "minInt", "mult" }, json["lapse"]!.AsObject().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(Encoding.UTF8.GetBytes(""), Convert.FromBase64String((string)json[PrivateKeys.DeckConfigProto]!));
    }

    [Fact]
    public void UnknownKeysOfTheJsonTravelInOther()
    {
        var json = new JsonObject
        {
            ["custom"] = "top",
            ["new"] = JsonNode.Parse("{\"delays\":[3],\"initialFactor\":2000,\"ints\":[2,3],\"order\":0,\"perDay\":5,\"note\":\"n\"}"),
            ["rev"] = JsonNode.Parse("{\"ease4\":1.5,\"ivlFct\":1,\"maxIvl\":100,\"perDay\":5,\"note\":\"r\"}"),
            ["lapse"] = JsonNode.Parse("{\"delays\":[5],\"leechAction\":0,\"leechFails\":3,\"minInt\":2,\"mult\":0.5,\"note\":\"l\"}"),
        };

        var config = FromLegacy(json);

        var other = JsonNode.Parse(WireDump.Fields(config).Single(f => f.Number == 255).Value.Substring(1))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"custom\":\"top\",\"new\":{\"note\":\"n\"},\"rev\":{\"note\":\"r\"},\"lapse\":{\"note\":\"l\"}}"), other), other.ToJsonString());
        var back = ToLegacy(config);
        Assert.Equal(("top", "n", "r", "l"), ((string)back["custom"]!, (string)back["new"]!["note"]!, (string)back["rev"]!["note"]!, (string)back["lapse"]!["note"]!));
    }

    [Fact]
    public void AnEmptyRowIsAPresetWithAnEmptyName()
    {
        var json = LegacyJsonText.Written(writer => DeckConfigConverter.WriteLegacy(writer, new DeckConfigRow()));

        Assert.Equal(("", 0L, ""), ((string)json["name"]!, (long)json["id"]!, (string)json[PrivateKeys.DeckConfigProto]!));
    }
}
