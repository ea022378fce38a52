using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Rendering;

namespace AnkiSync.Tests.Engine.Rendering;

/// <summary>Each template feature against output written by hand from Anki's rules (template.rs, template_filters.rs, cloze.rs, render.rs).</summary>
public class RenderingTests
{
    private static NoteTypeModel Model(string name, string[] fields, (string Name, string Front, string Back)[] templates, bool cloze = false)
    {
        var flds = new JsonArray();
        for (int i = 0; i < fields.Length; i++)
        {
            flds.Add(new JsonObject { ["name"] = fields[i], ["ord"] = i });
        }

        var tmpls = new JsonArray();
        for (int i = 0; i < templates.Length; i++)
        {
            tmpls.Add(new JsonObject { ["name"] = templates[i].Name, ["ord"] = i, ["qfmt"] = templates[i].Front, ["afmt"] = templates[i].Back });
        }

        return new NoteTypeModel(new JsonObject { ["id"] = 1, ["name"] = name, ["type"] = cloze ? 1 : 0, ["flds"] = flds, ["tmpls"] = tmpls, ["sortf"] = 0, ["css"] = "" });
    }

    private static RenderedCard Render(string front, string back, string[] values, string[]? fields = null, int ord = 0, string[]? tags = null, string deck = "Lang::Spanish", int flags = 0, bool cloze = false)
    {
        var model = Model("Vocab", fields ?? new[] { "Front", "Back" }, new[] { ("Card 1", front, back) }, cloze);
        return CardRenderer.Render(new CardRenderSource(model, values, tags ?? Array.Empty<string>(), deck, ord, flags, 42));
    }

    [Fact]
    public void FieldsAndFrontSide()
    {
        var card = Render("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}", new[] { "hola", "hello" });
        Assert.Equal("hola", card.Question);
        Assert.Equal("hola<hr id=answer>hello", card.Answer);
        Assert.Equal("hello", CardText.AnswerTextLine(card.Answer));
    }

    [Fact]
    public void ConditionalsFollowFieldEmptiness()
    {
        const string front = "{{Front}}{{#Back}}[has back]{{/Back}}{{^Back}}[no back]{{/Back}}";
        Assert.Equal("a[has back]", Render(front, "", new[] { "a", "b" }).Question);
        Assert.Equal("a[no back]", Render(front, "", new[] { "a", "<br> <div></div>" }).Question);
    }

    [Fact]
    public void SpecialFields()
    {
        var card = Render("{{Front}}|{{Tags}}|{{Type}}|{{Deck}}|{{Subdeck}}|{{Card}}|{{CardFlag}}|{{CardID}}", "", new[] { "x", "" }, tags: new[] { "verb", "irregular" }, flags: 3);
        Assert.Equal("x|verb irregular|Vocab|Lang::Spanish|Spanish|Card 1|flag3|42", card.Question);
    }

    [Fact]
    public void NoteFieldShadowsSpecialField()
    {
        Assert.Equal("mine", Render("{{Tags}}", "", new[] { "mine" }, fields: new[] { "Tags" }, tags: new[] { "t" }).Question);
    }

    [Fact]
    public void FiltersApplyRightToLeft()
    {
        Assert.Equal("bold", Render("{{text:Front}}", "", new[] { "<b>bold</b>", "" }).Question);
        Assert.Equal("a[[type:Back]]", Render("{{Front}}{{type:Back}}", "", new[] { "a", "x" }).Question);
        Assert.Equal("a[[type:cloze:Back]]", Render("{{Front}}{{type:cloze:Back}}", "", new[] { "a", "x" }).Question);
        Assert.Equal("[anki:tts lang=es_ES]hola[/anki:tts]", Render("{{tts es_ES:Front}}", "", new[] { "hola", "" }).Question);
        Assert.Equal("hola", Render("{{unknownaddon:Front}}", "", new[] { "hola", "" }).Question);
        Assert.Equal("x", Render("{{Front}}{{tts-voices:}}", "", new[] { "x", "" }).Question);
    }

