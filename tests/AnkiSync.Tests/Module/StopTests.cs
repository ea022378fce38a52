using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using AnkiSync.Tests.Engine.Reading;
using Xunit.Abstractions;

namespace AnkiSync.Tests.Module;

/// <summary>
/// One 150,000-note package, generated once through the engine for the Ctrl+C tests: big enough that opening,
/// checking and exporting it take well over a second, so a stop lands in the middle of the work.
/// </summary>
public sealed class StopPackage : IDisposable
{
    public const int NoteCount = 150_000;

    private readonly ScratchFolder folder = new();

    public StopPackage()
    {
        Path = folder.Combine("big.apkg");
        string padding = new string('x', 100);
        var tags = new[] { "big" };
        using var package = AnkiPackage.Create();
        using (var batch = package.BeginNoteBatch())
        {
            for (int i = 1; i <= NoteCount; i++)
            {
                batch.Insert(new NoteInput { Values = new[] { "question " + i, "answer " + i + " " + padding }, Tags = tags });
            }

            batch.Complete();
        }

        package.Export(Path);
    }

    public string Path { get; }

    /// <summary>A folder for export targets, emptied by the tests.</summary>
    public string OutFolder => Directory.CreateDirectory(folder.Combine("out")).FullName;

    public void Dispose() => folder.Dispose();
}

/// <summary>The Ctrl+C tests list the process-wide work-folder root, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StopAloneCollection : ICollectionFixture<StopPackage>
{
    public const string Name = "Stop (run alone)";
}

/// <summary>
/// Ctrl+C (PowerShell.Stop, which calls StopProcessing) in the middle of a long command on a 150k-note package
/// returns within half a second and leaves nothing: no work folder, no export temp file, no partial target.
/// </summary>
[Collection(StopAloneCollection.Name)]
public class StopTests
{
    private static readonly TimeSpan MaxStop = TimeSpan.FromMilliseconds(500);

    private readonly StopPackage big;
    private readonly ITestOutputHelper output;

    public StopTests(StopPackage big, ITestOutputHelper output)
    {
        this.big = big;
        this.output = output;
    }

    /// <param name="script">The long command.</param>
    /// <param name="fractions">Where in its uncancelled run time the stops land (a stop late in a long run costs test time).</param>
    [Theory]
    [InlineData("Open-AnkiPackage -Path $Source", new[] { 0.1, 0.3, 0.5 })]
    public void StoppingAnOpenReturnsPromptlyAndLeavesNoWorkFolder(string script, double[] fractions)
    {
        using var watch = new WorkFolderWatch();
        using var host = new ModuleHost();
        var variables = new Dictionary<string, object?> { ["Source"] = big.Path };
        foreach (var (fraction, stopTime) in StopAtFractions(watch, host, script, fractions, variables, () => { }))
        {
            Assert.True(stopTime < MaxStop, $"Stop took {stopTime.TotalMilliseconds:F0} ms at {fraction:P0} of '{script}'.");
            Assert.Empty(host.Run("Get-AnkiPackage"));
        }
    }

    [Theory]
    [InlineData("Legacy2", new[] { 0.25, 0.5 })]
    [InlineData("Latest", new[] { 0.3 })]
    public void StoppingAnExportReturnsPromptlyAndLeavesNoFile(string format, double[] fractions)
    {
        using var watch = new WorkFolderWatch();
        using var host = new ModuleHost();
        var package = host.Run("Open-AnkiPackage -Path $Source", new Dictionary<string, object?> { ["Source"] = big.Path }).Single();
        string workFolder = ((AnkiPackage)package.BaseObject).WorkDirectory;
        string target = Path.Combine(big.OutFolder, "export-" + format + ".apkg");
        var variables = new Dictionary<string, object?> { ["Package"] = package, ["Target"] = target, ["Format"] = format };
        string script = "Export-AnkiPackage -Package $Package -Path $Target -Format $Format -Force";
        foreach (var (fraction, stopTime) in StopAtFractions(watch, host, script, fractions, variables, () => File.Delete(target)))
        {
            Assert.True(stopTime < MaxStop, $"Stop took {stopTime.TotalMilliseconds:F0} ms at {fraction:P0} of a {format} export.");
            Assert.Empty(Directory.EnumerateFileSystemEntries(big.OutFolder));
            // The session stays open (it is the user's), but the export's staging folder is gone.
            Assert.Empty(Directory.EnumerateDirectories(workFolder, "export-*"));
        }

        Assert.Equal(StopPackage.NoteCount, (long)host.Run("$Package.NoteCount").Single().BaseObject);
        host.Run("Close-AnkiPackage -Package $Package");
    }

    /// <summary>
    /// Runs <paramref name="script"/> once to completion to time it, then, for each fraction of that time, runs it
    /// again and stops it there; checks that it was really stopped midway and that no work folder is left.
    /// </summary>
    private IEnumerable<(double Fraction, TimeSpan StopTime)> StopAtFractions(WorkFolderWatch workFolders, ModuleHost host, string script, double[] fractions, IDictionary<string, object?> variables, Action cleanUpCompletedRun)
    {
        var open = OpenWorkFolders(host).ToList();
        // Timed twice, keeping the faster: the first run in a runspace is slowed by JIT, and a stop must land midway.
        var full = TimeSpan.MaxValue;
        for (int run = 0; run < 2; run++)
        {
            var watch = Stopwatch.StartNew();
            using (var ps = host.Prepare(script + " | Out-Null", variables))
            {
                ps.Invoke();
                Assert.False(ps.HadErrors, string.Join("\n", ps.Streams.Error));
            }

            watch.Stop();
            full = watch.Elapsed < full ? watch.Elapsed : full;
            foreach (var package in host.Run("Get-AnkiPackage").Select(p => (AnkiPackage)p.BaseObject).Where(p => !open.Contains(p.WorkDirectory)))
            {
                host.Run("Close-AnkiPackage -Package $Opened", new Dictionary<string, object?> { ["Opened"] = package });
            }

            cleanUpCompletedRun();
        }

        output.WriteLine($"'{script}' takes {full.TotalMilliseconds:F0} ms uncancelled.");

        foreach (double fraction in fractions)
        {
            using var ps = host.Prepare(script + " | Out-Null", variables);
            var async = ps.BeginInvoke();
            Thread.Sleep(full * fraction);
            Assert.Equal(PSInvocationState.Running, ps.InvocationStateInfo.State);
            var watch = Stopwatch.StartNew();
            ps.Stop();
            watch.Stop();
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(async));
            Assert.Empty(ps.Streams.Error);
            output.WriteLine($"Stopped at {fraction:P0}: Stop() took {watch.Elapsed.TotalMilliseconds:F0} ms.");
            Assert.Equal(open.Order(StringComparer.Ordinal), workFolders.WorkFolders().Select(f => f.TrimEnd(Path.DirectorySeparatorChar)));
            yield return (fraction, watch.Elapsed);
        }
    }

    private static IEnumerable<string> OpenWorkFolders(ModuleHost host)
        => host.Run("Get-AnkiPackage").Select(p => ((AnkiPackage)p.BaseObject).WorkDirectory);
}
