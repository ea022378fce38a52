using System;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;

namespace AnkiSync.Tests.Engine.Collection;

public class NoteTypeJsonTests
{
    private static readonly TemplateDefinition[] OneCard = { new("Card 1", "{{Word}}", "{{FrontSide}}<hr id=answer>{{Meaning}}") };

    [Fact]
    public void CustomNoteTypeHasTheStockShape()
    {
        var custom = NoteTypeJson.Create(1712345678901, "Vocabulary", new[] { "Word", "Meaning", "Example" },
            OneCard, ".card { color: red; }", false, 1, 1712345678);
        var stock = StockNoteTypes.Create("Basic", 1, 0);

        // Same keys in the same order, except the stock-only originalStockKind.
        Assert.Equal(AnkiJsonKeys.KeysOf(stock).Where(k => k != "originalStockKind"), AnkiJsonKeys.KeysOf(custom));
        Assert.Equal(AnkiJsonKeys.KeysOf(stock["flds"]![0]), AnkiJsonKeys.KeysOf(custom["flds"]![2]));
        Assert.Equal(AnkiJsonKeys.KeysOf(stock["tmpls"]![0]), AnkiJsonKeys.KeysOf(custom["tmpls"]![0]));

        Assert.Equal(1712345678901, (long)custom["id"]!);
        Assert.Equal("Vocabulary", (string)custom["name"]!);
        Assert.Equal(0, (int)custom["type"]!);
        Assert.Equal(1, (int)custom["sortf"]!);
        Assert.Equal(1712345678, (long)custom["mod"]!);
        Assert.Equal(".card { color: red; }", (string)custom["css"]!);
        Assert.Equal(new[] { 0, 1, 2 }, custom["flds"]!.AsArray().Select(f => (int)f!["ord"]!));
        Assert.Equal("{{Word}}", (string)custom["tmpls"]![0]!["qfmt"]!);
        Assert.Equal("{{FrontSide}}<hr id=answer>{{Meaning}}", (string)custom["tmpls"]![0]!["afmt"]!);
        Assert.Equal("[[0,\"any\",[0]]]", custom["req"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(custom, JsonNode.Parse(custom.ToJsonString())));
    }

    [Fact]
    public void NullCssMeansAnkisDefaultForTheKind()
    {
        var standard = NoteTypeJson.Create(1, "A", new[] { "F" }, new[] { new TemplateDefinition("C", "{{F}}", "") }, null, false, 0, 0);
        var cloze = NoteTypeJson.Create(2, "B", new[] { "F" }, Array.Empty<TemplateDefinition>(), null, true, 0, 0);

        Assert.Equal(NoteTypeJson.DefaultCss, (string)standard["css"]!);
        Assert.Equal(NoteTypeJson.DefaultClozeCss, (string)cloze["css"]!);
    }

    [Fact]
    public void ClozeWithoutTemplatesGetsAnkisClozeTemplateOverTheFirstField()
    {
        var cloze = NoteTypeJson.Create(7, "My Cloze", new[] { "Passage", "Notes" }, Array.Empty<TemplateDefinition>(), null, true, 0, 0);

        Assert.Equal(1, (int)cloze["type"]!);
        var template = Assert.Single(cloze["tmpls"]!.AsArray())!;
        Assert.Equal("Cloze", (string)template["name"]!);
        Assert.Equal("{{cloze:Passage}}", (string)template["qfmt"]!);
        Assert.Equal("{{cloze:Passage}}<br>\n{{Notes}}", (string)template["afmt"]!);
        Assert.False(cloze.ContainsKey("originalStockKind"));
    }

    [Fact]
    public void ClozeWithOneFieldAndNoTemplatesShowsTheClozeOnBothSides()
    {
        var cloze = NoteTypeJson.Create(7, "Single", new[] { "Text" }, null!, null, true, 0, 0);

        var template = Assert.Single(cloze["tmpls"]!.AsArray())!;
        Assert.Equal("{{cloze:Text}}", (string)template["qfmt"]!);
        Assert.Equal("{{cloze:Text}}", (string)template["afmt"]!);
    }

    [Fact]
    public void ClozeKeepsOnlyItsFirstTemplate()
    {
        var cloze = NoteTypeJson.Create(7, "Two", new[] { "Text" },
            new[] { new TemplateDefinition("First", "{{cloze:Text}}", "{{cloze:Text}}!"), new TemplateDefinition("Second", "{{Text}}", "") },
            null, true, 0, 0);

        var template = Assert.Single(cloze["tmpls"]!.AsArray())!;
        Assert.Equal("First", (string)template["name"]!);
        Assert.Equal("{{cloze:Text}}!", (string)template["afmt"]!);
    }

    [Fact]
    public void FieldNamesAreStrippedTheWayAnkiStripsThem()
    {
        // Anki's own test vector for NoteField::fix_name.
        Assert.Equal("test field name #/^", NoteTypeJson.CleanFieldName("  # /^ t:e{s\"t} field name #/^  "));

        var noteType = NoteTypeJson.Create(1, "Q\"uoted\"", new[] { "#Front", " Back: ", "{{Extra}}" }, OneCard, null, false, 0, 0);

        Assert.Equal("Quoted", (string)noteType["name"]!);
        Assert.Equal(new[] { "Front", "Back", "Extra" }, noteType["flds"]!.AsArray().Select(f => (string)f!["name"]!));
    }

    [Fact]
    public void NamesAreNormalisedToNfc()
    {
        var decomposed = "Cafe\u0301";
        var noteType = NoteTypeJson.Create(1, decomposed, new[] { decomposed },
            new[] { new TemplateDefinition(decomposed, "{{x}}", "") }, null, false, 0, 0);

        Assert.Equal("Caf\u00e9", (string)noteType["name"]!);
        Assert.Equal("Caf\u00e9", (string)noteType["flds"]![0]!["name"]!);
        Assert.Equal("Caf\u00e9", (string)noteType["tmpls"]![0]!["name"]!);
    }

    [Fact]
    public void TemplateNamesLoseQuotes()
    {
        var noteType = NoteTypeJson.Create(1, "N", new[] { "F" }, new[] { new TemplateDefinition("\"Recall\"", "{{F}}", "") }, null, false, 0, 0);

        Assert.Equal("Recall", (string)noteType["tmpls"]![0]!["name"]!);
    }

    [Theory]
    [InlineData("{{#A}}{{B}}{{/A}}", "[0,\"all\",[0,1]]")]
    [InlineData("{{^A}}{{B}}{{/A}}", "[0,\"any\",[1]]")]
    [InlineData("{{text:A}} and {{B}}", "[0,\"any\",[0,1]]")]
    [InlineData("<!-- {{A}} -->{{B}}", "[0,\"any\",[1]]")]
    [InlineData("{{ A }}", "[0,\"any\",[0]]")]
    [InlineData("{{{A}}}", "[0,\"any\",[0]]")]
    [InlineData("{{=<% %>=}}<%A%>", "[0,\"any\",[0]]")]
    [InlineData("only text", "[0,\"none\",[]]")]
    [InlineData("{{FrontSide}}{{Tags}}", "[0,\"none\",[]]")]
    [InlineData("{{#A}}{{B}}", "[0,\"none\",[]]")]
    [InlineData("{{#A}}{{B}}{{/B}}", "[0,\"none\",[]]")]
    [InlineData("{{A", "[0,\"none\",[]]")]
    public void ReqIsComputedFromTheFrontTheWayAnkiDoes(string front, string expected)
    {
        var noteType = NoteTypeJson.Create(1, "N", new[] { "A", "B" }, new[] { new TemplateDefinition("C", front, "") }, null, false, 0, 0);

        Assert.Equal(expected, noteType["req"]![0]!.ToJsonString());
    }

    [Fact]
    public void NoFieldsIsInvalid()
    {
        AssertInvalid(() => NoteTypeJson.Create(1, "Empty", Array.Empty<string>(), OneCard, null, false, 0, 0), "at least one field");
        AssertInvalid(() => NoteTypeJson.Create(1, "Empty", null!, OneCard, null, false, 0, 0), "at least one field");
    }

    [Fact]
    public void NoTemplatesIsInvalidForStandardNoteTypes()
    {
        AssertInvalid(() => NoteTypeJson.Create(1, "Bare", new[] { "F" }, Array.Empty<TemplateDefinition>(), null, false, 0, 0), "at least one card template");
    }

    [Theory]
    [InlineData("")]
    [InlineData("::")]
    [InlineData("{}")]
    [InlineData("# / ^")]
    [InlineData("   ")]
    [InlineData("\"\"")]
    public void FieldNameEmptyAfterStrippingIsInvalid(string fieldName)
    {
        AssertInvalid(() => NoteTypeJson.Create(1, "N", new[] { "Good", fieldName }, OneCard, null, false, 0, 0), "Field name");
    }

    [Fact]
    public void NullFieldNameIsInvalid()
    {
        AssertInvalid(() => NoteTypeJson.Create(1, "N", new[] { "Good", null! }, OneCard, null, false, 0, 0), "Field name");
    }

    [Theory]
    [InlineData("Front", "Front")]
    [InlineData("Front", "front")]
    [InlineData("Front", "Front:")]
    [InlineData("Front", " #Front ")]
    public void DuplicateFieldNamesAfterStrippingAreInvalid(string first, string second)
    {
        AssertInvalid(() => NoteTypeJson.Create(1, "N", new[] { first, second }, OneCard, null, false, 0, 0), "two fields named 'Front'");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"\"")]
    [InlineData("  ")]
    public void TemplateNameEmptyAfterStrippingIsInvalid(string templateName)
    {
        AssertInvalid(() => NoteTypeJson.Create(1, "N", new[] { "F" }, new[] { new TemplateDefinition(templateName, "{{F}}", "") }, null, false, 0, 0),
            "Template name");
    }

