using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AnkiSync.SchemaConversion;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// The schema-11 JSON reader's leniency, rule by rule, as Anki's serde structs have it (numeric strings for ids,
/// booleans from anything, defaults for values of the wrong type), and the writer's serde_json-like output.
/// </summary>
public sealed class LegacyJsonTests
{
    /// <summary>The value of <c>v</c> in <c>{"v": json}</c>, read by <paramref name="read"/>.</summary>
    private static T Read<T>(string json, System.Func<JsonElement, T> read)
    {
        using var document = JsonDocument.Parse("{\"v\":" + json + "}");
        return read(document.RootElement);
    }

    [Theory]
    [InlineData("5", 5L)]
    [InlineData("-5", -5L)]
    [InlineData("5.9", 5L)]
    [InlineData("1e3", 1000L)]
    [InlineData("\"42\"", 42L)]
    [InlineData("\"4x\"", 7L)]
    [InlineData("\"4.2\"", 7L)]
    [InlineData("1e19", 7L)]
    [InlineData("-1e19", 7L)]
    [InlineData("9.1e18", 9_100_000_000_000_000_000L)]
    [InlineData("true", 7L)]
    [InlineData("null", 7L)]
    [InlineData("[1]", 7L)]
    public void AnInt64IsANumberOrNumericStringElseTheFallback(string json, long expected)
    {
        Assert.Equal(expected, Read(json, o => LegacyJson.Int64(o, "v", 7)));
        Assert.Equal(expected == 7 ? null : expected, Read(json, o => LegacyJson.OptionalInt64(o, "v")));
    }

    [Fact]
    public void AMissingKeyOrANonObjectGivesTheFallback()
    {
        Assert.Equal(7L, Read("{}", o => LegacyJson.Int64(o, "other", 7)));
        Assert.Equal(7L, Read("1", o => LegacyJson.Int64(o.GetProperty("v"), "v", 7)));
        Assert.False(Read("[1]", o => LegacyJson.TryGet(o.GetProperty("v"), "v", out _)));
        Assert.Null(Read("{}", o => LegacyJson.OptionalInt64(o, "other")));
    }

    [Theory]
    [InlineData("2147483647", 2147483647)]
    [InlineData("-2147483648", -2147483648)]
    [InlineData("2147483648", 9)]
    [InlineData("-2147483649", 9)]
    public void AnInt32OutOfRangeIsTheFallback(string json, int expected)
    {
        Assert.Equal(expected, Read(json, o => LegacyJson.Int32(o, "v", 9)));
    }

    [Theory]
    [InlineData("0", 0U, 0U)]
    [InlineData("4294967295", 4294967295U, 9U)]
    [InlineData("65535", 65535U, 65535U)]
    [InlineData("65536", 65536U, 9U)]
    [InlineData("4294967296", 9U, 9U)]
    [InlineData("-1", 9U, 9U)]
    public void UnsignedValuesOutOfRangeAreTheFallback(string json, uint asUInt32, uint asUInt16)
    {
        Assert.Equal(asUInt32, Read(json, o => LegacyJson.UInt32(o, "v", 9)));
        Assert.Equal(asUInt16, Read(json, o => LegacyJson.UInt16(o, "v", 9)));
        Assert.Equal(asUInt32 == 9 ? null : asUInt32, Read(json, o => LegacyJson.OptionalUInt32(o, "v")));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("0.5", true)]
    [InlineData("-2", true)]
    [InlineData("\"true\"", true)]
    [InlineData("\" TRUE \"", true)]
    [InlineData("\"1\"", true)]
    [InlineData("\"False\"", false)]
    [InlineData("\"0\"", false)]
    [InlineData("\"\"", false)]
    [InlineData("\"  \"", false)]
    public void ABoolIsReadFromAnything(string json, bool expected)
    {
        Assert.Equal(expected, Read(json, o => LegacyJson.Bool(o, "v", !expected)));
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("null")]
    [InlineData("[true]")]
    [InlineData("{}")]
    public void ABoolThatSaysNeitherIsTheFallback(string json)
    {
        Assert.True(Read(json, o => LegacyJson.Bool(o, "v", true)));
        Assert.False(Read(json, o => LegacyJson.Bool(o, "v", false)));
    }

    [Theory]
    [InlineData("true", true, true)]
    [InlineData("false", false, false)]
    [InlineData("1", false, true)]
    [InlineData("\"true\"", false, true)]
    public void AStrictBoolIsOnlyJsonTrueOrFalse(string json, bool withFalseFallback, bool withTrueFallback)
    {
        Assert.Equal(withFalseFallback, Read(json, o => LegacyJson.StrictBool(o, "v", false)));
        Assert.Equal(withTrueFallback, Read(json, o => LegacyJson.StrictBool(o, "v", true)));
        Assert.True(Read(json, o => LegacyJson.StrictBool(o, "missing", true)));
    }

