using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Reading;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Tests.Engine.Storage;

/// <summary>
/// The one SQLite connection every collection goes through: nested transactions where the outermost one decides,
/// the hooks a live collection runs around them, the guard against ATTACH and triggers, cancellation of a long
/// statement, and the small helpers every reader uses.
/// </summary>
public class AnkiDatabaseTests
{
    private static AnkiDatabase Memory()
    {
        var db = AnkiDatabase.Open(":memory:", create: true);
        db.Execute("create table t (v integer)");
        return db;
    }

    private static long Count(AnkiDatabase db) => db.ScalarLong("select count(*) from t");

    /// <summary>Records each hook call in order, and fails the one named.</summary>
    private sealed class RecordingHooks : ITransactionHooks
    {
        public List<string> Calls { get; } = new();

        public string? FailAt { get; set; }

        public void BeforeBegin() => Record("before-begin");

        public void AfterBegin(bool raw) => Record(raw ? "after-begin raw" : "after-begin");

        public void BeforeCommit(bool raw) => Record(raw ? "before-commit raw" : "before-commit");

        private void Record(string call)
        {
            Calls.Add(call);
            if (FailAt != null && call.StartsWith(FailAt, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("hook failed: " + call);
            }
        }
    }

    [Fact]
    public void OpensAnInMemoryDatabaseWithTheUnicaseCollation()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        Assert.Equal(1L, db.ScalarLong("select 'ABC' = 'abc' collate unicase"));
        Assert.Equal(1L, db.ScalarLong("select 'ÄBC' = 'äbc' collate unicase"));
        Assert.Equal(0L, db.ScalarLong("select 'abc' = 'abd' collate unicase"));
        // Ordered by the lower-case text: '_' (0x5F) comes after 'A'-'Z' in binary but before 'a'-'z'.
        db.Execute("create table n (name text collate unicase)");
        db.Execute("insert into n values ('b'), ('A'), ('_'), ('C')");
        Assert.Equal(new[] { "_", "A", "b", "C" }, Names(db, "select name from n order by name"));
    }

    private static string[] Names(AnkiDatabase db, string sql)
    {
        using var command = db.Command(sql);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names.ToArray();
    }

    [Fact]
    public void OpeningAMissingFileWithoutCreateFailsAndCreateMakesIt()
    {
        using var folder = new ScratchFolder();
        string path = folder.Combine("c.anki2");
        Assert.Throws<SqliteException>(() => AnkiDatabase.Open(path));
        Assert.False(File.Exists(path));
        using (var db = AnkiDatabase.Open(path, create: true))
        {
            db.Execute("create table t (v)");
            Assert.Equal(path, db.Path);
        }

        using var readOnly = AnkiDatabase.Open(path, readOnly: true);
        Assert.True(readOnly.TableExists("t"));
        Assert.Throws<SqliteException>(() => readOnly.Execute("insert into t values (1)"));
    }

    [Fact]
    public void TheOutermostTransactionCommitsWhenEveryScopeCompleted()
    {
        using var db = Memory();
        var ended = new List<bool>();
        db.TransactionEnded = ended.Add;
        using (var outer = db.BeginTransaction())
        {
            Assert.True(db.InTransaction);
            using (var inner = db.BeginTransaction())
            {
                db.Execute("insert into t values (1)");
                inner.Complete();
            }

            Assert.True(db.InTransaction);
            Assert.Empty(ended);
            outer.Complete();
        }

        Assert.False(db.InTransaction);
        Assert.Equal(new[] { true }, ended);
        Assert.Equal(1L, Count(db));
    }

    [Fact]
    public void AnInnerScopeThatDidNotCompleteRollsEverythingBack()
    {
        using var db = Memory();
        var ended = new List<bool>();
        db.TransactionEnded = ended.Add;
        using (var outer = db.BeginTransaction())
        {
            db.Execute("insert into t values (1)");
            using (db.BeginTransaction())
            {
                db.Execute("insert into t values (2)");
            }

            outer.Complete();
        }

        Assert.Equal(new[] { false }, ended);
        Assert.Equal(0L, Count(db));

        // The next transaction starts clean.
        using (var next = db.BeginTransaction())
        {
            db.Execute("insert into t values (3)");
            next.Complete();
        }

        Assert.Equal(new[] { false, true }, ended);
        Assert.Equal(1L, Count(db));
    }

