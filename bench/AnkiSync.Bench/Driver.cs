using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;

namespace AnkiSync.Bench
{
    /// <summary>Runs every scenario in a fresh child process per measurement, then prints the tables and the ratios against the targets.</summary>
    internal sealed class Driver
    {
        private readonly BenchOptions options;
        private readonly Dictionary<(string Scenario, int Count), Measurement> best = new Dictionary<(string, int), Measurement>();

        public Driver(BenchOptions options) => this.options = options;

        public int Run()
        {
#if DEBUG
            Console.WriteLine("WARNING: this is a Debug build; measure with -c Release.");
#endif
            Directory.CreateDirectory(options.Directory);
            Console.WriteLine($"AnkiSync benchmark: N = {string.Join(", ", options.Counts)}; best of {options.Runs} run(s), each in a fresh process; files in {options.Directory}");
            Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            Console.WriteLine($"module: {PowerShellHost.ModuleManifest()} ({PowerShellHost.ModuleConfiguration()} build)");
            bool failed = false;
            foreach (int count in options.Counts)
            {
                foreach (Scenario scenario in ChildRun.All)
                {
                    // The engine's package is what every read reads, so it is written even when not selected.
                    bool needed = options.Selects(scenario.Name)
                        || (scenario is EngineWrite && ChildRun.All.Any(s => s.Name.Contains("-read", StringComparison.Ordinal) && !(s is FloorRead) && options.Selects(s.Name)));
                    if (!needed)
                    {
                        continue;
                    }

                    int runs = options.Selects(scenario.Name) ? options.Runs : 1;
                    for (int run = 1; run <= runs; run++)
                    {
                        Console.Error.Write($"  {scenario.Name} N={count} run {run}/{runs} ... ");
                        Measurement? result = RunChild(scenario.Name, count);
                        if (result == null)
                        {
                            failed = true;
                            break;
                        }

                        Console.Error.WriteLine($"{Seconds(result.Milliseconds)}, peak {Megabytes(result.PeakBytes)}");
                        var key = (scenario.Name, count);
                        if (!best.TryGetValue(key, out var previous) || result.Milliseconds < previous.Milliseconds)
                        {
                            best[key] = result;
                        }
                    }
                }

                PrintTable(count);
            }

            PrintMemoryGrowth();
            PrintMillionWritePeaks();
            if (!options.Keep)
            {
                foreach (string file in Directory.EnumerateFiles(options.Directory, "*.apkg"))
                {
                    File.Delete(file);
                }
            }

            return failed ? 1 : 0;
        }

        private Measurement? RunChild(string scenario, int count)
        {
            var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            string self = Environment.ProcessPath ?? throw new InvalidOperationException("The harness cannot find its own executable.");
            start.FileName = self;
            if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase))
            {
                start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
            }

            foreach (string argument in new[] { "--one", scenario, count.ToString(CultureInfo.InvariantCulture), options.Directory })
            {
                start.ArgumentList.Add(argument);
            }

            using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the measurement process.");
            var errors = child.StandardError.ReadToEndAsync();
            string output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            Measurement? result = output.Split('\n').Select(l => Measurement.Parse(l.Trim())).FirstOrDefault(m => m != null);
            if (child.ExitCode != 0 || result == null)
            {
                Console.Error.WriteLine($"FAILED (exit {child.ExitCode})");
                Console.Error.WriteLine(output + errors.Result);
                return null;
            }

