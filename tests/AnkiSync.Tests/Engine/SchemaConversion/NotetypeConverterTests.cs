using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.SchemaConversion;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// A note type with its fields and templates through the converter without any real file: each schema-18 field under its
/// schema-11 key (notetype/schema11.rs) and back, and what Anki does with values it cannot use.
/// </summary>
public sealed class NotetypeConverterTests
{
    private static readonly byte[] FullConfig = new ProtoBuilder()
        .Varint(1, 1)
        .Varint(2, 1)
        .Text(3, ".card { color: red }")
        .Varint(4, 77)
        .Text(5, "\\begin{document}")
        .Text(6, "\\end{document}")
        .Varint(7, 1)
        .Message(8, new ProtoBuilder().Varint(2, 2).PackedVarints(3, 0, 1))
        .Message(8, new ProtoBuilder().Varint(1, 1).Varint(2, 1).PackedVarints(3, 1))
        .Varint(9, 3)
        .Varint(10, 555)
        .Text(255, "{\"vers\":[1]}")
        .ToArray();

    private static readonly byte[] FullField = new ProtoBuilder()
        .Varint(1, 1)
        .Varint(2, 1)
        .Text(3, "Mono")
        .Varint(4, 14)
        .Text(5, "What to write")
        .Varint(6, 1)
        .Varint(7, 1)
        .Varint(8, 1)
        .Varint(9, 123)
        .Varint(10, 4)
        .Varint(11, 1)
        .Text(255, "{\"media\":[]}")
        .ToArray();

    private static readonly byte[] FullTemplate = new ProtoBuilder()
        .Text(1, "{{Front}}")
        .Text(2, "{{FrontSide}}<hr id=answer>{{Back}}")
        .Text(3, "{{Front}} (browser)")
        .Text(4, "{{Back}} (browser)")
        .Varint(5, 88)
        .Text(6, "Serif")
        .Varint(7, 12)
        .Varint(8, 999)
        .Text(255, "{\"extraTemplate\":true}")
        .ToArray();

    private static NotetypeRow Row(byte[] config, byte[] field, byte[] template)
    {
        var row = new NotetypeRow { Id = 42, Name = "Vocab", MtimeSecs = 1_700_000_000, Usn = -1, Config = config };
        row.Fields.Add(new NotetypeFieldRow { Ord = 0, Name = "Word", Config = field });
        row.Fields.Add(new NotetypeFieldRow { Ord = 1, Name = "Meaning", Config = field });
        row.Templates.Add(new NotetypeTemplateRow { Ord = 0, Name = "Recognise", MtimeSecs = 1_650_000_000, Usn = 7, Config = template });
        return row;
    }

    private static JsonObject ToLegacy(NotetypeRow row)
        => LegacyJsonText.Written(writer => NotetypeConverter.WriteLegacy(writer, row));

    private static NotetypeRow FromLegacy(JsonNode notetype, long mapKeyId = 1)
        => LegacyJsonText.Read(notetype, n => NotetypeConverter.ReadLegacy(n, mapKeyId));

    private static JsonNode Minimal(string extra) => JsonNode.Parse("{\"name\":\"N\"" + extra + "}")!;

    [Fact]
    public void TheNoteTypeHasEachFieldUnderItsSchema11Key()
    {
        var json = ToLegacy(Row(FullConfig, FullField, FullTemplate));

        Assert.Equal((42L, "Vocab", 1L, 1_700_000_000L, -1L, 1L, 77L), ((long)json["id"]!, (string)json["name"]!, (long)json["type"]!, (long)json["mod"]!,
            (long)json["usn"]!, (long)json["sortf"]!, (long)json["did"]!));
        Assert.Equal((".card { color: red }", "\\begin{document}", "\\end{document}", true),
            ((string)json["css"]!, (string)json["latexPre"]!, (string)json["latexPost"]!, (bool)json["latexsvg"]!));
        Assert.Equal("[[0,\"all\",[0,1]],[1,\"any\",[1]]]", json["req"]!.ToJsonString());
        Assert.Equal((3L, 555L), ((long)json["originalStockKind"]!, (long)json["originalId"]!));
        Assert.Equal("[1]", json["vers"]!.ToJsonString());
    }

