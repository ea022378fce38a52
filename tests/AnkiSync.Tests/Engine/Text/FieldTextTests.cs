using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Text;

public class FieldTextTests
{
    [Fact]
    public void RemovesControlCharactersButKeepsTabAndNewline()
    {
        Assert.Equal("abc\nd\tef", FieldText.Normalize("a\u0001b\rc\nd\te\u001ff\u007f"));
    }

    [Fact]
    public void ComposesToNfc()
    {
        Assert.Equal("caf\u00e9", FieldText.Normalize("cafe\u0301"));
        Assert.Equal("\u6f22", FieldText.Normalize("\ufa47"));
    }

    [Fact]
    public void ReturnsTheSameInstanceWhenNothingChanges()
    {
        var ascii = "Plain <b>HTML</b>\twith\nnewlines";
        var unicode = "日本語 café";
        Assert.Same(ascii, FieldText.Normalize(ascii));
        Assert.Same(unicode, FieldText.Normalize(unicode));
    }

    [Fact]
    public void ReplacesUnpairedSurrogates()
    {
        Assert.Equal("a\uFFFDb😀", FieldText.Normalize("a\uD800b😀"));
    }
}
