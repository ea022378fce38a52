using AnkiSync.Storage;

namespace AnkiSync.Tests.Engine.Storage;

/// <summary>
/// Schema objects Anki never makes (triggers, views, other tables) found and dropped in a safe order, with one
/// warning each; Anki's own tables, AnkiDroid's locale table and SQLite's internal ones stay.
/// </summary>
public class ForeignObjectsTests
{
    private static AnkiDatabase WithAnkisTables()
    {
        var db = AnkiDatabase.Open(":memory:", create: true);
        foreach (string table in new[] { "col", "notes", "cards", "revlog", "graves", "config", "deck_config", "tags", "fields", "templates", "notetypes", "decks", "android_metadata", "NOTES_extra" })
        {
            db.Execute($"create table \"{table}\" (id integer primary key)");
        }

        db.Execute("create index ix_notes on notes (id)");
        db.Execute("analyze"); // makes sqlite_stat1, SQLite's own
        return db;
    }

    [Fact]
    public void AnkisOwnTablesAndSqlitesAreNotForeign()
    {
        using var db = WithAnkisTables();
        db.Execute("drop table NOTES_extra");
        Assert.Empty(ForeignObjects.Find(db));
        Assert.False(ForeignObjects.HasTriggers(db));
        Assert.Empty(ForeignObjects.Drop(db, "from the copy"));
    }

    [Fact]
    public void EveryOtherObjectIsFoundWithItsKind()
    {
        using var db = WithAnkisTables();
        db.Execute("create view v as select 1");
        db.Execute("create trigger t after insert on notes begin delete from cards; end");
        db.Execute("create virtual table search using fts5(text)");
        Assert.True(ForeignObjects.HasTriggers(db));
        var found = ForeignObjects.Find(db);
        Assert.Contains(("table", "NOTES_extra", false), found);
        Assert.Contains(("view", "v", false), found);
        Assert.Contains(("trigger", "t", false), found);
        Assert.Contains(("table", "search", true), found);
        Assert.Contains(found, o => o.Name == "search_data" && !o.Virtual); // a shadow table of the virtual one
    }

    [Fact]
    public void DropRemovesTriggersFirstThenViewsThenVirtualAndPlainTables()
    {
        using var db = WithAnkisTables();
        db.Execute("create table \"we\"\"ird\" (x)");
        db.Execute("create virtual table search using fts5(text)");
        db.Execute("create view v as select * from \"we\"\"ird\"");
        db.Execute("create trigger t after delete on \"we\"\"ird\" begin delete from cards; end");
        db.Execute("insert into cards values (1)");
        var messages = ForeignObjects.Drop(db, "from the working copy");
        Assert.Equal(new[]
        {
            "Removed the trigger 't' from the working copy: Anki does not define it, and a trigger would run on every change AnkiSync makes.",
            "Removed the view 'v' from the working copy: Anki does not define it.",
            "Removed the virtual table 'search' from the working copy: Anki does not define it.",
            "Removed the table 'NOTES_extra' from the working copy: Anki does not define it.",
            "Removed the table 'we\"ird' from the working copy: Anki does not define it.",
        }, messages);
        Assert.Empty(ForeignObjects.Find(db));
        Assert.Equal(1L, db.ScalarLong("select count(*) from cards")); // Anki's rows are untouched
        Assert.Equal(0L, db.ScalarLong("select count(*) from sqlite_master where name like 'search%'"));
        Assert.Equal(1L, db.ScalarLong("select count(*) from sqlite_master where name = 'android_metadata'"));
    }
}