    [Theory]
    [InlineData("1.5", 1.5f)]
    [InlineData("\"2.25\"", 2.25f)]
    [InlineData("\"1e2\"", 100f)]
    [InlineData("\"x\"", 9f)]
    [InlineData("true", 9f)]
    public void AFloatIsANumberOrNumericString(string json, float expected)
    {
        Assert.Equal(expected, Read(json, o => LegacyJson.Float(o, "v", 9f)));
        Assert.Equal(expected == 9f ? null : expected, Read(json, o => LegacyJson.OptionalFloat(o, "v")));
    }

    [Theory]
    [InlineData("[1, \"2.5\", 3]", new[] { 1f, 2.5f, 3f })]
    [InlineData("[]", new float[0])]
    [InlineData("[1, \"x\"]", null)]
    [InlineData("\"1,2\"", null)]
    [InlineData("null", null)]
    public void FloatsAreAllNumbersOrNone(string json, float[]? expected)
    {
        Assert.Equal(expected, Read(json, o => LegacyJson.Floats(o, "v"))?.ToArray());
    }

    [Theory]
    [InlineData("\"text\"", "text")]
    [InlineData("\"\"", "")]
    [InlineData("5", "fallback")]
    [InlineData("null", "fallback")]
    public void AStringIsOnlyAJsonString(string json, string expected)
    {
        Assert.Equal(expected, Read(json, o => LegacyJson.String(o, "v", "fallback")));
    }

    [Fact]
    public void DuplicateKeysKeepTheLastValueAtTheFirstPosition()
    {
        using var document = JsonDocument.Parse("{\"a\":1,\"b\":2,\"a\":3}");

        var properties = LegacyJson.Properties(document.RootElement);

        Assert.Equal(new[] { ("a", "3"), ("b", "2") }, properties.Select(p => (p.Key, p.Value.GetRawText())));
        Assert.Empty(LegacyJson.Properties(document.RootElement.GetProperty("a")));
    }

    [Theory]
    [InlineData(1.3f, "1.3")]
    [InlineData(0.1f, "0.1")]
    [InlineData(2f, "2")]
    [InlineData(-0.5f, "-0.5")]
    [InlineData(float.NaN, "null")]
    [InlineData(float.PositiveInfinity, "null")]
    public void FloatsAreWrittenShortestOrNullWhenNotFinite(float value, string expected)
    {
        Assert.Equal("{\"v\":" + expected + ",\"all\":[" + expected + "," + expected + "]}",
            LegacyJson.Write(writer =>
            {
                writer.WriteStartObject();
                LegacyJson.WriteFloat(writer, "v", value);
                LegacyJson.WriteFloats(writer, "all", new[] { value, value });
                writer.WriteEndObject();
            }));
    }

    [Fact]
    public void OutputEscapesOnlyWhatJsonRequires()
    {
        Assert.Equal("\"<b>Fran\u00e7ais</b> & \\\"q\\\" \\n\"", LegacyJson.Write(writer => writer.WriteStringValue("<b>Fran\u00e7ais</b> & \"q\" \n")));
    }

    [Fact]
    public void OtherPropertiesSkipWhatWasWrittenAndWhatIsPrivate()
    {
        using var document = JsonDocument.Parse("{\"keep\":1,\"done\":2,\"" + PrivateKeys.TemplateMtime + "\":3,\"also\":[4]}");
        var written = new HashSet<string> { "done" };

        string json = LegacyJson.Write(writer =>
        {
            writer.WriteStartObject();
            LegacyJson.WriteOtherProperties(writer, document.RootElement, written);
            writer.WriteEndObject();
        });

        Assert.Equal("{\"keep\":1,\"also\":[4]}", json);
        Assert.Contains("also", written);
    }

    [Fact]
    public void TheOtherBagHoldsUnreservedKeysOrIsEmpty()
    {
        using var document = JsonDocument.Parse("{\"id\":1,\"extra\":\"x\",\"" + PrivateKeys.TemplateUsn + "\":2}");

        Assert.Equal("{\"extra\":\"x\"}", System.Text.Encoding.UTF8.GetString(LegacyJson.OtherBytes(document.RootElement, new[] { "id" })));
        Assert.Empty(LegacyJson.OtherBytes(document.RootElement, new[] { "id", "extra" }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public void AnOtherBagThatIsNotAnObjectReadsEmpty(string bytes)
    {
        var other = LegacyJson.ParseOther(System.Text.Encoding.UTF8.GetBytes(bytes));

        Assert.Equal(JsonValueKind.Object, other.ValueKind);
        Assert.Empty(other.EnumerateObject());
    }

    [Fact]
    public void AnOtherBagThatIsAnObjectReadsAsIs()
    {
        var other = LegacyJson.ParseOther(System.Text.Encoding.UTF8.GetBytes("{\"a\":[1]}"));

        Assert.Equal("[1]", other.GetProperty("a").GetRawText());
    }
}