    [Fact]
    public void FuriganaKanaKanji()
    {
        const string text = "test first[second] third[fourth]";
        Assert.Equal("testsecondfourth", Render("{{kana:Front}}", "", new[] { text, "" }).Question);
        Assert.Equal("testfirstthird", Render("{{kanji:Front}}", "", new[] { text, "" }).Question);
        Assert.Equal("<ruby><rb>日本</rb><rt>にほん</rt></ruby>", Render("{{furigana:Front}}", "", new[] { "日本[にほん]", "" }).Question);
        Assert.Equal("a [sound:x.mp3]", Render("{{furigana:Front}}", "", new[] { "a [sound:x.mp3]", "" }).Question);
    }

    [Fact]
    public void HintIdIsBlake3OfTextAndFieldName()
    {
        // Anki's own expected output for hint_filter("foo", "field").
        Assert.Contains("hint83fe48607f0f3a66", TemplateFilters.Hint("foo", "field"));
        Assert.Equal("\n<a class=hint href=\"#\"\nonclick=\"this.style.display='none';\ndocument.getElementById('hint83fe48607f0f3a66').style.display='block';\nreturn false;\" draggable=false>\nfield</a>\n<div id=\"hint83fe48607f0f3a66\" class=hint style=\"display: none\">foo</div>\n",
            TemplateFilters.Hint("foo", "field"));
        Assert.Equal("  ", TemplateFilters.Hint("  ", "field"));
    }

    [Theory]
    [InlineData("", "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")]
    [InlineData("abc", "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85")]
    public void Blake3MatchesPublishedVectors(string input, string hex)
    {
        Assert.Equal(hex, Convert.ToHexString(Blake3.Hash(Encoding.UTF8.GetBytes(input))).ToLowerInvariant());
    }

    [Fact]
    public void Blake3OfLongInputBuildsATree()
    {
        // Official test vector: 2048 bytes of (i % 251) — two chunks and a parent.
        var input = Enumerable.Range(0, 2049).Select(i => (byte)(i % 251)).ToArray();
        Assert.StartsWith("5f4d72f40d7a5f82", Convert.ToHexString(Blake3.Hash(input)).ToLowerInvariant());
    }

    [Fact]
    public void ClozeSpansCarryOrdinalAndContent()
    {
        var fields = new[] { "Text", "Extra" };
        var q1 = Render("{{cloze:Text}}", "{{cloze:Text}}<br>{{Extra}}", new[] { "{{c1::one}} {{c2::two::hint}}", "x" }, fields, ord: 0, cloze: true);
        Assert.Equal("<span class=\"cloze\" data-cloze=\"one\" data-ordinal=\"1\">[...]</span> <span class=\"cloze-inactive\" data-ordinal=\"2\">two</span>", q1.Question);
        Assert.Equal("<span class=\"cloze\" data-ordinal=\"1\">one</span> <span class=\"cloze-inactive\" data-ordinal=\"2\">two</span><br>x", q1.Answer);
        var q2 = Render("{{cloze:Text}}", "{{cloze:Text}}", new[] { "{{c1::one}} {{c2::two::hint}}", "" }, fields, ord: 1, cloze: true);
        Assert.Equal("<span class=\"cloze-inactive\" data-ordinal=\"1\">one</span> <span class=\"cloze\" data-cloze=\"two\" data-ordinal=\"2\">[hint]</span>", q2.Question);
        Assert.Equal("one two", CardText.ToTextLine(q2.Answer));
        Assert.Equal("&#x5B;&#x2E;&#x2E;&#x2E;&#x5D;&#x20;x&#xE9;&#x3C;", Cloze.EncodeAttribute("[...] xé<"));
    }

