using System.Collections.Generic;

namespace AnkiSync
{
    /// <summary>What to change in a deck options preset; null leaves a setting as it is.</summary>
    public sealed class DeckConfigChange
    {
        /// <summary>New cards per day (0–9999).</summary>
        public int? NewPerDay { get; set; }

        /// <summary>Maximum reviews per day (0–9999).</summary>
        public int? ReviewsPerDay { get; set; }

        /// <summary>Learning steps in minutes (each above 0); empty for none.</summary>
        public IReadOnlyList<double>? LearningSteps { get; set; }

        /// <summary>Relearning steps in minutes (each above 0); empty for none.</summary>
        public IReadOnlyList<double>? RelearningSteps { get; set; }

        /// <summary>Maximum interval in days (1–36500).</summary>
        public int? MaximumInterval { get; set; }

        /// <summary>Starting ease (1.31–5.0; 2.5 is 250%).</summary>
        public double? StartingEase { get; set; }
    }
}
