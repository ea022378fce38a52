using System;
using System.Text.Json.Nodes;
using AnkiSync.Collection;

namespace AnkiSync.Scheduling
{
    /// <summary>
    /// "Today" as Anki's scheduler counts it (rslib scheduler/timing.rs): the number of day rollovers since the
    /// collection was created, and when the next one happens. V1 collections count whole days from <c>col.crt</c>;
    /// V2/V3 ones roll over at the <c>rollover</c> hour (default 4) in local time, using <c>creationOffset</c> when set.
    /// The one place both the card editor and the search translation learn what day it is.
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

        /// <summary>The timing of <paramref name="json"/>'s collection; <paramref name="now"/>'s offset is the user's current UTC offset.</summary>
        public static SchedulerTiming For(CollectionJson json, DateTimeOffset now)
            => For(json.Created, json.Conf, now.ToUnixTimeSeconds(), -(long)Math.Round(now.Offset.TotalMinutes));

        /// <summary>
        /// The timing of a collection created at <paramref name="created"/> (epoch seconds) with config
        /// <paramref name="conf"/>, at <paramref name="now"/> (epoch seconds) in a zone <paramref name="currentMinutesWest"/>
        /// minutes west of UTC. Plain arithmetic on epoch seconds: a stored offset may be beyond what
        /// <see cref="DateTimeOffset"/> accepts (±14 hours; Anki caps at ±23).
        /// </summary>
        public static SchedulerTiming For(long created, JsonObject conf, long now, long currentMinutesWest)
        {
            if (IsV1(conf))
            {
                long days = (now - created) / 86_400;
                return new SchedulerTiming(Math.Max(0, days), created + ((days + 1) * 86_400));
            }

            long rollover = Math.Max(0, Math.Min(23, CollectionJson.ReadLong(conf["rollover"], 4)));
            if (conf["creationOffset"] is not JsonValue creationOffset)
            {
                // V2 with the legacy cutoff: the creation time's rollover in today's offset.
                long crtAtRollover = RolloverAt(created, currentMinutesWest, rollover);
                long days = (now - crtAtRollover) / 86_400;
                long next = RolloverAt(now, currentMinutesWest, rollover);
                if (next < now)
                {
                    next += 86_400;
                }

                return new SchedulerTiming(Math.Max(0, days), next);
            }

            long rolloverToday = RolloverAt(now, currentMinutesWest, rollover);
            bool passed = rolloverToday <= now;
            long elapsed = LocalDay(now, currentMinutesWest) - LocalDay(created, CappedMinutesWest(CollectionJson.ReadLong(creationOffset)));
            return new SchedulerTiming(Math.Max(0, passed ? elapsed : elapsed - 1), passed ? rolloverToday + 86_400 : rolloverToday);
        }

        /// <summary>
        /// Whether the collection uses the v1 scheduler: rslib reads <c>schedVer</c> as 1 or 2 and takes any other
        /// value, or none, as 1 (config/mod.rs).
        /// </summary>
        public static bool IsV1(JsonObject conf) => CollectionJson.ReadLong(conf["schedVer"], 1) != 2;

        /// <summary>The epoch second of <paramref name="hour"/>:00 on the local day (at <paramref name="minutesWest"/>) of <paramref name="seconds"/>.</summary>
        private static long RolloverAt(long seconds, long minutesWest, long hour)
            => (LocalDay(seconds, minutesWest) * 86_400) + (hour * 3600) + (minutesWest * 60);

        /// <summary>The number of the local day (at <paramref name="minutesWest"/>) holding <paramref name="seconds"/>; day 0 began at the epoch.</summary>
        private static long LocalDay(long seconds, long minutesWest) => FloorDivide(seconds - (minutesWest * 60), 86_400);

        private static long FloorDivide(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

        /// <summary>Anki caps an offset at ±23 hours (rslib <c>fixed_offset_from_minutes</c>).</summary>
        private static long CappedMinutesWest(long minutes) => Math.Max(-23 * 60, Math.Min(23 * 60, minutes));
    }
}
