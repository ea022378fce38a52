using System;
using System.Collections.Generic;

namespace AnkiSync
{
    /// <summary>The button a review answered with; Manual for rows that rescheduling wrote (Set Due Date, Forget).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum ReviewButton
    {
        Manual = 0,
        Again = 1,
        Hard = 2,
        Good = 3,
        Easy = 4,
    }

    /// <summary>What kind of review a revlog row records (<c>revlog.type</c>).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum ReviewKind
    {
        Learn = 0,
        Review = 1,
        Relearn = 2,
        /// <summary>Studied in a filtered deck ahead of time or without rescheduling ("cram").</summary>
        Filtered = 3,
        /// <summary>Set Due Date or Forget.</summary>
        Manual = 4,
        /// <summary>Rescheduled when FSRS settings changed.</summary>
        Rescheduled = 5,
    }

    /// <summary>One row of the review log.</summary>
    public sealed class AnkiReview
    {
        /// <summary>The row id: the review time in milliseconds since 1970.</summary>
        public long Id { get; internal set; }

        public DateTime Time { get; internal set; }

        public long CardId { get; internal set; }

        /// <summary>The card's note; 0 when the card no longer exists.</summary>
        public long NoteId { get; internal set; }

        public ReviewButton Button { get; internal set; }

        public ReviewKind Kind { get; internal set; }

        /// <summary>The interval after the review: days, or seconds when negative.</summary>
        public long Interval { get; internal set; }

        /// <summary>The interval before the review: days, or seconds when negative.</summary>
        public long LastInterval { get; internal set; }

        /// <summary>Ease after the review as a factor (2.5 = 250%); with FSRS, the difficulty Anki logs.</summary>
        public double Ease { get; internal set; }

        /// <summary>How long the answer took.</summary>
        public TimeSpan Duration { get; internal set; }

        public AnkiPackage? Package { get; internal set; }
    }

    /// <summary>Which review log rows to read. Null means "any".</summary>
    public sealed class ReviewFilter
    {
        public IReadOnlyCollection<long>? CardIds { get; set; }

        /// <summary>Only reviews at or after this time.</summary>
        public DateTime? After { get; set; }

        /// <summary>Only reviews before this time.</summary>
        public DateTime? Before { get; set; }
    }
}