    [Fact]
    public void DisposingAScopeTwiceEndsItOnce()
    {
        using var db = Memory();
        var ended = new List<bool>();
        db.TransactionEnded = ended.Add;
        var outer = db.BeginTransaction();
        var inner = db.BeginTransaction();
        inner.Complete();
        inner.Dispose();
        inner.Dispose();
        Assert.True(db.InTransaction);
        outer.Complete();
        outer.Dispose();
        outer.Dispose();
        Assert.Equal(new[] { true }, ended);
    }

    [Fact]
    public void HooksRunAroundTheOutermostTransactionOnly()
    {
        using var db = Memory();
        var hooks = new RecordingHooks();
        db.Hooks = hooks;
        using (var outer = db.BeginTransaction())
        {
            using (var inner = db.BeginTransaction())
            {
                inner.Complete();
            }

            outer.Complete();
        }

        Assert.Equal(new[] { "before-begin", "after-begin", "before-commit" }, hooks.Calls);

        hooks.Calls.Clear();
        using (var raw = db.BeginTransaction(TransactionPurpose.RawSql))
        {
            raw.Complete();
        }

        Assert.Equal(new[] { "before-begin", "after-begin raw", "before-commit raw" }, hooks.Calls);

        hooks.Calls.Clear();
        using (db.BeginTransaction(TransactionPurpose.ReadState))
        {
        }

        Assert.Empty(hooks.Calls);

        // A rollback skips the commit hook.
        using (db.BeginTransaction())
        {
        }

        Assert.Equal(new[] { "before-begin", "after-begin" }, hooks.Calls);
    }

    [Fact]
    public void AFailingAfterBeginHookRollsBackAndLeavesNoTransaction()
    {
        using var db = Memory();
        var ended = new List<bool>();
        db.TransactionEnded = ended.Add;
        db.Hooks = new RecordingHooks { FailAt = "after-begin" };
        Assert.Throws<InvalidOperationException>(() => db.BeginTransaction());
        Assert.False(db.InTransaction);
        Assert.Equal(new[] { false }, ended);
        db.Hooks = null;
        using (var next = db.BeginTransaction())
        {
            db.Execute("insert into t values (1)");
            next.Complete();
        }

        Assert.Equal(1L, Count(db));
    }

    [Fact]
    public void AFailingBeforeCommitHookRollsTheWorkBack()
    {
        using var db = Memory();
        var ended = new List<bool>();
        db.TransactionEnded = ended.Add;
        var hooks = new RecordingHooks { FailAt = "before-commit" };
        db.Hooks = hooks;
        var scope = db.BeginTransaction();
        db.Execute("insert into t values (1)");
        scope.Complete();
        Assert.Throws<InvalidOperationException>(() => scope.Dispose());
        Assert.False(db.InTransaction);
        Assert.Equal(new[] { false }, ended);
        Assert.Equal(0L, Count(db));

        // Nothing is left half-open: the next transaction works and its hooks run afresh.
        hooks.FailAt = null;
        hooks.Calls.Clear();
        using (var next = db.BeginTransaction())
        {
            db.Execute("insert into t values (2)");
            next.Complete();
        }

        Assert.Equal(new[] { "before-begin", "after-begin", "before-commit" }, hooks.Calls);
        Assert.Equal(1L, Count(db));
    }

    [Fact]
    public void AFailingBeforeBeginHookStartsNothing()
    {
        using var db = Memory();
        db.Hooks = new RecordingHooks { FailAt = "before-begin" };
        Assert.Throws<InvalidOperationException>(() => db.BeginTransaction());
        Assert.False(db.InTransaction);
        Assert.Equal(1L, db.ScalarLong("select 1")); // no BEGIN was left open either: another connection could write
    }

    [Fact]
    public void ADatabaseLockedByAnotherConnectionIsInUse()
    {
        using var folder = new ScratchFolder();
        string path = folder.Combine("locked.anki2");
        using var first = AnkiDatabase.Open(path, create: true);
        first.Execute("create table t (v)");
        using var second = AnkiDatabase.Open(path, busyTimeoutSeconds: 1);
        using (first.BeginTransaction())
        {
            var error = Assert.Throws<AnkiException>(() => second.BeginTransaction());
            Assert.Equal("CollectionInUse", error.Reason);
            Assert.Contains(path, error.Message);
            Assert.False(second.InTransaction);
        }

        using (var now = second.BeginTransaction())
        {
            now.Complete();
        }
    }

