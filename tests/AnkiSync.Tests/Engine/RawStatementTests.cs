using System;
using System.Collections.Generic;
using AnkiSync.Storage;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Tests.Engine;

/// <summary>
/// The statements the hot loops run through SQLite's own API read and write exactly what Microsoft.Data.Sqlite's
/// reader and command do, for every storage class and for hostile text (invalid UTF-8, an embedded NUL).
/// </summary>
public class RawStatementTests
{
    /// <summary>SQL literals of every kind a hostile collection can hold in a text column.</summary>
    public static TheoryData<string> Values => new()
    {
        "NULL",
        "''",
        "'plain'",
        "'front' || char(31) || 'back'",
        "char(31)",
        "char(31) || char(31) || 'x' || char(31)",
        "'caf' || char(233) || char(31) || '日本語' || char(31) || '😀'",
        "cast(x'66ff1f80c3' as text)",
        "cast(x'61e282' as text) || char(31) || 'b'",
        "'before' || char(0) || 'after' || char(31) || 'hidden'",
        "cast(x'6100621f63' as text)",
        "42",
        "-9223372036854775808",
        "1.5",
        "1e300",
        "x'00011f02'",
        "x''",
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void ReadsTextAsTheReaderConvertsIt(string literal)
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        string sql = "select " + literal;
        using var command = db.Command(sql);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        string expected = reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!;

        using var statement = RawStatement.Prepare(db.Connection, sql);
        Assert.True(statement.Read());
        Assert.Equal(reader.IsDBNull(0), statement.IsNull(0));
        Assert.Equal(expected, statement.TextOrEmpty(0));
        Assert.Equal(expected.Split('\u001f'), statement.TextSplitOrEmpty(0, '\u001f'));
        Assert.False(statement.Read());
    }

