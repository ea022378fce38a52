using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AnkiSync.Tests.Module;

/// <summary>
/// The user-style scenario scripts in tests/scenarios, run through the built module in an embedded
/// PowerShell engine. tests/pester runs the same scripts under Pester.
/// </summary>
public class ScenarioTests
{
    /// <summary>The line that marks a scenario needing the real-file corpus; it is skipped where the corpus is absent.</summary>
    public const string NeedsFixtures = "# Needs the real-file corpus.";

    public static IEnumerable<object[]> Scenarios() => ScenarioFiles(needingFixtures: false);

    public static IEnumerable<object[]> FixtureScenarios() => ScenarioFiles(needingFixtures: true);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ScenarioPasses(string scenario) => Run(scenario);

    [FixtureTheory]
    [MemberData(nameof(FixtureScenarios))]
    public void FixtureScenarioPasses(string scenario) => Run(scenario);

    private static IEnumerable<object[]> ScenarioFiles(bool needingFixtures)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(ModuleHost.RepoRoot, "tests", "scenarios"), "*.Scenario.ps1"))
        {
            if (File.ReadLines(file).Any(line => line.Trim() == NeedsFixtures) == needingFixtures)
            {
                yield return new object[] { Path.GetFileName(file) };
            }
        }
    }

    private static void Run(string scenario)
    {
        using var host = new ModuleHost();
        string script = Path.Combine(ModuleHost.RepoRoot, "tests", "scenarios", scenario);
        host.Run("& $scenarioScript -WorkFolder $TestDrive",
            new Dictionary<string, object?> { ["scenarioScript"] = script });
    }

    [Fact]
    public void TheSampleBuildsADeckThatReopensWithEveryNoteCardAndMediaFile()
    {
        using var host = new ModuleHost();
        string sample = Path.Combine(ModuleHost.RepoRoot, "samples", "Build-Deck.ps1");
        string output = host.Temp("spanish.apkg");
        host.Run("& $sample -OutputPath $output | ForEach-Object { $_ }", new Dictionary<string, object?> { ["sample"] = sample, ["output"] = output });
        using var package = AnkiPackage.Open(output);
        Assert.Equal(4, package.NoteCount);
        Assert.Equal(4, package.CardCount);
        var media = System.Linq.Enumerable.ToList(package.GetMedia());
        Assert.Equal("sun.svg", Assert.Single(media).Name);
        Assert.True(media[0].IsUsed);
        Assert.Contains(package.GetDecks(), d => d.Name == "Spanish::Verbs");
    }
}
