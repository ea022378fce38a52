using System;
using AnkiSync.Search;

namespace AnkiSync.Tests.Engine.Search;

public class QueryParserTests
{
    [Theory]
    [InlineData("(dog", "(dog")]
    [InlineData("dog)", ")")]
    [InlineData("()", "()")]
    [InlineData("\"dog", "\"dog")]
    [InlineData("dog and", "dog and")]
    [InlineData("or dog", "or dog")]
    [InlineData("prop:ivl", "ivl")]
    [InlineData("prop:ivl>x", "prop:ivl>x")]
    [InlineData("is:sleepy", "sleepy")]
    [InlineData("flag:9", "9")]
    [InlineData("nid:1,a", "nid:1,a")]
    [InlineData("rated:2:5", "5")]
    [InlineData("a\\b", "a\\b")]
    [InlineData(":dog", ":dog")]
    [InlineData("\"re:(\"", "(?i)(")]
    public void MalformedQueriesAreInvalidQueryNamingTheTerm(string query, string term)
    {
        var e = Assert.Throws<AnkiException>(() =>
        {
            var nodes = QueryParser.Parse(query);
            if (query.StartsWith("\"re:", StringComparison.Ordinal))
            {
                SearchSql.Build(query, new SearchSource(Array.Empty<AnkiSync.Collection.NoteTypeModel>(), Array.Empty<(long, string, long)>(), Array.Empty<(long, string)>(), 1, false, default, (_, _) => new()));
            }
        });
        Assert.Equal("InvalidQuery", e.Reason);
        Assert.Contains(term, e.Message);
    }

    [Fact]
    public void UserTextBecomesParametersNeverSql()
    {
        var search = SearchSql.Build("\"x' or 1=1 --\" tag:a'b deck:x' note:'", new SearchSource(Array.Empty<AnkiSync.Collection.NoteTypeModel>(), new[] { (1L, "Default", 1L) }, Array.Empty<(long, string)>(), 1, false, default, (_, _) => new()));
        Assert.DoesNotContain("1=1", search.Condition);
        Assert.DoesNotContain("a'b", search.Condition);
        Assert.Contains(search.Parameters, p => (string?)p.Value == "%x' or 1=1 --%");
    }

    [Theory]
    [InlineData("a b", 3)]
    [InlineData("a or b", 3)]
    [InlineData("a OR b AND c", 5)]
    [InlineData("-a (b or c)", 3)]
    [InlineData("deck:\"my deck\" front:\"a b\"", 3)]
    public void ImplicitAndAndKeywords(string query, int nodes)
    {
        Assert.Equal(nodes, QueryParser.Parse(query).Count);
    }

    [Fact]
    public void EscapesAndWildcardsFollowAnki()
    {
        Assert.Equal("a%b_c\\_d*e\\%", SearchText.ToSql("a*b_c\\_d\\*e%"));
        Assert.True(SearchText.IsGlob("a_b"));
        Assert.False(SearchText.IsGlob("a\\_b"));
        var term = (TermNode)QueryParser.Parse("a\\:b\\(c\\)\\-d\\\"")[0];
        Assert.Equal("a:b(c)-d\"", term.Text);
        Assert.Equal("uber", SearchText.WithoutCombining("über"));
    }
}
