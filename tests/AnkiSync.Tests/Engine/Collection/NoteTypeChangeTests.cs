using System.Collections.Generic;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Packages;
using AnkiSync.Tests.Engine.Reading;
using AnkiSync.Tests.Validation;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// Changing a note's note type (rslib notetype/notetypechange.rs): fields by name or by an explicit map (a mapped old
/// field is not also taken by name), dropped fields reported, cards beyond the new templates removed with graves, new
/// cards generated (a {{#Tags}} one included), the schema marked changed, and nothing at all when nothing changes.
/// </summary>
public class NoteTypeChangeTests
{
    private static AnkiPackage Opened(ScratchFolder folder, System.Action<AnkiPackage> fill)
    {
        string path = folder.Combine("start.apkg");
        using (var created = AnkiPackage.Create())
        {
            fill(created);
            created.Export(path, PackageVersion.Legacy2);
        }

        return AnkiPackage.Open(path);
    }

    private static AnkiNote Change(AnkiPackage package, long noteId, string noteType, out IReadOnlyList<string> dropped, params (string From, string To)[] map)
    {
        using var editor = package.BeginNoteEdit();
        var note = editor.ChangeNoteType(noteId, noteType, map.Length == 0 ? null : map.Select(p => new KeyValuePair<string, string>(p.From, p.To)), out dropped);
        Assert.True(editor.SchemaChanged);
        editor.Complete();
        return note;
    }

