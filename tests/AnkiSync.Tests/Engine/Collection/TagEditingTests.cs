using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Packages;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Reading;
using AnkiSync.Tests.Validation;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>Tag counts, renames and removals as rslib tags/rename.rs and tags/remove.rs make them, with the registry in step.</summary>
public class TagEditingTests
{
    private static AnkiPackage Tagged()
    {
        var package = AnkiPackage.Create();
        void Add(string front, params string[] tags)
            => package.AddNote(new NoteInput { NamedValues = new Dictionary<string, string?> { ["Front"] = front }, Tags = tags });
        Add("one", "Grammar", "verbs");
        Add("two", "grammar::nouns", "Lang");
        Add("three", "grammarian", "lang::es");
        Add("four");
        return package;
    }

    private static Dictionary<string, string> TagsByFront(AnkiPackage package)
        => package.GetNotes().ToDictionary(n => (string)n.Fields["Front"]!, n => string.Join(" ", n.Tags));

    private static HashSet<string> Registry(AnkiPackage package)
        => JsonNode.Parse((string)package.Db.Scalar("select tags from col")!)!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void CountsNotesPerTagIgnoringCase()
    {
        using var package = Tagged();
        Assert.Equal(new[] { ("Grammar", 1L), ("grammar::nouns", 1L), ("grammarian", 1L), ("Lang", 1L), ("lang::es", 1L), ("verbs", 1L) },
            package.GetTagCounts().Select(t => (t.Name, t.NoteCount)));
    }

    [Fact]
    public void RenameTakesChildrenAndIsCaseInsensitive()
    {
        using var folder = new ScratchFolder();
        using var package = Tagged();
        long mod = package.Db.ScalarLong("select mod from notes where flds like 'four%'");
        using (var edit = package.BeginTagEdit())
        {
            Assert.Equal(2, edit.Rename("GRAMMAR", "lang::grammar"));
            edit.Complete();
        }

        // Children follow; "grammarian" is another tag; the registered parent "Lang" gives the new name its spelling;
        // Anki does not sort the renamed note's tags again.
        var tags = TagsByFront(package);
        Assert.Equal("Lang::grammar verbs", tags["one"]);
        Assert.Equal("Lang::grammar::nouns Lang", tags["two"]);
        Assert.Equal("grammarian lang::es", tags["three"]);
        Assert.Equal(" Lang::grammar verbs ", package.Db.Scalar("select tags from notes where flds like 'one%'"));
        Assert.Equal(2L, package.Db.ScalarLong("select count(*) from notes where usn = -1 and tags like '%Lang::grammar%'"));
        Assert.Equal(mod, package.Db.ScalarLong("select mod from notes where flds like 'four%'"));
        var registry = Registry(package);
        Assert.DoesNotContain("Grammar", registry);
        Assert.DoesNotContain("grammar::nouns", registry);
        Assert.Contains("Lang::grammar", registry);
        Assert.Contains("Lang::grammar::nouns", registry);
        Assert.Contains("grammarian", registry);
        string path = folder.Combine("renamed.apkg");
        package.Export(path, PackageVersion.Legacy2);
        AnkiRules.AssertValid(path);
    }

    [Fact]
    public void RenameOfATagNoNoteCarriesChangesNothing()
    {
        using var package = Tagged();
        var before = Registry(package);
        using var edit = package.BeginTagEdit();
        Assert.Equal(0, edit.Rename("missing", "other"));
        Assert.Equal(before, Registry(package));
        Assert.Equal("InvalidTag", Assert.Throws<AnkiException>(() => edit.Rename("verbs", "two words")).Reason);
    }

    [Fact]
    public void RemoveTakesChildrenFromNotesAndRegistry()
    {
        using var package = Tagged();
        package.Db.Execute("update col set tags = json_set(tags, '$.unused', -1)");
        package.State.Reload();
        using (var edit = package.BeginTagEdit())
        {
            Assert.Equal(2, edit.Remove(new[] { "lang" }));
            Assert.Equal(0, edit.Remove(new[] { "UNUSED" }));
            edit.Complete();
        }

        var tags = TagsByFront(package);
        Assert.Equal("grammar::nouns", tags["two"]);
        Assert.Equal("grammarian", tags["three"]);
        var registry = Registry(package);
        Assert.DoesNotContain(registry, t => t.StartsWith("lang", StringComparison.OrdinalIgnoreCase) || t == "unused");
        Assert.DoesNotContain(package.GetTagCounts(), t => t.NoteCount == 0);
    }

