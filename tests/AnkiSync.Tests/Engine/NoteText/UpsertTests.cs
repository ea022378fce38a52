using System.Collections.Generic;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Packages;
using AnkiSync.Tests.Engine.Reading;
using AnkiSync.Tests.Validation;

namespace AnkiSync.Tests.Engine.NoteText;

/// <summary>Add-AnkiNote's engine: -IfExists Error|Skip|Update on the guid, and copying notes between packages.</summary>
public class UpsertTests
{
    private static void AssertValid(AnkiPackage package, PackageVersion version = PackageVersion.Legacy2)
    {
        using var folder = new ScratchFolder();
        string path = folder.Combine("checked.apkg");
        package.Export(path, version);
        AnkiRules.AssertValid(path);
    }

    private static NoteWriteResult Write(AnkiPackage package, NoteInput input)
    {
        using var batch = package.BeginNoteBatch();
        var result = batch.Write(input, wantNote: true);
        batch.Complete();
        return result;
    }

    private static NoteInput Row(string front, string back, string reverse, NoteExists ifExists, params string[] tags) => new()
    {
        NoteType = "Basic (optional reversed card)",
        Key = "k-" + front.Split(' ')[0],
        Deck = "Words",
        IfExists = ifExists,
        NamedValues = new Dictionary<string, string?> { ["Front"] = front, ["Back"] = back, ["Add Reverse"] = reverse },
        Tags = tags,
    };

    [Theory]
    [InlineData(PackageVersion.Legacy2)]
    [InlineData(PackageVersion.Latest)]
    public void UpdateChangesFieldsAndTagsInPlaceKeepingIdCardsAndSchedulingAndAddsCardsAsAnEditDoes(PackageVersion version)
    {
        using var package = AnkiPackage.Create();
        var added = Write(package, Row("perro", "dog", "", NoteExists.Error, "animal"));
        Assert.Equal(NoteOutcome.Added, added.Outcome);
        package.Db.Execute("update cards set type = 2, queue = 2, ivl = 9, factor = 2300, reps = 5, lapses = 2, due = 40 where nid = $id", ("$id", added.NoteId));
        var cardBefore = package.GetCards().Single();

        var updated = Write(package, Row("perro <b>bonito</b>", "nice dog", "y", NoteExists.Update, "animal", "edited"));
        Assert.Equal((NoteOutcome.Updated, added.NoteId), (updated.Outcome, updated.NoteId));
        var note = package.GetNotes().Single();
        Assert.Equal((added.Note!.Guid, "perro <b>bonito</b>", "nice dog"), (note.Guid, (string)note.Fields["Front"]!, (string)note.Fields["Back"]!));
        Assert.Equal(new[] { "animal", "edited" }, note.Tags);
        Assert.Equal(note.Fields["Front"], updated.Note!.Fields["Front"]);

        // The studied card is untouched; the reverse card the filled "Add Reverse" field makes is new, in the note's deck.
        var cards = package.GetCards().OrderBy(c => c.Ordinal).ToList();
        Assert.Equal(2, cards.Count);
        Assert.Equal((cardBefore.Id, cardBefore.Interval, cardBefore.Due, cardBefore.Reviews, cardBefore.Lapses, cardBefore.State),
            (cards[0].Id, cards[0].Interval, cards[0].Due, cards[0].Reviews, cards[0].Lapses, cards[0].State));
        Assert.Equal((CardState.New, "Words"), (cards[1].State, cards[1].Deck));
        AssertValid(package, version);
    }

    [Fact]
    public void SkipLeavesTheNoteAndAnUnchangedRowWritesNothing()
    {
        using var package = AnkiPackage.Create();
        var added = Write(package, Row("gato", "cat", "", NoteExists.Error));
        package.Db.Execute("update notes set mod = 1000");

        var skipped = Write(package, Row("gato", "CHANGED", "", NoteExists.Skip));
        Assert.Equal((NoteOutcome.Skipped, added.NoteId, "cat"), (skipped.Outcome, skipped.NoteId, (string)skipped.Note!.Fields["Back"]!));

        var same = Write(package, Row("gato", "cat", "", NoteExists.Update));
        Assert.Equal(NoteOutcome.Unchanged, same.Outcome);
        Assert.Equal(1000L, package.Db.ScalarLong("select mod from notes"));

        var error = Assert.Throws<AnkiException>(() => Write(package, Row("gato", "x", "", NoteExists.Error)));
        Assert.Equal("DuplicateGuid", error.Reason);
        Assert.Equal("cat", (string)package.GetNotes().Single().Fields["Back"]!);
    }