    [Fact]
    public void ALongTextIsSplitWhole()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        string text = new string('ä', 3000) + "\u001f" + new string('b', 5000) + "\u001f";
        using var statement = RawStatement.Prepare(db.Connection, "select $t");
        statement.Bind("$t", text);
        Assert.True(statement.Read());
        Assert.Equal(text.Split('\u001f'), statement.TextSplitOrEmpty(0, '\u001f'));
    }

    [Fact]
    public void NumbersFailOnNullAndBeyond32BitsAsTheReaderDoes()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        using var statement = RawStatement.Prepare(db.Connection, "select NULL, 4294967296, '12'");
        Assert.True(statement.Read());
        Assert.Throws<InvalidOperationException>(() => statement.Int64(0));
        Assert.Throws<OverflowException>(() => statement.Int32(1));
        Assert.Equal(4294967296L, statement.Int64(1));
        Assert.Equal(12, statement.Int32(2));
    }

    [Fact]
    public void InsertsTheValuesACommandWouldStore()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        db.Execute("create table t (a, b, c, d)");
        using (var insert = RawStatement.Prepare(db.Connection, "insert into t values ($a, $b, $c, $d)", "$a", "$b", "$c", "$d"))
        {
            insert.Bind(1, long.MaxValue);
            insert.Bind(2, "x\u001fy");
            insert.Bind(3, "");
            insert.Bind(4, 7);
            insert.Execute();
            insert.Bind(1, -1);
            insert.Execute();
        }

        Assert.Equal(2L, db.ScalarLong("select count(*) from t"));
        Assert.Equal("integer text text integer", db.Scalar("select typeof(a) || ' ' || typeof(b) || ' ' || typeof(c) || ' ' || typeof(d) from t where a > 0"));
        Assert.Equal(1L, db.ScalarLong("select count(*) from t where a = -1 and b = 'x' || char(31) || 'y' and c = '' and d = 7"));
    }

    [Fact]
    public void AFailedStepIsTheSqliteExceptionACommandThrowsAndTheStatementGoesOn()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        db.Execute("create table t (id integer primary key)");
        using var insert = RawStatement.Prepare(db.Connection, "insert into t values ($id)", "$id");
        insert.Bind(1, 1);
        insert.Execute();
        var error = Assert.Throws<SqliteException>(() => insert.Execute());
        Assert.Equal(19, error.SqliteErrorCode);
        insert.Bind(1, 2);
        insert.Execute();
        Assert.Equal(2L, db.ScalarLong("select count(*) from t"));
    }

    [Fact]
    public void ParametersOutOfOrderAreRefused()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        Assert.Throws<ArgumentException>(() => RawStatement.Prepare(db.Connection, "select $b, $a", "$a", "$b"));
        Assert.Throws<SqliteException>(() => RawStatement.Prepare(db.Connection, "select from nowhere"));
    }

    [Fact]
    public void NamedParametersBindAsAddWithValue()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        using var statement = RawStatement.Prepare(db.Connection, "select typeof($s) || typeof($l) || typeof($i) || typeof($d) || typeof($n)");
        var values = new List<(string, object?)> { ("$s", "x"), ("$l", 1L), ("$i", 2), ("$d", 0.5), ("$n", null), ("$unused", "y") };
        foreach (var (name, value) in values)
        {
            statement.Bind(name, value);
        }

        Assert.True(statement.Read());
        Assert.Equal("textintegerintegerrealnull", statement.TextOrEmpty(0));
        Assert.Throws<ArgumentException>(() => statement.Bind("$s", DateTime.Now));
    }

    [Fact]
    public void AFailedReadIsTheSqliteExceptionAndTheStatementGoesOn()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        using var statement = RawStatement.Prepare(db.Connection, "select abs($v)", "$v");
        statement.Bind(1, long.MinValue);
        Assert.Throws<SqliteException>(() => statement.Read()); // integer overflow, found while stepping
        statement.Bind(1, -3);
        Assert.True(statement.Read());
        Assert.Equal(3L, statement.Int64(0));
        Assert.False(statement.Read());
    }

    [Fact]
    public void BindingNullReplacesAnEarlierValueAndABadIndexIsRefused()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        using var statement = RawStatement.Prepare(db.Connection, "select typeof($a) || typeof($b)");
        statement.Bind("$a", 5L);
        statement.Bind("$b", "x");
        statement.Bind("$a", null);
        statement.Bind("$b", DBNull.Value);
        Assert.True(statement.Read());
        Assert.Equal("nullnull", statement.TextOrEmpty(0));
        statement.Reset();
        Assert.Equal(25, Assert.Throws<SqliteException>(() => statement.Bind(3, 1L)).SqliteErrorCode); // SQLITE_RANGE
        Assert.Equal(25, Assert.Throws<SqliteException>(() => statement.Bind(0, "x")).SqliteErrorCode);
        var error = Assert.Throws<ArgumentException>(() => statement.Bind("$a", 1.5m));
        Assert.StartsWith("A parameter of type System.Decimal is not bound here.", error.Message);
    }

    [Fact]
    public void ParametersOutOfOrderNameTheOrderWanted()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        var error = Assert.Throws<ArgumentException>(() => RawStatement.Prepare(db.Connection, "select $b, $a", "$a", "$b"));
        Assert.StartsWith("The statement's parameters are not $a, $b in this order: select $b, $a", error.Message);
        Assert.Throws<ArgumentException>(() => RawStatement.Prepare(db.Connection, "select $a", "$a", "$b"));
        using var right = RawStatement.Prepare(db.Connection, "select $a, $b", "$a", "$b");
    }

    [Fact]
    public void ABusyDatabaseIsRetriedUntilTheTimeout()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ankisync-busy-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using var holder = AnkiDatabase.Open(path, create: true);
            holder.Execute("create table t (v)");
            using var waiter = AnkiDatabase.Open(path, busyTimeoutSeconds: 1);
            using var insert = RawStatement.Prepare(waiter.Connection, "insert into t values (1)");

            var scope = holder.BeginTransaction();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(5, Assert.Throws<SqliteException>(() => insert.Execute()).SqliteErrorCode); // SQLITE_BUSY
            Assert.InRange(clock.ElapsedMilliseconds, 900, 30_000);

            // Released while it waits: the insert goes through. A patient connection and a thread of its own, so a
            // loaded machine (a starved thread pool) cannot make the release come after the wait has ended.
            using var patient = AnkiDatabase.Open(path, busyTimeoutSeconds: 60);
            using var patientInsert = RawStatement.Prepare(patient.Connection, "insert into t values (1)");
            var release = new System.Threading.Thread(() =>
            {
                System.Threading.Thread.Sleep(300);
                scope.Complete();
                scope.Dispose();
            });
            release.Start();
            patientInsert.Execute();
            release.Join();
            Assert.Equal(1L, waiter.ScalarLong("select count(*) from t"));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
