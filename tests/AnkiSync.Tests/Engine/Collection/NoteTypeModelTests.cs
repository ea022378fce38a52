using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// A note type read from the <c>models</c> JSON: fields and templates in <c>ord</c> order, the sort field kept in
/// range, the template each card ordinal renders with, and the cards a note's filled fields make (cached per pattern).
/// </summary>
public class NoteTypeModelTests
{
    private static NoteTypeModel Model(string json) => new(JsonNode.Parse(json)!.AsObject());

    private const string Reversed = """
        { "id": 5, "name": "Optional reverse", "type": 0, "sortf": 1, "css": ".card {}",
          "flds": [ { "name": "Back", "ord": 1, "excludeFromSearch": true }, { "name": "Front", "ord": 0 }, 7, { "name": "Add Reverse", "ord": 2 } ],
          "tmpls": [ { "name": "Card 2", "ord": 1, "qfmt": "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", "afmt": "{{Front}}" },
                     { "name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{Back}}" } ] }
        """;

    [Fact]
    public void FieldsAndTemplatesAreInOrdOrder()
    {
        var model = Model(Reversed);
        Assert.Equal((5L, "Optional reverse", false, ".card {}"), (model.Id, model.Name, model.IsCloze, model.Css));
        Assert.Equal(new[] { "Front", "Back", "Add Reverse" }, model.FieldNames);
        Assert.Equal(new[] { false, true, false }, model.ExcludedFromSearch);
        Assert.Equal(new[] { "Card 1", "Card 2" }, model.Templates.Select(t => t.Name));
        Assert.Equal("{{Front}}", model.Templates[0].Front);
        Assert.Equal((1, 2, -1), (model.FieldIndex("back"), model.FieldIndex("ADD REVERSE"), model.FieldIndex("Missing")));
    }

    [Theory]
    [InlineData(1, 1, "Back")]
    [InlineData(9, 2, "Add Reverse")]
    [InlineData(-3, 0, "Front")]
    public void TheSortFieldStaysInRange(int stored, int index, string name)
    {
        var json = JsonNode.Parse(Reversed)!.AsObject();
        json["sortf"] = stored;
        var model = new NoteTypeModel(json);
        Assert.Equal(index, model.SortIndex);
        using var package = AnkiPackage.Create();
        var shown = model.ToPublic(package);
        Assert.Equal((name, NoteTypeKind.Standard), (shown.SortField, shown.Kind));
        Assert.Equal(new[] { "Front", "Back", "Add Reverse" }, shown.Fields);
    }

    [Fact]
    public void AModelWithoutFieldsOrTemplatesReadsAsEmpty()
    {
        var model = Model("""{ "id": 1, "name": "Bare", "flds": "x" }""");
        Assert.Empty(model.FieldNames);
        Assert.Empty(model.ExcludedFromSearch);
        Assert.Empty(model.Templates);
        Assert.Equal(0, model.SortIndex);
        using var package = AnkiPackage.Create();
        Assert.Equal("", model.ToPublic(package).SortField);
    }

    [Fact]
    public void EachCardOrdinalRendersWithItsOwnTemplate()
    {
        var model = Model(Reversed);
        Assert.Equal("Card 2", model.RenderedTemplateName(1));
        Assert.Equal("", model.RenderedTemplateName(2));
        Assert.Equal("", model.RenderedTemplateName(-1));
        Assert.Equal(new[] { "Front" }, model.ParsedSides(1)!.Value.Back.ReferencedFields);
        Assert.Equal(new[] { "Back" }, model.ParsedSides(0)!.Value.Back.ReferencedFields);
        Assert.Null(model.ParsedSides(2));
        Assert.Null(model.ParsedSides(-1));
        Assert.Equal(("Card 1", "Card 2", "Card 6"), (model.TemplateName(0), model.TemplateName(1), model.TemplateName(5)));
        Assert.Equal("Card 0", model.TemplateName(-1));
    }

