using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AnkiSync.NoteText;
using AnkiSync.Packages;
using AnkiSync.Tests.Engine.Reading;
using AnkiSync.Tests.Validation;

namespace AnkiSync.Tests.Engine.NoteText;

/// <summary>Import-AnkiNote's engine on packages: matching, updating in place, the header lines, and the round trip with the export.</summary>
public class NoteTextImportTests
{
    /// <summary>A file laid out exactly as Anki's "Notes in Plain Text" export writes it, with every column.</summary>
    private const string AnkiExport =
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"
        + "g1\tBasic\tSpanish::Words\t<b>perro</b>\tdog\tanimal noun\n"
        + "g2\tBasic (and reversed card)\tSpanish\t\"line1<br>say \"\"hi\"\"\"\t\"two\nlines\"\t\n"
        + "g3\tCloze\tSpanish\t{{c1::gato}} es un animal\t\tcloze\n"
        + "g4\tBasic\tDefault\t\"#1 hash\"\t\"tab\there\"\t\n";

    private static AnkiNoteImportResult Import(AnkiPackage package, string text, NoteTextImportOptions? options = null)
        => NoteTextImporter.Import(package, text, "test.txt", options ?? new NoteTextImportOptions());

    private static string ExportText(AnkiPackage package, NoteTextExportOptions options, IReadOnlyCollection<long>? ids = null)
    {
        var writer = new StringWriter();
        NoteTextWriter.Write(package, ids, options, writer);
        return writer.ToString();
    }

    private static AnkiPackage WithStockTypes()
    {
        var package = AnkiPackage.Create();
        foreach (string name in new[] { "Basic", "Basic (and reversed card)", "Cloze" })
        {
            package.GetOrCreateNoteType(name);
        }

        return package;
    }

    private static void AssertValid(AnkiPackage package)
    {
        using var folder = new ScratchFolder();
        string path = folder.Combine("checked.apkg");
        package.Export(path, PackageVersion.Legacy2);
        AnkiRules.AssertValid(path);
    }

    [Fact]
    public void AFileLaidOutAsAnkiExportsItRoundTripsUnchanged()
    {
        using var package = WithStockTypes();
        var result = Import(package, AnkiExport);
        Assert.Equal((4, 4, 0), (result.Rows, result.New, result.Failed));
        AssertValid(package);

        var perro = package.GetNotes().Single(n => n.Guid == "g1");
        Assert.Equal("<b>perro</b>", perro.Fields["Front"]);
        Assert.Equal(new[] { "animal", "noun" }, perro.Tags);
        Assert.Equal("Spanish::Words", perro.Deck);
        Assert.Equal("line1<br>say \"hi\"", package.GetNotes().Single(n => n.Guid == "g2").Fields["Front"]);

        string exported = ExportText(package, new NoteTextExportOptions { WithGuid = true, WithNoteType = true, WithDeck = true, WithTags = true });
        Assert.Equal(AnkiExport, exported);

        // Imported again, every row matches its note by guid and changes nothing.
        var again = Import(package, exported);
        Assert.Equal((0, 0, 4), (again.New, again.Updated, again.Unchanged));
    }

    [Fact]
    public void TheExportPadsFieldsAndNumbersTheTagsColumnAsAnkiDoes()
    {
        using var package = WithStockTypes();
        Import(package, "#html:true\n#notetype:Basic\n#tags column:3\nfront\tback\tt1\n");
        package.AddNote(new NoteInput { NoteType = "Basic (optional reversed card)", Values = new[] { "f", "b", "y" }, Tags = new[] { "x" } });
        string text = ExportText(package, new NoteTextExportOptions { WithTags = true, WithDeck = true });
        Assert.Equal("#separator:tab\n#html:true\n#deck column:1\n#tags column:5\nDefault\tfront\tback\t\tt1\nDefault\tf\tb\ty\tx\n", text);
        Assert.Equal("#separator:tab\n#html:false\nfront\tback\n", ExportText(package, new NoteTextExportOptions { Html = false }, new[] { package.GetNotes().First().Id }));
    }