    [Fact]
    public void UpdateKeepsFieldsTheRowDoesNotNameAndTagsWhenItHasNone()
    {
        using var package = AnkiPackage.Create();
        var added = Write(package, new NoteInput { Guid = "fixed", Values = new[] { "uno", "one" }, Tags = new[] { "num" } });
        var updated = Write(package, new NoteInput { Guid = "fixed", IfExists = NoteExists.Update, NamedValues = new Dictionary<string, string?> { ["Back"] = "ONE" } });
        Assert.Equal(NoteOutcome.Updated, updated.Outcome);
        var note = package.GetNotes().Single();
        Assert.Equal(("uno", "ONE", added.NoteId), ((string)note.Fields["Front"]!, (string)note.Fields["Back"]!, note.Id));
        Assert.Equal(new[] { "num" }, note.Tags);

        var mismatch = Assert.Throws<AnkiException>(() => Write(package, new NoteInput { NoteType = "Cloze", Guid = "fixed", IfExists = NoteExists.Update, Values = new[] { "{{c1::x}}", "" } }));
        Assert.Equal("NoteTypeMismatch", mismatch.Reason);
        AssertValid(package);
    }

    [Fact]
    public void UpdateAndAddShareOneTransactionThatRollsBackWhole()
    {
        using var package = AnkiPackage.Create();
        Write(package, new NoteInput { Guid = "a", Values = new[] { "a", "1" } });
        using (var batch = package.BeginNoteBatch())
        {
            batch.Write(new NoteInput { Guid = "a", IfExists = NoteExists.Update, Values = new[] { "a", "2" } });
            batch.Write(new NoteInput { Guid = "b", Values = new[] { "b", "1" } });
            Assert.Equal((1, 1), (batch.Count, batch.UpdatedCount));
            // Disposed without Complete: both rows roll back.
        }

        Assert.Equal(1, package.NoteCount);
        Assert.Equal("1", (string)package.GetNotes().Single().Fields["Back"]!);

        using (var batch = package.BeginNoteBatch())
        {
            batch.Write(new NoteInput { Guid = "a", IfExists = NoteExists.Update, Values = new[] { "a", "3" } });
            batch.Write(new NoteInput { Guid = "b", Values = new[] { "b", "1" } });
            batch.Complete();
        }

        Assert.Equal(new[] { "3", "1" }, package.GetNotes().Select(n => (string)n.Fields["Back"]!).ToArray());
        AssertValid(package);
    }

    [Fact]
    public void ExtraNamesOfAPipedRowAreOneErrorNamingThemAllOrIgnored()
    {
        using var package = AnkiPackage.Create();
        var row = new NoteInput { NamesAreProperties = true, NamedValues = new Dictionary<string, string?> { ["Front"] = "f", ["Id"] = "1", ["Extra"] = "x" } };
        var error = Assert.Throws<AnkiException>(() => Write(package, row));
        Assert.Equal("ExtraProperty", error.Reason);
        Assert.Contains("Id, Extra", error.Message);
        Assert.Contains("Its fields are: Front, Back", error.Message);
        Assert.Equal(0, package.NoteCount);

        row.IgnoreUnknownFields = true;
        Assert.Equal(NoteOutcome.Added, Write(package, row).Outcome);
    }

    [Fact]
    public void CopyingANoteCreatesItsNoteTypeWithTheSameIdAndDefinitionAndKeepsTheGuid()
    {
        using var source = AnkiPackage.Create();
        var type = source.AddNoteType("Vocab", new[] { "Word", "Meaning" },
            new[] { new TemplateDefinition("Card 1", "{{Word}}", "{{FrontSide}}<hr id=answer>{{Meaning}}") }, css: ".card { color: red; }");
        var original = source.AddNote(new NoteInput { NoteType = "Vocab", Values = new[] { "casa", "house" }, Tags = new[] { "home" }, Deck = "Lang" });

        using var target = AnkiPackage.Create();
        var copy = Write(target, new NoteInput
        {
            NoteType = "Vocab",
            Deck = original.Deck,
            Guid = original.Guid,
            Tags = original.Tags,
            NamesAreProperties = true,
            NamedValues = new Dictionary<string, string?> { ["Word"] = "casa", ["Meaning"] = "house" },
            SourcePackage = source,
            SourceNoteTypeId = original.NoteTypeId,
        });
        Assert.Equal(NoteOutcome.Added, copy.Outcome);
        var copied = target.GetNoteTypes().Single(t => t.Name == "Vocab");
        Assert.Equal(type.Id, copied.Id);
        Assert.Equal(type.Fields, copied.Fields);
        Assert.Equal(type.Css, copied.Css);
        var note = target.GetNotes().Single();
        Assert.Equal((original.Guid, "Lang", type.Id), (note.Guid, note.Deck, note.NoteTypeId));
        AssertValid(target);

        // A second copy uses the note type now there.
        Write(target, new NoteInput { NoteType = "Vocab", Values = new[] { "perro", "dog" }, SourcePackage = source, SourceNoteTypeId = type.Id });
        Assert.Single(target.GetNoteTypes(), t => t.Name == "Vocab");
    }
}