    [Fact]
    public void EveryClozeCardRendersWithTheFirstTemplate()
    {
        var cloze = Model("""{ "id": 2, "name": "Cloze", "type": 1, "flds": [ { "name": "Text", "ord": 0 } ], "tmpls": [ { "name": "Cloze", "ord": 0, "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}!" } ] }""");
        Assert.True(cloze.IsCloze);
        Assert.Equal(("Cloze", "Cloze"), (cloze.RenderedTemplateName(0), cloze.RenderedTemplateName(4)));
        Assert.Equal(new[] { "Text" }, cloze.ParsedSides(4)!.Value.Back.ReferencedFields);
        Assert.Equal("Cloze 5", cloze.TemplateName(4));
        Assert.Equal(new[] { 0, 2 }, cloze.CardOrdinals(new[] { "{{c1::a}} {{c3::b}}" }, hasTags: false));
        using var package = AnkiPackage.Create();
        Assert.Equal(NoteTypeKind.Cloze, cloze.ToPublic(package).Kind);

        var untitled = Model("""{ "id": 3, "name": "Odd", "type": 1, "flds": [ { "name": "Text", "ord": 0 } ], "tmpls": [] }""");
        Assert.Equal("Cloze 2", untitled.TemplateName(1));
        Assert.Null(untitled.ParsedSides(0));
        Assert.Equal("", untitled.RenderedTemplateName(0));
    }

    [Fact]
    public void CardsFollowTheFilledFieldsEachTimeTheyAreAskedFor()
    {
        var model = Model(Reversed);
        // Asked in turn, so an answer remembered for one pattern must never be given for another.
        Assert.Equal(new[] { 0 }, model.CardOrdinals(new[] { "f", "b", "" }, false));
        Assert.Equal(new[] { 0, 1 }, model.CardOrdinals(new[] { "f", "b", "y" }, false));
        Assert.Equal(new[] { 0 }, model.CardOrdinals(new[] { "f", "b", "<br>" }, false));
        Assert.Equal(new[] { 1 }, model.CardOrdinals(new[] { "", "b", "y" }, false));
        Assert.Empty(model.CardOrdinals(new[] { "", "b", "" }, false));
        Assert.Equal(new[] { 0, 1 }, model.CardOrdinals(new[] { "f", "b", "y" }, false));
        Assert.Equal(new[] { 0 }, model.CardOrdinals(new[] { "f" }, false)); // a short row
        Assert.Equal(new[] { 0, 1 }, model.CardOrdinals(new[] { "f", "b", "y", "extra" }, false));
    }

    [Fact]
    public void TagsAndSpecialFieldsCountAsAnkiCountsThem()
    {
        var model = Model("""
            { "id": 6, "name": "Tagged", "flds": [ { "name": "Front", "ord": 0 } ],
              "tmpls": [ { "name": "T", "ord": 0, "qfmt": "{{Tags}}", "afmt": "" }, { "name": "D", "ord": 1, "qfmt": "{{Deck}}", "afmt": "" },
                         { "name": "S", "ord": 2, "qfmt": "{{FrontSide}}", "afmt": "" } ] }
            """);
        Assert.Equal(new[] { 1 }, model.CardOrdinals(new[] { "x" }, hasTags: false));
        Assert.Equal(new[] { 0, 1 }, model.CardOrdinals(new[] { "x" }, hasTags: true));
        Assert.Equal(new[] { 1 }, model.CardOrdinals(new[] { "x" }, hasTags: false));

        // A field named Tags is a field like any other: the note's tags do not fill it.
        var shadowed = Model("""
            { "id": 7, "name": "Shadow", "flds": [ { "name": "Tags", "ord": 0 }, { "name": "Deck", "ord": 1 } ],
              "tmpls": [ { "name": "T", "ord": 0, "qfmt": "{{Tags}}", "afmt": "" }, { "name": "D", "ord": 1, "qfmt": "{{Deck}}", "afmt": "" } ] }
            """);
        Assert.Empty(shadowed.CardOrdinals(new[] { "", "" }, hasTags: true));
        Assert.Equal(new[] { 0 }, shadowed.CardOrdinals(new[] { "t", "" }, hasTags: false));
    }

