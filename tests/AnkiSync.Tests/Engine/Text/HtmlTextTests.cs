using System.Diagnostics;
using System.Linq;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Text;

public class HtmlTextTests
{
    [Theory]
    [InlineData("test", "test")]
    [InlineData("t<b>e</b>st", "test")]
    [InlineData("so<SCRIPT>t<b>e</b>st</script>me", "some")]
    [InlineData("a<style type=\"text/css\">p { color: red }</style>b", "ab")]
    [InlineData("a<!-- note <b>x</b> -->b", "ab")]
    [InlineData("a<br\nclass=x>b", "ab")]
    [InlineData("  x  ", "  x  ")]
    [InlineData("1 < 2", "1 < 2")]
    public void StripHtmlRemovesTagsCommentsScriptsAndStyles(string html, string expected)
    {
        Assert.Equal(expected, HtmlText.StripHtml(html));
    }

    [Theory]
    [InlineData("<img src=foo.jpg>", " foo.jpg ")]
    [InlineData("<img src='foo.jpg'><html>", " foo.jpg ")]
    [InlineData("<html>", "")]
    [InlineData("<IMG SRC=\"a b.jpg\" alt=x>", " a b.jpg ")]
    [InlineData("x<img class=\"big\" src=\"pic.png\">y", "x pic.png y")]
    [InlineData("<img alt=\"a>b\" src=\"pic.png\">", " pic.png ")]
    [InlineData("<audio controls src=\"sound.ogg\"></audio>", " sound.ogg ")]
    [InlineData("<video><source src=\"clip.mp4\" type=\"video/mp4\"></video>", " clip.mp4 ")]
    [InlineData("<object data=\"chart.svg\"></object>", " chart.svg ")]
    [InlineData("<img class=\"no-source\">", "")]
    [InlineData("<imgx src=\"a.jpg\">", "")]
    // Anki's pattern finds "src=" after any word boundary, so data-src counts as a source.
    [InlineData("<img data-src=\"a.jpg\">", " a.jpg ")]
    [InlineData("<img xsrc=\"a.jpg\">", "")]
    [InlineData("<img src=\"\">", " \"\" ")]
    [InlineData("a<!-- <img src=x.jpg> -->b", "ab")]
    [InlineData("[sound:a.mp3]", "[sound:a.mp3]")]
    public void StripHtmlPreservingMediaFilenamesKeepsMediaNames(string html, string expected)
    {
        Assert.Equal(expected, HtmlText.StripHtmlPreservingMediaFilenames(html));
    }

    [Theory]
    [InlineData("a &amp; b", "a & b")]
    [InlineData("&lt;b&gt;", "<b>")]
    [InlineData("&#65;&#x42;&#x6a;", "ABj")]
    [InlineData("&hellip;&euro;", "…€")]
    [InlineData("&#128512;", "😀")]
    [InlineData("&nbsp;x", " x")]
    [InlineData("\u00A0&amp;", " &")]
    [InlineData("\u00A0x", "\u00A0x")]
    public void EntitiesAreDecoded(string html, string expected)
    {
        Assert.Equal(expected, HtmlText.StripHtmlPreservingMediaFilenames(html));
    }

    [Theory]
    [InlineData("Tom & Jerry &amp; co")]
    [InlineData("&amp")]
    [InlineData("it&apos;s &amp;")]
    [InlineData("&#X41; &amp;")]
    [InlineData("&#xD800;")]
    [InlineData("&#x110000;")]
    [InlineData("&#99999999999;")]
    [InlineData("&check;")]
    [InlineData("&;")]
    [InlineData("a&nbsp;\u00A0&bogus;")]
    public void AnyMalformedEntityLeavesTheWholeTextUndecoded(string html)
    {
        // Anki's strict decoder fails as a whole, and then the text is used as it is.
        Assert.Equal(html, HtmlText.StripHtmlPreservingMediaFilenames(html));
    }

    [Fact]
    public void EntitiesAreDecodedAfterTagsAreRemoved()
    {
        Assert.Equal("<img src=x.jpg>", HtmlText.StripHtmlPreservingMediaFilenames("&lt;img src=x.jpg&gt;"));
    }

    [Fact]
    public void PlainTextIsReturnedWithoutCopying()
    {
        var text = "plain text, nothing to strip";
        Assert.Same(text, HtmlText.StripHtmlPreservingMediaFilenames(text));
        Assert.Same(text, HtmlText.StripHtml(text));
    }

    [Fact]
    public void ATagWithManyQuotedAttributesAndNoSourceIsFast()
    {
        // An ambiguous pattern run by a backtracking regex would take 2^200 steps here.
        var html = "<img " + string.Concat(Enumerable.Repeat("a=\"b\" c='d' ", 100)) + "> tail";
        var watch = Stopwatch.StartNew();
        var text = HtmlText.StripHtmlPreservingMediaFilenames(html);
        watch.Stop();
        Assert.Equal(" tail", text);
        Assert.True(watch.Elapsed.TotalSeconds < 5, $"took {watch.Elapsed}");
    }

    [Fact]
    public void AQuotedAttributeCanCarryTheSearchPastAnEarlierClosingBracket()
    {
        // The src is only reachable by reading alt="x>y" as one quoted string.
        Assert.Equal("a pic.png b", HtmlText.StripHtmlPreservingMediaFilenames("a<img alt=\"x>y\" src=pic.png>b"));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(" ", true)]
    [InlineData("x", false)]
    [InlineData("<BR>", true)]
    [InlineData("<div />", true)]
    [InlineData(" <div> <br> </div>\n", true)]
    [InlineData(" <div>x</div>\n", false)]
    [InlineData("<br/>\t\r\n", true)]
    [InlineData("</DIV>", true)]
    [InlineData("&nbsp;", false)]
    [InlineData("\u00A0", false)]
    [InlineData("<p></p>", false)]
    [InlineData("<div class=\"x\"></div>", false)]
    [InlineData("<br  />", false)]
    [InlineData("<img src=\"a.jpg\">", false)]
    public void FieldIsEmptyAllowsOnlyWhitespaceBreaksAndDivs(string html, bool expected)
    {
        Assert.Equal(expected, HtmlText.FieldIsEmpty(html));
    }
}