    [Fact]
    public void NestedAndMultiOrdinalClozes()
    {
        Assert.Equal("foo <span class=\"cloze-inactive\" data-ordinal=\"1\">bar <span class=\"cloze\" data-cloze=\"baz\" data-ordinal=\"2\">[...]</span></span>",
            Cloze.Filter("foo {{c1::bar {{c2::baz}}::qux}}", 2, true));
        Assert.Equal("<span class=\"cloze\" data-cloze=\"a\" data-ordinal=\"1,2\">[...]</span>", Cloze.Filter("{{c2,1::a}}", 2, true));
        Assert.Equal("", Cloze.Filter("{{c1::a}}", 3, true));
        Assert.Equal("hint, b", Cloze.OnlyFilter("{{c1::a::hint}} {{c1::b}}", 1, true).Replace("...", "b"));
        Assert.Equal(@"\(x\)", Cloze.Filter(@"{{c1::\(<b>x</b>\)}}", 1, false).Replace("<span class=\"cloze\" data-ordinal=\"1\">", "").Replace("</span>", ""));
    }

    [Fact]
    public void BlankFrontsRenderAnkisMessage()
    {
        var card = Render("{{Back}}", "{{Back}}", new[] { "a", "" });
        Assert.True(card.IsEmpty);
        Assert.Contains("The front of this card is blank.", card.Question);
        var cloze = Render("{{cloze:Text}}", "", new[] { "{{c1::a}}" }, new[] { "Text" }, ord: 1, cloze: true);
        Assert.True(cloze.IsEmpty);
        Assert.Contains("No cloze 2 found on card.", cloze.Question);
    }

    [Fact]
    public void TemplateErrorsRenderAnkisMessage()
    {
        var card = Render("{{Nope}}", "", new[] { "a", "" });
        Assert.Contains("Front template has a problem:", card.Question);
        Assert.Contains("Found &#39;{{Nope}}&#39;".Replace("&#39;", "'"), card.Question);
        Assert.Contains("Missing '{{/A}}'", Render("{{#A}}", "", new[] { "a", "" }).Question);
        Assert.Contains("Back template has a problem:", Render("{{Front}}", "{{#Nope}}{{/Nope}}", new[] { "a", "" }).Answer);
    }

    [Fact]
    public void CommentsAndAltSyntaxPassThrough()
    {
        Assert.Equal("<!--{{Back}}-->a", Render("<!--{{Back}}-->{{Front}}", "", new[] { "a", "b" }).Question);
        Assert.Equal("a", Render("{{=<% %>=}}<%Front%>", "", new[] { "a", "b" }).Question);
    }

    [Fact]
    public void ClozeConditionalIsTrueOnlyOnItsCard()
    {
        const string front = "{{cloze:Text}}{{#c2}}[two]{{/c2}}";
        var fields = new[] { "Text" };
        Assert.DoesNotContain("[two]", Render(front, "", new[] { "{{c1::a}}{{c2::b}}" }, fields, ord: 0, cloze: true).Question);
        Assert.Contains("[two]", Render(front, "", new[] { "{{c1::a}}{{c2::b}}" }, fields, ord: 1, cloze: true).Question);
    }

    [Fact]
    public void RequirementsCacheUsesTheSharedParser()
    {
        // Anki strips every leading {{=<% %>=}}; the old duplicate parser stripped only one and then saw no field.
        var parsed = ParsedTemplate.Parse("{{=<% %>=}}{{=<% %>=}}<%Front%>");
        var requirements = parsed.Requirements(new[] { "Front", "Back" });
        Assert.Equal("any", requirements.Kind);
        Assert.Equal(new[] { 0 }, requirements.Ords);
        var negated = ParsedTemplate.Parse("{{^Back}}{{Front}}{{/Back}}");
        Assert.Equal("any", negated.Requirements(new[] { "Front", "Back" }).Kind);
        Assert.False(negated.RendersWithFields(new HashSet<string> { "Front", "Back" }));
    }

    [Fact]
    public void ACardWithoutATemplateSaysSoAndCountsAsEmpty()
    {
        var card = Render("{{Front}}", "{{Back}}", new[] { "a", "b" }, ord: 2);
        Assert.Equal("<div>The note type 'Vocab' has no template for card 3.</div>", card.Question);
        Assert.Equal(card.Question, card.Answer);
        Assert.True(card.IsEmpty);

        var model = Model("A & <B>", new[] { "Front" }, new[] { ("Card 1", "{{Front}}", "") });
        var missing = CardRenderer.Render(new CardRenderSource(model, new[] { "x" }, Array.Empty<string>(), "D", 1, 0, 1));
        Assert.Equal("<div>The note type 'A &amp; &lt;B&gt;' has no template for card 2.</div>", missing.Question);
    }

