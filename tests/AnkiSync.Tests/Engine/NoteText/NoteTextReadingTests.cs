using System.Linq;
using AnkiSync.NoteText;

namespace AnkiSync.Tests.Engine.NoteText;

/// <summary>The header lines and the record splitting of Anki's text import, on text alone.</summary>
public class NoteTextReadingTests
{
    private static string[][] Rows(string text, char delimiter) => NoteTextRecords.Parse(text, delimiter).Select(r => r.Fields.ToArray()).ToArray();

    [Fact]
    public void QuotedFieldsHoldDelimitersLineBreaksQuotesAndHashes()
    {
        var rows = Rows("a\t\"b\tc\"\n\"line1\nline2\"\t\"say \"\"hi\"\"\"\n\"#not a comment\"\tx\r\n", '\t');
        Assert.Equal(new[] { "a", "b\tc" }, rows[0]);
        Assert.Equal(new[] { "line1\nline2", "say \"hi\"" }, rows[1]);
        Assert.Equal(new[] { "#not a comment", "x" }, rows[2]);
        Assert.Equal(3, rows.Length);
    }

    [Fact]
    public void QuotesOnlyCountAtTheStartOfAFieldAndTextAfterAClosingQuoteIsKept()
    {
        var rows = Rows("ab\"c\"d,\"x\"yz,\"open", ',');
        Assert.Equal(new[] { "ab\"c\"d", "xyz", "open" }, rows[0]);
    }

    [Fact]
    public void CommentLinesEmptyLinesAndLineEndsAreHandledAsAnkiDoes()
    {
        var parsed = NoteTextRecords.Parse("#comment\n\nfront,back\r\n#later comment\r\rsecond,row\rthird", ',');
        Assert.Equal(new[] { "front,back".Split(','), "second,row".Split(','), new[] { "third" } }, parsed.Select(r => r.Fields.ToArray()).ToArray());
        Assert.Equal(new[] { 3, 6, 7 }, parsed.Select(r => r.Line).ToArray());
    }

    [Fact]
    public void RowsMayHaveAnyLengthAndAnEmptyQuotedFieldIsARecord()
    {
        var rows = Rows("a;b;c\nd\n\"\"\n", ';');
        Assert.Equal(new[] { new[] { "a", "b", "c" }, new[] { "d" }, new[] { "" } }, rows);
    }

    [Fact]
    public void EveryHeaderLineIsRead()
    {
        var header = NoteTextHeader.Parse(
            "#separator:Pipe\n#HTML:true\n#tags:one two\n#columns:Front|\"Ba|ck\"|Extra\n#notetype:Basic\n#deck:My::Deck\n"
            + "#tags column:4\n#guid column:5\n#if matches:keep both\n#match scope:notetype + deck\n#unknown:x\n# a comment\nrow|x\n");
        Assert.Equal('|', header.Delimiter);
        Assert.True(header.DelimiterForced);
        Assert.True(header.Html);
        Assert.Equal(new[] { "one", "two" }, header.GlobalTags);
        Assert.Equal(new[] { "Front", "Ba|ck", "Extra" }, header.ColumnLabels);
        Assert.Equal("Basic", header.NoteType);
        Assert.Equal("My::Deck", header.Deck);
        Assert.Equal(4, header.TagsColumn);
        Assert.Equal(5, header.GuidColumn);
        Assert.Equal(NoteTextMatch.Duplicate, header.IfMatches);
        Assert.Equal(NoteTextMatchScope.NoteTypeAndDeck, header.MatchScope);
        Assert.Equal("#separator:Pipe\n#HTML:true\n#tags:one two\n#columns:Front|\"Ba|ck\"|Extra\n#notetype:Basic\n#deck:My::Deck\n#tags column:4\n#guid column:5\n#if matches:keep both\n#match scope:notetype + deck\n#unknown:x\n# a comment\n".Length, header.Length);
    }

    [Fact]
    public void ColumnHeadersReplaceTheGlobalNoteTypeAndDeckAndTheOtherWayRound()
    {
        var header = NoteTextHeader.Parse("#notetype:Basic\n#notetype column:2\n#deck column:3\n#deck:Kept\nx\n");
        Assert.Null(header.NoteType);
        Assert.Equal(2, header.NoteTypeColumn);
        Assert.Equal("Kept", header.Deck);
        Assert.Equal(0, header.DeckColumn);
    }

