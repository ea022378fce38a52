using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Packages;
using static AnkiSync.Tests.Engine.BadInput.BadInputFiles;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// Crafted collections met on write paths: foreign triggers, views and tables; raw SQL that tries to leave the
/// session; damaged rows and unusual table shapes. Every failure is an AnkiException and nothing is half-written.
/// </summary>
public sealed class WriteSafetyTests : IDisposable
{
    private readonly TempFolder temp = new TempFolder();

    public void Dispose() => temp.Dispose();

    private string Package(params string[] statements)
        => LegacyPackage(temp, Guid.NewGuid().ToString("N") + ".apkg", Edit(temp, Schema11Collection(), statements));

    /// <summary>Rebuilds the cards table to take ordinal 0 only: a note's second card fails after its first was written.</summary>
    private static readonly string[] OrdinalZeroOnly =
    {
        "alter table cards rename to cards_old",
        "create table cards (id integer primary key, nid integer not null, did integer not null, ord integer not null check (ord = 0), mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null)",
        "insert into cards select * from cards_old where ord = 0",
        "drop table cards_old",
    };

    private static NoteInput Basic(string front) => new NoteInput { NoteType = "Basic", Values = new[] { front, "back" } };

    private static List<(string Type, string Name)> SchemaObjects(string sqlite)
    {
        using var db = AnkiDatabase.Open(sqlite, readOnly: true);
        using var command = db.Command("select type, name from sqlite_master");
        using var reader = command.ExecuteReader();
        var objects = new List<(string, string)>();
        while (reader.Read())
        {
            objects.Add((reader.GetString(0), reader.GetString(1)));
        }

        return objects;
    }

    private string ExportedCollection(AnkiPackage package)
    {
        string target = temp.Path(Guid.NewGuid().ToString("N") + ".apkg");
        package.Export(target, AnkiSync.Packages.PackageVersion.Legacy1);
        string sqlite = temp.Path(Guid.NewGuid().ToString("N") + ".anki2");
        File.WriteAllBytes(sqlite, PackageTestFiles.ReadEntry(target, "collection.anki2"));
        return sqlite;
    }

    private static AnkiException Fails(Action action)
    {
        Exception? thrown = null;
        try
        {
            action();
        }
        catch (Exception e)
        {
            thrown = e;
        }

        Assert.True(thrown != null, "expected an AnkiException, nothing was thrown");
        return thrown as AnkiException ?? throw new Xunit.Sdk.XunitException($"A raw {thrown!.GetType().FullName} escaped instead of an AnkiException:\n{thrown}");
    }

    // ---- Item 5: a package's triggers, views and tables are inert.

    [FixtureFact]
    public void APackagesTriggersDoNotFireOnOurWritesAndNothingForeignIsExported()
    {
        string path = Package(
            "create trigger wipe after insert on notes begin delete from cards; end",
            "create trigger veto before update on notes begin select raise(abort, 'vetoed by the package'); end",
            "create view everything as select * from notes",
            "create table tracking (note integer, seen integer)");
        using var package = AnkiPackage.Open(path);
        long cardsBefore = package.CardCount;
        package.AddNote(Basic("after the trigger"));
        Assert.Equal(cardsBefore + 1, package.CardCount);
        long id = package.GetNotes().First().Id;
        using (var edit = package.BeginNoteEdit())
        {
            edit.Update(id, new NoteChange { AddTags = new[] { "edited" } });
            edit.Complete();
        }

        var objects = SchemaObjects(ExportedCollection(package));
        Assert.DoesNotContain(objects, o => o.Type == "trigger" || o.Type == "view" || o.Name == "tracking");
    }

    [FixtureFact]
    public void APackageTriggerThatAbortsInsertsNoLongerStopsAddingNotes()
    {
        string path = Package("create trigger veto before insert on notes begin select raise(abort, 'no notes'); end");
        using var package = AnkiPackage.Open(path);
        long before = package.NoteCount;
        package.AddNote(Basic("allowed"));
        Assert.Equal(before + 1, package.NoteCount);
    }

