using System.Security.Cryptography;
using System.Text;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Text;

public class FieldChecksumTests
{
    [Theory]
    // The vectors from Anki's own tests.
    [InlineData("test", 2840236005L)]
    [InlineData("今日", 1464653051L)]
    // Values Anki stored in the real fixture files.
    [InlineData("<b>Car</b>", 3158811612L)]
    [InlineData("Basic with image&nbsp;<img src=\"favicon.ico\">", 2183677625L)]
    [InlineData("<img src=\"png1.png\">", 364157591L)]
    [InlineData("Cloze text.&nbsp;Canberra was founded in {{c1::1913}}.", 1283850154L)]
    [InlineData("Elderberry&nbsp;", 1990447721L)]
    [InlineData("Basic front with mp3[sound:bloop.wav]", 283440196L)]
    public void MatchesAnki(string firstField, long expected)
    {
        Assert.Equal(expected, FieldChecksum.Compute(firstField));
    }

    [Fact]
    public void HashesTheStrippedTextWithMediaNamesPadded()
    {
        var digest = SHA1.HashData(Encoding.UTF8.GetBytes(" a.jpg "));
        var expected = ((long)digest[0] << 24) | ((long)digest[1] << 16) | ((long)digest[2] << 8) | digest[3];
        Assert.Equal(expected, FieldChecksum.Compute("<img src=\"a.jpg\">"));
        Assert.Equal(1196959972L, expected);
    }

    [Fact]
    public void LongTextAndLoneSurrogatesHashAsTheirUtf8()
    {
        // Longer than the buffer kept between calls, then short again (nothing of the long text may be left over).
        foreach (var text in new[] { new string('日', 30_000), "test", "a" + (char)0xD800 + "b" })
        {
            var digest = SHA1.HashData(Encoding.UTF8.GetBytes(text));
            var expected = ((long)digest[0] << 24) | ((long)digest[1] << 16) | ((long)digest[2] << 8) | digest[3];
            Assert.Equal(expected, FieldChecksum.ComputeFromStripped(text));
        }

        Assert.Equal(2840236005L, FieldChecksum.ComputeFromStripped("test"));
    }

    [Fact]
    public void FormattingDoesNotChangeTheChecksum()
    {
        Assert.Equal(FieldChecksum.Compute("test"), FieldChecksum.Compute("<b>te</b><i>st</i>"));
        Assert.NotEqual(FieldChecksum.Compute("test"), FieldChecksum.Compute(" test"));
    }

    [Fact]
    public void ChecksumIsAnUnsigned32BitNumber()
    {
        foreach (var text in new[] { "", "a", "b", "c", "日本語", "<img src=x.png>" })
        {
            var sum = FieldChecksum.Compute(text);
            Assert.InRange(sum, 0L, uint.MaxValue);
        }
    }

    [Theory]
    [InlineData("<b>42</b>", "42")]
    [InlineData("007", "007")]
    [InlineData("3.14", "3.14")]
    [InlineData("<img src=\"a.png\">Zebra", " a.png Zebra")]
    [InlineData("x&amp;y", "x&y")]
    public void SortFieldTextIsTheStrippedText(string field, string expected)
    {
        Assert.Equal(expected, FieldChecksum.SortFieldText(field));
    }
}
