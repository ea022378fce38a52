namespace AnkiSync.Bench
{
    /// <summary>One measurement: untimed preparation, the timed work, then an untimed check of the result.</summary>
    internal abstract class Scenario
    {
        /// <summary>The name given to <c>--one</c>, e.g. <c>engine-write</c>.</summary>
        public abstract string Name { get; }

        /// <summary>Everything that must not be timed: building input rows, opening the PowerShell runspace.</summary>
        public virtual void Prepare(BenchFiles files) { }

        /// <summary>The timed work. Returns what it counted: notes written, or cards matching the filter.</summary>
        public abstract long Run(BenchFiles files);

        /// <summary>Throws when the result is wrong (untimed, after the peak memory is taken).</summary>
        public virtual void Verify(BenchFiles files, long result) { }
    }
}
