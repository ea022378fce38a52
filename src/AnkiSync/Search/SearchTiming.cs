using System;
using System.Text.Json.Nodes;
using AnkiSync.Collection;

namespace AnkiSync.Search
{
    /// <summary>
    /// Anki's "today" (<c>scheduler/timing.rs</c>, <c>sched_timing_today</c>): the days elapsed since the collection was
    /// created and the epoch second of the next day rollover, for the v1 scheduler, the v2 scheduler without a stored
    /// creation offset (legacy cutoff), and the v2 scheduler with one.
    /// </summary>
    internal readonly struct SearchTiming
    {
        public SearchTiming(long now, long daysElapsed, long nextDayAt, long learnAheadSeconds)
        {
            Now = now;
            DaysElapsed = daysElapsed;
            NextDayAt = nextDayAt;
            LearnAheadSeconds = learnAheadSeconds;
        }

        public long Now { get; }

        public long DaysElapsed { get; }

        public long NextDayAt { get; }

        /// <summary>The learn-ahead limit (config <c>collapseTime</c>, default 1200 s).</summary>
        public long LearnAheadSeconds { get; }

        /// <summary>The timing of a collection created at <paramref name="created"/> (epoch seconds) with config <paramref name="conf"/>, at <paramref name="now"/> in <paramref name="zone"/>.</summary>
        public static SearchTiming For(long created, JsonObject conf, DateTimeOffset now, TimeZoneInfo zone)
        {
            long nowSecs = now.ToUnixTimeSeconds();
            long learnAhead = conf["collapseTime"] is JsonValue ? CollectionJson.ReadLong(conf["collapseTime"], 1200) : 1200;
            int currentWest = -(int)Math.Round(zone.GetUtcOffset(now).TotalMinutes);
            long schedVer = CollectionJson.ReadLong(conf["schedVer"], 1);
            if (schedVer != 2)
            {
                long days = (nowSecs - created) / 86_400;
                return new SearchTiming(nowSecs, Math.Max(0, days), created + ((days + 1) * 86_400), learnAhead);
            }

            int rollover = conf["rollover"] is JsonValue ? (int)Math.Min(23, Math.Max(0, CollectionJson.ReadLong(conf["rollover"], 4))) : 4;
            if (conf["creationOffset"] is not JsonValue)
            {
                long crtAtRollover = RolloverAt(created, currentWest, rollover);
                long days = (nowSecs - crtAtRollover) / 86_400;
                long next = RolloverAt(nowSecs, currentWest, rollover);
                if (next < nowSecs)
                {
                    next += 86_400;
                }

                return new SearchTiming(nowSecs, Math.Max(0, days), next, learnAhead);
            }

            int creationWest = (int)CollectionJson.ReadLong(conf["creationOffset"]);
            long rolloverToday = RolloverAt(nowSecs, currentWest, rollover);
            bool passed = rolloverToday <= nowSecs;
            long nextDayAt = passed ? rolloverToday + 86_400 : rolloverToday;
            long dayNumberNow = LocalDay(nowSecs, currentWest);
            long dayNumberCreated = LocalDay(created, creationWest);
            long elapsed = dayNumberNow - dayNumberCreated - (passed ? 0 : 1);
            return new SearchTiming(nowSecs, Math.Max(0, elapsed), nextDayAt, learnAhead);
        }

        /// <summary>The epoch second of <paramref name="hour"/>:00 on the local day (at <paramref name="minutesWest"/>) of <paramref name="secs"/>.</summary>
        private static long RolloverAt(long secs, int minutesWest, int hour)
        {
            long local = secs - (minutesWest * 60L);
            long dayStart = FloorDiv(local, 86_400) * 86_400;
            return dayStart + (hour * 3600L) + (minutesWest * 60L);
        }

        private static long LocalDay(long secs, int minutesWest) => FloorDiv(secs - (minutesWest * 60L), 86_400);

        private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
    }
}
