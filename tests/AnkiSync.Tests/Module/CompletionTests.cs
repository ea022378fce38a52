using System.Linq;

namespace AnkiSync.Tests.Module;

/// <summary>Tab completion of deck, note type and tag names from the package on the command line.</summary>
public class CompletionTests
{
    [Theory]
    [InlineData("Get-AnkiCard -Package $p -Deck La", "'Languages::Spanish Verbs'")]
    [InlineData("Add-AnkiNote -Package $p -NoteType Basic", "'Basic (and reversed card)'")]
    [InlineData("Get-AnkiNote -Package $p -Tag gram", "grammar::verbs")]
    public void CompletesNamesFromThePackage(string line, string expected)
    {
        using var host = new ModuleHost();
        var completions = host.Run($@"
            $p = New-AnkiPackage
            Add-AnkiNote -Package $p -Deck 'Languages::Spanish Verbs' -Fields 'comer', 'to eat' -Tags 'grammar::verbs'
            [System.Management.Automation.CommandCompletion]::CompleteInput('{line}', {line.Length}, $null).CompletionMatches |
                ForEach-Object CompletionText");
        Assert.Contains(expected, completions.Select(c => c.ToString()));
    }
}
