using System;
using System.Collections.Generic;
using AnkiSync.Rendering;

namespace AnkiSync.Tests.Engine.Text;

public class ParsedTemplateTests
{
    private static bool Renders(string template, params string[] nonEmpty)
    {
        var parsed = ParsedTemplate.Parse(template);
        return parsed.RendersWithFields(new HashSet<string>(nonEmpty, StringComparer.Ordinal));
    }

    [Fact]
    public void MatchesAnkisNonEmptyExamples()
    {
        var fields = new[] { "1", "3" };
        Assert.True(Renders("{{2}}{{1}}", fields));
        Assert.False(Renders("{{2}}", fields));
        Assert.False(Renders("{{2}}{{4}}", fields));
        Assert.True(Renders("{{#3}}{{^2}}{{1}}{{/2}}{{/3}}", fields));
        Assert.False(Renders("{{^1}}{{3}}{{/1}}", fields));
    }

    [Fact]
    public void BasicFrontNeedsTheFrontField()
    {
        Assert.True(Renders("{{Front}}", "Front"));
        Assert.True(Renders("{{Front}}", "Front", "Back"));
        Assert.False(Renders("{{Front}}", "Back"));
        Assert.False(Renders("{{Front}}"));
    }

    [Fact]
    public void OptionalReversedCardNeedsAddReverseAndBack()
    {
        const string reverse = "{{#Add Reverse}}{{Back}}{{/Add Reverse}}";
        Assert.False(Renders(reverse, "Front", "Back"));
        Assert.True(Renders(reverse, "Front", "Back", "Add Reverse"));
        Assert.False(Renders(reverse, "Front", "Add Reverse"));
    }

    [Fact]
    public void NegatedSectionsRenderOnlyWhenTheirFieldIsEmpty()
    {
        const string template = "{{^Hint}}{{Front}}{{/Hint}}";
        Assert.True(Renders(template, "Front"));
        Assert.False(Renders(template, "Front", "Hint"));
    }

    [Theory]
    [InlineData("What is the capital?")]
    [InlineData("<div class=\"q\">Question</div>")]
    [InlineData("")]
    public void StaticTextAloneNeverRenders(string template)
    {
        Assert.False(Renders(template, "Front", "Back"));
    }

    [Fact]
    public void SpecialFieldsDoNotCount()
    {
        Assert.False(Renders("{{FrontSide}}", "Front", "Back"));
        Assert.False(Renders("{{Deck}} {{Subdeck}} {{Card}} {{Type}} {{CardFlag}}", "Front"));
        Assert.False(Renders("{{FrontSide}}<hr id=answer>{{Back}}", "Front"));

        // Anki's card generation adds "Tags" to the non-empty set when the note has tags.
        Assert.True(Renders("{{#Tags}}{{Front}}{{/Tags}}", "Front", "Tags"));
        Assert.False(Renders("{{#Tags}}{{Front}}{{/Tags}}", "Front"));
    }

    [Fact]
    public void NestedSectionsNeedEveryCondition()
    {
        const string template = "{{#A}}{{#B}}{{C}}{{/B}}{{/A}}";
        Assert.True(Renders(template, "A", "B", "C"));
        Assert.False(Renders(template, "A", "C"));
        Assert.False(Renders(template, "B", "C"));
        Assert.True(Renders("{{#A}}x{{/A}}{{C}}", "C"));
        Assert.True(Renders("{{#A}}{{^B}}{{/B}}{{/A}}{{C}}", "A", "C"));
    }

    [Theory]
    [InlineData("{{text:Front}}")]
    [InlineData("{{type:Front}}")]
    [InlineData("{{cloze:Front}}")]
    [InlineData("{{tts en_US voices=Apple_Samantha:Front}}")]
    [InlineData("{{hint:furigana:Front}}")]
    [InlineData("{{ Front }}")]
    [InlineData("{{{Front}}}")]
    public void FiltersAndSpacingAroundTheKeyAreUnderstood(string template)
    {
        Assert.True(Renders(template, "Front"));
        Assert.Equal(new[] { "Front" }, ParsedTemplate.Parse(template).ReferencedFields);
    }

    [Fact]
    public void ConditionalKeysAreTrimmed()
    {
        Assert.True(Renders("{{# A }}{{B}}{{/ A}}", "A", "B"));
        Assert.Null(ParsedTemplate.Parse("{{# A }}{{B}}{{/ A}}").Error);
    }

    [Fact]
    public void HandlebarsInsideCommentsAreIgnored()
    {
        Assert.False(Renders("<!-- {{Front}} -->{{Back}}", "Front"));
        Assert.True(Renders("<!-- {{Front}} -->{{Back}}", "Back"));
        Assert.Null(ParsedTemplate.Parse("<!--{{#mis}}{{/matched}}-->").Error);
    }

