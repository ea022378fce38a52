using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AnkiSync.Tests.Engine.Reading;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// The note batch at engine level: guids from the key (else the first field), card ids in Anki's millisecond scheme,
/// new tags registered for sync, rows by position or by name (refusals with their messages), and -IfExists Update
/// changing only the fields a row names, committed with the batch.
/// </summary>
public class NoteBatchTests
{
    private static NoteInput Named(params (string Field, string? Value)[] values)
        => new() { NoteType = "Basic", NamedValues = values.Select(v => new KeyValuePair<string, string?>(v.Field, v.Value)).ToArray() };

    [Fact]
    public void TheGuidComesFromTheKeyElseTheFirstField()
    {
        using var package = AnkiPackage.Create();
        using var batch = package.BeginNoteBatch();
        var first = batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "same", "one" }, Key = "k1" });
        var second = batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "same", "two" }, Key = "k2" });
        Assert.NotEqual(first.Guid, second.Guid);

        batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "front", "a" } });
        var duplicate = Assert.Throws<AnkiException>(() => batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "front", "b" } }));
        Assert.Equal("DuplicateGuid", duplicate.Reason);
        // The same key is the same note whatever its first field says.
        Assert.Equal("DuplicateGuid", Assert.Throws<AnkiException>(() => batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "other", "c" }, Key = "k1" })).Reason);
        batch.Complete();
    }

    [Fact]
    public void CardIdsAreMillisecondTimestampsOnePerCard()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Create();
        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var batch = package.BeginNoteBatch())
        {
            for (int i = 0; i < 5; i++)
            {
                batch.Insert(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { $"f{i}", "b" } });
            }

            batch.Complete();
        }

        using var raw = CheckedExport.Rows(folder, package);
        Assert.Equal(10, raw.Cards.Select(c => c.Id).Distinct().Count());
        Assert.All(raw.Cards, c => Assert.InRange(c.Id, before, before + 3_600_000));
        Assert.All(raw.Notes, n => Assert.InRange(n.Id, before, before + 3_600_000));
    }

    [Fact]
    public void NewTagsAreRegisteredForSync()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Create();
        using (var batch = package.BeginNoteBatch())
        {
            batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "a", "b" }, Tags = new[] { "alpha", "beta::gamma" } });
            batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "c", "d" }, Tags = new[] { "alpha", "beta::gamma" } });
            batch.Complete();
        }

        using var raw = CheckedExport.Rows(folder, package);
        using var tags = JsonDocument.Parse(raw.ColJson["tags"]);
        Assert.Equal(new[] { ("alpha", -1L), ("beta::gamma", -1L) }, tags.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetInt64())).OrderBy(p => p.Name));
        Assert.All(raw.Notes, n => Assert.Equal(" alpha beta::gamma ", n.Tags));
    }

    [Fact]
    public void RowsByPositionMustGiveEveryFieldAndRowsByNameOnlyKnownOnes()
    {
        using var package = AnkiPackage.Create();
        using var batch = package.BeginNoteBatch();

        var count = Assert.Throws<AnkiException>(() => batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "only one" } }));
        Assert.Equal("FieldCountMismatch", count.Reason);
        Assert.Contains("Got 1 field value(s) for the note type 'Basic', which has 2 field(s): Front, Back.", count.Message);

        var one = Assert.Throws<AnkiException>(() => batch.Add(Named(("Front", "f"), ("Bak", "x"))));
        Assert.Equal(("UnknownField", "The note type 'Basic' has no field named 'Bak'. Its fields are: Front, Back."), (one.Reason, one.Message));
        var two = Assert.Throws<AnkiException>(() => batch.Add(Named(("Front", "f"), ("Bak", "x"), ("Extra", "y"))));
        Assert.Equal("The note type 'Basic' has no fields named 'Bak', 'Extra'. Its fields are: Front, Back.", two.Message);

        var properties = Named(("Front", "f"), ("Bak", "x"));
        properties.NamesAreProperties = true;
        var extra = Assert.Throws<AnkiException>(() => batch.Add(properties));
        Assert.Equal("ExtraProperty", extra.Reason);
        Assert.Contains("properties that are not fields of the note type 'Basic': Bak.", extra.Message);

        var ignoring = Named(("Front", "kept"), ("Bak", "x"));
        ignoring.IgnoreUnknownFields = true;
        var added = batch.Add(ignoring);
        Assert.Equal(("kept", ""), (added.Fields["Front"], added.Fields["Back"]));
        batch.Complete();
    }

    [Fact]
    public void UpdateChangesOnlyTheFieldsARowNames()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Create();
        var original = package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "front", "back" }, Key = "k", Tags = new[] { "kept" } });

        using (var batch = package.BeginNoteBatch())
        {
            var byName = Named(("Back", "new back"));
            byName.Key = "k";
            byName.IfExists = NoteExists.Update;
            var result = batch.Write(byName, wantNote: true);
            Assert.Equal((NoteOutcome.Updated, original.Id), (result.Outcome, result.NoteId));
            Assert.Equal(("front", "new back"), (result.Note!.Fields["Front"], result.Note.Fields["Back"]));

            var same = Named(("Back", "new back"));
            same.Key = "k";
            same.IfExists = NoteExists.Update;
            Assert.Equal(NoteOutcome.Unchanged, batch.Write(same).Outcome);

            var positional = new NoteInput { NoteType = "Basic", Values = new[] { "front", "by position" }, Key = "k", IfExists = NoteExists.Update };
            Assert.Equal("by position", batch.Write(positional, wantNote: true).Note!.Fields["Back"]);
            byName.NamedValues = new[] { new KeyValuePair<string, string?>("Back", "new back") };
            Assert.Equal(NoteOutcome.Updated, batch.Write(byName).Outcome);

            var skipped = new NoteInput { NoteType = "Basic", Values = new[] { "x", "y" }, Key = "k", IfExists = NoteExists.Skip };
            Assert.Equal(NoteOutcome.Skipped, batch.Write(skipped).Outcome);
            Assert.Equal(3, batch.UpdatedCount);
            batch.Complete();
        }

        using var raw = CheckedExport.Rows(folder, package);
        var stored = raw.Notes.Single();
        Assert.Equal(("front\u001fnew back", " kept "), (stored.Fields, stored.Tags));
    }

    [Fact]
    public void AddsAndUpdatesInOneBatchNeverShareANewCardPosition()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Create();
        var first = package.AddNote(new NoteInput { NoteType = "Basic (optional reversed card)", Values = new[] { "r1", "b", "" }, Key = "first" });
        var second = package.AddNote(new NoteInput { NoteType = "Basic (optional reversed card)", Values = new[] { "r2", "b", "" }, Key = "second" });
        package.Db.Execute("update cards set type = 2, queue = 2, due = 5, ivl = 3, factor = 2500");

        NoteInput FillReverse(string key) => new()
        {
            NoteType = "Basic (optional reversed card)",
            Key = key,
            IfExists = NoteExists.Update,
            NamedValues = new[] { new KeyValuePair<string, string?>("Add Reverse", "y") },
        };

        long added;
        using (var batch = package.BeginNoteBatch())
        {
            // Filling "Add Reverse" makes a reviewed note's second card; an update, an add and an update again
            // each take the next position, whichever of the two hands it out.
            Assert.Equal(NoteOutcome.Updated, batch.Write(FillReverse("first")).Outcome);
            added = batch.Insert(new NoteInput { NoteType = "Basic", Values = new[] { "a", "b" } });
            Assert.Equal(NoteOutcome.Updated, batch.Write(FillReverse("second")).Outcome);
            batch.Complete();
        }

        using var raw = CheckedExport.Rows(folder, package);
        long Due(long noteId, int ord) => raw.Cards.Single(c => c.NoteId == noteId && c.Ord == ord).Due;
        long start = Due(first.Id, 1);
        Assert.Equal(new[] { start, start + 1, start + 2 }, new[] { Due(first.Id, 1), Due(added, 0), Due(second.Id, 1) });
        using var conf = JsonDocument.Parse(raw.ColJson["conf"]);
        Assert.Equal(start + 3, conf.RootElement.GetProperty("nextPos").GetInt64());
    }

    [Fact]
    public void ADuplicateGuidNamesBothNotesByTheirFirstFieldAbbreviatedPastSixtyCharacters()
    {
        using var package = AnkiPackage.Create();
        string sixty = new string('a', 60);
        string longer = new string('b', 61);
        var existing = package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { longer, "back" }, Guid = "shared" });

        var error = Assert.Throws<AnkiException>(() => package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { sixty, "x" }, Guid = "shared" }));

        Assert.Equal("DuplicateGuid", error.Reason);
        Assert.StartsWith($"The note '{sixty}' has the same guid 'shared' as the note '{new string('b', 57)}...' (id {existing.Id}) already in the package.", error.Message, StringComparison.Ordinal);

        // A note whose first field is empty is named by that empty field.
        package.Db.Execute("update notes set flds = char(31) || 'back' where id = $id", ("$id", existing.Id));
        Assert.Contains("as the note '' (id", Assert.Throws<AnkiException>(() => package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "new", "x" }, Guid = "shared" })).Message, StringComparison.Ordinal);

        // A note stored with a single field has no separator to cut at.
        package.Db.Execute("update notes set flds = 'alone' where id = $id", ("$id", existing.Id));
        var again = Assert.Throws<AnkiException>(() => package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "new", "x" }, Guid = "shared" }));
        Assert.Contains("as the note 'alone' (id", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUpdatingRowThatChangesNothingStillReturnsTheNote()
    {
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "front", "back" }, Guid = "g" });

        var same = package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "front", "back" }, Guid = "g", IfExists = NoteExists.Update });

        Assert.Equal((note.Id, "front", "back"), (same.Id, same.Fields["Front"], same.Fields["Back"]));
    }

    [Fact]
    public void UpdateNoteTakesFewerValuesThanFieldsNormalisesThemAndEndsWithTheBatch()
    {
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "front", "back" } });
        var basic = package.State.FindNoteType("Basic")!;

        var batch = package.BeginNoteBatch();
        var result = batch.UpdateNote(note.Id, basic, new string?[] { "cafe\u0301\u0001" }, null, wantNote: true);
        Assert.Equal(NoteOutcome.Updated, result.Outcome);
        Assert.Equal(("caf\u00e9", "back"), (result.Note!.Fields["Front"], result.Note.Fields["Back"]));
        batch.Complete();

        Assert.Equal("BatchFinished", Assert.Throws<AnkiException>(() => batch.UpdateNote(note.Id, basic, new string?[] { "x" }, null, wantNote: false)).Reason);
        batch.Dispose();
        Assert.Equal("caf\u00e9\u001fback", package.Db.Scalar("select flds from notes"));
    }

    [Fact]
    public void ARowWithAnEmptyGuidOrThatWouldMakeNoCardIsRefusedWithItsReason()
    {
        using var package = AnkiPackage.Create();
        using var batch = package.BeginNoteBatch();

        var guid = Assert.Throws<AnkiException>(() => batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "front", "back" }, Guid = "" }));
        Assert.Equal(("InvalidGuid", "A note's guid cannot be empty."), (guid.Reason, guid.Message));

        var noCards = Assert.Throws<AnkiException>(() => batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "", "back" }, Key = "k" }));
        Assert.Equal("NoCards", noCards.Reason);
        Assert.StartsWith("The note '' would make no cards: every card template of 'Basic' renders an empty front with these fields.", noCards.Message, StringComparison.Ordinal);
        batch.Complete();
        Assert.Equal(0, package.NoteCount);
    }
}
