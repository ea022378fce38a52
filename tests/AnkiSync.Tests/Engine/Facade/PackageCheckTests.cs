using System;
using System.IO;
using System.Linq;
using System.Threading;
using AnkiSync.Collection;

namespace AnkiSync.Tests.Engine.Facade;

/// <summary>
/// <c>Test-AnkiPackage</c>'s engine call: each kind of problem it reports, made by changing one thing in a clean
/// package with SQL, with the item it names; a clean package has none.
/// </summary>
public sealed class PackageCheckTests
{
    private static AnkiPackage Clean()
    {
        var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "<b>first</b>", "back <img src=\"pic.jpg\">" }, Tags = new[] { "tidy" } });
        package.AddNote(new NoteInput { Values = new[] { "second", "back" } });
        package.AddMedia("pic.jpg", new MemoryStream(new byte[] { 1 }));
        return package;
    }

    private static long FirstNote(AnkiPackage package) => package.GetNotes().First().Id;

    private static AnkiProblem Only(AnkiPackage package)
        => Assert.Single(package.Check());

    [Fact]
    public void ACleanPackageHasNoProblems()
    {
        using var package = Clean();

        Assert.Empty(package.Check());
    }

    [Fact]
    public void ACardWithoutItsNote()
    {
        using var package = Clean();
        long card = package.GetCards().First().Id;
        RawSql.Run(package, $"update cards set nid = 999 where id = {card}");
        long note = package.GetNotes().First().Id;

        var problems = package.Check().ToList();

        Assert.Contains(problems, p => p.Kind == "CardWithoutNote" && Equals(p.Target, card) && p.Message == $"The card {card} belongs to no note.");
        Assert.Contains(problems, p => p.Kind == "NoteWithoutCards" && Equals(p.Target, note)
            && p.Message == $"The note {note} has no cards, so Anki's importer would add it invisibly.");
    }

    [Fact]
    public void CardsInADeckThatIsGone()
    {
        using var package = Clean();
        RawSql.Run(package, "update cards set did = 4242");

        var problem = Only(package);

        Assert.Equal("CardWithoutDeck", problem.Kind);
        Assert.Equal(4242L, problem.Target);
        Assert.StartsWith("Cards are in deck 4242, which does not exist", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACardWhoseFrontIsBlank()
    {
        using var package = Clean();
        long note = FirstNote(package);
        long card = package.GetCards(new CardFilter { NoteIds = new[] { note } }).Single().Id;
        RawSql.Run(package, $"update notes set flds = char(31) || 'back <img src=\"pic.jpg\">', sfld = '', csum = 0 where id = {note}");

        var problems = package.Check().ToList();

        var empty = Assert.Single(problems, p => p.Kind == "EmptyCard");
        Assert.Equal(card, empty.Target);
        Assert.Equal($"The card {card} (note {note}, 'Card 1' of 'Basic') has a blank front; Anki's Empty Cards would delete it.", empty.Message);
    }

    [Fact]
    public void MediaReferencedButAbsentAndMediaNoFieldUses()
    {
        using var package = Clean();
        RawSql.Run(package, "update notes set flds = replace(flds, 'pic.jpg', 'gone.jpg')");

        var problems = package.Check().Select(p => (p.Kind, p.Target, p.Message)).ToList();

        Assert.Equal(
            new[]
            {
                ("UnusedMedia", (object?)"pic.jpg", "No field references 'pic.jpg', so Anki will drop it on import (unless its name starts with '_')."),
                ("MissingMedia", "gone.jpg", "A field references 'gone.jpg', but the package has no such media file."),
            },
            problems);
    }

    [Fact]
    public void AMediaNameAnkiWouldRename()
    {
        using var package = Clean();
        string decomposed = "cafe\u0301.jpg";
        File.WriteAllBytes(Path.Combine(package.MediaDirectory, decomposed), new byte[] { 2 });
        RawSql.Run(package, $"update notes set flds = flds || '<img src=\"{decomposed}\">' where id = {FirstNote(package)}");

        var problems = package.Check().Where(p => p.Kind == "InvalidMediaName").ToList();

        var problem = Assert.Single(problems);
        Assert.Equal(decomposed, problem.Target);
        Assert.Equal($"Anki would rename the media file '{decomposed}' to 'caf\u00e9.jpg'.", problem.Message);
    }

    [Fact]
    public void TwoNotesWithOneGuid()
    {
        using var package = Clean();
        var notes = package.GetNotes().ToList();
        RawSql.Run(package, $"update notes set guid = 'same' where id in ({notes[0].Id}, {notes[1].Id})");

        var problem = Only(package);

        Assert.Equal("DuplicateGuid", problem.Kind);
        Assert.Equal(notes[1].Id, problem.Target);
        Assert.Equal($"The notes {notes[0].Id} and {notes[1].Id} share the guid 'same'; Anki's importer would treat them as one.", problem.Message);
    }

    [Fact]
    public void ANoteWhoseNoteTypeIsGone()
    {
        using var package = Clean();
        long note = FirstNote(package);
        RawSql.Run(package, $"update notes set mid = 777 where id = {note}");

        var problems = package.Check().ToList();

        var missing = Assert.Single(problems, p => p.Kind == "MissingNoteType");
        Assert.Equal(note, missing.Target);
        Assert.Equal($"The note {note} uses note type 777, which the collection lacks.", missing.Message);
        Assert.DoesNotContain(problems, p => p.Kind is "WrongChecksum" or "WrongSortField" or "FieldCountMismatch");
    }

    [Fact]
    public void ANoteWithTooManyFields()
    {
        using var package = Clean();
        long note = FirstNote(package);
        RawSql.Run(package, $"update notes set flds = flds || char(31) || 'extra' where id = {note}");

        var problem = Only(package);

        Assert.Equal("FieldCountMismatch", problem.Kind);
        Assert.Equal(note, problem.Target);
        Assert.StartsWith($"The note {note} has 3 field(s) but its note type 'Basic' has 2;", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANoteTooShortForItsSortFieldIsOnlyAFieldCountMismatch()
    {
        using var package = Clean();
        package.AddNoteType("Vocab", new[] { "Word", "Meaning" }, new[] { new TemplateDefinition("Card 1", "{{Word}}", "") }, sortField: "Meaning");
        var note = package.AddNote(new NoteInput { NoteType = "Vocab", Values = new[] { "word", "meaning" } });
        RawSql.Run(package, $"update notes set flds = 'word' where id = {note.Id}");

        var problem = Only(package);

        Assert.Equal(("FieldCountMismatch", (object?)note.Id), (problem.Kind, problem.Target));
    }

    [Fact]
    public void AWrongChecksumAndAWrongSortField()
    {
        using var package = Clean();
        var notes = package.GetNotes().ToList();
        RawSql.Run(package, $"update notes set csum = csum + 1 where id = {notes[0].Id}");
        RawSql.Run(package, $"update notes set sfld = 'other' where id = {notes[1].Id}");

        var problems = package.Check().Select(p => (p.Kind, p.Target, p.Message)).ToList();

        Assert.Equal(
            new[]
            {
                ("WrongChecksum", (object?)notes[0].Id, $"The note {notes[0].Id} has a wrong first-field checksum (csum); duplicate detection would miss it."),
                ("WrongSortField", notes[1].Id, $"The note {notes[1].Id} has a wrong sort field (sfld); the browser would sort it wrongly."),
            },
            problems);
    }

    [Fact]
    public void TheSortFieldIsComparedWithoutItsHtmlAndNumbersAsNumbers()
    {
        using var package = Clean();
        package.AddNote(new NoteInput { Values = new[] { "007", "" } });
        package.AddNote(new NoteInput { Values = new[] { "1.50", "" } });
        package.AddNote(new NoteInput { Values = new[] { "<i>word</i>", "" } });

        Assert.Equal(new object[] { "first", "second", 7L, 1.5, "word" }, package.ExecuteSql("select sfld from notes order by id", null, out _, out _).Select(r => r["sfld"]!));
        Assert.Empty(package.Check());
    }

    [Fact]
    public void ANumberThatIsNotTheFieldsNumberIsAWrongSortField()
    {
        using var package = Clean();
        var note = package.AddNote(new NoteInput { Values = new[] { "007", "" } });
        RawSql.Run(package, $"update notes set sfld = 8 where id = {note.Id}");

        var problem = Only(package);

        Assert.Equal(("WrongSortField", (object?)note.Id), (problem.Kind, problem.Target));
    }

    [Fact]
    public void TagsAnkiWouldTidy()
    {
        using var package = Clean();
        long note = FirstNote(package);
        RawSql.Run(package, $"update notes set tags = ' tidy TIDY ' where id = {note}");

        var problem = Only(package);

        Assert.Equal("UntidyTags", problem.Kind);
        Assert.Equal(note, problem.Target);
        Assert.StartsWith($"The note {note} has ", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith("; Anki's importer would tidy its tags.", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACancelledCheckStops()
    {
        using var package = Clean();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => package.Check(cancelled.Token).ToList());
    }
}