    [Fact]
    public void AGuidMatchIsUpdatedInPlaceKeepingIdCardsAndScheduling()
    {
        using var package = WithStockTypes();
        Import(package, "#guid column:1\n#tags column:4\n#notetype:Basic\ng1\tperro\tdog\tanimal\ng2\tgato\tcat\tanimal\n");
        var before = package.GetNotes().Single(n => n.Guid == "g1");
        package.Db.Execute("update cards set type = 2, queue = 2, ivl = 12, factor = 2500, reps = 4, lapses = 1, due = 30 where nid = $id", ("$id", before.Id));
        var cardsBefore = package.GetCards(new CardFilter { NoteIds = new[] { before.Id } }).Select(c => (c.Id, c.Interval, c.Due, c.Reviews, c.Lapses, c.State)).ToList();

        var result = Import(package, "#guid column:1\n#tags column:4\n#notetype:Basic\ng1\tel perro\tthe dog\tanimal changed\ng2\tgato\tcat\tanimal\n");
        Assert.Equal((0, 1, 1), (result.New, result.Updated, result.Unchanged));
        var after = package.GetNotes().Single(n => n.Guid == "g1");
        Assert.Equal(before.Id, after.Id);
        Assert.Equal("el perro", after.Fields["Front"]);
        Assert.Equal(new[] { "animal", "changed" }, after.Tags);
        Assert.Equal(cardsBefore, package.GetCards(new CardFilter { NoteIds = new[] { before.Id } }).Select(c => (c.Id, c.Interval, c.Due, c.Reviews, c.Lapses, c.State)).ToList());
        Assert.Equal(2, package.NoteCount);
        AssertValid(package);
    }

    [Fact]
    public void WithoutAGuidRowsMatchByFirstFieldAndIfMatchesDecides()
    {
        using var package = WithStockTypes();
        Import(package, "#separator:comma\n#html:false\nperro,dog\n");
        long id = package.GetNotes().Single().Id;

        var kept = Import(package, "#separator:comma\n#html:false\n#if matches:keep current\nperro,DOG\n");
        Assert.Equal((0, 0, 1), (kept.New, kept.Updated, kept.Skipped));
        Assert.Equal("dog", package.GetNotes().Single().Fields["Back"]);

        var updated = Import(package, "#separator:comma\n#html:false\nperro,DOG\n");
        Assert.Equal(1, updated.Updated);
        Assert.Equal(id, package.GetNotes().Single().Id);
        Assert.Equal("DOG", package.GetNotes().Single().Fields["Back"]);

        var both = Import(package, "#separator:comma\n#html:false\n#if matches:keep both\n<b>perro</b>,another\n", new NoteTextImportOptions { IfExists = null });
        Assert.Equal(1, both.New);
        Assert.Equal(2, package.NoteCount);
        Assert.Equal(2, package.GetNotes().Select(n => n.Guid).Distinct().Count());

        // The parameter wins over the header line.
        var skipped = Import(package, "#separator:comma\n#if matches:update current\nperro,changed\n", new NoteTextImportOptions { IfExists = NoteTextMatch.Skip });
        Assert.Equal(1, skipped.Skipped);
        AssertValid(package);
    }

    [Fact]
    public void MatchScopeNoteTypeAndDeckLooksOnlyInTheRowsDeck()
    {
        using var package = WithStockTypes();
        Import(package, "#deck:A\nperro\tdog\n");
        var other = Import(package, "#deck:B\n#match scope:notetype + deck\nperro\tdog 2\n");
        Assert.Equal(1, other.New);
        var same = Import(package, "#deck:A\n#match scope:notetype + deck\nperro\tdog 3\n");
        Assert.Equal(1, same.Updated);
        Assert.Equal(new[] { "dog 3", "dog 2" }, package.GetNotes().Select(n => (string)n.Fields["Back"]!).ToArray());
        // A guid match is never added twice, even with "keep both".
        string guid = package.GetNotes().First().Guid;
        var dupe = Import(package, $"#guid column:1\n#if matches:keep both\n{guid}\tperro\tx\n");
        Assert.Equal((0, 1), (dupe.New, dupe.Skipped));
    }