    [Fact]
    public void DisposingTheDatabaseRollsBackAnOpenTransaction()
    {
        using var folder = new ScratchFolder();
        string path = folder.Combine("open.anki2");
        using (var db = AnkiDatabase.Open(path, create: true))
        {
            db.Execute("create table t (v)");
            db.BeginTransaction();
            db.Execute("insert into t values (1)");
        }

        using var check = AnkiDatabase.Open(path);
        Assert.Equal(0L, Count(check));
        using (var write = check.BeginTransaction())
        {
            write.Complete();
        }
    }

    [Fact]
    public void CopyToWritesACompactCopyReplacingAFileThere()
    {
        using var folder = new ScratchFolder();
        using var db = AnkiDatabase.Open(folder.Combine("source.db"), create: true);
        db.Execute("create table t (v integer)");
        db.Execute("insert into t values (1), (2)");
        string copy = folder.Combine("copy.db");
        File.WriteAllText(copy, "old");
        db.CopyTo(copy, pageSize: 0);
        using (var read = AnkiDatabase.Open(copy, readOnly: true))
        {
            Assert.Equal(2L, Count(read));
            Assert.Equal(4096L, read.ScalarLong("pragma page_size"));
        }

        db.CopyTo(copy, pageSize: 1024);
        using (var read = AnkiDatabase.Open(copy, readOnly: true))
        {
            Assert.Equal(1024L, read.ScalarLong("pragma page_size"));
        }
    }

    [Fact]
    public void TablesAndColumnsAreListedByName()
    {
        using var db = Memory();
        db.Execute("create table \"odd \"\"name\" (a, \"b c\", d)");
        db.Execute("create view v as select 1");
        Assert.True(db.TableExists("t"));
        Assert.True(db.TableExists("odd \"name"));
        Assert.False(db.TableExists("v"));
        Assert.False(db.TableExists("missing"));
        Assert.Equal(new[] { "a", "b c", "d" }, db.Columns("odd \"name"));
        Assert.Empty(db.Columns("missing"));
    }

    [Fact]
    public void ScalarsReadNullAsNothingAndNumbersAsLong()
    {
        using var db = Memory();
        Assert.Null(db.Scalar("select null"));
        Assert.Equal(0L, db.ScalarLong("select null"));
        Assert.Equal(0L, db.ScalarLong("select v from t"));
        Assert.Equal(42L, db.ScalarLong("select $x + 1", ("$x", 41)));
        Assert.Equal(1L, db.ScalarLong("select $x is null", ("$x", null)));
        Assert.Equal(2, db.Execute("insert into t values (1), (2)"));
    }

    [Fact]
    public void APreparedStatementBindsInDeclaredOrder()
    {
        using var db = Memory();
        db.Execute("create table p (a, b)");
        using var insert = db.Prepare("insert into p values ($a, $b)", "$a", "$b");
        AnkiDatabase.Bind(insert, 1, "x");
        insert.ExecuteNonQuery();
        AnkiDatabase.Bind(insert, 2, "y");
        insert.ExecuteNonQuery();
        Assert.Equal(new[] { "1x", "2y" }, Names(db, "select a || b from p order by a"));
    }

    [Fact]
    public void TheGuardRefusesAttachAndTriggersUntilDisposed()
    {
        using var folder = new ScratchFolder();
        using var db = Memory();
        string other = folder.Combine("other.db");
        using (db.RestrictToThisDatabase())
        {
            Assert.Null(db.DeniedAction);
            Assert.Throws<SqliteException>(() => db.Execute("attach database $p as other", ("$p", other)));
            Assert.Equal("ATTACH", db.DeniedAction);
            Assert.Throws<SqliteException>(() => db.Execute("create trigger tr after insert on t begin select 1; end"));
            Assert.Equal("CREATE TRIGGER", db.DeniedAction);
            Assert.Throws<SqliteException>(() => db.Execute("create temp trigger tt after insert on t begin select 1; end"));
            Assert.Equal("CREATE TEMP TRIGGER", db.DeniedAction);
            Assert.Throws<SqliteException>(() => db.Execute("detach database main"));
            Assert.Equal("DETACH", db.DeniedAction);
            db.Execute("insert into t values (1)");
            db.Execute("create table allowed (x)");
        }

        Assert.False(File.Exists(other));
        db.Execute("attach database $p as other", ("$p", other));
        db.Execute("detach database other");
        db.Execute("create trigger tr after insert on t begin select 1; end");
    }

