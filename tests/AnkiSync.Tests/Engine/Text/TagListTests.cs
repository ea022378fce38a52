using System.Linq;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Text;

public class TagListTests
{
    [Fact]
    public void SplitsOnSpacesAndIdeographicSpaces()
    {
        Assert.Equal(new[] { "a", "b", "c", "d::e" }, TagList.Split(" a b\u3000c  d::e "));
        Assert.Empty(TagList.Split(""));
        Assert.Empty(TagList.Split("   "));
    }

    [Fact]
    public void ParsesTheStoredForm()
    {
        Assert.Equal(new[] { "technic", "wheels" }, TagList.ParseStored(" technic wheels "));
        Assert.Empty(TagList.ParseStored(""));
    }

    [Fact]
    public void JoinsInTheStoredForm()
    {
        Assert.Equal("", TagList.Join(new string[0]));
        Assert.Equal(" a ", TagList.Join(new[] { "a" }));
        Assert.Equal(" a b::c ", TagList.Join(new[] { "b::c", "a" }));
    }

    [Fact]
    public void JoinKeepsTheFirstSpellingOfCaseInsensitiveDuplicates()
    {
        Assert.Equal(" bar Foo ", TagList.Join(new[] { "Foo", "bar", "foo", "FOO" }));
    }

    [Fact]
    public void JoinDeduplicatesLongTagListsTheSameWay()
    {
        // Past a handful of tags the duplicates are found through a set: the first spelling still wins, in any position.
        var tags = Enumerable.Range(0, 40).Select(i => $"t{i:D2}").ToList();
        tags.Insert(3, "T30");
        tags.Add("T05");
        tags.Add("t39");
        string stored = TagList.Join(tags);
        var expected = Enumerable.Range(0, 40).Select(i => i == 30 ? "T30" : $"t{i:D2}");
        Assert.Equal(" " + string.Join(" ", expected) + " ", stored);
    }

    [Fact]
    public void JoinSortsLikeAnkiWithCaseFolded()
    {
        Assert.Equal(" a_b aab B c ", TagList.Join(new[] { "c", "aab", "B", "a_b" }));
    }

    [Fact]
    public void JoinSortsATagBeforeTheLongerTagsItBegins()
    {
        Assert.Equal(" a A::b ab ", TagList.Join(new[] { "ab", "A::b", "a" }));
    }

    [Fact]
    public void JoinNormalisesToNfc()
    {
        Assert.Equal(" caf\u00e9 ", TagList.Join(new[] { "cafe\u0301", "caf\u00e9" }));
    }

    [Fact]
    public void JoinRefusesInvalidTags()
    {
        var error = Assert.Throws<AnkiException>(() => TagList.Join(new[] { "ok", "not ok" }));
        Assert.Equal("InvalidTag", error.Reason);
        Assert.Equal(AnkiErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("not ok", error.Target);
        Assert.Equal("The tag 'not ok' is not valid: it contains a space, and spaces separate tags. Give each tag as its own array element, or one string of tags separated by spaces.", error.Message);
    }

    [Theory]
    [InlineData(" a b ", null)]
    [InlineData("", null)]
    [InlineData(" a A ", "the tag 'A' twice")]
    [InlineData(" x a::::b ", "the tag 'a::::b': it has an empty '::' level (Anki would name it \"blank\")")]
    public void AStoredListSaysWhatAnkiWouldTidy(string stored, string? fault)
    {
        Assert.Equal(fault, TagList.StoredFault(stored));
    }

    [Theory]
    [InlineData("vocab")]
    [InlineData("lang::es::verbs")]
    [InlineData("say\"hi\"")]
    [InlineData("a\u00A0b")]
    [InlineData("日本語")]
    [InlineData("a:b")]
    public void ValidTagsHaveNoReason(string tag)
    {
        Assert.Null(TagList.InvalidReason(tag));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a b", "space")]
    [InlineData("a\u3000b", "space")]
    [InlineData("a\tb", "whitespace")]
    [InlineData("a\nb", "whitespace")]
    [InlineData("a\u0001b", "control")]
    [InlineData("a::", "empty '::' level")]
    [InlineData("::a", "empty '::' level")]
    [InlineData("a::::b", "empty '::' level")]
    [InlineData("a::b::", "empty '::' level")]
    [InlineData("a::b\u2003", "whitespace")]
    [InlineData("a::b\u2003::c", "whitespace")]
    [InlineData("a::\u00A0b", "whitespace")]
    [InlineData("a\u2003", "whitespace")]
    public void InvalidTagsSayWhy(string tag, string reasonPart)
    {
        var reason = TagList.InvalidReason(tag);
        Assert.NotNull(reason);
        Assert.Contains(reasonPart, reason);
    }

    [Fact]
    public void UnpairedSurrogatesAreNotText()
    {
        var tag = "a" + (char)0xD800;
        Assert.Contains("surrogate", TagList.InvalidReason(tag));
    }
}
