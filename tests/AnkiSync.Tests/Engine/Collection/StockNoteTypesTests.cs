using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;

namespace AnkiSync.Tests.Engine.Collection;

public class StockNoteTypesTests
{
    private const string FrontSideRule = "{{FrontSide}}\n\n<hr id=answer>\n\n";

    [Fact]
    public void NamesAreAnkisFiveStockNoteTypesInOrder()
    {
        Assert.Equal(
            new[] { "Basic", "Basic (and reversed card)", "Basic (optional reversed card)", "Basic (type in the answer)", "Cloze" },
            StockNoteTypes.Names);
        Assert.IsNotType<string[]>(StockNoteTypes.Names);
    }

    [Theory]
    [InlineData("Basic", true)]
    [InlineData("Cloze", true)]
    [InlineData("Basic (type in the answer)", true)]
    [InlineData("basic", false)]
    [InlineData("Basic ", false)]
    [InlineData("Image Occlusion", false)]
    [InlineData("", false)]
    public void IsStockMatchesNamesExactly(string name, bool expected)
    {
        Assert.Equal(expected, StockNoteTypes.IsStock(name));
    }

    [Fact]
    public void UnknownNameIsObjectNotFound()
    {
        var error = Assert.Throws<AnkiException>(() => StockNoteTypes.Create("Basic (reversed)", 1, 0));
        Assert.Equal("UnknownNoteType", error.Reason);
        Assert.Equal(AnkiErrorKind.ObjectNotFound, error.Kind);
        Assert.Equal("Basic (reversed)", error.Target);
        Assert.Contains("Basic (and reversed card)", error.Message);
    }

    [Fact]
    public void BasicHasFrontAndBackAndOneCard()
    {
        var basic = StockNoteTypes.Create("Basic", 1700000000001, 1700000000);

        Assert.Equal(1700000000001, (long)basic["id"]!);
        Assert.Equal("Basic", (string)basic["name"]!);
        Assert.Equal(1700000000, (long)basic["mod"]!);
        Assert.Equal(0, (int)basic["type"]!);
        Assert.Equal(0, (int)basic["sortf"]!);
        Assert.Equal(1, (int)basic["originalStockKind"]!);
        Assert.Equal(new[] { "Front", "Back" }, FieldNames(basic));
        AssertTemplates(basic, ("Card 1", "{{Front}}", FrontSideRule + "{{Back}}"));
        Assert.Equal(NoteTypeJson.DefaultCss, (string)basic["css"]!);
        Assert.Equal("[[0,\"any\",[0]]]", basic["req"]!.ToJsonString());
    }

    [Fact]
    public void BasicAndReversedAddsCardTwoFromBack()
    {
        var reversed = StockNoteTypes.Create("Basic (and reversed card)", 2, 0);

        Assert.Equal(new[] { "Front", "Back" }, FieldNames(reversed));
        AssertTemplates(reversed,
            ("Card 1", "{{Front}}", FrontSideRule + "{{Back}}"),
            ("Card 2", "{{Back}}", FrontSideRule + "{{Front}}"));
        Assert.Equal(1, (int)reversed["originalStockKind"]!);
        Assert.Equal("[[0,\"any\",[0]],[1,\"any\",[1]]]", reversed["req"]!.ToJsonString());
    }