    [FixtureFact]
    public void ViewsAndTablesMadeByRawSqlAreLeftOutOfTheExportWithAWarning()
    {
        using var package = AnkiPackage.Open(Package());
        package.ExecuteSql("create table scratch (x); insert into scratch values (1); create view recent as select id from notes", null, out _, out _);
        string target = temp.Path("out.apkg");
        var warnings = package.Export(target, AnkiSync.Packages.PackageVersion.Legacy1);
        Assert.Contains(warnings, w => w.Contains("'scratch'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("'recent'", StringComparison.Ordinal));
        string sqlite = temp.Path("out.anki2");
        File.WriteAllBytes(sqlite, PackageTestFiles.ReadEntry(target, "collection.anki2"));
        Assert.DoesNotContain(SchemaObjects(sqlite), o => o.Name == "scratch" || o.Name == "recent");
    }

    [FixtureFact]
    public void ALiveCollectionWithATriggerIsRefusedUntouched()
    {
        string path = temp.Path("collection.anki2");
        File.Copy(Fixtures.Path(LiveWriteStalenessTests.Schema18Live), path);
        using (var db = AnkiDatabase.Open(path))
        {
            db.Execute("create trigger wipe after insert on notes begin delete from cards; end");
        }

        byte[] before = File.ReadAllBytes(path);
        var error = Fails(() => AnkiPackage.OpenCollection(path, temp.Path("backups")).Dispose());
        Assert.Equal("CollectionHasTriggers", error.Reason);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.False(Directory.Exists(temp.Path("backups")));
    }

    // ---- Item 6: raw SQL stays inside the session.

    [FixtureTheory]
    [InlineData("attach database $other as other")]
    [InlineData("attach database $other as other; insert into other.victim values ('changed')")]
    [InlineData("select 1; attach $other as o; delete from o.victim")]
    public void RawSqlCannotAttachAnotherFile(string sql)
    {
        string other = temp.Path("victim.sqlite");
        using (var db = AnkiDatabase.Open(other, create: true))
        {
            db.Execute("create table victim (x); insert into victim values ('original')");
        }

        byte[] before = File.ReadAllBytes(other);
        using var package = AnkiPackage.Open(Package());
        var error = Fails(() => package.ExecuteSql(sql, new Dictionary<string, object?> { ["other"] = other }, out _, out _));
        Assert.Equal("SqlNotAllowed", error.Reason);
        Assert.Contains("ATTACH", error.Message);
        Assert.Equal(before, File.ReadAllBytes(other));
        // The session is still usable afterwards, and our own exports (which attach internally) still work.
        package.AddNote(Basic("after the refusal"));
        ExportedCollection(package);
    }

    [FixtureFact]
    public void RawSqlCannotDetachOrCreateTriggers()
    {
        using var package = AnkiPackage.Open(Package());
        Assert.Equal("SqlNotAllowed", Fails(() => package.ExecuteSql("detach database main", null, out _, out _)).Reason);
        Assert.Equal("SqlNotAllowed", Fails(() => package.ExecuteSql("create trigger t after insert on notes begin delete from cards; end", null, out _, out _)).Reason);
        Assert.Equal("SqlNotAllowed", Fails(() => package.ExecuteSql("create temp trigger t after insert on notes begin delete from cards; end", null, out _, out _)).Reason);
        Assert.Equal(0L, package.ExecuteSql("select count(*) as n from sqlite_master where type = 'trigger'", null, out _, out _)[0]["n"]);
    }

    [FixtureFact]
    public void RawSqlCannotWriteACopyElsewhere()
    {
        using var package = AnkiPackage.Open(Package());
        string copy = temp.Path("copy.anki2");
        Fails(() => package.ExecuteSql("vacuum into $copy", new Dictionary<string, object?> { ["copy"] = copy }, out _, out _));
        Assert.False(File.Exists(copy));
    }

    [FixtureFact]
    public void RawSqlStillCannotLoadExtensions()
    {
        using var package = AnkiPackage.Open(Package());
        var error = Fails(() => package.ExecuteSql("select load_extension('/tmp/nothing-here')", null, out _, out _));
        Assert.StartsWith("Sql", error.Reason, StringComparison.Ordinal);
    }

    // ---- Item 7: every failure on a write path is an AnkiException.

    [FixtureFact]
    public void AReviewDueNearTheEndOfTheCalendarReadsWithoutADate()
    {
        using var package = AnkiPackage.Open(Package(
            "update col set crt = 253402000000000",
            "update cards set type = 2, queue = 2, due = 50000 where id = (select min(id) from cards)"));
        var cards = package.GetCards().ToList();
        Assert.Contains(cards, c => c.Due == 50000 && c.DueDate == null);
    }

    [FixtureFact]
    public void ADatabaseMarkedReadOnlyInItsHeaderIsAnAnkiError()
    {
        // Byte 19 is the write version: above 2, SQLite may only read the file (this build refuses it outright).
        byte[] sqlite = Edit(temp, Schema11Collection());
        sqlite[19] = 3;
        string path = LegacyPackage(temp, "readonly.apkg", sqlite);
        AnkiPackage? package = null;
        Fails(() =>
        {
            package = AnkiPackage.Open(path);
            package.AddNote(Basic("cannot be written"));
        });
        package?.Dispose();
    }

    [FixtureFact]
    public void AReadOnlyDatabaseFailsEveryWritePathWithWriteFailedAndKeepsNothing()
    {
        using var package = AnkiPackage.Open(Package());
        long before = package.NoteCount;
        // The connection can only read from here on, as with a file SQLite opened read-only.
        package.ExecuteSql("pragma query_only = 1", null, out _, out _);
        Assert.Equal("WriteFailed", Fails(() => package.AddNote(Basic("cannot be written"))).Reason);
        Assert.Equal("WriteFailed", Fails(() => package.AddNote(new NoteInput { NoteType = "Basic", Deck = "New deck", Values = new[] { "a", "b" } })).Reason);
        Assert.Equal("WriteFailed", Fails(() => package.AddDeck("Cannot be written")).Reason);
        Assert.Equal("WriteFailed", Fails(() => package.AddNoteType("Custom", new[] { "Q" }, new[] { new AnkiSync.Collection.TemplateDefinition("Card 1", "{{Q}}", "{{Q}}") })).Reason);
        // Even BEGIN IMMEDIATE is a write here: the edit is refused before it starts.
        Assert.Equal("WriteFailed", Fails(() => package.BeginNoteEdit().Dispose()).Reason);

        Assert.Equal(before, package.NoteCount);
        Assert.DoesNotContain(package.GetDecks(), d => d.Name == "Cannot be written" || d.Name == "New deck");
        Assert.DoesNotContain(package.GetNoteTypes(), t => t.Name == "Custom");
    }

    [FixtureFact]
    public void NullAndOverflowingCardValuesDoNotBreakEditingANote()
    {
        using var package = AnkiPackage.Open(Package());
        long[] ids = package.GetNotes().Select(n => n.Id).Take(2).ToArray();
        package.ExecuteSql("update cards set did = null, due = null where nid = $a", new Dictionary<string, object?> { ["a"] = ids[0] }, out _, out _);
        package.ExecuteSql("update cards set ord = 5000000000 where nid = $b", new Dictionary<string, object?> { ["b"] = ids[1] }, out _, out _);
        using var edit = package.BeginNoteEdit();
        foreach (long id in ids)
        {
            try
            {
                edit.Update(id, new NoteChange { AddTags = new[] { "edited" } });
            }
            catch (AnkiException)
            {
                // Refusing a damaged note is fine; a raw exception is not.
            }
        }

        edit.Complete();
    }

    [FixtureFact]
    public void AnExtraColumnInNotesAndCardsStillTakesNewNotes()
    {
        using var package = AnkiPackage.Open(Package("alter table notes add column extra text", "alter table cards add column extra text"));
        long before = package.NoteCount;
        package.AddNote(Basic("with an extra column"));
        Assert.Equal(before + 1, package.NoteCount);
    }

    [FixtureTheory]
    [InlineData("notes", "'not a number'")]
    [InlineData("notes", "1e19")]
    [InlineData("cards", "'not a number'")]
    [InlineData("cards", "1e19")]
    public void NonNumericOrHugeIdsAreAnAnkiErrorWhenPickingTheNextId(string table, string id)
    {
        // The fixture's tables have no INTEGER PRIMARY KEY, so an id can be any value.
        using var package = AnkiPackage.Open(Package($"update {table} set id = {id} where id = (select min(id) from {table})"));
        long before = package.NoteCount;
        var error = Fails(() => package.AddNote(Basic("next id")));
        Assert.Equal("CorruptCollection", error.Reason);
        Assert.Equal(before, package.NoteCount);
    }

    [FixtureFact]
    public void AWriteThatFailsMidNoteRollsTheWholeBatchBack()
    {
        // Only ordinal 0 is allowed: the reversed card of a two-card note fails after its note and first card were written.
        using var package = AnkiPackage.Open(Package(OrdinalZeroOnly));
        long notes = package.NoteCount;
        long cards = package.CardCount;
        var batch = package.BeginNoteBatch();
        batch.Add(new NoteInput { NoteType = "Basic", Values = new[] { "fine", "back" }, Deck = "Made::Here", Tags = new[] { "fresh" } });
        var error = Fails(() => batch.Add(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { "two", "cards" } }));
        Assert.Equal("WriteFailed", error.Reason);
        var later = Fails(() => batch.Add(Basic("after the failure")));
        Assert.Equal("WriteFailed", later.Reason);
        Assert.StartsWith("An earlier change of this command failed, so none of its changes were saved: " + error.Message, later.Message, System.StringComparison.Ordinal);
        Assert.Same(error.Error, Fails(batch.Complete).Error);
        // Rolled back at the failure, not only when the batch is disposed: the note written before it is already gone.
        Assert.Equal(notes, package.NoteCount);
        Assert.DoesNotContain(package.GetNotes(), n => Equals(n.Fields["Front"], "fine"));
        batch.Dispose();
        // The package read its state again at the failure: the deck and tag the batch made are forgotten.
        Assert.DoesNotContain(package.GetDecks(), d => d.Name.StartsWith("Made", StringComparison.Ordinal));
        Assert.DoesNotContain("fresh", package.GetTags());
        Assert.Equal(notes, package.NoteCount);
        Assert.Equal(cards, package.CardCount);
        // The session goes on.
        package.AddNote(Basic("next command"));
        Assert.Equal(notes + 1, package.NoteCount);
    }

    [FixtureFact]
    public void AnUpdateThatFailsInsideABatchFailsTheWholeBatch()
    {
        // Only ordinal 0 is allowed: filling "Add Reverse" of an existing note fails on its new card.
        using var package = AnkiPackage.Open(Package(OrdinalZeroOnly));
        package.AddNote(new NoteInput { NoteType = "Basic (optional reversed card)", Values = new[] { "front", "back", "" }, Guid = "known" });
        long notes = package.NoteCount;
        var batch = package.BeginNoteBatch();
        batch.Add(Basic("added first"));
        var update = new NoteInput { NoteType = "Basic (optional reversed card)", Values = new[] { "front", "back", "y" }, Guid = "known", IfExists = NoteExists.Update };

        var error = Fails(() => batch.Add(update));

        Assert.Equal("WriteFailed", error.Reason);
        var later = Fails(() => batch.Add(Basic("after the failure")));
        Assert.StartsWith("An earlier change of this command failed, so none of its changes were saved: ", later.Message, StringComparison.Ordinal);
        Assert.Equal("WriteFailed", Fails(batch.Complete).Reason);
        batch.Dispose();
        Assert.Equal(notes, package.NoteCount);
        Assert.DoesNotContain(package.GetNotes(), n => Equals(n.Fields["Front"], "added first"));
    }

    [FixtureTheory]
    [InlineData("notes", "mid")]
    [InlineData("cards", "did")]
    [InlineData("cards", "queue")]
    public void ExportingNotesOrCardsThatCannotBeReadIsRefused(string table, string column)
    {
        using var package = AnkiPackage.Open(Package($"update {table} set {column} = null where id = (select min(id) from {table})"));
        string target = temp.Path("refused.apkg");
        var error = Fails(() => package.Export(target));
        Assert.Equal("CorruptCollection", error.Reason);
        Assert.False(File.Exists(target));
    }
}
