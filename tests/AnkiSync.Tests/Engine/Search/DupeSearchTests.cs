using System.Linq;

namespace AnkiSync.Tests.Engine.Search;

/// <summary>
/// dupe:&lt;note type id&gt;,&lt;text&gt; finds the notes of that type whose first field, stripped of HTML, is the text —
/// Anki's "find duplicates" search. The expected notes are named by hand.
/// </summary>
public class DupeSearchTests
{
    [Fact]
    public void DupeFindsNotesOfTheTypeWhoseFirstFieldIsTheText()
    {
        using var package = AnkiPackage.Create();
        var bold = package.AddNote(new NoteInput { Values = new[] { "<b>perro</b>", "dog" } });
        var plain = package.AddNote(new NoteInput { Values = new[] { "perro", "hound" }, Guid = "second-perro" });
        package.AddNote(new NoteInput { Values = new[] { "gato", "perro" } });
        package.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { "perro", "dog" } });
        long basic = package.GetNoteTypes().Single(t => t.Name == "Basic").Id;

        var notes = package.GetNotes(new NoteFilter { Query = $"dupe:{basic},perro" }).Select(n => n.Id).OrderBy(id => id).ToList();
        var cards = package.GetCards(new CardFilter { Query = $"dupe:{basic},perro" }).Select(c => c.NoteId).OrderBy(id => id).ToList();

        Assert.Equal(new[] { bold.Id, plain.Id }, notes);
        Assert.Equal(new[] { bold.Id, plain.Id }, cards);
        Assert.Empty(package.GetNotes(new NoteFilter { Query = $"dupe:{basic},perr" }));
        var error = Assert.Throws<AnkiException>(() => package.GetNotes(new NoteFilter { Query = "dupe:perro" }).ToList());
        Assert.Equal("InvalidQuery", error.Reason);
    }
}