    [Fact]
    public void EachGuardStartsWithNoRefusal()
    {
        using var db = Memory();
        using (db.RestrictToThisDatabase())
        {
            Assert.Throws<SqliteException>(() => db.Execute("attach database ':memory:' as x"));
        }

        using var again = db.RestrictToThisDatabase();
        Assert.Null(db.DeniedAction);
        again.Dispose();
        again.Dispose();
    }

    [Fact]
    public void CancellingInterruptsALongStatement()
    {
        using var db = Memory();
        using var cancel = new CancellationTokenSource();
        using (db.InterruptOn(cancel.Token))
        {
            cancel.CancelAfter(TimeSpan.FromMilliseconds(200));
            var error = Assert.Throws<SqliteException>(() => db.ScalarLong(
                "with recursive r(n) as (select 1 union all select n + 1 from r limit 200000000) select count(*) from r"));
            Assert.Equal(9, error.SqliteErrorCode); // SQLITE_INTERRUPT
        }

        // Once disposed, the handler is gone: the same cancelled token no longer stops anything.
        Assert.Equal(100_000L, db.ScalarLong("with recursive r(n) as (select 1 union all select n + 1 from r limit 100000) select count(*) from r"));
    }

    [Fact]
    public void AStatementStartingAfterTheCancelStopsAtOnce()
    {
        using var db = Memory();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        using (db.InterruptOn(cancel.Token))
        {
            var error = Assert.Throws<SqliteException>(() => db.ScalarLong(
                "with recursive r(n) as (select 1 union all select n + 1 from r limit 100000) select count(*) from r"));
            Assert.Equal(9, error.SqliteErrorCode);
        }
    }

    [Fact]
    public void AnUncancellableTokenInstallsNothing()
    {
        using var db = Memory();
        using (db.InterruptOn(CancellationToken.None))
        {
            Assert.Equal(100_000L, db.ScalarLong("with recursive r(n) as (select 1 union all select n + 1 from r limit 100000) select count(*) from r"));
        }
    }

    [Fact]
    public void ARollbackAfterAnInterruptedWriteKeepsTheInterruptAsTheError()
    {
        using var db = Memory();
        using var cancel = new CancellationTokenSource();
        var ended = new List<bool>();
        db.TransactionEnded = ended.Add;
        using (db.InterruptOn(cancel.Token))
        {
            var scope = db.BeginTransaction();
            db.Execute("insert into t values (1)");
            cancel.Cancel();
            Assert.Throws<SqliteException>(() => db.Execute("insert into t select n from (with recursive r(n) as (select 1 union all select n + 1 from r limit 1000000) select n from r)"));
            scope.Dispose(); // no second error from a ROLLBACK SQLite already did
        }

        Assert.Equal(new[] { false }, ended);
        Assert.Equal(0L, Count(db));
    }

    [Theory]
    [InlineData(typeof(InvalidOperationException), true)]
    [InlineData(typeof(InvalidCastException), true)]
    [InlineData(typeof(FormatException), true)]
    [InlineData(typeof(OverflowException), true)]
    [InlineData(typeof(ArgumentOutOfRangeException), true)]
    [InlineData(typeof(ArgumentException), false)]
    [InlineData(typeof(IOException), false)]
    [InlineData(typeof(AnkiException), false)]
    public void StorageFailuresAreTheExceptionsDamagedRowsRaise(Type type, bool storage)
    {
        var error = type == typeof(AnkiException) ? new AnkiException(AnkiErrors.CollectionInUse, "x") : (Exception)Activator.CreateInstance(type)!;
        Assert.Equal(storage, AnkiDatabase.IsStorageFailure(error));
        Assert.True(AnkiDatabase.IsStorageFailure(new SqliteException("x", 1)));
    }
}
