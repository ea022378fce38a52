using System.Linq;

namespace AnkiSync.Tests.Engine.Model;

/// <summary>
/// The output objects' defaults and display: PowerShell shows and pipes them, so an unset text or list is empty (never
/// null), and the ones with a display form show what a user looks for.
/// </summary>
public sealed class ModelObjectsTests
{
    [Fact]
    public void UnsetTextsAndListsAreEmpty()
    {
        var card = new AnkiCard();
        var note = new AnkiNote();
        var deck = new AnkiDeck();
        var preset = new AnkiDeckConfig();
        var import = new AnkiImportResult();
        var noteImport = new AnkiNoteImportResult();
        var tag = new AnkiTag();

        Assert.Equal(("", "", 0), (card.NoteType, card.Template, card.Tags.Length));
        Assert.Empty(card.Fields.Keys);
        Assert.Equal(("", "", 0), (note.Guid, note.NoteType, note.Tags.Length));
        Assert.Empty(note.Fields.Keys);
        Assert.Equal(("", ""), (deck.Name, deck.Description));
        Assert.Equal(("", 0, 0, 0), (preset.Name, preset.LearningSteps.Length, preset.RelearningSteps.Length, preset.Decks.Length));
        Assert.Equal(("", 0, 0, 0), (import.Path, import.RenamedMedia.Count, import.Notes.Length, import.Skipped.Length));
        Assert.Empty(noteImport.Notes);
        Assert.Equal("", tag.Name);
        Assert.Equal(("", ""), (new AnkiMedia().Name, new AnkiMedia().Hash));
        Assert.Equal("", noteImport.Path);
        var noteType = new AnkiNoteType();
        Assert.Equal(("", "", "", 0, 0), (noteType.Name, noteType.Css, noteType.SortField, noteType.Fields.Length, noteType.Templates.Length));
        Assert.Empty(new StructureChangeSummary().DroppedFields);
    }

    [Fact]
    public void ACardWithoutANoteTypeRendersEmpty()
    {
        var card = new AnkiCard();

        Assert.Equal(("", "", "", ""), (card.Question, card.Answer, card.QuestionText, card.AnswerText));
    }

    [Fact]
    public void ACardRendersOnceFromItsNote()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "<b>front</b>", "back" } });

        var card = package.GetCards().Single();

        Assert.Equal("<b>front</b>", card.Question);
        Assert.Equal("front", card.QuestionText);
        Assert.Contains("back", card.Answer, System.StringComparison.Ordinal);
        Assert.Equal("back", card.AnswerText);
        Assert.Same(card.Question, card.Question);
    }

    [Fact]
    public void ANoteIdIsItsId()
    {
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { Values = new[] { "a", "b" } });

        Assert.Equal(note.Id, note.NoteId);
        Assert.NotEqual(0, note.NoteId);
    }

    [Fact]
    public void ATagShowsAsItsName()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "a", "b" }, Tags = new[] { "French::Verbs" } });

        Assert.Equal("French::Verbs", package.GetTagCounts().Single().ToString());
    }

    [Fact]
    public void AnImportResultShowsItsPathAndCounts()
    {
        var result = new AnkiImportResult { Path = "deck.apkg", New = 3, Updated = 2, Unchanged = 1, Conflicting = 4 };

        Assert.Equal("deck.apkg: 3 new, 2 updated, 1 unchanged, 4 conflicting", result.ToString());
    }
}
