using System.Collections.Generic;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Tests.Engine.Reading;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// The note editor at engine level: what Update returns, how tags are replaced, added and removed (case-insensitively,
/// as Anki compares tags), a {{#Tags}} template whose card appears with the first tag, a note stored with fewer fields
/// than its type, and what Remove leaves for sync (graves) and for a later note with the same guid.
/// </summary>
public class NoteEditorTests
{
    private static Dictionary<string, string?> Field(string name, string value) => new() { [name] = value };

    [Fact]
    public void UpdateReturnsTheNoteAsStoredWithTheDeckOfItsFirstCard()
    {
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Deck = "Second", Values = new[] { "f", "b" } });
        long first = package.AddDeck("First").Id;
        package.Db.Execute("update cards set did = $did where nid = $nid and ord = 0", ("$did", first), ("$nid", note.Id));

        using var editor = package.BeginNoteEdit();
        var updated = editor.Update(note.Id, new NoteChange { Fields = Field("Back", "<b>back</b>"), Tags = new[] { "t" } });
        editor.Complete();

        Assert.Equal(("First", "f", "<b>back</b>", note.Guid), (updated.Deck, updated.Fields["Front"], updated.Fields["Back"], updated.Guid));
        Assert.Equal(new[] { "t" }, updated.Tags);
    }

    [Fact]
    public void TagsAreReplacedAddedAndRemovedIgnoringCase()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "f", "b" }, Tags = new[] { "Animal", "pet", "keep" } });

        using (var editor = package.BeginNoteEdit())
        {
            var added = editor.Update(note.Id, new NoteChange { AddTags = new[] { "animal", "New" }, RemoveTags = new[] { "PET" } });
            Assert.Equal(new[] { "Animal", "keep", "New" }, added.Tags);
            var replaced = editor.Update(note.Id, new NoteChange { Tags = new[] { "only" }, AddTags = new[] { "also" }, RemoveTags = new[] { "ONLY" } });
            Assert.Equal(new[] { "also" }, replaced.Tags);
            editor.Complete();
        }

        using var raw = CheckedExport.Rows(folder, package);
        Assert.Equal(" also ", raw.Notes.Single().Tags);
    }

    [Fact]
    public void AddingTheFirstTagMakesATagsConditionalCard()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Create();
        package.AddNoteType("Tagged", new[] { "Front", "Back" }, new[]
        {
            new TemplateDefinition("Card 1", "{{Front}}", "{{Back}}"),
            new TemplateDefinition("Tagged", "{{#Tags}}{{Front}} ({{Tags}}){{/Tags}}", "{{Back}}"),
        });
        var note = package.AddNote(new NoteInput { NoteType = "Tagged", Values = new[] { "f", "b" } });

        using (var editor = package.BeginNoteEdit())
        {
            editor.Update(note.Id, new NoteChange { Fields = Field("Back", "still no tags") });
            editor.Complete();
        }

        Assert.Single(CheckedExport.Rows(folder, package).Cards);

        using (var editor = package.BeginNoteEdit())
        {
            editor.Update(note.Id, new NoteChange { AddTags = new[] { "now" } });
            editor.Complete();
        }

        using var raw = CheckedExport.Rows(folder, package);
        Assert.Equal(new[] { 0, 1 }, raw.Cards.Select(c => c.Ord).OrderBy(o => o));
    }

    [Fact]
    public void ANoteStoredWithFewerFieldsThanItsTypeGetsTheRestEmpty()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { NoteType = "Basic (optional reversed card)", Values = new[] { "f", "b", "" } });
        package.Db.Execute("update notes set flds = 'f' where id = $id", ("$id", note.Id));

        using (var editor = package.BeginNoteEdit())
        {
            var updated = editor.Update(note.Id, new NoteChange { Fields = Field("Back", "b2") });
            Assert.Equal(("f", "b2", ""), (updated.Fields["Front"], updated.Fields["Back"], updated.Fields["Add Reverse"]));
            editor.Complete();
        }

        using var raw = CheckedExport.Rows(folder, package);
        Assert.Equal("f\u001fb2\u001f", raw.Notes.Single().Fields);
    }

    [Fact]
    public void AnUnknownFieldOrNoteIsRefusedNamingIt()
    {
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "f", "b" } });
        using var editor = package.BeginNoteEdit();

        var field = Assert.Throws<AnkiException>(() => editor.Update(note.Id, new NoteChange { Fields = Field("Bak", "x") }));
        Assert.Equal("UnknownField", field.Reason);
        Assert.Contains("The note type 'Basic' has no field named 'Bak'. Its fields are: Front, Back.", field.Message);

        var update = Assert.Throws<AnkiException>(() => editor.Update(note.Id + 1, new NoteChange()));
        Assert.Equal(("NoteNotFound", $"There is no note with id {note.Id + 1}."), (update.Reason, update.Message));
        var remove = Assert.Throws<AnkiException>(() => editor.Remove(note.Id + 1));
        Assert.Equal(("NoteNotFound", $"There is no note with id {note.Id + 1}."), (remove.Reason, remove.Message));
    }

    [Fact]
    public void RemovingANoteRecordsGravesAndFreesItsGuid()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Create();
        var gone = package.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { "f", "b" }, Guid = "reused-guid" });
        var kept = package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "k", "b" } });
        var cardIds = package.GetCards().Where(c => c.NoteId == gone.Id).Select(c => c.Id).OrderBy(id => id).ToArray();
        Assert.Equal(2, cardIds.Length);

        using (var editor = package.BeginNoteEdit())
        {
            editor.Remove(gone.Id);
            editor.Complete();
        }

        var graves = package.ExecuteSql("select oid, type, usn from graves order by type, oid", null, out _, out _)
            .Select(r => ((long)r["oid"]!, (long)r["type"]!, (long)r["usn"]!)).ToArray();
        Assert.Equal(cardIds.Select(id => (id, 0L, -1L)).Append((gone.Id, 1L, -1L)), graves);

        // The guid is free again: a new note may take it in the same session.
        var again = package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "again", "b" }, Guid = "reused-guid" });
        Assert.NotEqual(gone.Id, again.Id);
        using var raw = CheckedExport.Rows(folder, package);
        Assert.Equal(new[] { kept.Id, again.Id }.OrderBy(i => i), raw.Notes.Select(n => n.Id).OrderBy(i => i));
    }

    [Fact]
    public void ARemovalCommittedMarksThePackageModified()
    {
        using var folder = new ScratchFolder();
        var (package, note) = NoteTransactionTests.Opened(folder);
        using (package)
        {
            using (var editor = package.BeginNoteEdit())
            {
                editor.Remove(note.Id);
                editor.Complete();
            }

            Assert.True(package.IsModified);
            Assert.Empty(package.GetNotes());
        }
    }

    [Fact]
    public void AnImportedVersionReplacesTheNoteOnlyWithOneValuePerFieldAndWhileTheEditIsOpen()
    {
        using var folder = new ScratchFolder();
        var (package, note) = NoteTransactionTests.Opened(folder);
        using (package)
        {
            var editor = package.BeginNoteEdit();
            var mismatch = Assert.Throws<AnkiException>(() => editor.ReplaceImported(note.Id, new[] { "only one" }, new[] { "t" }, 1234));
            Assert.Equal(("FieldCountMismatch", $"The imported note {note.Id} has 1 field(s); its note type 'Basic' has 2."), (mismatch.Reason, mismatch.Message));

            var replaced = editor.ReplaceImported(note.Id, new[] { "new front", "new back" }, new[] { "t" }, 1234);
            Assert.Equal(("new front", "new back"), (replaced.Fields["Front"], replaced.Fields["Back"]));
            editor.Complete();
            Assert.Equal("BatchFinished", Assert.Throws<AnkiException>(() => editor.ReplaceImported(note.Id, new[] { "a", "b" }, new[] { "t" }, 1234)).Reason);
            editor.Dispose();

            Assert.True(package.IsModified);
            Assert.Equal(1234, package.Db.ScalarLong("select mod from notes"));
        }
    }

    [Fact]
    public void AnUpdatingRowKeepsTheFieldsItDoesNotNameAndFillsThoseTheStoredNoteLacks()
    {
        using var folder = new ScratchFolder();
        var (package, note) = NoteTransactionTests.Opened(folder);
        using (package)
        {
            // Stored with one field of Basic's two.
            package.Db.Execute("update notes set flds = 'stored front' where id = $id", ("$id", note.Id));

            var updated = package.AddNote(new NoteInput { NoteType = "Basic", NamedValues = Field("Back", "new back"), Guid = note.Guid, IfExists = NoteExists.Update });

            Assert.Equal((note.Id, "stored front", "new back"), (updated.Id, updated.Fields["Front"], updated.Fields["Back"]));
            Assert.Equal("stored front\u001fnew back", package.Db.Scalar("select flds from notes"));
        }
    }
}
