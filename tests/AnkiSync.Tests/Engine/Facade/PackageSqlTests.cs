using System;
using System.Collections.Generic;
using System.Linq;

namespace AnkiSync.Tests.Engine.Facade;

/// <summary>
/// <c>Invoke-AnkiSql</c>'s engine call: rows as dictionaries, parameters by bare name, the counts it reports, one
/// transaction that a failing statement rolls back, and the collection state read again after a change.
/// </summary>
public sealed class PackageSqlTests
{
    /// <summary>A saved package with these notes, opened again: unmodified until the SQL changes it.</summary>
    private static AnkiPackage WithNotes(params string[] fronts)
        => SavedPackage.Reopened(created =>
        {
            foreach (string front in fronts)
            {
                created.AddNote(new NoteInput { Values = new[] { front, "back" }, Tags = new[] { "start" } });
            }
        });

    [Fact]
    public void AQueryReturnsItsRowsByColumnNameInAnyCase()
    {
        using var package = WithNotes("a", "b");

        var rows = package.ExecuteSql("select sfld as Front, null as Empty from notes order by sfld", null, out int changed, out bool returnsRows);

        Assert.True(returnsRows);
        Assert.Equal(0, changed);
        Assert.Equal(new object?[] { "a", "b" }, rows.Select(r => r["front"]));
        Assert.Equal(new object?[] { "a", "b" }, rows.Select(r => r["FRONT"]));
        Assert.All(rows, r => Assert.Null(r["Empty"]));
        Assert.All(rows, r => Assert.Equal(2, r.Count));
        Assert.False(package.IsModified);
    }

    [Fact]
    public void AQueryWithoutRowsStillSaysItIsAQuery()
    {
        using var package = WithNotes();

        var rows = package.ExecuteSql("select id from notes", null, out int changed, out bool returnsRows);

        Assert.Empty(rows);
        Assert.True(returnsRows);
        Assert.Equal(0, changed);
    }

    [Theory]
    [InlineData("$front")]
    [InlineData("@front")]
    [InlineData(":front")]
    public void ABareParameterNameBindsToAnyPrefix(string placeholder)
    {
        using var package = WithNotes("a", "b");

        var rows = package.ExecuteSql($"select sfld from notes where sfld = {placeholder}", new Dictionary<string, object?> { ["front"] = "b" }, out _, out _);

        Assert.Equal("b", Assert.Single(rows)["sfld"]);
    }

    [Fact]
    public void ANullParameterBindsAsSqlNull()
    {
        using var package = WithNotes("a");

        var rows = package.ExecuteSql("select $value is null as wasNull", new Dictionary<string, object?> { ["value"] = null }, out _, out _);

        Assert.Equal(1L, Assert.Single(rows)["wasNull"]);
    }

    [Fact]
    public void AChangeReportsItsRowCountAndMarksThePackageModified()
    {
        using var package = WithNotes("a", "b", "c");

        var rows = package.ExecuteSql("update notes set tags = ' changed ' where sfld <> 'c'", null, out int changed, out bool returnsRows);

        Assert.Empty(rows);
        Assert.False(returnsRows);
        Assert.Equal(2, changed);
        Assert.True(package.IsModified);
        Assert.Equal(new[] { "changed", "start" }, package.GetTags());
    }

    [Fact]
    public void StatementsRunInOrderAndTheQueryAmongThemReturnsItsRows()
    {
        using var package = WithNotes("a");

        var rows = package.ExecuteSql("update notes set tags = ' one '; select tags from notes", null, out int changed, out bool returnsRows);

        Assert.True(returnsRows);
        Assert.Equal(1, changed);
        Assert.Equal(" one ", Assert.Single(rows)["tags"]);
    }

    [Fact]
    public void TwoQueriesInOneCallReturnTheRowsOfBoth()
    {
        using var package = WithNotes("a");

        var rows = package.ExecuteSql("select 1 as one; select 2 as two", null, out _, out bool returnsRows);

        Assert.True(returnsRows);
        Assert.Equal(new object?[] { 1L, null }, new[] { rows[0]["one"], rows[1].TryGetValue("one", out var none) ? none : null });
        Assert.Equal(2L, rows[1]["two"]);
    }

    [Fact]
    public void AChangeToTheColRowIsReadAgain()
    {
        using var package = WithNotes();

        package.ExecuteSql("update col set decks = json_set(decks, '$.\"1\".name', 'Renamed')", null, out int changed, out _);

        Assert.Equal(1, changed);
        Assert.Equal(new[] { "Renamed" }, package.GetDecks().Select(d => d.Name));
    }

    [Fact]
    public void AStatementThatChangesNothingLeavesThePackageUnmodified()
    {
        using var package = WithNotes("a");

        package.ExecuteSql("update notes set tags = 'x' where id = -1", null, out int changed, out _);

        Assert.Equal(0, changed);
        Assert.False(package.IsModified);
    }

    [Fact]
    public void AFailingStatementIsSqlErrorAndRollsBackTheStatementsBeforeIt()
    {
        using var package = WithNotes("a");
        const string Sql = "update notes set tags = ' lost '; select * from no_such_table";

        var error = Assert.Throws<AnkiException>(() => package.ExecuteSql(Sql, null, out _, out _));

        Assert.Equal(AnkiErrors.SqlError, error.Error);
        Assert.Equal(Sql, error.Target);
        Assert.StartsWith("SQLite rejected the statement: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(error.InnerException);
        Assert.Equal(new[] { "start" }, package.GetTags());
        Assert.False(package.IsModified);
    }

    [Fact]
    public void AttachingAnotherDatabaseIsSqlNotAllowedAndNamesTheAction()
    {
        using var package = WithNotes("a");

        var error = Assert.Throws<AnkiException>(() => package.ExecuteSql("attach database ':memory:' as other", null, out _, out _));

        Assert.Equal(AnkiErrors.SqlNotAllowed, error.Error);
        Assert.StartsWith("Invoke-AnkiSql works on this package's collection only: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(" is not allowed. Nothing was changed.", error.Message, StringComparison.Ordinal);
    }
}
