using System.Collections.Generic;
using System.IO;

namespace AnkiSync.Tests.Module;

/// <summary>
/// The user-style scenario scripts in tests/scenarios, run through the built module in an embedded
/// PowerShell engine. tests/pester runs the same scripts under Pester.
/// </summary>
public class ScenarioTests
{
    public static IEnumerable<object[]> Scenarios()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(ModuleHost.RepoRoot, "tests", "scenarios"), "*.Scenario.ps1"))
        {
            yield return new object[] { Path.GetFileName(file) };
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ScenarioPasses(string scenario)
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