    [Fact]
    public void ColumnsMapFieldsByNameAndTheNextFreeColumnHoldsTheTags()
    {
        using var package = WithStockTypes();
        var result = Import(package, "#separator:Comma\n#columns:Back,Front,Labels\n#tags:global\ndog,perro,animal noun\n");
        Assert.Equal(1, result.New);
        var note = package.GetNotes().Single();
        Assert.Equal(("perro", "dog"), ((string)note.Fields["Front"]!, (string)note.Fields["Back"]!));
        Assert.Equal(new[] { "animal", "global", "noun" }, note.Tags);
    }

    [Fact]
    public void PlainTextIsEscapedHtmlIsDetectedAndEmptyFirstFieldsAreSkipped()
    {
        using var package = WithStockTypes();
        var result = Import(package, "a < b & c\t\"two\nlines\"\n\tno front\n");
        Assert.Equal((1, 1), (result.New, result.EmptyFirstField));
        var note = package.GetNotes().Single();
        Assert.Equal("a &lt; b &amp; c", note.Fields["Front"]);
        Assert.Equal("two<br>lines", note.Fields["Back"]);

        Import(package, "<i>html</i>\tkept <b>as is</b>\n");
        Assert.Equal("kept <b>as is</b>", package.GetNotes().Single(n => (string)n.Fields["Front"]! == "<i>html</i>").Fields["Back"]);
    }

    [Fact]
    public void ALegacyTagsLineAndTheDeckHeaderApplyToEveryRow()
    {
        using var package = WithStockTypes();
        var result = Import(package, "\uFEFFtags:old style\n#deck:New::Deck\none\t1\ntwo\t2\n");
        Assert.Equal(2, result.New);
        Assert.All(package.GetNotes(), n => Assert.Equal("New::Deck|old style", n.Deck + "|" + string.Join(" ", n.Tags)));
    }

    [Fact]
    public void RowsOfAMissingNoteTypeOrDeckIdAreCountedAndTheOthersGoIn()
    {
        using var package = WithStockTypes();
        var warnings = new List<string>();
        var result = NoteTextImporter.Import(package, "#notetype column:1\n#deck column:2\nNope\tDefault\tx\ty\nBasic\t999\tx\ty\nBasic\tCreated\tz\tw\n", "t.txt",
            new NoteTextImportOptions(), null, warnings.Add);
        Assert.Equal((1, 2), (result.New, result.Missing));
        Assert.Equal(2, warnings.Count);
        Assert.Equal("Created", package.GetNotes().Single().Deck);
    }

    [Fact]
    public void ParametersOverrideTheFilesNoteTypeAndDeck()
    {
        using var package = WithStockTypes();
        var result = Import(package, "#notetype:Cloze\n#deck:FromFile\nfront\tback\n", new NoteTextImportOptions { NoteType = "Basic (and reversed card)", Deck = "Given" });
        Assert.Equal(1, result.New);
        var note = package.GetNotes().Single();
        Assert.Equal(("Basic (and reversed card)", "Given"), (note.NoteType, note.Deck));
        Assert.Equal(2, package.GetCards(new CardFilter { NoteIds = new[] { note.Id } }).Count());
    }

    [Fact]
    public void ABadRowIsReportedWithItsLineAndTheOthersGoIn()
    {
        using var package = WithStockTypes();
        var errors = new List<AnkiException>();
        var result = NoteTextImporter.Import(package, "#tags column:3\nfront\tback\tbad::\nok\tback\tfine\n", "t.txt", new NoteTextImportOptions(), errors.Add);
        Assert.Equal((1, 1), (result.New, result.Failed));
        Assert.Equal("InvalidTag", Assert.Single(errors).Reason);
        Assert.StartsWith("Line 2 of 't.txt'", errors[0].Message);
        AssertValid(package);
    }

