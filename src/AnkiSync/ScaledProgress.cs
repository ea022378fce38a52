using System;

namespace AnkiSync
{
    /// <summary>Reports a part's 0..1 as <c>from</c>..<c>to</c> of the whole.</summary>
    internal sealed class ScaledProgress : IProgress<double>
    {
        private readonly IProgress<double> whole;
        private readonly double from;
        private readonly double to;

        public ScaledProgress(IProgress<double> whole, double from, double to)
        {
            this.whole = whole;
            this.from = from;
            this.to = to;
        }

        public void Report(double value) => whole.Report(from + ((to - from) * Math.Max(0, Math.Min(1, value))));
    }
}
