using System;
using System.Collections.Generic;
using System.Text;
using AnkiSync.Collection;
using AnkiSync.Scheduling;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>Streams the review log, oldest first, a page at a time.</summary>
        public IEnumerable<AnkiReview> GetReviews(ReviewFilter? filter = null)
        {
            filter ??= new ReviewFilter();
            var where = new StringBuilder("r.id > $after");
            RowReader.AppendIn(where, "r.cid", filter.CardIds);
            if (filter.After != null)
            {
                where.Append(" and r.id >= ").Append(ToMilliseconds(filter.After.Value).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (filter.Before != null)
            {
                where.Append(" and r.id < ").Append(ToMilliseconds(filter.Before.Value).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            string sql = "select r.id, r.cid, coalesce(c.nid, 0), r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.type "
                + "from revlog r left join cards c on c.id = r.cid where " + where + " order by r.id";
            bool v1 = SchedulerTiming.IsV1(Json.Conf);
            return RowReader.ReadPages(State, sql, reader =>
            {
                long id = reader.GetInt64(0);
                int kind = reader.GetInt32(8);
                return new AnkiReview
                {
                    Id = id,
                    Time = RowReader.FromStoredTime(id / 1000),
                    CardId = reader.GetInt64(1),
                    NoteId = reader.GetInt64(2),
                    Button = ButtonOf(reader.GetInt32(3), kind, v1),
                    Kind = kind >= 0 && kind <= 5 ? (ReviewKind)kind : ReviewKind.Manual,
                    Interval = reader.GetInt64(4),
                    LastInterval = reader.GetInt64(5),
                    Ease = reader.GetInt64(6) / 1000.0,
                    Duration = TimeSpan.FromMilliseconds(Math.Max(0, reader.GetInt64(7))),
                    Package = this,
                };
            });
        }

        /// <summary>
        /// The button of a revlog row: 0 is a manual reschedule. The V1 scheduler showed three buttons while learning
        /// (Again, Good, Easy), so in a V1 collection a learning row's 2 is Good and 3 is Easy.
        /// </summary>
        private static ReviewButton ButtonOf(int ease, int kind, bool v1)
        {
            if (ease <= 0 || ease > 4)
            {
                return ReviewButton.Manual;
            }

            if (v1 && (kind == 0 || kind == 2) && ease >= 2 && ease <= 3)
            {
                return ease == 2 ? ReviewButton.Good : ReviewButton.Easy;
            }

            return (ReviewButton)ease;
        }

        /// <summary>A DateTime as epoch milliseconds; an unspecified kind is local time, as PowerShell's Get-Date gives.</summary>
        private static long ToMilliseconds(DateTime time)
        {
            var utc = time.Kind == DateTimeKind.Utc ? time : DateTime.SpecifyKind(time, DateTimeKind.Local).ToUniversalTime();
            return new DateTimeOffset(utc).ToUnixTimeMilliseconds();
        }
    }
}
