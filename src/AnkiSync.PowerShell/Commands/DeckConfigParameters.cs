using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>The preset settings New- and Set-AnkiDeckConfig share.</summary>
    public abstract class DeckConfigCmdlet : StructureCmdlet
    {
        /// <summary>New cards per day (0–9999).</summary>
        [Parameter]
        public int NewPerDay { get; set; }

        /// <summary>Maximum reviews per day (0–9999).</summary>
        [Parameter]
        public int ReviewsPerDay { get; set; }

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
        public int MaximumInterval { get; set; }

        /// <summary>Starting ease, 1.31–5 (2.5 is Anki's 250%).</summary>
        [Parameter]
        public double StartingEase { get; set; }

        /// <summary>The settings given on the command line; those left out stay null (unchanged).</summary>
        internal DeckConfigChange Change() => new DeckConfigChange
        {
            NewPerDay = Given(nameof(NewPerDay)) ? NewPerDay : (int?)null,
            ReviewsPerDay = Given(nameof(ReviewsPerDay)) ? ReviewsPerDay : (int?)null,
            LearningSteps = LearningSteps,
            RelearningSteps = RelearningSteps,
            MaximumInterval = Given(nameof(MaximumInterval)) ? MaximumInterval : (int?)null,
            StartingEase = Given(nameof(StartingEase)) ? StartingEase : (double?)null,
        };

        private bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);
    }
}
