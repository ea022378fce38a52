using System.Linq;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Text;

public class ClozeNumbersTests
{
    private static int[] Ords(params string[] fields) => System.Linq.Enumerable.ToArray(ClozeNumbers.CardOrdinals(fields));

    [Fact]
    public void OneCardPerClozeNumber()
    {
        Assert.Equal(new[] { 0, 1 }, Ords("{{c1::Rome}} is in {{c2::Italy}}"));
    }

    [Fact]
    public void ClozesInAnyFieldCount()
    {
        Assert.Equal(new[] { 0, 2 }, Ords("{{c3::x}}", "", "extra {{c1::y}}"));
    }

    [Fact]
    public void DuplicateNumbersGiveOneCard()
    {
        Assert.Equal(new[] { 1 }, Ords("{{c2::a}} and {{c2::b}}", "{{c2::c}}"));
    }

    [Fact]
    public void MatchesAnkisExamples()
    {
        Assert.Equal(new[] { 0, 1 }, Ords("{{c2::te}}{{c1::s}}t{{"));
        Assert.Equal(new[] { 1 }, Ords("{{c0::te}}s{{c2::t}}s"));
    }

    [Fact]
    public void ANoteWithoutClozesStillGetsCardZero()
    {
        Assert.Equal(new[] { 0 }, Ords("no clozes here", ""));
        Assert.Equal(new[] { 0 }, Ords());
        Assert.Equal(new[] { 0 }, Ords("{{c0::only zero}}"));
    }

    [Fact]
    public void OrdinalsAreCappedAt499()
    {
        Assert.Equal(new[] { 498, 499 }, Ords("{{c499::a}}{{c500::b}}"));
        Assert.Equal(new[] { 499 }, Ords("{{c501::a}}{{c1000::b}}{{c65535::c}}"));
    }

    [Fact]
    public void NumbersBeyondSixteenBitsAreNotClozes()
    {
        Assert.Equal(new[] { 0 }, Ords("{{c65536::a}}"));
        Assert.Equal(new[] { 1 }, Ords("{{c99999999999::a}}{{c2::b}}"));
    }

    [Fact]
    public void OnlyClosedClozesCount()
    {
        Assert.Equal(new[] { 0 }, Ords("{{c2::never closed"));
        Assert.Equal(new[] { 0, 1 }, Ords("{{c1::outer {{c2::inner}} text}}"));

        // The inner cloze closes inside an outer one that never does: neither counts.
        Assert.Equal(new[] { 0 }, Ords("{{c3::outer {{c2::inner}}"));
    }

    [Theory]
    [InlineData("{{c::x}}")]
    [InlineData("{{C1::x}}")]
    [InlineData("{{c1:x}}")]
    [InlineData("{{ c1::x}}")]
    [InlineData("{c1::x}")]
    public void MalformedOpeningsAreNotClozes(string field)
    {
        Assert.Equal(new[] { 0 }, Ords(field));
    }

    [Fact]
    public void HintsAndExtraBracesDoNotMatter()
    {
        Assert.Equal(new[] { 2 }, Ords("{{c3::answer::hint}}"));
        Assert.Equal(new[] { 0 }, Ords("{{{c1::x}}}"));
        Assert.Equal(new[] { 4 }, Ords("{{c05::leading zero}}"));
    }

    [Fact]
    public void ClozesInsideCZeroCount()
    {
        // Anki 25.09 and later (cloze.rs): c0 itself gives no card, the clozes nested in it do.
        Assert.Equal(new[] { 3 }, Ords("{{c0::a {{c4::b}} c}}"));
    }

    [Fact]
    public void OneClozeCanNameSeveralCards()
    {
        Assert.Equal(new[] { 0, 2 }, Ords("{{c1,3::Paris}} is in France"));
        Assert.Equal(new[] { 1 }, Ords("{{c0,2::x}}"));
        Assert.Equal(new[] { 0, 1 }, Ords("{{c2,,1,2::x}}"));
        Assert.Equal(new[] { 0 }, Ords("{{c,::x}}"));
    }

    [Fact]
    public void NestingCountsEveryClosedLevelUpToTenOpen()
    {
        Assert.Equal(new[] { 0, 1, 2 }, Ords("{{c1::{{c2::a}}{{c3::b}}}}"));
        Assert.Equal(new[] { 0, 1, 2 }, Ords("{{c1::{{c2::{{c3::a}}}}}}"));

        // Anki opens at most ten at a time: the eleventh opening is text, and the first }} closes the tenth.
        string eleven = string.Concat(System.Linq.Enumerable.Range(1, 11).Select(n => "{{c" + n + "::")) + "x" + string.Concat(System.Linq.Enumerable.Repeat("}}", 11));
        Assert.Equal(System.Linq.Enumerable.Range(0, 10).ToArray(), Ords(eleven));
    }

    [Theory]
    [InlineData("{{c2::a}")]
    [InlineData("{{c12")]
    [InlineData("x{{c")]
    [InlineData("{{c3::")]
    [InlineData("{{c655350::x}}")]
    public void UnfinishedOrOutOfRangeClozesGiveOnlyCardZero(string field)
    {
        Assert.Equal(new[] { 0 }, Ords(field));
        Assert.False(ClozeNumbers.HasAny(new[] { field }));
    }

    [Fact]
    public void TheLargestSixteenBitNumberIsACloze()
    {
        Assert.Equal(new[] { 499 }, Ords("{{c65535::x}}"));
    }

    [Fact]
    public void HasAnyLooksAtEveryField()
    {
        Assert.True(ClozeNumbers.HasAny(new[] { "plain", "", "{{c1::x}}" }));
        Assert.False(ClozeNumbers.HasAny(new[] { "plain", "{{c0::x}}" }));
        Assert.False(ClozeNumbers.HasAny(System.Array.Empty<string>()));
    }
}
