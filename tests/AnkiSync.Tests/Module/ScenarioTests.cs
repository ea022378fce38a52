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
}