    [Fact]
    public void OnlyABlankFrontCountsAsEmpty()
    {
        Assert.False(Render("{{Front}}", "{{Back}}", new[] { "a", "b" }).IsEmpty);
        Assert.False(Render("{{Nope}}", "", new[] { "a", "b" }).IsEmpty);
        Assert.False(Render("{{Front}}", "{{#Nope}}", new[] { "a", "b" }).IsEmpty);
    }

    [Fact]
    public void TemplateErrorsAreHtmlEncoded()
    {
        var card = Render("{{#a&b<c>\"d}}", "", new[] { "a", "" });
        Assert.Contains("a&amp;b&lt;c&gt;&quot;d", card.Question);
        Assert.DoesNotContain("a&b<c>\"d", card.Question);
    }

    [Fact]
    public void IsEmptyTellsWithoutRendering()
    {
        var basic = Model("Basic", new[] { "Front", "Back" }, new[] { ("Card 1", "{{Front}}", "{{Back}}"), ("Card 2", "{{Back}}", "{{Front}}") });
        Assert.False(CardRenderer.IsEmpty(basic, new[] { "a", "" }, 0));
        Assert.True(CardRenderer.IsEmpty(basic, new[] { "a", "" }, 1));
        Assert.True(CardRenderer.IsEmpty(basic, new[] { "<br>", "b" }, 0));
        Assert.False(CardRenderer.IsEmpty(basic, new[] { "<br>", "b" }, 1));
        Assert.True(CardRenderer.IsEmpty(basic, new[] { "a" }, 1));
        Assert.False(CardRenderer.IsEmpty(basic, new[] { "a", "b", "extra" }, 1));
        Assert.True(CardRenderer.IsEmpty(basic, new[] { "a", "b" }, 2));

        var cloze = Model("Cloze", new[] { "Text" }, new[] { ("Cloze", "{{cloze:Text}}", "") }, cloze: true);
        Assert.False(CardRenderer.IsEmpty(cloze, new[] { "{{c1::a}} {{c3::b}}" }, 0));
        Assert.True(CardRenderer.IsEmpty(cloze, new[] { "{{c1::a}} {{c3::b}}" }, 1));
        Assert.False(CardRenderer.IsEmpty(cloze, new[] { "{{c1::a}} {{c3::b}}" }, 2));
    }

    [Fact]
    public void MissingValuesAreEmptyAndTheDeckFieldsHandleTopLevelAndMissingDecks()
    {
        Assert.Equal("a||", Render("{{Front}}|{{Back}}|{{Extra}}", "", new[] { "a" }, fields: new[] { "Front", "Back", "Extra" }).Question);
        Assert.Equal("Spanish|Spanish", Render("{{Deck}}|{{Subdeck}}", "", new[] { "x", "" }, deck: "Spanish").Question);
        Assert.Equal("A::B::C|C", Render("{{Deck}}|{{Subdeck}}", "", new[] { "x", "" }, deck: "A::B::C").Question);
        var model = Model("Vocab", new[] { "Front" }, new[] { ("Card 1", "{{Deck}}|{{Subdeck}}", "") });
        Assert.Equal("(Deck)|(Deck)", CardRenderer.Render(new CardRenderSource(model, new[] { "x" }, Array.Empty<string>(), null, 0, 0, 1)).Question);
    }

    [Theory]
    [InlineData("one<br>two<BR/>three<div>four</div>\nfive", "one two three four five")]
    [InlineData("a[[type:Back]]b", "ab")]
    [InlineData("x [sound:hola.mp3] y", "x hola.mp3 y")]
    [InlineData("  <b>bold</b>  ", "bold")]
    public void TextLinesAreWhatTheBrowserColumnsShow(string html, string line)
        => Assert.Equal(line, CardText.ToTextLine(html));