            return result;
        }

        private void PrintTable(int count)
        {
            Console.WriteLine();
            Console.WriteLine($"### N = {count:N0}");
            Console.WriteLine();
            Console.WriteLine("| | write wall | write cpu | write peak (Δ) | read wall | read cpu | read peak (Δ) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (label, family) in new[] { ("engine (C# API)", "engine"), ("pipeline (cmdlets)", "pipeline"), ("raw limit", "raw"), ("PowerShell floor", "floor") })
            {
                Console.WriteLine($"| {label} | {Cells(family + "-write", count)} | {Cells(family + "-read", count)} |");
            }

            Console.WriteLine();
            Console.WriteLine("wall: elapsed time of the timed region (best run); cpu: CPU time of the process in it, all threads;");
            Console.WriteLine("peak: peak resident memory during it; Δ: above the resident memory just before it (the pipeline and floor hold their pre-built input there).");
            Console.WriteLine();
            Console.WriteLine("| target | measured (wall) | limit (wall) | verdict | same on cpu |");
            Console.WriteLine("|---|---:|---:|---|---|");
            Target(count, "engine write ≤ 1.5 × raw write", "engine-write", t => 1.5 * t("raw-write"), "1.5 × raw");
            Target(count, "engine read ≤ 1.5 × raw read", "engine-read", t => 1.5 * t("raw-read"), "1.5 × raw");
            Target(count, "`$rows \\| Add-AnkiNote` + export ≤ binding floor + 1.5 × raw write", "pipeline-write", t => t("floor-write") + 1.5 * t("raw-write"), "floor + 1.5 × raw");
            Target(count, "`Get-AnkiCard -Path` (all cards) ≤ 2.5 × raw read", "pipeline-readall", t => 2.5 * t("raw-read"), "2.5 × raw");
            Target(count, "`Get-AnkiCard -Path \\| Where-Object Front -like '*7'` ≤ Where-Object floor + 2.5 × raw read", "pipeline-read", t => t("floor-read") + 2.5 * t("raw-read"), "floor + 2.5 × raw");
            Target(count, "`Get-AnkiCard -Path -Query 'Front:*7'` ≤ 1.5 × raw read", "pipeline-queryread", t => 1.5 * t("raw-read"), "1.5 × raw");
        }

        private void Target(int count, string label, string scenario, Func<Func<string, double>, double> limitOf, string limitLabel)
        {
            if (!best.TryGetValue((scenario, count), out var measured))
            {
                return;
            }

            double Wall(string name) => best.TryGetValue((name, count), out var m) ? m.Milliseconds : double.NaN;
            double Cpu(string name) => best.TryGetValue((name, count), out var m) ? m.CpuMilliseconds : double.NaN;
            double wallLimit = limitOf(Wall);
            double cpuLimit = limitOf(Cpu);
            if (double.IsNaN(wallLimit))
            {
                return;
            }

            string verdict = measured.Milliseconds <= wallLimit ? "ok" : "MISSED";
            string cpuVerdict = measured.CpuMilliseconds <= cpuLimit ? "ok" : "MISSED";
            Console.WriteLine($"| {label} | {Seconds(measured.Milliseconds)} | {Seconds(wallLimit)} = {limitLabel} | {verdict} ({measured.Milliseconds / wallLimit:0.00} × limit) | {cpuVerdict} ({Seconds(measured.CpuMilliseconds)} vs {Seconds(cpuLimit)}, {measured.CpuMilliseconds / cpuLimit:0.00} ×) |");
        }

        private string Cells(string scenario, int count)
            => best.TryGetValue((scenario, count), out var m)
                ? $"{Seconds(m.Milliseconds)} | {Seconds(m.CpuMilliseconds)} | {Megabytes(m.PeakBytes)} ({Megabytes(m.PeakBytes - m.BaselineBytes)})"
                : "– | – | –";

        private void PrintMemoryGrowth()
        {
            var counts = options.Counts.Where(c => c >= 10_000).OrderBy(c => c).ToList();
            if (counts.Count < 2)
            {
                return;
            }

            Console.WriteLine();
            Console.WriteLine("### Reading memory against N (target: within 50 MB of reading 10k)");
            Console.WriteLine();
            Console.WriteLine("| read | " + string.Join(" | ", counts.Select(c => $"peak at {c:N0}")) + " | growth over the smallest |");
            Console.WriteLine("|---|" + string.Concat(counts.Select(_ => "---:|")) + "---:|");
            foreach (string scenario in new[] { "engine-read", "pipeline-read", "raw-read" })
            {
                var peaks = counts.Select(c => best.TryGetValue((scenario, c), out var m) ? m.PeakBytes : (long?)null).ToList();
                if (peaks.Any(p => p == null))
                {
                    continue;
                }

                long growth = peaks.Max()!.Value - peaks[0]!.Value;
                string verdict = growth <= 50L * 1024 * 1024 ? "ok" : "MISSED";
                Console.WriteLine($"| {scenario} | {string.Join(" | ", peaks.Select(p => Megabytes(p!.Value)))} | {Megabytes(growth)} {verdict} |");
            }
        }

        /// <summary>SPEC: 1M notes write within 500 MB peak (the engine and the cmdlets, each in its own process).</summary>
        private void PrintMillionWritePeaks()
        {
            var counts = options.Counts.Where(c => c >= 1_000_000).ToList();
            if (counts.Count == 0)
            {
                return;
            }

            Console.WriteLine();
            Console.WriteLine("### Writing 1M notes (target: peak within 500 MB)");
            Console.WriteLine();
            Console.WriteLine("| write | N | peak | verdict |");
            Console.WriteLine("|---|---:|---:|---|");
            foreach (int count in counts)
            {
                foreach (string scenario in new[] { "engine-write", "pipeline-write" })
                {
                    if (best.TryGetValue((scenario, count), out var m))
                    {
                        Console.WriteLine($"| {scenario} | {count:N0} | {Megabytes(m.PeakBytes)} | {(m.PeakBytes <= 500L * 1024 * 1024 ? "ok" : "MISSED")} |");
                    }
                }
            }
        }

        private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.000", CultureInfo.InvariantCulture) + " s";

        private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture) + " MB";
    }
}