    [Fact]
    public void EachFieldHasItsSchema11Keys()
    {
        var field = ToLegacy(Row(FullConfig, FullField, FullTemplate))["flds"]![1]!;

        Assert.Equal(("Meaning", 1L, true, true, "Mono", 14L), ((string)field["name"]!, (long)field["ord"]!, (bool)field["sticky"]!, (bool)field["rtl"]!,
            (string)field["font"]!, (long)field["size"]!));
        Assert.Equal(("What to write", true, true, true), ((string)field["description"]!, (bool)field["plainText"]!, (bool)field["collapsed"]!, (bool)field["excludeFromSearch"]!));
        Assert.Equal((123L, 4L, true), ((long)field["id"]!, (long)field["tag"]!, (bool)field["preventDeletion"]!));
        Assert.Equal("[]", field["media"]!.ToJsonString());
    }

    [Fact]
    public void EachTemplateHasItsSchema11Keys()
    {
        var template = ToLegacy(Row(FullConfig, FullField, FullTemplate))["tmpls"]![0]!;

        Assert.Equal(("Recognise", 0L, "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"), ((string)template["name"]!, (long)template["ord"]!,
            (string)template["qfmt"]!, (string)template["afmt"]!));
        Assert.Equal(("{{Front}} (browser)", "{{Back}} (browser)", 88L, "Serif", 12L, 999L), ((string)template["bqfmt"]!, (string)template["bafmt"]!,
            (long)template["did"]!, (string)template["bfont"]!, (long)template["bsize"]!, (long)template["id"]!));
        Assert.Equal((1_650_000_000L, 7L), ((long)template[PrivateKeys.TemplateMtime]!, (long)template[PrivateKeys.TemplateUsn]!));
        Assert.True((bool)template["extraTemplate"]!);
    }

    [Fact]
    public void EverythingComesBackFromTheJson()
    {
        var row = FromLegacy(ToLegacy(Row(FullConfig, FullField, FullTemplate)));

        Assert.Equal((42L, "Vocab", 1_700_000_000L, -1), (row.Id, row.Name, row.MtimeSecs, row.Usn));
        WireDump.AssertSameFields(FullConfig, row.Config, "config");
        Assert.Equal(new[] { ("Word", 0), ("Meaning", 1) }, row.Fields.Select(f => (f.Name, f.Ord)));
        Assert.All(row.Fields, f => WireDump.AssertSameFields(FullField, f.Config, "field"));
        var template = Assert.Single(row.Templates);
        Assert.Equal(("Recognise", 0, 1_650_000_000L, 7), (template.Name, template.Ord, template.MtimeSecs, template.Usn));
        WireDump.AssertSameFields(FullTemplate, template.Config, "template");
    }

    [Fact]
    public void UnsetValuesAreWrittenAsAnkiWritesThem()
    {
        var row = Row(System.Array.Empty<byte>(), System.Array.Empty<byte>(), System.Array.Empty<byte>());
        row.Templates[0].MtimeSecs = 0;
        row.Templates[0].Usn = 0;

        var json = ToLegacy(row);

        Assert.Null(json["did"]);
        Assert.True(json.ContainsKey("did"));
        Assert.False(json.ContainsKey("originalStockKind"));
        Assert.False(json.ContainsKey("originalId"));
        Assert.Equal((0L, 0L, false), ((long)json["type"]!, (long)json["sortf"]!, (bool)json["latexsvg"]!));
        Assert.Null(json["flds"]![0]!["id"]);
        Assert.Null(json["flds"]![0]!["tag"]);
        Assert.True(json["flds"]![0]!.AsObject().ContainsKey("tag"));
        Assert.Null(json["tmpls"]![0]!["did"]);
        Assert.Null(json["tmpls"]![0]!["id"]);
        Assert.False(json["tmpls"]![0]!.AsObject().ContainsKey(PrivateKeys.TemplateMtime));
        Assert.False(json["tmpls"]![0]!.AsObject().ContainsKey(PrivateKeys.TemplateUsn));
    }