    [Fact]
    public void OptionalReversedGuardsCardTwoWithAddReverse()
    {
        var optional = StockNoteTypes.Create("Basic (optional reversed card)", 3, 0);

        Assert.Equal(new[] { "Front", "Back", "Add Reverse" }, FieldNames(optional));
        AssertTemplates(optional,
            ("Card 1", "{{Front}}", FrontSideRule + "{{Back}}"),
            ("Card 2", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", FrontSideRule + "{{Front}}"));
        Assert.Equal(2, (int)optional["originalStockKind"]!);
        Assert.Equal("[[0,\"any\",[0]],[1,\"all\",[1,2]]]", optional["req"]!.ToJsonString());
    }

    [Fact]
    public void TypeInTheAnswerUsesTheTypeFilterOnBothSides()
    {
        var typing = StockNoteTypes.Create("Basic (type in the answer)", 4, 0);

        Assert.Equal(new[] { "Front", "Back" }, FieldNames(typing));
        AssertTemplates(typing,
            ("Card 1", "{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"));
        Assert.Equal(3, (int)typing["originalStockKind"]!);
        Assert.Equal("[[0,\"any\",[0,1]]]", typing["req"]!.ToJsonString());
    }

    [Fact]
    public void ClozeIsKindOneWithTaggedTextAndBackExtra()
    {
        var cloze = StockNoteTypes.Create("Cloze", 5, 0);

        Assert.Equal(1, (int)cloze["type"]!);
        Assert.Equal(5, (int)cloze["originalStockKind"]!);
        Assert.Equal(new[] { "Text", "Back Extra" }, FieldNames(cloze));
        AssertTemplates(cloze, ("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"));
        Assert.Equal(NoteTypeJson.DefaultClozeCss, (string)cloze["css"]!);
        Assert.Contains(".cloze {", (string)cloze["css"]!);

        var text = cloze["flds"]![0]!;
        var backExtra = cloze["flds"]![1]!;
        Assert.Equal(0, (int)text["tag"]!);
        Assert.True((bool)text["preventDeletion"]!);
        Assert.Equal(1, (int)backExtra["tag"]!);
        Assert.False((bool)backExtra["preventDeletion"]!);
        Assert.Equal("[[0,\"any\",[0]]]", cloze["req"]!.ToJsonString());
    }

    [Fact]
    public void NonClozeStockFieldsHaveNoTagAndCanBeDeleted()
    {
        foreach (var name in StockNoteTypes.Names.Where(n => n != "Cloze"))
        {
            foreach (var field in StockNoteTypes.Create(name, 1, 0)["flds"]!.AsArray())
            {
                Assert.Null(field!["tag"]);
                Assert.True(field.AsObject().ContainsKey("tag"));
                Assert.False((bool)field["preventDeletion"]!);
            }
        }
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic (and reversed card)")]
    [InlineData("Basic (optional reversed card)")]
    [InlineData("Basic (type in the answer)")]
    [InlineData("Cloze")]
    public void EveryRequiredKeyAndAnkisWrittenDefaultsArePresent(string name)
    {
        var noteType = StockNoteTypes.Create(name, 1, 0);

        AnkiJsonKeys.AssertHasKeys(noteType, AnkiJsonKeys.NoteType, name);
        Assert.Null(noteType["did"]);
        // Made in an existing collection, so a local change: Anki's sync uploads what has -1.
        Assert.Equal(-1, (int)noteType["usn"]!);
        Assert.Equal(NoteTypeJson.DefaultLatexPre, (string)noteType["latexPre"]!);
        Assert.Equal("\\end{document}", (string)noteType["latexPost"]!);
        Assert.False((bool)noteType["latexsvg"]!);

        var fields = noteType["flds"]!.AsArray();
        for (var ord = 0; ord < fields.Count; ord++)
        {
            var field = fields[ord]!;
            AnkiJsonKeys.AssertHasKeys(field, AnkiJsonKeys.Field, $"{name} field {ord}");
            Assert.Equal(ord, (int)field["ord"]!);
            Assert.False((bool)field["sticky"]!);
            Assert.False((bool)field["rtl"]!);
            Assert.Equal("Arial", (string)field["font"]!);
            Assert.Equal(20, (int)field["size"]!);
            Assert.Equal("", (string)field["description"]!);
            Assert.False((bool)field["plainText"]!);
            Assert.False((bool)field["collapsed"]!);
            Assert.False((bool)field["excludeFromSearch"]!);
            // No random ids: stable output, and Anki matches fields by name when one side has none.
            Assert.False(field.AsObject().ContainsKey("id"));
        }

        var templates = noteType["tmpls"]!.AsArray();
        for (var ord = 0; ord < templates.Count; ord++)
        {
            var template = templates[ord]!;
            AnkiJsonKeys.AssertHasKeys(template, AnkiJsonKeys.Template, $"{name} template {ord}");
            Assert.Equal(ord, (int)template["ord"]!);
            Assert.Equal("", (string)template["bqfmt"]!);
            Assert.Equal("", (string)template["bafmt"]!);
            Assert.True(template.AsObject().ContainsKey("did"));
            Assert.Null(template["did"]);
            Assert.Equal("", (string)template["bfont"]!);
            Assert.Equal(0, (int)template["bsize"]!);
            Assert.False(template.AsObject().ContainsKey("id"));
        }
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Cloze")]
    [InlineData("Basic (optional reversed card)")]
    public void RoundTripsThroughJsonText(string name)
    {
        var noteType = StockNoteTypes.Create(name, 1712345678901, 1712345678);
        var text = noteType.ToJsonString();

        var parsed = JsonNode.Parse(text)!;

        Assert.True(JsonNode.DeepEquals(noteType, parsed));
        Assert.Equal(text, parsed.ToJsonString());
        Assert.Equal(name, (string)parsed["name"]!);
    }

    [Fact]
    public void EachCallReturnsAnIndependentObject()
    {
        var first = StockNoteTypes.Create("Basic", 1, 0);
        first["flds"]![0]!["name"] = "Changed";

        Assert.Equal("Front", (string)StockNoteTypes.Create("Basic", 1, 0)["flds"]![0]!["name"]!);
    }

    private static string[] FieldNames(JsonObject noteType)
        => noteType["flds"]!.AsArray().Select(f => (string)f!["name"]!).ToArray();

    private static void AssertTemplates(JsonObject noteType, params (string Name, string Front, string Back)[] expected)
    {
        var actual = noteType["tmpls"]!.AsArray()
            .Select(t => ((string)t!["name"]!, (string)t["qfmt"]!, (string)t["afmt"]!))
            .ToArray();
        Assert.Equal(expected, actual);
    }
}