    [Fact]
    public void AnUnclosedHandlebarIsText()
    {
        var parsed = ParsedTemplate.Parse("{{Front");
        Assert.Null(parsed.Error);
        Assert.False(parsed.RendersWithFields(new HashSet<string> { "Front" }));
    }

    [Theory]
    [InlineData("{{#A}}{{B}}", "Missing")]
    [InlineData("{{/A}}", "but missing")]
    [InlineData("{{#A}}{{/B}}", "but expected")]
    [InlineData("{{#A}}<!--{{/A}}-->", "Missing")]
    [InlineData("{{^A}}{{#B}}{{/A}}{{/B}}", "but expected")]
    public void UnbalancedSectionsAreErrorsAndGiveNoCard(string template, string messagePart)
    {
        var parsed = ParsedTemplate.Parse(template);
        Assert.NotNull(parsed.Error);
        Assert.Contains(messagePart, parsed.Error);
        Assert.False(parsed.RendersWithFields(new HashSet<string> { "A", "B" }));
    }

    [Fact]
    public void TheLegacyAlternativeSyntaxIsSupported()
    {
        Assert.True(Renders("{{=<% %>=}}\n<%Front%>", "Front"));
        Assert.False(Renders("{{=<% %>=}}\n{{Front}}", "Front"));
        Assert.True(Renders("  {{=<% %>=}}<% #A %><%B%><%/A%>", "A", "B"));
    }

    [Fact]
    public void ReferencedFieldsLeaveOutSpecialAndClozeNames()
    {
        var parsed = ParsedTemplate.Parse(
            "{{Front}}{{#Add Reverse}}{{text:Back}}{{/Add Reverse}}{{FrontSide}}{{#c1}}{{/c1}}{{Tags}}{{tts en_US:}}{{^Back}}{{Front}}{{/Back}}");
        Assert.Equal(new[] { "Front", "Add Reverse", "Back" }, parsed.ReferencedFields);
    }

    [Fact]
    public void StockTemplatesGenerateTheExpectedCards()
    {
        // Basic (and reversed card): one card per non-empty side.
        Assert.True(Renders("{{Front}}", "Front"));
        Assert.False(Renders("{{Back}}", "Front"));

        // Basic (type in the answer).
        Assert.True(Renders("{{Front}}\n\n{{type:Back}}", "Front"));
        Assert.False(Renders("{{Front}}\n\n{{type:Back}}"));
    }

    [Fact]
    public void DeeplyNestedSectionsNeedNoRecursion()
    {
        const int depth = 50_000;
        var template = string.Concat(System.Linq.Enumerable.Repeat("{{#A}}", depth)) + "{{B}}"
            + string.Concat(System.Linq.Enumerable.Repeat("{{/A}}", depth));
        var parsed = ParsedTemplate.Parse(template);
        Assert.Null(parsed.Error);
        Assert.True(parsed.RendersWithFields(new HashSet<string> { "A", "B" }));
        Assert.False(parsed.RendersWithFields(new HashSet<string> { "B" }));
    }

    [Theory]
    [InlineData("c1", true)]
    [InlineData("c12", true)]
    [InlineData("c0", true)]
    [InlineData("c+3", true)]
    [InlineData("c4294967295", true)]
    [InlineData("c4294967296", false)]
    [InlineData("c99999999999999999999", false)]
    [InlineData("c", false)]
    [InlineData("c+", false)]
    [InlineData("x1", false)]
    [InlineData("C1", false)]
    [InlineData("c1a", false)]
    [InlineData("c/1", false)]
    [InlineData("c:1", false)]
    [InlineData("c-1", false)]
    public void ClozeConditionalKeysAreCAndAnUnsigned32BitNumber(string key, bool cloze)
        => Assert.Equal(cloze, ParsedTemplate.IsClozeConditional(key));

    [Theory]
    [InlineData("{{Front}}", "any", new[] { 0 })]
    [InlineData("{{Front}}{{Back}}", "any", new[] { 0, 1 })]
    [InlineData("{{#Front}}{{#Back}}x{{/Back}}{{/Front}}", "none", new int[0])]
    [InlineData("{{#Front}}{{#Back}}{{Back}}{{/Back}}{{/Front}}", "all", new[] { 0, 1 })]
    [InlineData("{{#Front}}{{#Back}}{{Extra}}{{/Back}}{{/Front}}", "all", new[] { 0, 1, 2 })]
    [InlineData("{{^Front}}x{{/Front}}", "none", new int[0])]
    [InlineData("static text", "none", new int[0])]
    [InlineData("{{#Front}}", "none", new int[0])]
    [InlineData("{{^Back}}{{Front}}{{/Back}}", "any", new[] { 0 })]
    public void LegacyRequirementsAreAnyAllOrNone(string template, string kind, int[] ords)
    {
        var requirements = ParsedTemplate.Parse(template).Requirements(new[] { "Front", "Back", "Extra" });
        Assert.Equal(kind, requirements.Kind);
        Assert.Equal(ords, requirements.Ords);
    }
}
