using System;
using System.Diagnostics;
using System.Linq;

namespace AnkiSync.Bench
{
    /// <summary><c>--one &lt;scenario&gt; &lt;N&gt; &lt;dir&gt;</c>: runs one scenario in this (fresh) process and prints its measurement line.</summary>
    internal static class ChildRun
    {
        public static readonly Scenario[] All =
        {
            new EngineWrite(), new RawWrite(), new PipelineWrite(), new FloorWrite(),
            new EngineRead(), new RawRead(), new PipelineReadAll(), new PipelineRead(), new PipelineQueryRead(), new FloorRead(),
        };

        public static int Run(string name, int count, string directory)
        {
            Scenario scenario = All.FirstOrDefault(s => s.Name == name)
                ?? throw new ArgumentException($"Unknown scenario '{name}'. Known: {string.Join(", ", All.Select(s => s.Name))}.");
            var files = new BenchFiles(directory, count);
            scenario.Prepare(files);

            // Setup garbage must not count; then the peak is reset so it covers the timed region only.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long baseline = PeakMemory.CurrentBytes();
            bool scoped = PeakMemory.TryReset();
            var process = Process.GetCurrentProcess();
            TimeSpan cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            long result = scenario.Run(files);
            clock.Stop();
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
            long peak = PeakMemory.PeakBytes();

            // ANKISYNC_BENCH_VERIFY=0 skips the check, so that a profiler sees the measured work only.
            if (Environment.GetEnvironmentVariable("ANKISYNC_BENCH_VERIFY") != "0")
            {
                scenario.Verify(files, result);
            }

            Console.WriteLine(new Measurement(name, count, clock.Elapsed.TotalMilliseconds, cpu.TotalMilliseconds, peak, baseline, result, scoped).ToLine());
            return 0;
        }
    }
}