    [FixtureFact]
    public void LiveSchema18TagRenameKeepsTheTagsTableInStep()
    {
        using var folder = new ScratchFolder();
        string path = folder.Combine("collection.anki2");
        File.Copy(Fixtures.Path("anki2.1.50plus-bare-schema18-suspended.anki2"), path);
        using (var live = AnkiPackage.OpenCollection(path, folder.Combine("backups")))
        {
            var note = live.GetNotes().First();
            using (var edit = live.BeginNoteEdit())
            {
                edit.Update(note.Id, new NoteChange { AddTags = new[] { "old::child" } });
                edit.Complete();
            }

            using (var edit = live.BeginTagEdit())
            {
                Assert.Equal(1, edit.Rename("old", "new"));
                edit.Complete();
            }
        }

        using var check = AnkiDatabase.Open(path, readOnly: true);
        Assert.Equal(18L, check.ScalarLong("select ver from col"));
        Assert.Equal("ok", check.Scalar("pragma integrity_check"));
        Assert.Equal(1L, check.ScalarLong("select count(*) from tags where tag = 'new::child'"));
        Assert.Equal(0L, check.ScalarLong("select count(*) from tags where tag like 'old%'"));
        Assert.Equal(1L, check.ScalarLong("select count(*) from notes where tags like '% new::child %'"));
    }

    [Fact]
    public void ARenameOrRemovalRolledBackLeavesNotesAndRegistryAsTheyWere()
    {
        using var package = Tagged();
        package.State.MarkSaved();
        var tags = TagsByFront(package);
        var registry = package.Json.Tags.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        using (var edit = package.BeginTagEdit())
        {
            Assert.Equal(2, edit.Rename("grammar", "syntax"));
            Assert.Equal(2, edit.Remove(new[] { "lang" }));
        }

        Assert.Equal(tags, TagsByFront(package));
        Assert.Equal(registry, package.Json.Tags.Select(p => p.Key).ToHashSet(StringComparer.Ordinal));
        Assert.False(package.IsModified);
    }

    [Fact]
    public void OnlyAChangeThatCommitsMarksThePackageModifiedAndAFinishedEditTakesNoMore()
    {
        using var package = Tagged();
        package.Json.Tags["unused"] = -1;
        package.State.MarkSaved();
        using (var edit = package.BeginTagEdit())
        {
            Assert.Equal(0, edit.Remove(new[] { "missing" }));
            Assert.Equal(0, edit.Rename("missing", "other"));
            edit.Complete();
            Assert.Equal("BatchFinished", Assert.Throws<AnkiException>(() => edit.Rename("verbs", "verb")).Reason);
            Assert.Equal("BatchFinished", Assert.Throws<AnkiException>(() => edit.Remove(new[] { "verbs" })).Reason);
        }

        Assert.False(package.IsModified);

        // A tag only the registry knows: no note changes, but the registry does, and that is a change.
        using (var edit = package.BeginTagEdit())
        {
            Assert.Equal(0, edit.Remove(new[] { "UNUSED" }));
            edit.Complete();
        }

        Assert.True(package.IsModified);
        Assert.False(package.Json.Tags.ContainsKey("unused"));
    }

    [Fact]
    public void AnInvalidTagIsRefusedWithItsReasonBeforeAnythingChanges()
    {
        using var package = Tagged();
        var tags = TagsByFront(package);
        using (var edit = package.BeginTagEdit())
        {
            foreach (var attempt in new Action[]
            {
                () => edit.Rename("two words", "verbs"),
                () => edit.Rename("verbs", "two words"),
                () => edit.Remove(new[] { "verbs", "two words" }),
            })
            {
                var error = Assert.Throws<AnkiException>(attempt);
                Assert.Equal("InvalidTag", error.Reason);
                Assert.StartsWith("The tag 'two words' is not valid: ", error.Message, StringComparison.Ordinal);
                Assert.True(error.Message.Length > "The tag 'two words' is not valid: .".Length, error.Message);
            }

            Assert.Equal("InvalidTag", Assert.Throws<AnkiException>(() => edit.Rename(null!, "verbs")).Reason);
            edit.Complete();
        }

        Assert.Equal(tags, TagsByFront(package));
    }

    [Fact]
    public void ANoteLeftWithoutTagsStoresAnEmptyColumnAndRenamedTagsAreRegisteredUnsynced()
    {
        using var package = Tagged();
        using (var edit = package.BeginTagEdit())
        {
            edit.Remove(new[] { "grammar", "verbs" });
            edit.Rename("LANG", "Tongue");
            edit.Complete();
        }

        Assert.Equal("", package.Db.Scalar("select tags from notes where flds like 'one%'"));
        Assert.Equal(-1, CollectionJson.ReadLong(package.Json.Tags["Tongue::es"]));
        Assert.Equal("grammarian Tongue::es", TagsByFront(package)["three"]);
    }
}
