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
/// Mutated copies of every real fixture either open — and then read, check and export without a raw
/// exception — or fail with an AnkiException that leaves no work folder behind. The seed is fixed, so a
/// failure names a case that reproduces.
/// </summary>
[Collection(BadInputCollection.Name)]
public sealed class FixtureFuzzTests
{
    /// <summary>CI runs 12 cases per fixture; set ANKISYNC_FUZZ_CASES (and ANKISYNC_FUZZ_SEED) for a deeper local run.</summary>
    private static readonly int Cases = EnvironmentNumber("ANKISYNC_FUZZ_CASES", FixtureMutator.PlannedCases);
    private static readonly int Seed = EnvironmentNumber("ANKISYNC_FUZZ_SEED", 0x5EED);
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
        var random = new Random(Seed ^ StableHash(fixture));
        var extension = Path.GetExtension(fixture);
        var problems = new List<string>();
        var outcomes = new List<string>();
        var clock = Stopwatch.StartNew();

        var baseline = Exercise(Fixtures.Path(fixture), temp.Path("baseline-export.apkg"), out var baselineOutcome);
        Assert.True(baseline == null && baselineOutcome == "opened", $"The unmutated fixture must open and read cleanly: {baseline ?? baselineOutcome}");

        for (var i = 0; i < Cases; i++)
        {
            var other = File.ReadAllBytes(Fixtures.Path(others[random.Next(others.Count)]));
            var (bytes, description) = FixtureMutator.Mutate(random, i, fixture, original, other);
            var path = temp.Path($"case{i}{extension}");
            File.WriteAllBytes(path, bytes);
            var problem = Exercise(path, temp.Path($"export{i}.apkg"), out var outcome);
            outcomes.Add($"case {i} ({description}): {outcome}");
            if (problem != null)
            {
                problems.Add($"case {i} ({description}): {problem}");
            }
        }

        output.WriteLine($"{fixture}: {clock.ElapsedMilliseconds} ms");
        foreach (var line in outcomes)
        {
            output.WriteLine("  " + line);
        }

        Assert.True(problems.Count == 0, $"{fixture} (seed {Seed ^ StableHash(fixture)}):\n" + string.Join("\n\n", problems));
    }

    /// <summary>Opens, reads everything, checks and exports; returns what went wrong, or null.</summary>
    private static string? Exercise(string path, string exportPath, out string outcome)
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
                _ = package.GetNotes().Count();
                step = "GetCards";
                _ = package.GetCards().Count();
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
                package.Export(exportPath, PackageVersion.Legacy2, overwrite: true);
            }

            outcome = "opened";
        }
        catch (AnkiException e)
        {
            outcome = $"opened; {step} gave AnkiSync.{e.Reason} ({e.Message})";
        }
        catch (Exception e)
        {
            outcome = $"opened; {step} threw raw {e.GetType().Name}";
            return $"{step} after a successful open threw a raw {e.GetType().FullName}: {e}";
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

            return hash & 0x7FFFFFFF;
        }
    }
}
