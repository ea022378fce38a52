using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using AnkiSync.Packages;
using Xunit.Abstractions;

namespace AnkiSync.Tests.Module;

/// <summary>
/// The engine's side of Ctrl+C: a cancelled check or schema-converting export of the 150k-note package throws
/// OperationCanceledException (never an AnkiException) soon after the token is cancelled, and leaves no file.
/// </summary>
[Collection(StopAloneCollection.Name)]
public class EngineStopTests
{
    private static readonly TimeSpan MaxStop = TimeSpan.FromMilliseconds(500);
    private readonly StopPackage big;
    private readonly ITestOutputHelper output;

    public EngineStopTests(StopPackage big, ITestOutputHelper output)
    {
        this.big = big;
        this.output = output;
    }

    /// <param name="operation">Check, or an export format (Latest converts the schema).</param>
    /// <param name="fractions">Where in its uncancelled run time the cancels land.</param>
    [Theory]
    [InlineData("Check", new[] { 0.3 })]
    [InlineData("Latest", new[] { 0.5 })]
    public void ACancelledOperationStopsPromptlyWithOperationCanceled(string operation, double[] fractions)
    {
        using var watch = new WorkFolderWatch();
        string target = Path.Combine(watch.TempPath, "out.apkg");
        using (var opened = AnkiPackage.Open(big.Path))
        {
            void Run(CancellationToken cancellation)
            {
                if (operation == "Check")
                {
                    opened.Check(cancellation).ToList();
                }
                else
                {
                    opened.Export(target, Enum.Parse<PackageVersion>(operation), overwrite: true, cancellation: cancellation);
                }
            }

            var full = Stopwatch.StartNew();
            Run(CancellationToken.None);
            full.Stop();
            File.Delete(target);
            foreach (double planned in fractions)
            {
                // A warm run can be much faster than the first (on a loaded machine too): when the operation ends before
                // the cancel lands, cancel earlier, up to three times.
                double fraction = planned;
                CancellationTokenSource cancel;
                Stopwatch cancelledAt;
                Exception? error;
                int attempt = 0;
                while (true)
                {
                    cancel = new CancellationTokenSource();
                    var landed = cancelledAt = new Stopwatch();
                    var token = cancel;
                    using (new Timer(_ => { landed.Start(); token.Cancel(); }, null, (int)(full.ElapsedMilliseconds * fraction), Timeout.Infinite))
                    {
                        error = Record.Exception(() => Run(token.Token));
                        landed.Stop();
                    }

                    if (cancel.IsCancellationRequested && error != null || ++attempt == 4)
                    {
                        break;
                    }

                    File.Delete(target);
                    fraction /= 2;
                }

                var stopTime = cancelledAt.Elapsed;
                Assert.True(cancel.IsCancellationRequested, $"{operation} finished before {fraction:P0} of its run time, four times.");
                var canceled = Assert.IsAssignableFrom<OperationCanceledException>(error);
                output.WriteLine($"{operation} ({full.ElapsedMilliseconds} ms) cancelled at {fraction:P0} stopped {stopTime.TotalMilliseconds:F0} ms later.");
                Assert.True(stopTime < MaxStop, $"{operation} took {stopTime.TotalMilliseconds:F0} ms to stop: {canceled}");
                Assert.Equal(new[] { watch.Root }, Directory.EnumerateFileSystemEntries(watch.TempPath));
            }
        }

        Assert.Empty(watch.WorkFolders());
    }
}