    [Fact]
    public void KindsAndRequirementsAnkiDoesNotKnowAreStandardAndNone()
    {
        var config = new ProtoBuilder().Varint(1, 5)
            .Message(8, new ProtoBuilder().Varint(2, 7).PackedVarints(3, 0))
            .Message(8, new ProtoBuilder().Varint(1, 1).Varint(2, 3).PackedVarints(3, 1))
            .Message(8, new ProtoBuilder().Varint(1, 2).Int32(2, -1).PackedVarints(3, 2))
            .ToArray();
        var template = new ProtoBuilder().Int32(5, -3).ToArray();

        var json = ToLegacy(Row(config, System.Array.Empty<byte>(), template));

        Assert.Equal(0L, (long)json["type"]!);
        Assert.Equal("[[0,\"none\",[0]],[1,\"none\",[1]],[2,\"none\",[2]]]", json["req"]!.ToJsonString());
        Assert.Null(json["tmpls"]![0]!["did"]);
    }

    [Fact]
    public void TheMapKeyIsTheIdWhenTheObjectsIdIsMissingOrZero()
    {
        Assert.Equal(9L, FromLegacy(Minimal(""), 9).Id);
        Assert.Equal(9L, FromLegacy(Minimal(",\"id\":0"), 9).Id);
        Assert.Equal(5L, FromLegacy(Minimal(",\"id\":5"), 9).Id);
    }

    [Theory]
    [InlineData(",\"type\":1", 1UL)]
    [InlineData(",\"type\":2", 0UL)]
    [InlineData(",\"type\":-1", 0UL)]
    public void OnlyTypeOneIsCloze(string type, ulong kind)
    {
        Assert.Equal(kind, WireDump.Varint(FromLegacy(Minimal(type)).Config, 1));
    }

    [Fact]
    public void ValuesOfTheWrongKindFallBack()
    {
        var config = FromLegacy(Minimal(",\"sortf\":70000,\"did\":\"12\",\"latexsvg\":1")).Config;

        Assert.Equal(0UL, WireDump.Varint(config, 2));
        Assert.Equal(0UL, WireDump.Varint(config, 4));
        Assert.Equal(0UL, WireDump.Varint(config, 7));
    }

    [Theory]
    [InlineData("[[0,\"any\",[0]],[1,\"any\"]]")]
    [InlineData("[[0,\"some\",[0]]]")]
    [InlineData("[[-1,\"any\",[0]]]")]
    [InlineData("[[0,\"any\",[70000]]]")]
    [InlineData("[[0,\"any\",0]]")]
    [InlineData("[[0,1,[0]]]")]
    [InlineData("[[\"0\",\"any\",[0]]]")]
    [InlineData("[[0,\"any\",[\"0\"]]]")]
    [InlineData("[[0,\"any\",[null]]]")]
    [InlineData("[\"x\"]")]
    [InlineData("{}")]
    public void OneMalformedRequirementEmptiesTheList(string req)
    {
        Assert.DoesNotContain(WireDump.Fields(FromLegacy(Minimal($",\"req\":{req}")).Config), f => f.Number == 8);
    }

    [Fact]
    public void RequirementsAreReadInOrder()
    {
        var config = FromLegacy(Minimal(",\"req\":[[0,\"none\",[]],[1,\"all\",[2,0]]]")).Config;

        var messages = WireDump.Fields(config).Where(f => f.Number == 8).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal("[[0,\"none\",[]],[1,\"all\",[2,0]]]",
            ToLegacy(new NotetypeRow { Config = config })["req"]!.ToJsonString());
    }