    [Fact]
    public void HeaderValuesExportedAsRowsLoseTheirTrailingDelimiters()
    {
        var header = NoteTextHeader.Parse("#separator:tab\t\t\n#html:false\t\t\n#guid column:1\t\t\n#tags column:4\t\n");
        Assert.Equal('\t', header.Delimiter);
        Assert.False(header.Html);
        Assert.Equal(1, header.GuidColumn);
        Assert.Equal(4, header.TagsColumn);
        Assert.Equal(',', NoteTextHeader.Parse("#separator:,\n").Delimiter);
        Assert.Equal(';', NoteTextHeader.Parse("#separator:;,,\n").Delimiter);
    }

    [Fact]
    public void UnknownValuesAreIgnoredAndAMissingNoteTypeIsNotTaken()
    {
        var header = NoteTextHeader.Parse("#separator:nonsense\n#html:yes\n#if matches:sometimes\n#match scope:deck\n#notetype:Nope\nx", name => name == "Basic");
        Assert.False(header.DelimiterForced);
        Assert.Null(header.Html);
        Assert.Null(header.IfMatches);
        Assert.Null(header.MatchScope);
        Assert.Null(header.NoteType);
    }

    [Fact]
    public void ALegacyTagsLineIsReadOnlyFirst()
    {
        var header = NoteTextHeader.Parse("tags:a b\n#html:false\nx");
        Assert.True(header.LegacyTagsLine);
        Assert.Equal(new[] { "a", "b" }, header.GlobalTags);
        Assert.False(NoteTextHeader.Parse("#html:false\ntags:a b\n").LegacyTagsLine);
    }

    [Theory]
    [InlineData("a\tb|c;d:e,f", '\t')]
    [InlineData("b|c;d:e,f", '|')]
    [InlineData("c;d:e,f", ';')]
    [InlineData("d:e,f", ':')]
    [InlineData("e,f", ',')]
    [InlineData("e f", ' ')]
    public void WithoutASeparatorLineTheFirstDelimiterInAnkisOrderIsTaken(string text, char expected)
        => Assert.Equal(expected, NoteTextHeader.DetectDelimiter("#html:false\n" + text, "#html:false\n".Length));

    [Fact]
    public void DetectionLooksAtTheFirst8KilobytesOnly()
    {
        Assert.Equal(' ', NoteTextHeader.DetectDelimiter(new string('x', 8 * 1024) + "\t", 0));
        Assert.Equal('\t', NoteTextHeader.DetectDelimiter(new string('x', 8 * 1024 - 1) + "\t", 0));
        // Counted in UTF-8 bytes, as Anki reads them: 4096 two-byte characters fill the 8 KB.
        Assert.Equal(' ', NoteTextHeader.DetectDelimiter(new string('\u00e9', 4 * 1024) + "\t", 0));
        Assert.Equal('\t', NoteTextHeader.DetectDelimiter(new string('\u00e9', (4 * 1024) - 1) + "\t", 0));
        Assert.Equal(' ', NoteTextHeader.DetectDelimiter(new string('x', (8 * 1024) - 1) + "\u00e9\t", 0));

        // Three bytes for the rest of the first plane, four for a surrogate pair.
        Assert.Equal('\t', NoteTextHeader.DetectDelimiter(new string('\u20ac', 2730) + "\t", 0));
        Assert.Equal(' ', NoteTextHeader.DetectDelimiter(new string('\u20ac', 2731) + "\t", 0));
        Assert.Equal('\t', NoteTextHeader.DetectDelimiter(string.Concat(Enumerable.Repeat("\U0001F600", 2047)) + "\t", 0));
        Assert.Equal(' ', NoteTextHeader.DetectDelimiter(string.Concat(Enumerable.Repeat("\U0001F600", 2048)) + "\t", 0));

        // A delimiter right where the rows start counts.
        Assert.Equal(',', NoteTextHeader.DetectDelimiter("#html:false\n,a b", "#html:false\n".Length));
    }

    [Fact]
    public void PlainTextFieldsAreEscapedAndHtmlIsDetectedLikeAnki()
    {
        Assert.Equal("a &amp; b &lt;c&gt; &quot;d&quot; &#x27;e&#x27;<br>f", NoteTextImporter.Stringify("a & b <c> \"d\" 'e'\nf", html: false));
        Assert.Equal("<b>x</b>", NoteTextImporter.Stringify("<b>x</b>", html: true));
        Assert.True(NoteTextImporter.LooksLikeHtml("a <br> b"));
        Assert.True(NoteTextImporter.LooksLikeHtml("1 < 2 > 0"));
        Assert.False(NoteTextImporter.LooksLikeHtml("2 > 1 < 3"));
    }

