using System.Linq;
using System.Net;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Text;

/// <summary>
/// Anki decodes exactly the HTML 4.01 named entities (its decoder predates HTML 5's list): each one decodes to the
/// character the HTML 4.01 DTDs (HTMLlat1, HTMLsymbol, HTMLspecial) give it, and a name outside the set leaves the
/// whole text undecoded. The expected characters come from .NET's own HTML decoder, not from the engine's table.
/// </summary>
public class HtmlEntitiesTests
{
    // The 252 entity names of the HTML 4.01 DTDs (HTMLlat1.ent, HTMLsymbol.ent, HTMLspecial.ent).
    private const string Html4Names =
        "AElig Aacute Acirc Agrave Alpha Aring Atilde Auml Beta Ccedil Chi Dagger Delta ETH Eacute Ecirc "
        + "Egrave Epsilon Eta Euml Gamma Iacute Icirc Igrave Iota Iuml Kappa Lambda Mu Ntilde Nu OElig Oacute "
        + "Ocirc Ograve Omega Omicron Oslash Otilde Ouml Phi Pi Prime Psi Rho Scaron Sigma THORN Tau Theta "
        + "Uacute Ucirc Ugrave Upsilon Uuml Xi Yacute Yuml Zeta aacute acirc acute aelig agrave alefsym alpha "
        + "amp and ang aring asymp atilde auml bdquo beta brvbar bull cap ccedil cedil cent chi circ clubs "
        + "cong copy crarr cup curren dArr dagger darr deg delta diams divide eacute ecirc egrave empty emsp "
        + "ensp epsilon equiv eta eth euml euro exist fnof forall frac12 frac14 frac34 frasl gamma ge gt hArr "
        + "harr hearts hellip iacute icirc iexcl igrave image infin int iota iquest isin iuml kappa lArr "
        + "lambda lang laquo larr lceil ldquo le lfloor lowast loz lrm lsaquo lsquo lt macr mdash micro middot "
        + "minus mu nabla nbsp ndash ne ni not notin nsub ntilde nu oacute ocirc oelig ograve oline omega "
        + "omicron oplus or ordf ordm oslash otilde otimes ouml para part permil perp phi pi piv plusmn pound "
        + "prime prod prop psi quot rArr radic rang raquo rarr rceil rdquo real reg rfloor rho rlm rsaquo "
        + "rsquo sbquo scaron sdot sect shy sigma sigmaf sim spades sub sube sum sup sup1 sup2 sup3 supe szlig "
        + "tau there4 theta thetasym thinsp thorn tilde times trade uArr uacute uarr ucirc ugrave uml upsih "
        + "upsilon uuml weierp xi yacute yen yuml zeta zwj zwnj ";

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Html4Names.Split(' ', System.StringSplitOptions.RemoveEmptyEntries))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void TheHtml4SetHas252Names()
    {
        Assert.Equal(252, Html4Names.Split(' ', System.StringSplitOptions.RemoveEmptyEntries).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EachHtml4NameDecodesToItsCharacter(string name)
    {
        var expected = WebUtility.HtmlDecode("&" + name + ";");
        Assert.NotEqual("&" + name + ";", expected);
        // Anki turns the no-break space into a plain space after decoding.
        expected = expected.Replace('\u00A0', ' ');
        Assert.Equal("<" + expected + ">", HtmlEntities.Decode("<&" + name + ";>"));
    }

    [Theory]
    [InlineData("apos")]
    [InlineData("AMP")]
    [InlineData("Amp")]
    [InlineData("hellip2")]
    [InlineData("NotEqualTilde")]
    [InlineData("nbs")]
    public void ANameOutsideTheHtml4SetLeavesTheTextAsItIs(string name)
    {
        var text = "a &amp; b &" + name + ";";
        Assert.Same(text, HtmlEntities.Decode(text));
    }
}
