using System;
using System.Text.Json.Nodes;
using AnkiSync.Search;

namespace AnkiSync.Tests.Engine.Search;

/// <summary>
/// Anki's "today" for searches (rslib <c>scheduler/timing.rs</c>), worked out by hand for each scheduler: days elapsed
/// since the collection was created and the next rollover, in a fixed time zone.
/// </summary>
public class SearchTimingTests
{
    private static readonly TimeZoneInfo Plus2 = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");
    private static readonly TimeZoneInfo Minus5 = TimeZoneInfo.CreateCustomTimeZone("minus5", TimeSpan.FromHours(-5), "minus5", "minus5");

    private static long At(string utc) => DateTimeOffset.Parse(utc + "Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();

    private static SearchTiming For(string created, string now, JsonObject conf, TimeZoneInfo? zone = null)
        => SearchTiming.For(At(created), conf, DateTimeOffset.FromUnixTimeSeconds(At(now)), zone ?? Plus2);

    [Fact]
    public void V1CountsWholeDaysFromTheCreationTime()
    {
        var timing = For("2020-01-01T10:00:00", "2020-01-11T09:00:00", new JsonObject());
        Assert.Equal(At("2020-01-11T09:00:00"), timing.Now);
        Assert.Equal(9, timing.DaysElapsed);
        Assert.Equal(At("2020-01-11T10:00:00"), timing.NextDayAt);
        Assert.Equal(1200, timing.LearnAheadSeconds);

        timing = For("2020-01-01T10:00:00", "2020-01-11T10:00:00", new JsonObject { ["schedVer"] = 1, ["collapseTime"] = 600 });
        Assert.Equal(10, timing.DaysElapsed);
        Assert.Equal(At("2020-01-12T10:00:00"), timing.NextDayAt);
        Assert.Equal(600, timing.LearnAheadSeconds);

        // A clock behind the creation time is day 0.
        timing = For("2020-01-01T10:00:00", "2019-12-31T10:00:00", new JsonObject());
        Assert.Equal(0, timing.DaysElapsed);
    }

    [Fact]
    public void V2WithoutACreationOffsetCountsRolloversInTheCurrentZone()
    {
        var conf = new JsonObject { ["schedVer"] = 2 };

        // Rollover at 04:00 local (02:00 UTC). Created at local 02:00 on the 1st, so its day began at 02:00 UTC on the 1st.
        var before = For("2020-01-01T00:00:00", "2020-01-11T01:00:00", conf);
        Assert.Equal(9, before.DaysElapsed);
        Assert.Equal(At("2020-01-11T02:00:00"), before.NextDayAt);

        var after = For("2020-01-01T00:00:00", "2020-01-11T03:00:00", conf);
        Assert.Equal(10, after.DaysElapsed);
        Assert.Equal(At("2020-01-12T02:00:00"), after.NextDayAt);

        var atRollover = For("2020-01-01T00:00:00", "2020-01-11T02:00:00", conf);
        Assert.Equal(10, atRollover.DaysElapsed);
        Assert.Equal(At("2020-01-11T02:00:00"), atRollover.NextDayAt);

        conf["rollover"] = 10;
        var later = For("2020-01-01T00:00:00", "2020-01-11T03:00:00", conf);
        Assert.Equal(At("2020-01-11T08:00:00"), later.NextDayAt);
        Assert.Equal(9, later.DaysElapsed);

        // Out-of-range hours are clamped to 0..23.
        conf["rollover"] = 30;
        Assert.Equal(At("2020-01-11T21:00:00"), For("2020-01-01T00:00:00", "2020-01-11T03:00:00", conf).NextDayAt);
        conf["rollover"] = -5;
        Assert.Equal(At("2020-01-11T22:00:00"), For("2020-01-01T00:00:00", "2020-01-11T03:00:00", conf).NextDayAt);
    }

    [Fact]
    public void V2WithACreationOffsetCountsLocalDays()
    {
        // Created at local 12:00 on the 1st (UTC+2 then, creationOffset -120 minutes west).
        var conf = new JsonObject { ["schedVer"] = 2, ["creationOffset"] = -120, ["rollover"] = 4 };

        var before = For("2020-01-01T10:00:00", "2020-01-11T01:00:00", conf);
        Assert.Equal(9, before.DaysElapsed);
        Assert.Equal(At("2020-01-11T02:00:00"), before.NextDayAt);

        var after = For("2020-01-01T10:00:00", "2020-01-11T03:00:00", conf);
        Assert.Equal(10, after.DaysElapsed);
        Assert.Equal(At("2020-01-12T02:00:00"), after.NextDayAt);

        var exactly = For("2020-01-01T10:00:00", "2020-01-11T02:00:00", conf);
        Assert.Equal(10, exactly.DaysElapsed);
        Assert.Equal(At("2020-01-12T02:00:00"), exactly.NextDayAt);

        // Travelling to UTC-5: the rollover is 04:00 there (09:00 UTC); the creation day stays the UTC+2 one.
        var west = For("2020-01-01T10:00:00", "2020-01-11T10:00:00", conf, Minus5);
        Assert.Equal(10, west.DaysElapsed);
        Assert.Equal(At("2020-01-12T09:00:00"), west.NextDayAt);
        var westEarly = For("2020-01-01T10:00:00", "2020-01-11T08:00:00", conf, Minus5);
        Assert.Equal(9, westEarly.DaysElapsed);
        Assert.Equal(At("2020-01-11T09:00:00"), westEarly.NextDayAt);
    }

    [Fact]
    public void LocalDaysBeforeTheEpochRoundDown()
    {
        // 01:00 UTC on 1 Jan 1970 is 20:00 on 31 Dec 1969 at UTC-5: the day before day 0.
        var conf = new JsonObject { ["schedVer"] = 2, ["creationOffset"] = 300, ["rollover"] = 0 };
        var timing = For("1970-01-01T01:00:00", "1970-01-02T06:00:00", conf, Minus5);
        Assert.Equal(2, timing.DaysElapsed);
        Assert.Equal(At("1970-01-03T05:00:00"), timing.NextDayAt);
    }

    [Fact]
    public void ASchedulerVersionOtherThanTwoIsV1()
    {
        // rslib reads schedVer as 1 or 2 and falls back to 1 for anything else.
        foreach (var version in new JsonNode?[] { 1, 3, 0, "x", null })
        {
            var timing = For("2020-01-01T10:00:00", "2020-01-11T09:00:00", new JsonObject { ["schedVer"] = version?.DeepClone(), ["rollover"] = 0 });
            Assert.Equal(At("2020-01-11T10:00:00"), timing.NextDayAt);
        }
    }

    [Fact]
    public void ACreationOffsetBeyondADayIsCappedAt23Hours()
    {
        // 2000 minutes west is taken as 23 hours west: created at 10:00 UTC on the 1st is 11:00 on 31 Dec there.
        var conf = new JsonObject { ["schedVer"] = 2, ["creationOffset"] = 2000, ["rollover"] = 4 };
        Assert.Equal(11, For("2020-01-01T10:00:00", "2020-01-11T03:00:00", conf).DaysElapsed);
        conf["creationOffset"] = -2000; // 23 hours east: 09:00 on the 2nd
        Assert.Equal(9, For("2020-01-01T10:00:00", "2020-01-11T03:00:00", conf).DaysElapsed);
    }
}
