using System.Linq;
using System.Text;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Text;

public class MediaNamesTests
{
    [Fact]
    public void MatchesAnkisOwnExamples()
    {
        Assert.Equal("foo.jpg", MediaNames.Normalize("foo.jpg"));
        Assert.Equal("con_.jpg", MediaNames.Normalize("con.jpg[]><:\"/?*^\\|\0\r\n"));
        Assert.Equal("test._", MediaNames.Normalize("test."));
        Assert.Equal("test _", MediaNames.Normalize("test "));
        Assert.Equal(new string('x', 115) + ".jpg", MediaNames.Normalize(new string('x', 240) + ".jpg"));
    }

    [Fact]
    public void ReturnsTheSameInstanceWhenNothingChanges()
    {
        var name = "Schöne Grüße 日本.mp3";
        Assert.Same(name, MediaNames.Normalize(name));
        Assert.True(MediaNames.IsNormalized(name));
    }

    public static TheoryData<string> DeviceNames()
    {
        var data = new TheoryData<string> { "CON", "PRN", "AUX", "NUL" };
        for (var n = 1; n <= 9; n++)
        {
            data.Add("COM" + n);
            data.Add("LPT" + n);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DeviceNames))]
    public void WindowsDeviceNamesGetAnUnderscore(string device)
    {
        Assert.Equal(device + "_", MediaNames.Normalize(device));
        Assert.Equal(device + "_.txt", MediaNames.Normalize(device + ".txt"));
        Assert.Equal(device.ToLowerInvariant() + "_.tar.gz", MediaNames.Normalize(device.ToLowerInvariant() + ".tar.gz"));
        Assert.False(MediaNames.IsNormalized(device + ".txt"));
    }

    [Theory]
    [InlineData("COM0")]
    [InlineData("COM10")]
    [InlineData("LPT0.txt")]
    [InlineData("CONSOLE.txt")]
    [InlineData("console")]
    [InlineData("xcon")]
    [InlineData("my con.txt")]
    [InlineData("nul_.txt")]
    public void NamesThatOnlyResembleDeviceNamesAreKept(string name)
    {
        Assert.Equal(name, MediaNames.Normalize(name));
    }

    [Fact]
    public void NonBreakingSpacesBecomeSpaces()
    {
        Assert.Equal("a b.jpg", MediaNames.Normalize("a\u00A0b.jpg"));
    }

    [Fact]
    public void NamesAreComposedToNfc()
    {
        Assert.Equal("Caf\u00e9.jpg", MediaNames.Normalize("Cafe\u0301.jpg"));
        Assert.False(MediaNames.IsNormalized("Cafe\u0301.jpg"));
    }

    [Fact]
    public void ControlAndUnassignedCharactersAreRemoved()
    {
        Assert.Equal("ab.png", MediaNames.Normalize("a\u0378\u0007b\u007f.png"));
        Assert.Equal("ab.png", MediaNames.Normalize("a\uFFFFb.png"));
        Assert.Equal("a\uE000b.png", MediaNames.Normalize("a\uE000b.png"));
        Assert.Equal("a😀b.png", MediaNames.Normalize("a😀b.png"));
    }

    [Fact]
    public void ExactlyOneHundredTwentyBytesIsKept()
    {
        var name = new string('x', 116) + ".jpg";
        Assert.Same(name, MediaNames.Normalize(name));
    }

    [Fact]
    public void TruncationKeepsTheExtensionAndWholeCharacters()
    {
        // 3-byte characters: the stem may use 120 - 3 ("jpg") - 2 = 115 bytes, i.e. 38 characters.
        Assert.Equal(string.Concat(Enumerable.Repeat("日", 38)) + ".jpg", MediaNames.Normalize(string.Concat(Enumerable.Repeat("日", 50)) + ".jpg"));

        // No extension: 118 bytes, i.e. 39 characters.
        Assert.Equal(string.Concat(Enumerable.Repeat("日", 39)), MediaNames.Normalize(string.Concat(Enumerable.Repeat("日", 50))));

        // 4-byte characters (surrogate pairs) are never split: 115 bytes hold 28 of them.
        var emoji = MediaNames.Normalize(string.Concat(Enumerable.Repeat("😀", 40)) + ".png");
        Assert.Equal(string.Concat(Enumerable.Repeat("😀", 28)) + ".png", emoji);
        Assert.True(Encoding.UTF8.GetByteCount(emoji) <= MediaNames.MaxNameBytes);
    }

    [Fact]
    public void ALongExtensionIsCutToTenBytes()
    {
        Assert.Equal("a.bbbbbbbbbb", MediaNames.Normalize("a." + new string('b', 200)));
    }

    [Fact]
    public void TruncationThatEndsInASpaceGetsAnUnderscore()
    {
        var name = new string('a', 117) + " bbbbbb";
        Assert.Equal(new string('a', 117) + " _", MediaNames.Normalize(name));
    }

    [Theory]
    [InlineData("a.jpg")]
    [InlineData("con")]
    [InlineData("what?.jpg")]
    [InlineData(" ")]
    [InlineData("...")]
    public void AcceptedNamesHaveNoRejectionReason(string name)
    {
        Assert.Null(MediaNames.RejectionReason(name));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(".", "not a file name")]
    [InlineData("..", "not a file name")]
    [InlineData("sub/a.jpg", "path separator")]
    [InlineData("sub\\a.jpg", "path separator")]
    [InlineData("/a.jpg", "path separator")]
    [InlineData("C:a.jpg", "drive letter")]
    [InlineData("???", "nothing is left")]
    [InlineData("\u0001", "nothing is left")]
    public void RejectedNamesSayWhy(string name, string reasonPart)
    {
        var reason = MediaNames.RejectionReason(name);
        Assert.NotNull(reason);
        Assert.Contains(reasonPart, reason);
    }

    [Fact]
    public void ReferencesFindEveryKindOfMediaTag()
    {
        var field = "<img src=\"a.jpg\"> <img src=b.jpg> <IMG SRC='c.jpg'> [sound:d.mp3] "
            + "<audio src=\"e.ogg\"></audio> <video><source src=\"f.mp4\"></video> <object data=\"g.svg\"></object>";
        Assert.Equal(new[] { "a.jpg", "b.jpg", "c.jpg", "e.ogg", "f.mp4", "g.svg", "d.mp3" }, MediaNames.References(field).ToArray());
    }

    [Fact]
    public void TagAndAttributeNamesMatchInAnyCase()
    {
        var field = "<AUDIO SRC=e.ogg></AUDIO> <Video><SOURCE Src=\"f.mp4\"></Video> <OBJECT DATA='g.svg'></OBJECT>";
        Assert.Equal(new[] { "e.ogg", "f.mp4", "g.svg" }, MediaNames.References(field).ToArray());
    }

    [Fact]
    public void ReferencesSkipUrlsAndDataUris()
    {
        var field = "<img src=\"http://example.com/y.png\"><img src=\"https://example.com/z.png\">"
            + "<img src=\"data:image/png;base64,AAAA\">[sound:https://example.com/a.mp3]<img src=\"local.png\">";
        Assert.Equal(new[] { "local.png" }, MediaNames.References(field).ToArray());
    }

    [Fact]
    public void ReferencesDecodeEntitiesAndNormalise()
    {
        Assert.Equal(new[] { "a&b.jpg", "fo&o.mp3" }, MediaNames.References("<img src=\"a&amp;b.jpg\">[sound:fo&amp;o.mp3]").ToArray());
        Assert.Equal(new[] { "caf\u00e9.jpg" }, MediaNames.References("<img src=\"cafe\u0301.jpg\">").ToArray());
    }

    [Fact]
    public void ReferencesAreListedOnce()
    {
        Assert.Equal(new[] { "a.jpg", "b.mp3" }, MediaNames.References("<img src=a.jpg><img src=\"a.jpg\">[sound:b.mp3][sound:b.mp3]").ToArray());
    }

    [Fact]
    public void ReferencesIgnoreSoundTagsInsideTextToSpeech()
    {
        Assert.Empty(MediaNames.References("[anki:tts][en_US]read [sound:x.mp3] aloud[/anki:tts]"));
    }

    [Theory]
    [InlineData("<img src=\"a.jpg\"")]
    [InlineData("<img alt=\"a.jpg\">")]
    [InlineData("[sound:]")]
    [InlineData("plain text")]
    public void TextWithoutAReferenceHasNone(string field)
    {
        Assert.Empty(MediaNames.References(field));
    }
}
