using System;

namespace AnkiSync
{
    /// <summary>A deck options preset (Anki's "deck config"): the daily limits and steps its decks share.</summary>
    public sealed class AnkiDeckConfig
    {
        public long Id { get; internal set; }

        public string Name { get; internal set; } = "";

        /// <summary>New cards per day.</summary>
        public int NewPerDay { get; internal set; }

        /// <summary>Maximum reviews per day.</summary>
        public int ReviewsPerDay { get; internal set; }

        /// <summary>Learning steps, in minutes.</summary>
        public double[] LearningSteps { get; internal set; } = Array.Empty<double>();

        /// <summary>Relearning steps (after a lapse), in minutes.</summary>
        public double[] RelearningSteps { get; internal set; } = Array.Empty<double>();

        /// <summary>Maximum interval, in days.</summary>
        public int MaximumInterval { get; internal set; }

        /// <summary>Starting ease of a graduated card (2.5 = 250%).</summary>
        public double StartingEase { get; internal set; }

        /// <summary>The full names of the decks that use this preset, sorted.</summary>
        public string[] Decks { get; internal set; } = Array.Empty<string>();

        public AnkiPackage? Package { get; internal set; }
    }
}
