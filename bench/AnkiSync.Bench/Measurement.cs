using System;
using System.Globalization;

namespace AnkiSync.Bench
{
    /// <summary>One scenario run in one process: wall time, CPU time of the process (all threads), peak resident memory during the run, and the resident memory before it.</summary>
    internal sealed record Measurement(string Scenario, int Count, double Milliseconds, double CpuMilliseconds, long PeakBytes, long BaselineBytes, long Result, bool PeakIsScoped)
    {
        private const string Prefix = "RESULT ";

        public string ToLine() => Prefix + string.Join(' ',
            Scenario,
            Count.ToString(CultureInfo.InvariantCulture),
            Milliseconds.ToString("R", CultureInfo.InvariantCulture),
            CpuMilliseconds.ToString("R", CultureInfo.InvariantCulture),
            PeakBytes.ToString(CultureInfo.InvariantCulture),
            BaselineBytes.ToString(CultureInfo.InvariantCulture),
            Result.ToString(CultureInfo.InvariantCulture),
            PeakIsScoped ? "scoped" : "lifetime");

        public static Measurement? Parse(string line)
        {
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return null;
            }

            string[] parts = line.Substring(Prefix.Length).Split(' ');
            return new Measurement(
                parts[0],
                int.Parse(parts[1], CultureInfo.InvariantCulture),
                double.Parse(parts[2], CultureInfo.InvariantCulture),
                double.Parse(parts[3], CultureInfo.InvariantCulture),
                long.Parse(parts[4], CultureInfo.InvariantCulture),
                long.Parse(parts[5], CultureInfo.InvariantCulture),
                long.Parse(parts[6], CultureInfo.InvariantCulture),
                parts[7] == "scoped");
        }
    }
}
