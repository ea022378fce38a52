using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AnkiSync.Packages;
using AnkiSync.Tests.Engine.Packages;
using Xunit.Abstractions;

namespace AnkiSync.Tests.Engine.BadInput;

/// <summary>
/// Mutated copies of every real fixture (<see cref="FixtureMutator"/>) either open — and then read every note
/// and card, check, export in one of the three formats, and reopen what was exported — or fail with an
/// AnkiException that leaves no work folder behind. Each case has its own seed, derived from the run's seed,
/// the fixture and the case number; a failure names it, and ANKISYNC_FUZZ_REPLAY=&lt;case seed&gt; reruns that case alone.
/// </summary>
[Collection(BadInputCollection.Name)]
public sealed class FixtureFuzzTests
{
    /// <summary>CI runs 100 cases per fixture (2,400 in all, two to three minutes); set ANKISYNC_FUZZ_CASES (and ANKISYNC_FUZZ_SEED) for a deeper or a quicker local run.</summary>
    private static readonly int Cases = EnvironmentNumber("ANKISYNC_FUZZ_CASES", 100);
    private static readonly int Seed = EnvironmentNumber("ANKISYNC_FUZZ_SEED", 0x5EED);
    private static readonly int Replay = EnvironmentNumber("ANKISYNC_FUZZ_REPLAY", 0);
    private static readonly PackageVersion[] ExportVersions = { PackageVersion.Legacy1, PackageVersion.Legacy2, PackageVersion.Latest };
    private static readonly string[] Extensions = { ".apkg", ".colpkg", ".anki2", ".anki21b" };
    private readonly ITestOutputHelper output;

    public FixtureFuzzTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<string> FixtureNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in AllFixtures())
        {
            data.Add(name);
        }

        return data;
    }

    [FixtureFact]
    public void EveryFixtureKindIsFuzzed()
    {
        var names = AllFixtures();
        foreach (var extension in Extensions)
        {
            Assert.Contains(names, name => name.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
        }
    }

    [FixtureTheory]
    [MemberData(nameof(FixtureNames))]
    public void MutatedCopiesOpenOrFailWithAnAnkiError(string fixture)
    {
        using var temp = new TempFolder();
        var original = File.ReadAllBytes(Fixtures.Path(fixture));
        var others = AllFixtures().Where(name => name != fixture).ToList();
        var extension = Path.GetExtension(fixture);
        var problems = new List<string>();
        var outcomes = new List<string>();
        var clock = Stopwatch.StartNew();

        var baseline = Exercise(Fixtures.Path(fixture), temp.Path("baseline-export.apkg"), PackageVersion.Latest, out var baselineOutcome);
        Assert.True(baseline == null && baselineOutcome.StartsWith("opened", StringComparison.Ordinal), $"The unmutated fixture must open and read cleanly: {baseline ?? baselineOutcome}");

        for (var i = 0; i < Cases; i++)
        {
            var caseSeed = StableHash($"{Seed}/{fixture}/{i}");
            if (Replay != 0 && caseSeed != Replay)
            {
                continue;
            }

            var other = File.ReadAllBytes(Fixtures.Path(others[caseSeed % others.Count]));
            var (bytes, description) = FixtureMutator.Mutate(caseSeed, fixture, original, other, temp);
            var path = temp.Path($"case{i}{extension}");
            File.WriteAllBytes(path, bytes);
            var version = ExportVersions[caseSeed % ExportVersions.Length];
            var caseClock = Stopwatch.StartNew();
            var problem = Exercise(path, temp.Path($"export{i}.apkg"), version, out var outcome);
            outcomes.Add($"case {i} seed {caseSeed} ({description}): {outcome} [{caseClock.ElapsedMilliseconds} ms]");
            if (problem != null)
            {
                problems.Add($"case {i}, ANKISYNC_FUZZ_SEED={Seed} ANKISYNC_FUZZ_REPLAY={caseSeed} ({description}; export as {version}): {problem}");
            }

            File.Delete(path);
        }

        output.WriteLine($"{fixture}: {Cases} cases in {clock.ElapsedMilliseconds} ms");
        foreach (var line in outcomes)
        {
            output.WriteLine("  " + line);
        }

        Assert.True(problems.Count == 0, $"{fixture}:\n" + string.Join("\n\n", problems));
    }

    /// <summary>Opens, reads everything, checks and exports; returns what went wrong, or null.</summary>
    private static string? Exercise(string path, string exportPath, PackageVersion version, out string outcome)
    {
        using var watch = new WorkFolderWatch();
        AnkiPackage package;
        try
        {
            package = AnkiPackage.Open(path);
        }
        catch (AnkiException e)
        {
            outcome = $"AnkiSync.{e.Reason} ({e.Message})";
            if (!Equals(e.Target, path) || !e.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal))
            {
                return $"the failed open ({e.Reason}) does not name the file as its target and in its message: target '{e.Target}', message '{e.Message}'";
            }

            var left = watch.Added();
            return left.Count == 0 ? null : $"the failed open ({e.Reason}) left {WorkFolderWatch.Describe(left)}";
        }
        catch (Exception e)
        {
            outcome = "raw " + e.GetType().Name;
            return $"Open threw a raw {e.GetType().FullName}: {e}";
        }

        var step = "GetNotes";
        try
        {
            using (package)
            {
                foreach (var note in package.GetNotes())
                {
                    _ = note.Fields.Count;
                }

                step = "GetCards";
                foreach (var card in package.GetCards())
                {
                    _ = card.Id;
                }

                step = "GetDecks";
                _ = package.GetDecks().Count;
                step = "GetNoteTypes";
                _ = package.GetNoteTypes().Count;
                step = "GetTags";
                _ = package.GetTags().Count;
                step = "GetMedia";
                _ = package.GetMedia().Count();
                step = "Check";
                _ = package.Check().Count();
                step = "Export";
                package.Export(exportPath, version, overwrite: true);
            }
        }
        catch (AnkiException e)
        {
            outcome = $"opened; {step} gave AnkiSync.{e.Reason} ({e.Message})";
            var leftAfterError = watch.Added();
            return leftAfterError.Count == 0 ? null : $"{step} failed ({e.Reason}) and closing left {WorkFolderWatch.Describe(leftAfterError)}";
        }
        catch (Exception e)
        {
            outcome = $"opened; {step} threw raw {e.GetType().Name}";
            return $"{step} after a successful open threw a raw {e.GetType().FullName}: {e}";
        }

        // What the module wrote, it must read back: every note and card, in any format.
        try
        {
            using var reopened = AnkiPackage.Open(exportPath);
            _ = reopened.GetNotes().Count();
            _ = reopened.GetCards().Count();
            outcome = $"opened; exported as {version} and reopened";
        }
        catch (Exception e)
        {
            outcome = $"opened; the {version} export did not reopen: {e.GetType().Name}";
            return $"the {version} export of a package that opened did not reopen: {e}";
        }
        finally
        {
            File.Delete(exportPath);
        }

        var leftover = watch.Added();
        return leftover.Count == 0 ? null : $"closing the package left {WorkFolderWatch.Describe(leftover)}";
    }

    private static List<string> AllFixtures()
        => Directory.EnumerateFiles(Fixtures.Root)
            .Select(Path.GetFileName)
            .Where(name => Extensions.Any(ext => name!.EndsWith(ext, StringComparison.OrdinalIgnoreCase)))
            .Select(name => name!)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();

    private static int EnvironmentNumber(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    /// <summary>FNV-1a: string.GetHashCode differs per process, which would make the cases unrepeatable.</summary>
    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return Math.Max(1, hash & 0x7FFFFFFF);
        }
    }
}
