using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AnkiSync.Collection;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// The paged reads every listing streams through (a page of 1,000 rows after the last id read, until a short page),
/// and the tolerant readers of stored times and id lists.
/// </summary>
public class RowReaderTests
{
    private static AnkiPackage WithRows(int count, string extra = "")
    {
        var package = AnkiPackage.Create();
        var db = package.State.Db;
        db.Execute("create table r (id integer, v text)");
        db.Execute($"with recursive n(i) as (select 1 union all select i + 1 from n limit {count}) insert into r select i, 'v' || i from n");
        if (extra.Length > 0)
        {
            db.Execute(extra);
        }

        return package;
    }

    private const string Sql = "select id, v from r where id > $after order by id";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(999)]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(2500)]
    public void EveryRowIsReadOnceAcrossPages(int count)
    {
        using var package = WithRows(count);
        var read = RowReader.ReadPages(package.State, Sql, r => r.GetString(1)).ToList();
        Assert.Equal(Enumerable.Range(1, count).Select(i => "v" + i), read);
        var raw = RowReader.ReadRawPages(package.State, Sql, null, s => s.TextOrEmpty(1)).ToList();
        Assert.Equal(read, raw);
    }

    [Fact]
    public void ParametersAreBoundBesideAfter()
    {
        using var package = WithRows(1500);
        var parameters = new[] { ("$min", (object?)1200L) };
        const string filtered = "select id, v from r where id > $after and id >= $min order by id";
        Assert.Equal(301, RowReader.ReadPages(package.State, filtered, parameters, r => r.GetString(1)).Count());
        Assert.Equal(301, RowReader.ReadRawPages(package.State, filtered, parameters, s => s.TextOrEmpty(1)).Count());
        Assert.Equal(1500, RowReader.ReadPages(package.State, Sql, Array.Empty<(string, object?)>(), r => r.GetString(1)).Count());
    }

    [Fact]
    public void ARowTheReaderSkipsStillCountsTowardsThePage()
    {
        using var package = WithRows(1200);
        var odd = RowReader.ReadPages(package.State, Sql, r => r.GetInt64(0) % 2 == 1 ? r.GetString(1) : null).ToList();
        Assert.Equal(600, odd.Count);
        Assert.Equal("v1199", odd[^1]);
        Assert.Equal(600, RowReader.ReadRawPages(package.State, Sql, null, s => s.Int64(0) % 2 == 1 ? s.TextOrEmpty(1) : null).Count());
    }

    [Fact]
    public void ARowWithoutAnIdIsSkippedAndCounted()
    {
        // 1,000 rows with an id and a NULL one: the first page is full, so a second is read, which finds nothing new.
        using var package = WithRows(1000, "insert into r values (null, 'none')");
        const string withNull = "select id, v from r where id > $after or id is null order by id";
        var read = RowReader.ReadPages(package.State, withNull, r => r.GetString(1)).ToList();
        Assert.DoesNotContain("none", read);
        Assert.Equal(1000, read.Count);
        Assert.Equal(1000, RowReader.ReadRawPages(package.State, withNull, null, s => s.TextOrEmpty(1)).Count(v => v != "none"));
    }

    [Fact]
    public void ADamagedReadIsCorruptCollection()
    {
        using var package = WithRows(3, "insert into r values (4, null)");
        var error = Assert.Throws<AnkiException>(() => RowReader.ReadPages(package.State, Sql, r => r.GetString(1)).ToList());
        Assert.Equal("CorruptCollection", error.Reason);
        Assert.StartsWith("The collection of '", error.Message);
        Assert.Equal("CorruptCollection", Assert.Throws<AnkiException>(() => RowReader.ReadRawPages(package.State, "select id, nope from r where id > $after", null, s => s.TextOrEmpty(1)).ToList()).Reason);
    }

    [Theory]
    [InlineData(1_700_000_000L, 1_700_000_000L)]
    [InlineData(99_999_999_999L, 99_999_999_999L)]        // below the threshold: seconds
    [InlineData(100_000_000_000L, 100_000_000L)]          // milliseconds
    [InlineData(1_700_000_000_123L, 1_700_000_000L)]
    [InlineData(-100_000_000_000L, -100_000_000L)]
    [InlineData(-99_999_999_999L, -62_135_596_800L + (2 * 86_400))] // before year 1: clamped
    [InlineData(long.MaxValue, 253_402_300_799L - (2 * 86_400))]
    [InlineData(long.MinValue, -62_135_596_800L + (2 * 86_400))]
    public void AStoredTimeIsSecondsOrMillisecondsClampedToTheCalendar(long stored, long seconds)
        => Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(seconds).LocalDateTime, RowReader.FromStoredTime(stored));

    [Fact]
    public void IdListsAreJoinedForSql()
    {
        Assert.Equal("1,-2,30", RowReader.JoinIds(new[] { 1L, -2, 30 }));
        Assert.Equal("null", RowReader.JoinIds(Array.Empty<long>()));
        var where = new StringBuilder("1=1");
        RowReader.AppendIn(where, "n.id", null);
        Assert.Equal("1=1", where.ToString());
        RowReader.AppendIn(where, "n.id", new List<long> { 5, 6 });
        Assert.Equal("1=1 and n.id in (5,6)", where.ToString());
        RowReader.AppendIn(where, "c.id", Array.Empty<long>());
        Assert.Equal("1=1 and n.id in (5,6) and c.id in (null)", where.ToString());
    }

    [Fact]
    public void NullTextIsEmptyAndOtherValuesAreTheirInvariantText()
    {
        using var package = AnkiPackage.Create();
        using var command = package.State.Db.Command("select null, 1.5, 42, 'x'");
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(new[] { "", "1.5", "42", "x" }, Enumerable.Range(0, 4).Select(i => RowReader.TextOrEmpty(reader, i)));
    }
}
