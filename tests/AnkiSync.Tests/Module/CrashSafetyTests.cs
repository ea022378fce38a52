using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace AnkiSync.Tests.Module;

/// <summary>
/// A process killed in the middle of an export leaves the old file whole, and its work folder is removed by the
/// next import of the module. The child works in this test's private temp folder, which the watch removes.
/// </summary>
[Collection(AnkiSync.Tests.Engine.Collection.TempFolderAloneCollection.Name)]
public class CrashSafetyTests
{
    [Fact]
    public void KillingAnExportMidwayLeavesTheOldFileWholeAndTheNextImportRemovesItsWorkFolder()
    {
        using var watch = new WorkFolderWatch();
        string folder = Directory.CreateDirectory(Path.Combine(watch.TempPath, "crash")).FullName;
        {
            string target = Path.Combine(folder, "deck.apkg");
            using (var old = AnkiPackage.Create())
            {
                old.AddNote(new NoteInput { Values = new[] { "old front", "old back" } });
                old.Export(target);
            }

            byte[] before = File.ReadAllBytes(target);
            string runner = Path.Combine(ModuleHost.RepoRoot, "samples", "AnkiSync.Samples", "AnkiSync.Samples.csproj");
            string script = Path.Combine(ModuleHost.RepoRoot, "tests", "scenarios", "helpers", "Export-Large.ps1");
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { "run", "--no-build", "--project", runner, "--", script, target },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                Environment = { ["TMPDIR"] = watch.TempPath, ["TMP"] = watch.TempPath, ["TEMP"] = watch.TempPath },
            };
            using var child = Process.Start(start)!;
            bool caughtMidway = false;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && !child.HasExited)
            {
                if (Directory.GetFiles(folder, ".deck.apkg.*.tmp").Any(f => new FileInfo(f).Length > 0))
                {
                    child.Kill(entireProcessTree: true);
                    caughtMidway = true;
                    break;
                }

                Thread.Sleep(5);
            }

            child.WaitForExit(10_000);
            Assert.True(caughtMidway, "the export was not caught in progress: " + child.StandardError.ReadToEnd());
            Assert.Equal(before, File.ReadAllBytes(target));
            using (var reopened = AnkiPackage.Open(target))
            {
                Assert.Equal(1, reopened.NoteCount);
            }

            string[] leftovers = watch.WorkFolders();
            Assert.Single(leftovers);
            using (new ModuleHost())
            {
                Assert.Empty(watch.WorkFolders());
            }
        }
    }
}
