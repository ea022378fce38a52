using System.Collections.Generic;
using System.Linq;
using AnkiSync.Packages;
using AnkiSync.Tests.Engine.Reading;
using AnkiSync.Tests.Validation;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// The transaction under every note batch and note editor: a commit marks the package modified only when something
/// changed; disposing without committing rolls everything back and the package reads its state again (decks and
/// tags the batch created are gone); a finished transaction takes no more work, with an AnkiSync error.
/// </summary>
public class NoteTransactionTests
{
    /// <summary>A package read from a file (so it starts unmodified) with one Basic note, tagged "old".</summary>
    internal static (AnkiPackage Package, AnkiNote Note) Opened(ScratchFolder folder)
    {
        string path = folder.Combine("start.apkg");
        using (var created = AnkiPackage.Create())
        {
            created.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "front", "back" }, Tags = new[] { "old" } });
            created.Export(path, PackageVersion.Legacy2);
        }

        var package = AnkiPackage.Open(path);
        return (package, package.GetNotes().Single());
    }

    private static NoteChange Front(string value) => new() { Fields = new Dictionary<string, string?> { ["Front"] = value } };

    [Fact]
    public void ACommitMarksThePackageModifiedOnlyWhenSomethingChanged()
    {
        using var folder = new ScratchFolder();
        var (package, _) = Opened(folder);
        using (package)
        {
            using (var nothing = package.BeginNoteEdit())
            {
                nothing.Complete();
            }

            using (var empty = package.BeginNoteBatch())
            {
                empty.Complete();
            }

            Assert.False(package.IsModified);

            using (var batch = package.BeginNoteBatch())
            {
                batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "new", "note" } });
                batch.Complete();
            }

            Assert.True(package.IsModified);
        }
    }

    [Fact]
    public void AnEditCommittedMarksThePackageModified()
    {
        using var folder = new ScratchFolder();
        var (package, start) = Opened(folder);
        long id = start.Id;
        using (package)
        {
            using (var editor = package.BeginNoteEdit())
            {
                editor.Update(id, Front("changed"));
                editor.Complete();
            }

            Assert.True(package.IsModified);
            Assert.Equal("changed", package.GetNotes().Single().Fields["Front"]);
        }
    }

    [Fact]
    public void DisposingWithoutCommittingRollsBackAndForgetsWhatTheBatchCreated()
    {
        using var folder = new ScratchFolder();
        var (package, start) = Opened(folder);
        long id = start.Id;
        using (package)
        {
            using (var batch = package.BeginNoteBatch())
            {
                batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "new", "note" }, Deck = "Made::Here", Tags = new[] { "fresh" } });
                Assert.Contains(package.GetDecks(), d => d.Name == "Made::Here");
            }

            using (var editor = package.BeginNoteEdit())
            {
                editor.Update(id, new NoteChange { Fields = new Dictionary<string, string?> { ["Front"] = "changed" }, AddTags = new[] { "added" } });
                Assert.Contains("added", package.GetTags());
            }

            Assert.False(package.IsModified);
            Assert.DoesNotContain(package.GetDecks(), d => d.Name.StartsWith("Made", System.StringComparison.Ordinal));
            Assert.Equal(new[] { "old" }, package.GetTags());
            var note = package.GetNotes().Single();
            Assert.Equal("front", note.Fields["Front"]);
            Assert.Equal(new[] { "old" }, note.Tags);

            string path = folder.Combine("after.apkg");
            package.Export(path, PackageVersion.Legacy2);
            AnkiRules.AssertValid(path);
        }
    }

    [Fact]
    public void CompletingABatchAlreadyRolledBackCommitsNothing()
    {
        using var folder = new ScratchFolder();
        var (package, _) = Opened(folder);
        using (package)
        {
            var batch = package.BeginNoteBatch();
            batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "new", "note" }, Tags = new[] { "fresh" } });
            batch.Dispose();
            batch.Complete(); // too late: the rollback stands

            Assert.False(package.IsModified);
            Assert.Equal(new[] { "old" }, package.GetTags());
            Assert.Single(package.GetNotes());
        }
    }

    [Fact]
    public void AFinishedTransactionTakesNoMoreWork()
    {
        using var folder = new ScratchFolder();
        var (package, start) = Opened(folder);
        long id = start.Id;
        using (package)
        {
            var editor = package.BeginNoteEdit();
            editor.Update(id, Front("once"));
            editor.Complete();
            editor.Complete(); // a second commit is harmless
            var error = Assert.Throws<AnkiException>(() => editor.Update(id, Front("twice")));
            Assert.Equal(("BatchFinished", "This batch is finished: its changes were committed or rolled back. Start a new one."), (error.Reason, error.Message));
            Assert.Throws<AnkiException>(() => editor.Remove(id));
            editor.Dispose(); // and disposing after the commit rolls nothing back

            var batch = package.BeginNoteBatch();
            batch.Dispose();
            Assert.Equal("BatchFinished", Assert.Throws<AnkiException>(() => batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "a", "b" } })).Reason);

            Assert.Equal("once", package.GetNotes().Single().Fields["Front"]);
        }
    }
}
