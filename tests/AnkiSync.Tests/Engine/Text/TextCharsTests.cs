using System;
using System.Text;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Text;

/// <summary>
/// The character helpers under the media-name and field rules: UTF-8 lengths and truncation (checked against .NET's
/// UTF-8 encoder), lone surrogates, NFC, and the regex word characters Anki's media pattern uses for <c>\b</c>.
/// </summary>
public class TextCharsTests
{
    // One- to four-byte characters around every UTF-8 length boundary, and a lone surrogate (3 bytes as U+FFFD).
    private static readonly string[] Pieces = { "a", "\u007F", "\u0080", "é", "\u07FF", "\u0800", "€", "\uFFFD", "😀", "\uD800" };

    // Test data holds lone surrogates, which theory arguments cannot carry intact: each case is a seed.
    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < 40; i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static string Text(int seed)
    {
        var random = new Random(seed);
        var builder = new StringBuilder();
        var count = random.Next(1, 8);
        for (var j = 0; j < count; j++)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return builder.ToString();
    }

    private static string FromCodeUnits(int[] units)
    {
        var builder = new StringBuilder();
        foreach (var unit in units)
        {
            builder.Append((char)unit);
        }

        return builder.ToString();
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TruncateUtf8KeepsTheLongestPrefixThatFitsWithoutSplittingACharacter(int seed)
    {
        var text = Text(seed);
        var utf8 = new UTF8Encoding(false, false);
        var total = utf8.GetByteCount(text);
        for (var max = 0; max <= total + 1; max++)
        {
            var kept = TextChars.TruncateUtf8(text, max);
            Assert.StartsWith(kept, text, StringComparison.Ordinal);
            Assert.True(utf8.GetByteCount(kept) <= max, $"'{kept}' is over {max} bytes");
            if (kept.Length < text.Length)
            {
                Assert.False(char.IsLowSurrogate(text[kept.Length]) && kept.Length > 0 && char.IsHighSurrogate(kept[kept.Length - 1]), "a pair was split");
                var nextLength = char.IsHighSurrogate(text[kept.Length]) && kept.Length + 1 < text.Length && char.IsLowSurrogate(text[kept.Length + 1]) ? 2 : 1;
                Assert.True(utf8.GetByteCount(text.Substring(0, kept.Length + nextLength)) > max, $"one more character of '{text}' fits in {max} bytes");
            }
        }

        Assert.Same(text, TextChars.TruncateUtf8(text, total));
    }

    [Theory]
    [InlineData(new[] { 0x7F }, 1)]
    [InlineData(new[] { 0x80 }, 2)]
    [InlineData(new[] { 0x7FF }, 2)]
    [InlineData(new[] { 0x800 }, 3)]
    [InlineData(new[] { 0xFFFF }, 3)]
    [InlineData(new[] { 0xD83D, 0xDE00 }, 4)]
    [InlineData(new[] { 0xD800 }, 3)]
    [InlineData(new[] { 0xD800, 0x61 }, 3)]
    [InlineData(new[] { 0xDC00 }, 3)]
    public void Utf8LengthOfTheFirstCharacter(int[] units, int bytes)
    {
        Assert.Equal(bytes, TextChars.Utf8Length(FromCodeUnits(units), 0, out var chars));
        Assert.Equal(bytes == 4 ? 2 : 1, chars);
    }

    [Theory]
    [InlineData('a')]
    [InlineData('z')]
    [InlineData('A')]
    [InlineData('Z')]
    [InlineData('0')]
    [InlineData('9')]
    [InlineData('_')]
    [InlineData('é')]
    [InlineData('ǅ')]
    [InlineData('ʰ')]
    [InlineData('中')]
    [InlineData('\u0301')]
    [InlineData('\u0903')]
    [InlineData('\u20DD')]
    [InlineData('٣')]
    [InlineData('\u203F')]
    public void WordCharactersAreLettersMarksDigitsAndConnectors(char c)
    {
        Assert.True(TextChars.IsWordChar(c));
    }

    [Theory]
    [InlineData('@')]
    [InlineData('[')]
    [InlineData('`')]
    [InlineData('{')]
    [InlineData('/')]
    [InlineData(':')]
    [InlineData('-')]
    [InlineData('.')]
    [InlineData(' ')]
    [InlineData('\u007F')]
    [InlineData('\u00A0')]
    [InlineData('€')]
    [InlineData('²')]
    [InlineData('«')]
    public void OtherCharactersAreNotWordCharacters(char c)
    {
        Assert.False(TextChars.IsWordChar(c));
    }

    [Theory]
    [InlineData(new[] { 0x6F, 0x6B }, false)]
    [InlineData(new[] { 0xD83D, 0xDE00 }, false)]
    [InlineData(new[] { 0x61, 0xD800 }, true)]
    [InlineData(new[] { 0xD800, 0x61 }, true)]
    [InlineData(new[] { 0xDC00 }, true)]
    [InlineData(new[] { 0xDE00, 0xD83D }, true)]
    [InlineData(new[] { 0xD83D, 0xDE00, 0xDE00 }, true)]
    public void LoneSurrogatesAreFound(int[] units, bool lone)
    {
        Assert.Equal(lone, TextChars.HasLoneSurrogate(FromCodeUnits(units)));
    }

    [Fact]
    public void LoneSurrogatesAreReplacedOrDroppedAndPairsKept()
    {
        Assert.Equal("a?b😀?", TextChars.ReplaceLoneSurrogates("a\uD800b😀\uDC00", '?'));
        Assert.Equal("ab😀", TextChars.ReplaceLoneSurrogates("a\uD800b😀\uDC00", null));
        var clean = "a😀b";
        Assert.Same(clean, TextChars.ReplaceLoneSurrogates(clean, '?'));
    }

    [Fact]
    public void ToNfcComposesAndReturnsTextAlreadyInNfcAsItIs()
    {
        Assert.Equal("caf\u00e9", TextChars.ToNfc("cafe\u0301"));
        var ascii = "plain";
        Assert.Same(ascii, TextChars.ToNfc(ascii));
        var composed = "caf\u00e9";
        Assert.Same(composed, TextChars.ToNfc(composed));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("\u007F~", true)]
    [InlineData("a\u0080", false)]
    public void AsciiIsBelow0x80(string text, bool ascii)
    {
        Assert.Equal(ascii, TextChars.IsAscii(text));
    }
}
