using System;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.Scheduling;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// Card changes on a package built here (no corpus): what is refused and why, when a change counts, which <c>mod</c>
/// a flag-only change keeps, and the home deck's preset a set due date takes its ease from.
/// </summary>
public class CardEditorTests
{
    /// <summary>Three Basic notes in deck Lang (new cards at positions 0-2), whose preset is Exam (starting ease 2.3).</summary>
    private static AnkiPackage Package()
    {
        var package = AnkiPackage.Create();
        foreach (string front in new[] { "one", "two", "three" })
        {
            package.AddNote(new NoteInput { Deck = "Lang", Values = new[] { front, "back" } });
        }

        using (var editor = package.BeginCollectionEdit())
        {
            editor.AddDeckConfig("Exam", new DeckConfigChange { StartingEase = 2.3 });
            editor.SetDeck("Lang", null, "Exam");
            editor.Complete();
        }

        package.Json.Conf["schedVer"] = 2;
        package.State.MarkSaved();
        return package;
    }

    private static long Card(AnkiPackage package, string front)
        => package.Db.ScalarLong("select c.id from cards c join notes n on n.id = c.nid where n.flds like $f", ("$f", front + "\u001f%"));

    private static long Column(AnkiPackage package, long card, string column)
        => package.Db.ScalarLong($"select {column} from cards where id = $id", ("$id", card));

    [Fact]
    public void OnlyAChangeThatCommitsMarksThePackageModifiedAndAFinishedEditTakesNoMore()
    {
        using var package = Package();
        long one = Card(package, "one");
        using (var edit = package.BeginCardEdit())
        {
            Assert.True(edit.Suspend(one));
            Assert.False(edit.Suspend(one));
        }

        Assert.False(package.IsModified);
        Assert.Equal(0, Column(package, one, "queue"));

        using (var edit = package.BeginCardEdit())
        {
            Assert.False(edit.Resume(one));
            edit.Complete();
        }

        Assert.False(package.IsModified);

        using (var edit = package.BeginCardEdit())
        {
            Assert.True(edit.Suspend(one));
            edit.Complete();
            Assert.Equal("BatchFinished", Assert.Throws<AnkiException>(() => edit.Resume(one)).Reason);
            Assert.Equal("BatchFinished", Assert.Throws<AnkiException>(() => edit.Change(one, new CardChange { Flag = CardFlag.Red })).Reason);
        }

        Assert.True(package.IsModified);
        Assert.Equal(-1, Column(package, one, "queue"));
    }

    [Fact]
    public void RefusalsSayWhy()
    {
        using var package = Package();
        StructureEditingTests.AddFilteredDeck(package, "Cram");
        using var edit = package.BeginCardEdit();
        var missing = Assert.Throws<AnkiException>(() => edit.Suspend(42));
        Assert.Equal(("CardNotFound", "There is no card with id 42."), (missing.Reason, missing.Message));
        var filtered = Assert.Throws<AnkiException>(() => edit.Change(Card(package, "one"), new CardChange { Deck = "cram" }));
        Assert.Equal(("FilteredDeck", "'cram' is a filtered deck: Anki does not let cards be moved into one. Pick a normal deck."), (filtered.Reason, filtered.Message));
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("move")]
    public void AV1CollectionIsRefusedWhatAnkiRefusesOnIt(string what)
    {
        using var package = Package();
        package.Json.Conf["schedVer"] = 1;
        long one = Card(package, "one");
        using var edit = package.BeginCardEdit();
        var error = Assert.Throws<AnkiException>(() => _ = what == "suspend" ? edit.Suspend(one) : edit.Change(one, new CardChange { Deck = "Other" }));
        Assert.Equal("SchedulerUpgradeRequired", error.Reason);
        Assert.Contains($"uses Anki's old V1 scheduler, on which Anki refuses to {(what == "suspend" ? "suspend cards" : "move cards to another deck")}. Open it in Anki once", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Column(package, one, "queue"));
    }

    [Fact]
    public void AnFsrsCollectionsCardsAreNotMoved()
    {
        using var package = Package();
        package.Json.Conf["fsrs"] = true;
        using var edit = package.BeginCardEdit();
        var error = Assert.Throws<AnkiException>(() => edit.Change(Card(package, "one"), new CardChange { Deck = "Other" }));
        Assert.Equal("FsrsNotSupported", error.Reason);
        Assert.Contains("uses FSRS: when cards move to another deck, Anki recomputes their memory state", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlagOnlyChangeKeepsTheCardsModButAMoveStampsIt()
    {
        using var package = Package();
        long one = Card(package, "one");
        long two = Card(package, "two");
        package.Db.Execute("update cards set mod = 5, usn = 0");
        var now = DateTimeOffset.UtcNow;
        using (var edit = package.BeginCardEdit(new CardEditOptions { Now = now }))
        {
            Assert.True(edit.Change(one, new CardChange { Flag = CardFlag.Red }));
            Assert.False(edit.Change(one, new CardChange { Flag = CardFlag.Red }));
            Assert.True(edit.Change(two, new CardChange { Deck = "Other", Flag = CardFlag.Blue }));
            edit.Complete();
        }

        Assert.Equal((1L, 5L, -1L), (Column(package, one, "flags"), Column(package, one, "mod"), Column(package, one, "usn")));
        Assert.Equal((4L, now.ToUnixTimeSeconds(), -1L), (Column(package, two, "flags"), Column(package, two, "mod"), Column(package, two, "usn")));
        Assert.Equal(package.GetDecks().Single(d => d.Name == "Other").Id, Column(package, two, "did"));
    }

    [Fact]
    public void ANewCardGivenADueDateTakesItsHomePresetsStartingEase()
    {
        using var package = Package();
        long one = Card(package, "one");
        using (var edit = package.BeginCardEdit(new CardEditOptions { Random = new Random(1) }))
        {
            Assert.True(edit.Change(one, new CardChange { DueDate = DueDateSpec.Parse("3") }));
            edit.Complete();
        }

        Assert.Equal((2L, 2L, 2300L, 3L), (Column(package, one, "type"), Column(package, one, "queue"), Column(package, one, "factor"), Column(package, one, "ivl")));
        Assert.Equal(1, package.Db.ScalarLong("select count(*) from revlog where cid = $id and type = 4 and usn = -1", ("$id", one)));
    }

    [Fact]
    public void ForgetPutsCardsAfterEveryNewCardAndLogsEvenACardAlreadyNew()
    {
        using var package = Package();
        long one = Card(package, "one");
        long three = Card(package, "three");
        package.Db.Execute("update cards set type = 2, queue = 2, due = 100, ivl = 10, factor = 2500 where id = $id", ("$id", one));
        package.Json.Conf["nextPos"] = 1;
        long lastNew = package.Db.ScalarLong("select max(due) from cards where type = 0");
        Assert.True(lastNew >= 2, "the two new cards are past nextPos");
        using (var edit = package.BeginCardEdit())
        {
            Assert.True(edit.Forget(one, restorePosition: false, resetCounts: true));
            Assert.True(edit.Forget(three, restorePosition: true, resetCounts: false));
            edit.Complete();
        }

        // The forgotten review card goes after the last new card, not to nextPos 1.
        Assert.Equal((0L, 0L, lastNew + 1), (Column(package, one, "type"), Column(package, one, "queue"), Column(package, one, "due")));
        Assert.Equal(2, package.Db.ScalarLong("select count(*) from revlog where type = 4"));
        Assert.Equal(lastNew + 2, CollectionJson.ReadLong(package.Json.Conf["nextPos"]));
    }
}