    [Fact]
    public void TheAnswerLineStartsAfterTheDivider()
    {
        Assert.Equal("hello", CardText.AnswerTextLine("hola<hr id=answer>hello"));
        Assert.Equal("hello", CardText.AnswerTextLine("hola<HR id=answer>hello"));
        Assert.Equal("hola hello", CardText.AnswerTextLine("hola<br>hello"));
    }

    [Theory]
    [InlineData("rect:left=10.0:top=20:width=30:height=10", "data-shape=\"rect\" data-left=\"10.0\" data-top=\"20\" data-width=\"30\" data-height=\"10\" ")]
    [InlineData("ellipse:left=15:top=20:width=10:height=20:rx=10:ry=5", "data-shape=\"ellipse\" data-left=\"15\" data-top=\"20\" data-width=\"10\" data-height=\"20\" data-rx=\"10\" data-ry=\"5\" ")]
    [InlineData("polygon:points=0,0 10,10 20,0", "data-shape=\"polygon\" data-points=\"0,0 10,10 20,0\" ")]
    [InlineData("polygon:points=0,0  bad 10,10", "data-shape=\"polygon\" data-points=\"0,0 10,10\" ")]
    [InlineData("polygon:points=bad", "data-shape=\"polygon\" ")]
    [InlineData(@"text:text=\\foo\:bar\::left=10", "data-shape=\"text\" data-text=\"&#x5C;foo&#x3A;bar&#x3A;\" data-left=\"10\" ")]
    [InlineData("text:text=a b:fs=12:scale=2:angle=45:fill=red", "data-shape=\"text\" data-text=\"a&#x20;b\" data-font-size=\"12\" data-scale=\"2\" data-angle=\"45\" data-fill=\"red\" ")]
    [InlineData("rect:left=1:width=0:height=:rx=0:ry=:scale=0:oi=1:other=5", "data-shape=\"rect\" data-left=\"1\" data-occludeInactive=\"1\" ")]
    [InlineData("rect:left=:top=:angle=:fill=:oi=:fs=:text=:points=", "data-shape=\"rect\" ")]
    [InlineData("star:left=1", "data-left=\"1\" ")]
    [InlineData(@"rect:left=1\x:top=2", "data-shape=\"rect\" ")]
    [InlineData(@"rect:left=1\", "data-shape=\"rect\" ")]
    [InlineData("rect:left=1:=2:top=3", "data-shape=\"rect\" data-left=\"1\" ")]
    [InlineData("rect", "")]
    public void ImageOcclusionShapesBecomeAnkisDataAttributes(string shape, string data)
        => Assert.Equal($"<div class=\"cloze\" data-ordinal=\"1\" {data}></div>", Cloze.Filter("{{c1::image-occlusion:" + shape + "}}", 1, question: true));

    [Fact]
    public void ImageOcclusionClassesFollowTheSideAndTheCard()
    {
        const string text = "{{c1::image-occlusion:rect:left=1}}{{c2,3::image-occlusion:rect:left=2}}";
        Assert.Equal("<div class=\"cloze\" data-ordinal=\"1\" data-shape=\"rect\" data-left=\"1\" ></div><div class=\"cloze-inactive\" data-ordinal=\"2,3\" data-shape=\"rect\" data-left=\"2\" ></div>",
            Cloze.Filter(text, 1, question: true));
        Assert.Equal("<div class=\"cloze-highlight\" data-ordinal=\"1\" data-shape=\"rect\" data-left=\"1\" ></div><div class=\"cloze-inactive\" data-ordinal=\"2,3\" data-shape=\"rect\" data-left=\"2\" ></div>",
            Cloze.Filter(text, 1, question: false));
        Assert.Equal("<div class=\"cloze-inactive\" data-ordinal=\"1\" data-shape=\"rect\" data-left=\"1\" ></div><div class=\"cloze\" data-ordinal=\"2,3\" data-shape=\"rect\" data-left=\"2\" ></div>",
            Cloze.Filter(text, 3, question: true));
        Assert.Equal("", Cloze.Filter(text, 4, question: true));
    }
}