    [Fact]
    public void ANoteTypeWithManyFieldsIsAnsweredWithoutTheCache()
    {
        var fields = new JsonArray(Enumerable.Range(0, 70).Select(i => (JsonNode)new JsonObject { ["name"] = "F" + i, ["ord"] = i }).ToArray());
        var json = new JsonObject
        {
            ["id"] = 8,
            ["name"] = "Wide",
            ["flds"] = fields,
            ["tmpls"] = new JsonArray(new JsonObject { ["name"] = "A", ["ord"] = 0, ["qfmt"] = "{{F65}}", ["afmt"] = "" }, new JsonObject { ["name"] = "B", ["ord"] = 1, ["qfmt"] = "{{F1}}", ["afmt"] = "" }),
        };
        var model = new NoteTypeModel(json);
        var values = new string[70];
        System.Array.Fill(values, "");
        values[65] = "x";
        Assert.Equal(new[] { 0 }, model.CardOrdinals(values, false));
        values[65] = "";
        values[1] = "y";
        Assert.Equal(new[] { 1 }, model.CardOrdinals(values, false));
    }

    [Theory]
    [InlineData("[1]", "The 'models' JSON of 'pkg' is invalid: the note type stored under '9' is a list, not a JSON object.")]
    [InlineData("[]", "The 'models' JSON of 'pkg' is invalid: the note type stored under '9' is an empty list, not a JSON object.")]
    [InlineData("\"x\"", "The 'models' JSON of 'pkg' is invalid: the note type stored under '9' is a string, not a JSON object.")]
    [InlineData("{\"name\":\"N\",\"tmpls\":[{\"name\":\"T\"}]}", "The 'models' JSON of 'pkg' is invalid: the note type 'N' (id 9) has no fields ('flds' is missing or null); Anki requires at least one.")]
    [InlineData("{\"name\":\"N\",\"flds\":{},\"tmpls\":[{\"name\":\"T\"}]}", "The 'models' JSON of 'pkg' is invalid: the note type 'N' (id 9) has no fields ('flds' is an object); Anki requires at least one.")]
    [InlineData("{\"flds\":[{\"name\":\"F\"}],\"tmpls\":[]}", "The 'models' JSON of 'pkg' is invalid: the note type '?' (id 9) has no templates ('tmpls' is an empty list); Anki requires at least one.")]
    [InlineData("{\"name\":\"N\",\"flds\":[{\"name\":\"F\"},true],\"tmpls\":[{\"name\":\"T\"}]}", "The 'models' JSON of 'pkg' is invalid: field 2 of the note type 'N' (id 9) is a true, not a JSON object.")]
    [InlineData("{\"name\":\"N\",\"flds\":[{\"name\":\"F\"}],\"tmpls\":[{\"name\":3}]}", "The 'models' JSON of 'pkg' is invalid: template 1 of the note type 'N' (id 9) has no name.")]
    public void ANoteTypeAnkiWouldRefuseIsNamedInTheError(string json, string message)
    {
        var error = Assert.Throws<AnkiException>(() => NoteTypeModel.FromCollection("9", JsonNode.Parse(json), "pkg"));
        Assert.Equal("InvalidCollectionJson", error.Reason);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void AMissingNoteTypeIsNamedToo()
        => Assert.Equal("The 'models' JSON of 'pkg' is invalid: the note type stored under '9' is missing or null, not a JSON object.",
            Assert.Throws<AnkiException>(() => NoteTypeModel.FromCollection("9", null, "pkg")).Message);

    [Fact]
    public void TheFieldLayoutIsSharedPerValueCount()
    {
        var model = Model(Reversed);
        var three = model.LayoutFor(3);
        Assert.Same(three, model.LayoutFor(3));
        var four = model.LayoutFor(4);
        Assert.NotSame(three, four);
        Assert.Equal(new[] { "Front", "Back", "Add Reverse", "Field4" }, four.Names);
    }
}