    [Fact]
    public void AFieldsDefaultsAreArialTwenty()
    {
        var field = FromLegacy(Minimal(",\"flds\":[{\"name\":\"F\"}]")).Fields.Single().Config;

        Assert.Equal("Arial", WireDump.String(field, 3));
        Assert.Equal(20UL, WireDump.Varint(field, 4));
        Assert.DoesNotContain(WireDump.Fields(field), f => f.Number is 9 or 10);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("4294967296")]
    [InlineData("\"3\"")]
    public void AFieldTagOutsideItsRangeIsLeftOut(string tag)
    {
        var field = FromLegacy(Minimal($",\"flds\":[{{\"name\":\"F\",\"tag\":{tag}}}]")).Fields.Single().Config;

        Assert.DoesNotContain(WireDump.Fields(field), f => f.Number == 10);
    }

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("4294967295", 4294967295UL)]
    public void AFieldTagAtItsBoundsIsKept(string tag, ulong expected)
    {
        var field = FromLegacy(Minimal($",\"flds\":[{{\"name\":\"F\",\"tag\":{tag}}}]")).Fields.Single().Config;

        Assert.Contains(WireDump.Fields(field), f => f.Number == 10);
        Assert.Equal(expected, WireDump.Varint(field, 10));
    }

    [Theory]
    [InlineData("-4", 0UL)]
    [InlineData("0", 0UL)]
    [InlineData("\"12\"", 0UL)]
    [InlineData("12", 12UL)]
    [InlineData("4294967295", 4294967295UL)]
    [InlineData("4294967296", 0UL)]
    public void ATemplatesBrowserFontSizeMustBeAPositiveNumber(string size, ulong expected)
    {
        var template = FromLegacy(Minimal($",\"tmpls\":[{{\"name\":\"T\",\"bsize\":{size}}}]")).Templates.Single().Config;

        Assert.Equal(expected, WireDump.Varint(template, 7));
    }

    [Fact]
    public void NamesAreNfcAndMadeUniqueIgnoringCaseWithPlusSigns()
    {
        var row = FromLegacy(JsonNode.Parse(
            "{\"name\":\"cafe\u0301\",\"flds\":[{\"name\":\"Word\"},{\"name\":\"word\"},{\"name\":\"WORD\"},{\"name\":\"Other\"}],\"tmpls\":[{\"name\":\"Card\"},{\"name\":\"card\"}]}")!);

        Assert.Equal("caf\u00e9", row.Name);
        Assert.Equal(new[] { "Word", "word+", "WORD++", "Other" }, row.Fields.Select(f => f.Name));
        Assert.Equal(new[] { 0, 1, 2, 3 }, row.Fields.Select(f => f.Ord));
        Assert.Equal(new[] { "Card", "card+" }, row.Templates.Select(t => t.Name));
    }

    [Fact]
    public void FieldsAndTemplatesThatAreNotListsAreNone()
    {
        var row = FromLegacy(Minimal(",\"flds\":{},\"tmpls\":\"x\""));

        Assert.Empty(row.Fields);
        Assert.Empty(row.Templates);
    }

    [Fact]
    public void EmptyRowsHaveEmptyNames()
    {
        var row = new NotetypeRow();
        row.Fields.Add(new NotetypeFieldRow());
        row.Templates.Add(new NotetypeTemplateRow());

        var json = ToLegacy(row);

        Assert.Equal(("", "", ""), ((string)json["name"]!, (string)json["flds"]![0]!["name"]!, (string)json["tmpls"]![0]!["name"]!));
        Assert.Equal(("", ""), ((string)json["tmpls"]![0]!["qfmt"]!, (string)json["css"]!));
    }

    [Fact]
    public void MissingKeysReadAsEmptyTextsAndFalse()
    {
        var row = FromLegacy(JsonNode.Parse("{\"flds\":[{\"font\":\"Mono\"}],\"tmpls\":[{\"bfont\":\"Serif\"}]}")!);

        Assert.Equal("", row.Name);
        Assert.Empty(WireDump.Fields(row.Config));
        var field = Assert.Single(row.Fields);
        Assert.Equal("", field.Name);
        Assert.Equal(new[] { 3, 4 }, WireDump.Fields(field.Config).Select(f => f.Number));
        var template = Assert.Single(row.Templates);
        Assert.Equal("", template.Name);
        Assert.Equal(new[] { 6 }, WireDump.Fields(template.Config).Select(f => f.Number));
    }
}