    [Fact]
    public void FieldsGoByNameAndTheNewTemplatesCardsAreMade()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { NoteType = "Basic", Deck = "Lang", Values = new[] { "<b>front</b>", "back" }, Tags = new[] { "t" } });
        long schemaBefore = package.Db.ScalarLong("select scm from col");

        var changed = Change(package, note.Id, "Basic (and reversed card)", out var dropped);

        Assert.Empty(dropped);
        Assert.Equal(("Basic (and reversed card)", "Lang", "<b>front</b>", "back"), (changed.NoteType, changed.Deck, changed.Fields["Front"], changed.Fields["Back"]));
        Assert.True(package.Db.ScalarLong("select scm from col") > schemaBefore);
        using var raw = CheckedExport.Rows(folder, package);
        Assert.Equal(new[] { 0, 1 }, raw.Cards.Select(c => c.Ord).OrderBy(o => o));
        Assert.All(raw.Cards, c => Assert.Equal(raw.Decks.Single(d => d.Name == "Lang").Id, c.DeckId));
    }

    [Fact]
    public void CardsBeyondTheNewTemplatesAreRemovedWithGraves()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { "f", "b" } });
        long reverse = package.GetCards().Single(c => c.Ordinal == 1).Id;

        Change(package, note.Id, "Basic", out _);

        using var raw = CheckedExport.Rows(folder, package);
        Assert.Equal(new[] { 0 }, raw.Cards.Select(c => c.Ord));
        Assert.Equal(1, package.Db.ScalarLong("select count(*) from graves where oid = $id and type = 0 and usn = -1", ("$id", reverse)));
    }

    [Fact]
    public void AMappedFieldIsNotAlsoTakenByNameAndUnusedValuesAreReportedDropped()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Create();
        package.AddNoteType("Pair", new[] { "Front", "Back", "Extra" }, new[] { new TemplateDefinition("Card 1", "{{Back}}{{Front}}", "{{Extra}}") });
        var note = package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "question", "answer" } });

        // Front → Back: the new Front may not take the old Front by name, so it is empty; the old Back goes nowhere.
        var changed = Change(package, note.Id, "Pair", out var dropped, ("Front", "Back"));

        Assert.Equal(("", "question", ""), (changed.Fields["Front"], changed.Fields["Back"], changed.Fields["Extra"]));
        Assert.Equal(new[] { "Back" }, dropped);
        using var raw = CheckedExport.Rows(folder, package);
        var stored = raw.Notes.Single();
        Assert.Equal(("\u001fquestion\u001f", AnkiRules.Checksum("")), (stored.Fields, stored.Checksum));
    }

    [Fact]
    public void AFieldMapNamingAnUnknownFieldOrATargetTwiceIsRefused()
    {
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "f", "b" } });
        using var editor = package.BeginNoteEdit();
        KeyValuePair<string, string>[] Map(params (string, string)[] pairs) => pairs.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)).ToArray();

        var oldField = Assert.Throws<AnkiException>(() => editor.ChangeNoteType(note.Id, "Basic (and reversed card)", Map(("Frnt", "Front")), out _));
        Assert.Equal(("UnknownField", "The note type 'Basic' has no field named 'Frnt'. Its fields are: Front, Back."), (oldField.Reason, oldField.Message));
        var newField = Assert.Throws<AnkiException>(() => editor.ChangeNoteType(note.Id, "Basic (and reversed card)", Map(("Front", "Fornt")), out _));
        Assert.Equal(("UnknownField", "The note type 'Basic (and reversed card)' has no field named 'Fornt'. Its fields are: Front, Back."), (newField.Reason, newField.Message));
        var twice = Assert.Throws<AnkiException>(() => editor.ChangeNoteType(note.Id, "Basic (and reversed card)", Map(("Front", "Back"), ("Back", "Back")), out _));
        Assert.Equal("InvalidFieldMap", twice.Reason);
        Assert.Contains("names the field 'Back' of 'Basic (and reversed card)' twice", twice.Message);
        Assert.False(editor.SchemaChanged);
    }

    [Fact]
    public void TheSameTypeWithoutAMapChangesNothing()
    {
        using var folder = new ScratchFolder();
        using var package = Opened(folder, p => p.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "f", "b" } }));
        long id = package.GetNotes().Single().Id;

        using (var editor = package.BeginNoteEdit())
        {
            var same = editor.ChangeNoteType(id, "Basic", null, out var dropped);
            Assert.Empty(dropped);
            Assert.Equal("f", same.Fields["Front"]);
            Assert.False(editor.SchemaChanged);
            editor.Complete();
        }

        Assert.False(package.IsModified);
    }

    [Fact]
    public void AChangeIsSavedOnlyByTheCommitAndNotAfterIt()
    {
        using var folder = new ScratchFolder();
        using var package = Opened(folder, p => p.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "f", "b" }, Tags = new[] { "tagged" } }));
        long id = package.GetNotes().Single().Id;
        package.AddNoteType("Tags", new[] { "Front", "Back" }, new[]
        {
            new TemplateDefinition("Card 1", "{{Front}}", "{{Back}}"),
            new TemplateDefinition("Tagged", "{{#Tags}}{{Tags}}{{/Tags}}", "{{Back}}"),
        });
        // Adding a note type is a change of its own; start from a saved state.
        package.Export(folder.Combine("saved.apkg"), PackageVersion.Legacy2);
        using var reopened = AnkiPackage.Open(folder.Combine("saved.apkg"));

        using (var rolledBack = reopened.BeginNoteEdit())
        {
            rolledBack.ChangeNoteType(id, "Tags", null, out _);
        }

        Assert.False(reopened.IsModified);
        Assert.Equal("Basic", reopened.GetNotes().Single().NoteType);

        var editor = reopened.BeginNoteEdit();
        editor.ChangeNoteType(id, "Tags", null, out _);
        editor.Complete();
        Assert.True(reopened.IsModified);
        Assert.Equal("BatchFinished", Assert.Throws<AnkiException>(() => editor.ChangeNoteType(id, "Basic", null, out _)).Reason);
        editor.Dispose();

        using var raw = CheckedExport.Rows(folder, reopened);
        Assert.Equal(new[] { 0, 1 }, raw.Cards.Select(c => c.Ord).OrderBy(o => o));
    }

    [Fact]
    public void ANoteStoredWithFewerFieldsThanItsTypeChangesTypeWithTheMissingOnesEmpty()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "{{c1::front}}", "back" } });
        package.Db.Execute("update notes set flds = '{{c1::front}}' where id = $id", ("$id", note.Id));

        var changed = Change(package, note.Id, "Cloze", out var dropped, ("Front", "Text"));

        Assert.Empty(dropped);
        Assert.Equal(("{{c1::front}}", ""), (changed.Fields["Text"], changed.Fields["Back Extra"]));
        Assert.Equal("{{c1::front}}\u001f", package.Db.Scalar("select flds from notes"));
        CheckedExport.Rows(folder, package).Dispose();
    }
}
