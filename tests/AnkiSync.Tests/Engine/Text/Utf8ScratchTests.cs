using System.Text;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Text;

/// <summary>The UTF-8 the checksum and guid hashes read: the same bytes as .NET's encoder, short or long, joined or not.</summary>
public sealed class Utf8ScratchTests
{
    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("日本語 café")]
    [InlineData("lone \ud800 surrogate")]
    public void ShortTextIsItsUtf8(string text)
    {
        Assert.Equal(Encoding.UTF8.GetBytes(text), Utf8Scratch.Encode(text).ToArray());
        Assert.Equal(Encoding.UTF8.GetBytes(text + "\u001f" + text), Utf8Scratch.EncodeJoined(text, text).ToArray());
    }

    [Fact]
    public void TextBeyondTheKeptBufferIsItsUtf8Too()
    {
        // Three bytes a character on both sides: the joined buffer must hold every byte and the separator.
        string first = new string('日', 3000);
        string second = new string('語', 3000);

        Assert.Equal(Encoding.UTF8.GetBytes(first + "\u001f" + second), Utf8Scratch.EncodeJoined(first, second).ToArray());
        Assert.Equal(Encoding.UTF8.GetBytes(first + second), Utf8Scratch.Encode(first + second).ToArray());
    }
}
