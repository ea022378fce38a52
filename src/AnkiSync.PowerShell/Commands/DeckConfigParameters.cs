using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>The preset settings New- and Set-AnkiDeckConfig share.</summary>
    public abstract class DeckConfigCmdlet : StructureCmdlet
    {
        /// <summary>New cards per day (0–9999).</summary>
        [Parameter]
        public int? NewPerDay { get; set; }

        /// <summary>Maximum reviews per day (0–9999).</summary>
        [Parameter]
        public int? ReviewsPerDay { get; set; }

        /// <summary>Learning steps in minutes, e.g. 1, 10; an empty array for none.</summary>
        [Parameter]
        [AllowEmptyCollection]
        public double[]? LearningSteps { get; set; }

        /// <summary>Relearning steps in minutes, e.g. 10; an empty array for none.</summary>
        [Parameter]
        [AllowEmptyCollection]
        public double[]? RelearningSteps { get; set; }

        /// <summary>Maximum interval in days (1–36500).</summary>
        [Parameter]
        public int? MaximumInterval { get; set; }

        /// <summary>Starting ease, 1.31–5 (2.5 is Anki's 250%).</summary>
        [Parameter]
        public double? StartingEase { get; set; }

        internal DeckConfigChange Change() => new DeckConfigChange
        {
            NewPerDay = NewPerDay,
            ReviewsPerDay = ReviewsPerDay,
            LearningSteps = LearningSteps,
            RelearningSteps = RelearningSteps,
            MaximumInterval = MaximumInterval,
            StartingEase = StartingEase,
        };
    }
}
