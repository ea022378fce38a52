using System;
using AnkiSync.Collection;

namespace AnkiSync.Scheduling
{
    /// <summary>
    /// "Today" as Anki's scheduler counts it (rslib scheduler/timing.rs): the number of day rollovers since the
    /// collection was created, and when the next one happens. V1 collections count whole days from <c>col.crt</c>;
    /// V2/V3 ones roll over at the <c>rollover</c> hour (default 4) in local time, using <c>creationOffset</c> when set.
    /// </summary>
    internal readonly struct SchedulerTiming
    {
        private SchedulerTiming(long daysElapsed, long nextDayAt)
        {
            DaysElapsed = daysElapsed;
            NextDayAt = nextDayAt;
        }

        /// <summary>Days since the collection's creation: the day number review cards are due on today.</summary>
        public long DaysElapsed { get; }

        /// <summary>Epoch seconds of the next rollover.</summary>
        public long NextDayAt { get; }

        public static SchedulerTiming For(CollectionJson json, DateTimeOffset now)
        {
            long crt = json.Created;
            long nowSeconds = now.ToUnixTimeSeconds();
            if (SchedulerVersion(json) < 2)
            {
                long days = (nowSeconds - crt) / 86_400;
                return new SchedulerTiming(Math.Max(0, days), crt + ((days + 1) * 86_400));
            }

            int rollover = (int)Math.Max(0, Math.Min(23, CollectionJson.ReadLong(json.Conf["rollover"], 4)));
            TimeSpan currentOffset = now.Offset;
            var creationNode = json.Conf["creationOffset"];
            if (creationNode == null || creationNode.GetValueKind() == System.Text.Json.JsonValueKind.Null)
            {
                // V2 with the legacy cutoff: the creation time's rollover in today's offset.
                var created = DateTimeOffset.FromUnixTimeSeconds(crt).ToOffset(currentOffset);
                long crtAtRollover = AtHour(created, rollover).ToUnixTimeSeconds();
                long days = (nowSeconds - crtAtRollover) / 86_400;
                long next = AtHour(now, rollover).ToUnixTimeSeconds();
                if (next < nowSeconds)
                {
                    next += 86_400;
                }

                return new SchedulerTiming(Math.Max(0, days), next);
            }

            var creationOffset = MinutesWest(CollectionJson.ReadLong(creationNode));
            var createdAt = DateTimeOffset.FromUnixTimeSeconds(crt).ToOffset(creationOffset);
            var rolloverToday = AtHour(now, rollover);
            bool passed = rolloverToday <= now;
            long nextDay = (passed ? rolloverToday.AddDays(1) : rolloverToday).ToUnixTimeSeconds();
            long elapsed = (long)(now.Date - createdAt.Date).TotalDays;
            if (!passed)
            {
                elapsed--;
            }

            return new SchedulerTiming(Math.Max(0, elapsed), nextDay);
        }

        /// <summary><c>schedVer</c>: 1 when missing (rslib config/mod.rs).</summary>
        public static long SchedulerVersion(CollectionJson json) => CollectionJson.ReadLong(json.Conf["schedVer"], 1);

        private static DateTimeOffset AtHour(DateTimeOffset moment, int hour)
            => new DateTimeOffset(moment.Year, moment.Month, moment.Day, hour, 0, 0, moment.Offset);

        /// <summary>Anki stores offsets in minutes west of UTC, capped at ±23 hours.</summary>
        private static TimeSpan MinutesWest(long minutes)
            => TimeSpan.FromMinutes(-Math.Max(-23 * 60, Math.Min(23 * 60, minutes)));
    }
}
