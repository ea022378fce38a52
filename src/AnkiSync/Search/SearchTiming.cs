using System;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Scheduling;

namespace AnkiSync.Search
{
    /// <summary>
    /// What a search needs to know about now: the moment, Anki's "today" and next rollover in the user's time zone
    /// (<see cref="SchedulerTiming"/>), and the learn-ahead limit.
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
            long learnAhead = CollectionJson.ReadLong(conf["collapseTime"], 1200);

            long currentWest = -(long)Math.Round(zone.GetUtcOffset(now).TotalMinutes);
            var today = SchedulerTiming.For(created, conf, now.ToUnixTimeSeconds(), currentWest);
            return new SearchTiming(now.ToUnixTimeSeconds(), today.DaysElapsed, today.NextDayAt, learnAhead);
        }
    }
}