    [Fact]
    public void AnEmptyFileIsAnError()
    {
        using var package = WithStockTypes();
        Assert.Equal("EmptyFile", Assert.Throws<AnkiException>(() => Import(package, "#separator:tab\n#html:true\n")).Reason);
    }

    [Fact]
    public void TheRowsSkippedForAMissingNoteTypeOrDeckAreNamedByLine()
    {
        using var package = WithStockTypes();
        var warnings = new List<string>();
        NoteTextImporter.Import(package, "#notetype column:1\n#deck column:2\nNope\tDefault\tx\ty\nBasic\t999\tx\ty\n\tDefault\tz\tw\n", "t.txt",
            new NoteTextImportOptions(), null, warnings.Add);
        Assert.Equal(new[]
        {
            "Line 3 of 't.txt': the package has no note type 'Nope'; the row is skipped.",
            "Line 4 of 't.txt': the package has no deck with id 999; the row is skipped.",
            "Line 5 of 't.txt': the package has no note type ''; the row is skipped.",
        }, warnings);
    }

    [Theory]
    [InlineData("")]
    [InlineData("#separator:tab\n#html:false\n")]
    [InlineData("\ufeff")]
    [InlineData("#separator:comma\n#html:true")]
    [InlineData("tags:a b")]
    public void AFileWithoutRowsIsRefused(string text)
    {
        using var package = WithStockTypes();
        var error = Assert.Throws<AnkiException>(() => Import(package, text));
        Assert.Equal(("EmptyFile", "The file 'test.txt' has no rows to import."), (error.Reason, error.Message));
    }

    [Fact]
    public void AByteOrderMarkIsNotPartOfTheFirstField()
    {
        using var package = WithStockTypes();
        Assert.Equal(1, Import(package, "\ufefffront\tback\n").New);
        Assert.Equal("front", package.GetNotes().Single().Fields["Front"]);
    }

    [Theory]
    [InlineData("#html:false\na;b\n", "a", "b")]
    [InlineData("#html:false\na|b;c\n", "a", "b;c")]
    [InlineData("#html:false\n#separator:semicolon\na|b;c\n", "a|b", "c")]
    public void WithoutASeparatorLineTheSeparatorIsTheFirstFoundAfterTheHeader(string text, string front, string back)
    {
        using var package = WithStockTypes();
        Import(package, text);
        var note = package.GetNotes().Single();
        Assert.Equal((front, back), ((string)note.Fields["Front"]!, (string)note.Fields["Back"]!));
    }

