using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

    /// <summary>A parsed query written out: terms as Kind:text, then @extra, #number, the operator, !button and ~mode where set.</summary>
    private static string Describe(IEnumerable<QueryNode> nodes) => string.Join(" ", nodes.Select(Describe));

    private static string Describe(QueryNode node) => node switch
    {
        QueryNode.Keyword keyword => keyword.Word.ToUpperInvariant(),
        NotNode not => "-" + Describe(not.Inner),
        GroupNode group => "(" + Describe(group.Nodes) + ")",
        TermNode term => term.Kind + ":" + term.Text
            + (term.Extra != null ? "@" + term.Extra : "")
            + (term.Number != 0 ? "#" + term.Number.ToString("R", CultureInfo.InvariantCulture) : "")
            + (term.Operator ?? "")
            + (term.Button != -1 ? "!" + term.Button.ToString(CultureInfo.InvariantCulture) : "")
            + (term.Mode != FieldMode.Normal ? "~" + term.Mode : ""),
        _ => throw new ArgumentException(node.GetType().Name),
    };

    [Theory]
    [InlineData("", "WholeCollection:")]
    [InlineData("  \t ", "WholeCollection:")]
    [InlineData("dog", "UnqualifiedText:dog")]
    [InlineData("a b", "UnqualifiedText:a AND UnqualifiedText:b")]
    [InlineData("a\tb\u3000c", "UnqualifiedText:a AND UnqualifiedText:b AND UnqualifiedText:c")]
    [InlineData("a or b", "UnqualifiedText:a OR UnqualifiedText:b")]
    [InlineData("a AnD b oR c", "UnqualifiedText:a AND UnqualifiedText:b OR UnqualifiedText:c")]
    [InlineData("-a", "-UnqualifiedText:a")]
    [InlineData("-(a or b) c", "-(UnqualifiedText:a OR UnqualifiedText:b) AND UnqualifiedText:c")]
    [InlineData("(a)(b)", "(UnqualifiedText:a) AND (UnqualifiedText:b)")]
    [InlineData("( a  ( b ) )", "(UnqualifiedText:a AND (UnqualifiedText:b))")]
    [InlineData("-\"a b\"", "-UnqualifiedText:a b")]
    [InlineData("-", "UnqualifiedText:-")]
    [InlineData("a-b", "UnqualifiedText:a-b")]
    [InlineData("\\-a", "UnqualifiedText:-a")]
    [InlineData("a\\*b\\_c\\\\d", "UnqualifiedText:a\\*b\\_c\\\\d")]
    [InlineData("\"a b\"c", "UnqualifiedText:a b AND UnqualifiedText:c")]
    [InlineData("deck:\"my deck\"", "Deck:my deck")]
    [InlineData("\"deck:my deck\"", "Deck:my deck")]
    [InlineData("Deck:x", "Deck:x")]
    [InlineData("deck:a\\:b", "Deck:a:b")]
    [InlineData("note:Basic", "Notetype:Basic")]
    [InlineData("front:a\\:b", "SingleField:a:b@front")]
    [InlineData("fr\\:ont:x", "SingleField:x@fr:ont")]
    [InlineData("foo:\"a b\"", "SingleField:a b@foo")]
    [InlineData("front:", "SingleField:@front")]
    [InlineData("front:re:x", "SingleField:x@front~Regex")]
    [InlineData("\"front:re:a\\\"b\"", "SingleField:a\"b@front~Regex")]
    [InlineData("front:nc:x", "SingleField:x@front~NoCombining")]
    [InlineData("tag:x", "Tag:x")]
    [InlineData("tag:re:x", "Tag:x~Regex")]
    [InlineData("\"tag:re:a\\\"b\"", "Tag:a\"b~Regex")]
    [InlineData("tag:nc:x", "Tag:x~NoCombining")]
    [InlineData("card:2", "TemplateOrdinal:#1")]
    [InlineData("card:+2", "TemplateOrdinal:#1")]
    [InlineData("card:0", "TemplateOrdinal:")]
    [InlineData("card:1", "TemplateOrdinal:")]
    [InlineData("card:65535", "TemplateOrdinal:#65534")]
    [InlineData("card:65536", "TemplateName:65536")]
    [InlineData("card:-1", "TemplateName:-1")]
    [InlineData("card:Front", "TemplateName:Front")]
    [InlineData("flag:0", "Flag:")]
    [InlineData("flag:7", "Flag:#7")]
    [InlineData("resched:3", "Rated:#3!0")]
    [InlineData("resched:0", "Rated:#1!0")]
    [InlineData("added:0", "Added:#1")]
    [InlineData("added:7", "Added:#7")]
    [InlineData("edited:2", "Edited:#2")]
    [InlineData("introduced:5", "Introduced:#5")]
    [InlineData("rated:3", "Rated:#3")]
    [InlineData("rated:0", "Rated:#1")]
    [InlineData("rated:3:4", "Rated:#3!4")]
    [InlineData("rated:3:1", "Rated:#3!1")]
    [InlineData("is:new", "State:new")]
    [InlineData("is:buried-sibling", "State:buried-sibling")]
    [InlineData("did:1,22", "DeckIds:1,22")]
    [InlineData("mid:5", "NotetypeId:5")]
    [InlineData("nid:1", "NoteIds:1")]
    [InlineData("cid:3,4", "CardIds:3,4")]
    [InlineData("re:a\\\"b", "Regex:a\"b")]
    [InlineData("re:", "Regex:")]
    [InlineData("nc:x", "NoCombining:x")]
    [InlineData("sc:x", "StripClozes:x")]
    [InlineData("w:x", "WordBoundary:x")]
    [InlineData("dupe:5,a\\\\b", "Duplicates:a\\b@5")]
    [InlineData("dupe:5,a,b", "Duplicates:a,b@5")]
    [InlineData("has-cd:v", "CustomData:v")]
    [InlineData("preset:Slow", "Preset:Slow")]
    [InlineData("prop:ivl>=3", "Property:ivl@ivl#3>=")]
    [InlineData("prop:reps<=2", "Property:reps@reps#2<=")]
    [InlineData("prop:lapses!=1", "Property:lapses@lapses#1!=")]
    [InlineData("prop:pos<5", "Property:pos@pos#5<")]
    [InlineData("prop:ease=2.5", "Property:ease@ease#2.5=")]
    [InlineData("prop:due=-1", "Property:due@due#-1=")]
    [InlineData("prop:due>2", "Property:due@due#2>")]
    [InlineData("prop:rated=-2:3", "Property:rated@rated#-2=!3")]
    [InlineData("prop:rated>=0", "Property:rated@rated>=")]
    [InlineData("prop:resched<=0", "Property:rated@resched<=!0")]
    [InlineData("prop:cdn:v>1.5", "Property:v@cdn:v#1.5>")]
    [InlineData("prop:cds:s=abc", "Property:abc@cds:s=")]
    [InlineData("prop:s>1", "Property:s@s#1>")]
    [InlineData("prop:d<0.5", "Property:d@d#0.5<")]
    [InlineData("prop:r>=0.25", "Property:r@r#0.25>=")]
    public void QueriesParseIntoAnkisNodes(string query, string expected)
    {
        Assert.Equal(expected, Describe(QueryParser.Parse(query)));
    }

    [Theory]
    [InlineData(":a", "The search ':a' is invalid at ':a': a search term cannot start with ':' (write '\\:' to search for a colon).")]
    [InlineData("a and", "The search 'a and' is invalid at 'a and': 'and' must be between two search terms.")]
    [InlineData("or a", "The search 'or a' is invalid at 'or a': 'or' must be between two search terms.")]
    [InlineData("a or or b", "The search 'a or or b' is invalid at 'a or or b': 'or' must be between two search terms.")]
    [InlineData("x (a or)", "The search 'x (a or)' is invalid at 'a or)': 'or' must be between two search terms.")]
    [InlineData("(a", "The search '(a' is invalid at '(a': a '(' is never closed with ')'.")]
    [InlineData("a)", "The search 'a)' is invalid at ')': a ')' closes a group that was never opened.")]
    [InlineData("x ()", "The search 'x ()' is invalid at '()': a group '()' is empty.")]
    [InlineData("\"\"", "The search '\"\"' is invalid at '\"\"': '\"\"' quotes nothing.")]
    [InlineData("x \"ab", "The search 'x \"ab' is invalid at '\"ab': a '\"' is never closed.")]
    [InlineData("ab\\", "The search 'ab\\' is invalid at 'ab\\': '\\' at the end escapes nothing (write '\\\\' for a backslash).")]
    [InlineData("a\\ b", "The search 'a\\ b' is invalid at 'a\\ b': '\\ ' is not a known escape; quote the term to search for a space.")]
    [InlineData("a\\x", "The search 'a\\x' is invalid at 'a\\x': '\\x' is not a known escape (known: \\\\ \\\" \\: \\( \\) \\- \\* \\_).")]
    [InlineData("\"deck:a\\\"", "The search '\"deck:a\\\"' is invalid at '\"deck:a\\\"': a '\"' is never closed.")]
    [InlineData("flag:8", "The search 'flag:8' is invalid at 'flag:8': flag: takes a number from 0 (no flag) to 7.")]
    [InlineData("flag:x", "The search 'flag:x' is invalid at 'flag:x': flag: takes a number from 0 (no flag) to 7.")]
    [InlineData("added:x", "The search 'added:x' is invalid at 'added:x': added: takes a positive whole number, not 'x'.")]
    [InlineData("edited:-1", "The search 'edited:-1' is invalid at 'edited:-1': edited: takes a positive whole number, not '-1'.")]
    [InlineData("introduced:", "The search 'introduced:' is invalid at 'introduced:': introduced: takes a positive whole number, not ''.")]
    [InlineData("resched:a", "The search 'resched:a' is invalid at 'resched:a': resched: takes a positive whole number, not 'a'.")]
    [InlineData("rated:2:5", "The search 'rated:2:5' is invalid at 'rated:2:5': the answer button must be 1 to 4, not '5'.")]
    [InlineData("rated:2:0", "The search 'rated:2:0' is invalid at 'rated:2:0': the answer button must be 1 to 4, not '0'.")]
    [InlineData("is:Due", "The search 'is:Due' is invalid at 'is:Due': is: takes new, learn, review, due, suspended, buried, buried-manually or buried-sibling.")]
    [InlineData("did:1,", "The search 'did:1,' is invalid at 'did:1,': expected only digits and commas in did:.")]
    [InlineData("nid:", "The search 'nid:' is invalid at 'nid:': expected only digits and commas in nid:.")]
    [InlineData("cid:a", "The search 'cid:a' is invalid at 'cid:a': expected only digits and commas in cid:.")]
    [InlineData("mid:x", "The search 'mid:x' is invalid at 'mid:x': 'x' is not a whole number.")]
    [InlineData("dupe:x,a", "The search 'dupe:x,a' is invalid at 'dupe:x,a': 'x' is not a whole number.")]
    [InlineData("dupe:5", "The search 'dupe:5' is invalid at 'dupe:5': dupe: takes a note type id, a comma and the text.")]
    [InlineData("prop:foo>1", "The search 'prop:foo>1' is invalid at 'prop:foo>1': prop: takes ivl, due, reps, lapses, ease, pos, rated, resched, s, d, r, cdn:key or cds:key.")]
    [InlineData("prop:cdn:>1", "The search 'prop:cdn:>1' is invalid at 'prop:cdn:>1': prop: takes ivl, due, reps, lapses, ease, pos, rated, resched, s, d, r, cdn:key or cds:key.")]
    [InlineData("prop:ivl", "The search 'prop:ivl' is invalid at 'prop:ivl': prop:ivl must be followed by =, !=, <, >, <= or >=.")]
    [InlineData("prop:ivl>x", "The search 'prop:ivl>x' is invalid at 'prop:ivl>x': prop:ivl takes a positive whole number, not 'x'.")]
    [InlineData("prop:ivl>-1", "The search 'prop:ivl>-1' is invalid at 'prop:ivl>-1': prop:ivl takes a positive whole number, not '-1'.")]
    [InlineData("prop:due>1.5", "The search 'prop:due>1.5' is invalid at 'prop:due>1.5': prop:due takes a whole number, not '1.5'.")]
    [InlineData("prop:ease>x", "The search 'prop:ease>x' is invalid at 'prop:ease>x': prop:ease takes a number, not 'x'.")]
    [InlineData("prop:cdn:v>x", "The search 'prop:cdn:v>x' is invalid at 'prop:cdn:v>x': prop:cdn:v takes a number, not 'x'.")]
    [InlineData("prop:rated>1", "The search 'prop:rated>1' is invalid at 'prop:rated>1': prop:rated takes 0 or a negative number of days.")]
    [InlineData("prop:resched=0:1", "The search 'prop:resched=0:1' is invalid at 'prop:resched=0:1': prop:resched takes 0 or a negative number of days, with no answer button.")]
    [InlineData("prop:rated=0:9", "The search 'prop:rated=0:9' is invalid at 'prop:rated=0:9': the answer button must be 1 to 4, not '9'.")]
    public void MalformedQueriesSayWhereAndWhy(string query, string message)
    {
        var e = Assert.Throws<AnkiException>(() => QueryParser.Parse(query));
        Assert.Equal("InvalidQuery", e.Reason);
        Assert.Equal(message, e.Message);
    }
}
