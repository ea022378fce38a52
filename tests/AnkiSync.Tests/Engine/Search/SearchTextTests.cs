using AnkiSync.Search;

namespace AnkiSync.Tests.Engine.Search;

/// <summary>Anki's search-text conversions (rslib <c>text.rs</c>: to_sql, to_re, to_custom_re, is_glob, to_text, glob_matcher, without_combining), case by case.</summary>
public class SearchTextTests
{
    [Theory]
    [InlineData("a*b", "a%b")]
    [InlineData("100%", "100\\%")]
    [InlineData("a\\*b", "a*b")]
    [InlineData("\\*", "*")]
    [InlineData("a\\\\b", "a\\\\b")]
    [InlineData("a_b", "a_b")]
    [InlineData("a\\_b", "a\\_b")]
    [InlineData("a\\", "a\\")]
    [InlineData("\\", "\\")]
    public void ToSqlMakesAnkisWildcardsLikePatterns(string text, string expected)
        => Assert.Equal(expected, SearchText.ToSql(text));

    [Theory]
    [InlineData("a*b", "a.*b")]
    [InlineData("a_b", "a.b")]
    [InlineData("a\\_b", "a_b")]
    [InlineData("a\\*b", "a\\*b")]
    [InlineData("a\\\\b", "a\\\\b")]
    [InlineData("a\\xb", "a\\\\xb")]
    [InlineData("a\\", "a\\\\")]
    [InlineData("a.b+c(d)", "a\\.b\\+c\\(d\\)")]
    [InlineData("é€", "é€")]
    public void ToReMakesThemARegexWithEverythingElseLiteral(string text, string expected)
        => Assert.Equal(expected, SearchText.ToRe(text));

    [Fact]
    public void ToCustomReUsesTheGivenWildcard()
    {
        Assert.Equal("a\\S*b\\S", SearchText.ToCustomRe("a*b_", "\\S"));
        Assert.Matches("^" + SearchText.ToRe("x y#z") + "$", "x y#z");
        Assert.Matches("^" + SearchText.ToRe("a\tb") + "$", "a\tb");
    }

    [Theory]
    [InlineData("a*", true)]
    [InlineData("a_", true)]
    [InlineData("a\\*", false)]
    [InlineData("a\\_", false)]
    [InlineData("a\\\\*", true)]
    [InlineData("plain", false)]
    public void IsGlobFindsAnUnescapedWildcard(string text, bool glob)
        => Assert.Equal(glob, SearchText.IsGlob(text));

    [Theory]
    [InlineData("a\\*b\\_c", "a*b_c")]
    [InlineData("plain", "plain")]
    [InlineData("a\\\\b", "a\\b")]
    [InlineData("a\\", "a\\")]
    public void ToTextUndoesEveryEscape(string text, string expected)
        => Assert.Equal(expected, SearchText.ToText(text));

    [Theory]
    [InlineData("Basic", "BASIC", true)]
    [InlineData("Basic", "Basics", false)]
    [InlineData("ÉCOLE", "école", true)]
    [InlineData("a.c", "abc", false)]
    [InlineData("a\\*c", "a*c", true)]
    [InlineData("b*c", "BasiC", true)]
    [InlineData("b*c", "Basic deck", false)]
    [InlineData("b*", "xb", false)]
    [InlineData("a.*", "abc", false)]
    [InlineData("a.*", "a.bc", true)]
    [InlineData("a*", "a\nb", true)]
    [InlineData("c_t", "CAT", true)]
    public void GlobMatcherComparesWholeNamesIgnoringCase(string search, string name, bool matches)
        => Assert.Equal(matches, SearchText.GlobMatcher(search)(name));

    [Theory]
    [InlineData("cafe", "cafe")]
    [InlineData("café", "cafe")]
    [InlineData("cafe\u0301", "cafe")]
    [InlineData("ﬁn", "fin")]
    [InlineData("Ångström", "Angstrom")]
    [InlineData("€Æ Ð Ø Þ ß æ ð ø þ", "EAE D O TH s ae d o th")]
    [InlineData("Đđ Ħħ ı ĸ Łł Ŋŋ Œœ Ŧŧ Əǝ ɑ", "Dd Hh i k Ll Nn OEoe Tt Ee a")]
    public void WithoutCombiningDropsMarksAndSpellsOutAnkisExtraLetters(string text, string expected)
        => Assert.Equal(expected, SearchText.WithoutCombining(text));

    [Fact]
    public void NfcComposes()
    {
        Assert.Equal("café", SearchText.Nfc("cafe\u0301"));
        Assert.Equal("café", SearchText.Nfc("café"));
    }
}