    [Fact]
    public void WithoutAnHtmlLineOneRowThatLooksLikeHtmlMakesEveryRowHtml()
    {
        using var package = WithStockTypes();
        Import(package, "x < y\tplain\n<b>bold</b>\tother\n");
        Assert.Equal(new[] { "<b>bold</b>", "x < y" }, package.GetNotes().Select(n => (string)n.Fields["Front"]!).Order(StringComparer.Ordinal));

        using var plain = WithStockTypes();
        Import(plain, "x < y\tplain\na > b\tother\n");
        Assert.Equal(new[] { "a &gt; b", "x &lt; y" }, plain.GetNotes().Select(n => (string)n.Fields["Front"]!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false, false, true, true, "#deck column:1\n#tags column:4\n", "Lang\tfront\tback\tt1 t2")]
    [InlineData(true, false, true, false, "#guid column:1\n#deck column:2\n", "g1\tLang\tfront\tback")]
    [InlineData(true, true, false, true, "#guid column:1\n#notetype column:2\n#tags column:5\n", "g1\tBasic\tfront\tback\tt1 t2")]
    [InlineData(false, true, false, false, "#notetype column:1\n", "Basic\tfront\tback")]
    [InlineData(false, false, false, true, "#tags column:3\n", "front\tback\tt1 t2")]
    public void ExportedMetaColumnsComeFirstInAnkisOrderAndTheTagsLast(bool guid, bool noteType, bool deck, bool tags, string columns, string row)
    {
        using var package = WithStockTypes();
        package.AddNote(new NoteInput { Deck = "Lang", Values = new[] { "front", "back" }, Tags = new[] { "t1", "t2" }, Guid = "g1" });
        string text = ExportText(package, new NoteTextExportOptions { WithGuid = guid, WithNoteType = noteType, WithDeck = deck, WithTags = tags });
        Assert.Equal("#separator:tab\n#html:true\n" + columns + row + "\n", text);
    }

    private static string Back(AnkiPackage package, string front)
        => (string)package.GetNotes().Single(n => (string)n.Fields["Front"]! == front).Fields["Back"]!;

    [Fact]
    public void KeepBothAddsAFirstFieldMatchAgainEachTimeWithAGuidOfItsOwn()
    {
        using var package = WithStockTypes();
        Import(package, "perro\tdog\n");
        for (int i = 0; i < 2; i++)
        {
            var again = Import(package, "#if matches:keep both\nperro\tdog\n");
            Assert.Equal((1, 0, 0, 0), (again.New, again.Updated, again.Unchanged, again.Skipped));
        }

        Assert.Equal(3, package.GetNotes().Select(n => n.Guid).Distinct().Count());
    }

    [Fact]
    public void AChecksumMatchWhoseFirstFieldDiffersIsNoMatch()
    {
        using var package = WithStockTypes();
        Import(package, "gato\tcat\n");
        // A stored checksum that collides with the row's (as two different texts can): the first fields differ, so no match.
        package.Db.Execute("update notes set csum = $csum", ("$csum", AnkiRules.Checksum("perro")));

        var result = Import(package, "perro\tdog\n");

        Assert.Equal((1, 0), (result.New, result.Updated));
        Assert.Equal("cat", Back(package, "gato"));
    }

    [Fact]
    public void AGuidMatchWithEveryFieldChangedIsUpdatedAndTheRowsTagsReplaceTheNotesWithTheFileTagsAdded()
    {
        using var package = WithStockTypes();
        Import(package, "#guid column:1\n#tags column:4\ng1\tperro\tdog\told\n");

        var result = Import(package, "#guid column:1\n#tags column:4\n#tags:global\ng1\tgato\tcat\tnew\n", new NoteTextImportOptions { WantNotes = true });

        Assert.Equal((0, 1, 0), (result.New, result.Updated, result.Unchanged));
        var note = package.GetNotes().Single();
        Assert.Equal(("gato", "cat", "g1"), ((string)note.Fields["Front"]!, (string)note.Fields["Back"]!, note.Guid));
        Assert.Equal(new[] { "global", "new" }, note.Tags);
        Assert.Equal("gato", (string)Assert.Single(result.Notes).Fields["Front"]!);
    }

    [Fact]
    public void TheNotesWrittenAreReturnedOnlyWhenAskedFor()
    {
        using var package = WithStockTypes();
        var quiet = new NoteTextImportOptions { WantNotes = false };
        Assert.Empty(Import(package, "perro\tdog\n", quiet).Notes);
        Assert.Empty(Import(package, "perro\tDOG\n", quiet).Notes);

        var result = Import(package, "perro\tdog again\ngato\tcat\n", new NoteTextImportOptions { WantNotes = true });

        Assert.Equal((1, 1), (result.New, result.Updated));
        Assert.Equal(new[] { "dog again", "cat" }, result.Notes.Select(n => (string)n.Fields["Back"]!).ToArray());
        Assert.Equal("Default", result.Notes[1].Deck);
    }

    [Fact]
    public void TheHtmlLineDecidesOverWhatTheRowsLookLike()
    {
        using var package = WithStockTypes();
        Import(package, "#html:true\na < b\tplain\n");
        Import(package, "#html:false\n<b>x</b>\tbold\n");

        Assert.Equal("plain", Back(package, "a < b"));
        Assert.Equal("bold", Back(package, "&lt;b&gt;x&lt;/b&gt;"));
    }

    [Fact]
    public void TheNoteTypeAndDeckLinesTakeAnIdOrANameAndFallBackToBasicAndDefault()
    {
        using var package = WithStockTypes();
        long cloze = package.GetNoteTypes().Single(t => t.Name == "Cloze").Id;
        long lang = package.AddDeck("Lang").Id;

        Import(package, $"#notetype:{cloze}\n#deck:{lang}\n{{{{c1::uno}}}}\tone\n");
        Import(package, "#notetype:cloze\n#deck:lang\n{{c1::dos}}\ttwo\n");
        Import(package, "#notetype:Nope\n#deck:\ntres\tthree\n");
        Import(package, "#deck:New deck\ncuatro\tfour\n");

        var notes = package.GetNotes().ToDictionary(n => (string)n.Fields[0]!);
        Assert.Equal(("Cloze", "Lang"), (notes["{{c1::uno}}"].NoteType, notes["{{c1::uno}}"].Deck));
        Assert.Equal(("Cloze", "Lang"), (notes["{{c1::dos}}"].NoteType, notes["{{c1::dos}}"].Deck));
        Assert.Equal(("Basic", "Default"), (notes["tres"].NoteType, notes["tres"].Deck));
        Assert.Equal(("Basic", "New deck"), (notes["cuatro"].NoteType, notes["cuatro"].Deck));
    }

    [Fact]
    public void ADeckColumnTakesAnExistingIdOrNameAndAnEmptyCellIsDefault()
    {
        using var package = WithStockTypes();
        long lang = package.AddDeck("Lang").Id;

        var result = Import(package, $"#deck column:1\n{lang}\tuno\tone\nlang\tdos\ttwo\n\ttres\tthree\n");

        Assert.Equal(3, result.New);
        var decks = package.GetNotes().ToDictionary(n => (string)n.Fields["Front"]!, n => n.Deck);
        Assert.Equal(("Lang", "Lang", "Default"), (decks["uno"], decks["dos"], decks["tres"]));
    }

    [Fact]
    public void WithANoteTypeColumnAShortRowLeavesTheLastFieldsEmpty()
    {
        using var package = WithStockTypes();
        var result = Import(package, "#notetype column:1\nBasic\tonly front\nBasic (and reversed card)\ta\tb\n");

        Assert.Equal(2, result.New);
        Assert.Equal("", Back(package, "only front"));
        Assert.Equal("b", Back(package, "a"));
    }

    [Fact]
    public void ColumnsWithoutNamesAreFieldsInOrderThenTheFirstFreeColumnIsTheTags()
    {
        using var package = WithStockTypes();
        var result = Import(package, "#guid column:3\nfront\tback\tg1\ttag1\textra\n");

        Assert.Equal(1, result.New);
        var note = package.GetNotes().Single();
        Assert.Equal(("front", "back", "g1"), ((string)note.Fields["Front"]!, (string)note.Fields["Back"]!, note.Guid));
        Assert.Equal(new[] { "tag1" }, note.Tags);
    }

    [Fact]
    public void NamedColumnsSkipMetaColumnsAndAnUnnamedOneMapsNothing()
    {
        using var package = WithStockTypes();
        Import(package, "#separator:comma\n#guid column:1\n#columns:Front,Front,Back\ng1,perro,dog\n");
        Assert.Equal("dog", Back(package, "perro"));

        Import(package, "#separator:comma\n#columns:,Front\nx,gato\n");
        Assert.Equal("", Back(package, "gato"));

    }
}