    [Theory]
    [InlineData("Card 1", "card 1")]
    [InlineData("Card 1", "\"Card 1\"")]
    public void DuplicateTemplateNamesAreInvalid(string first, string second)
    {
        var templates = new[] { new TemplateDefinition(first, "{{F}}", ""), new TemplateDefinition(second, "{{G}}", "") };

        AssertInvalid(() => NoteTypeJson.Create(1, "N", new[] { "F", "G" }, templates, null, false, 0, 0), "two templates named");
    }

    [Fact]
    public void NullTemplateIsInvalid()
    {
        AssertInvalid(() => NoteTypeJson.Create(1, "N", new[] { "F" }, new TemplateDefinition[] { null! }, null, false, 0, 0), "null");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"\"")]
    [InlineData(" ")]
    public void NoteTypeNameEmptyAfterStrippingIsInvalid(string name)
    {
        AssertInvalid(() => NoteTypeJson.Create(1, name, new[] { "F" }, OneCard, null, false, 0, 0), "Note type name");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void SortFieldOutOfRangeIsInvalid(int sortFieldIndex)
    {
        AssertInvalid(() => NoteTypeJson.Create(1, "N", new[] { "F", "G" }, OneCard, null, false, sortFieldIndex, 0), "sort field index");
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    public void NonPositiveIdIsInvalid(long id)
    {
        AssertInvalid(() => NoteTypeJson.Create(id, "N", new[] { "F" }, OneCard, null, false, 0, 0), "positive id");
    }

    [Fact]
    public void TemplateDefinitionRejectsNulls()
    {
        Assert.Throws<ArgumentNullException>(() => new TemplateDefinition(null!, "", ""));
        Assert.Throws<ArgumentNullException>(() => new TemplateDefinition("C", null!, ""));
        Assert.Throws<ArgumentNullException>(() => new TemplateDefinition("C", "", null!));
    }

    private static void AssertInvalid(Func<JsonObject> create, string messagePart)
    {
        var error = Assert.Throws<AnkiException>(() => create());
        Assert.Equal("InvalidNoteType", error.Reason);
        Assert.Equal(AnkiErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(messagePart, error.Message);
    }
}