    [Fact]
    public void TheWriterQuotesWhatTheReaderWouldOtherwiseSplit()
    {
        var writer = new System.IO.StringWriter();
        NoteTextWriter.WriteRecord(writer, new[] { "plain", "tab\there", "quote\"d", "line\nbreak", "#hash", "" });
        NoteTextWriter.WriteRecord(writer, new[] { "" });
        string text = writer.ToString();
        Assert.Equal("plain\t\"tab\there\"\t\"quote\"\"d\"\t\"line\nbreak\"\t\"#hash\"\t\n\"\"\n", text);
        Assert.Equal(new[] { new[] { "plain", "tab\there", "quote\"d", "line\nbreak", "#hash", "" }, new[] { "" } }, Rows(text, '\t'));
    }

    [Fact]
    public void PlainTextExportMakesOneLineWithoutStylesTypeBoxesOrSounds()
    {
        Assert.Equal("a b c & d", NoteTextWriter.FieldText("<style>x</style>a<br>b<div>c</div> [sound:x.mp3]&amp; d[[type:Front]]", html: false));
        Assert.Equal("a<br>b", NoteTextWriter.FieldText("<STYLE>p{}</STYLE>a<br>b[[type:Back]]", html: true));
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("az09AZ", "az09AZ")]
    [InlineData(",,", ",")]
    [InlineData("x`", "x")]
    [InlineData("x{", "x")]
    [InlineData("x@", "x")]
    [InlineData("x[", "x")]
    [InlineData("x/", "x")]
    [InlineData("x:", "x")]
    [InlineData("true\t\t", "true")]
    [InlineData("\ud83d\ude00", "\ud83d\ude00")]
    [InlineData("\ud83d\ude00x-", "\ud83d\ude00x")]
    [InlineData("\ud83d\ude00-", "\ud83d\ude00")]
    public void AHeaderValueEndsAtTheFirstCharacterAfterItsFirstThatIsNotALetterOrDigit(string value, string trimmed)
        => Assert.Equal(trimmed, NoteTextHeader.TrimmedValue(value));

    [Theory]
    [InlineData("tab", '\t')]
    [InlineData("Pipe", '|')]
    [InlineData("semicolon", ';')]
    [InlineData(" COLON ", ':')]
    [InlineData("comma", ',')]
    [InlineData("space", ' ')]
    [InlineData("|", '|')]
    [InlineData(":", ':')]
    public void SeparatorsAreNamedOrGivenAsThemselves(string value, char delimiter)
    {
        Assert.Equal(delimiter, NoteTextHeader.DelimiterFromValue(value));
        Assert.Equal(delimiter, NoteTextHeader.DelimiterFromValue(NoteTextHeader.NameOf(delimiter)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tabs")]
    [InlineData("x")]
    public void OtherSeparatorsAreNotSeparators(string value) => Assert.Null(NoteTextHeader.DelimiterFromValue(value));

    [Fact]
    public void EveryRecordKnowsTheLineItStartsOnWhateverTheLineEnds()
    {
        const string header = "#a\r\n#b\r#c\n";
        string text = header + "a,b\r\nc,d\re,f\n\"two\r\nlines\",g\r\"cr\rline\",h\n\ni,j\r";
        var records = NoteTextRecords.Parse(text, ',', header.Length);
        Assert.Equal(new[] { 4, 5, 6, 7, 9, 12 }, records.Select(r => r.Line));
        Assert.Equal(new[] { "a|b", "c|d", "e|f", "two\r\nlines|g", "cr\rline|h", "i|j" }, records.Select(r => string.Join("|", r.Fields)));
        Assert.Equal(new[] { 1, 1 }, NoteTextRecords.Parse("\"open\r", ',').Select(r => r.Line).Append(NoteTextRecords.Parse("x\r", ',')[0].Line));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, "a")]
    [InlineData(2, "b")]
    [InlineData(3, null)]
    public void AColumnPastEitherEndOfARecordIsNull(int column, string? expected)
        => Assert.Equal(expected, NoteTextRecords.Parse("a,b", ',')[0].Column(column));

    [Fact]
    public void AQuotedFieldTakesDoubledQuotesAndKeepsWhatFollowsItsClosingQuote()
    {
        var fields = NoteTextRecords.Parse("\"say \"\"hi\"\"\"x,\"\"\"\",\"a\",\"", ',')[0].Fields;
        Assert.Equal(new[] { "say \"hi\"x", "\"", "a", "" }, fields);
    }
}
