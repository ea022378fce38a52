using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AnkiSync.Tests.Module;

/// <summary>
/// Every error is defined once, in <see cref="AnkiErrors"/>: each is used by the code, and about_AnkiSync lists exactly
/// the catalogue. To rewrite the list after changing the catalogue, run these tests with ANKISYNC_UPDATE_DOCS=1.
/// </summary>
public sealed class ErrorCatalogueTests
{
    private const string ListStart = "<!-- ErrorIds: generated from src/AnkiSync/AnkiErrors.cs by ErrorCatalogueTests; do not edit by hand. -->";
    private const string ListEnd = "<!-- End of ErrorIds. -->";

    [Fact]
    public void ReasonsAreUniqueAndPascalCase()
    {
        var reasons = AnkiErrors.All.Select(e => e.Reason).ToList();

        Assert.Equal(reasons.Count, reasons.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(reasons, r => Assert.Matches("^[A-Z][A-Za-z0-9]+$", r));
        Assert.All(AnkiErrors.All, e => Assert.EndsWith(".", e.Meaning, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryDefinedErrorIsRaisedSomewhere()
    {
        var source = string.Join("\n", Directory.EnumerateFiles(Path.Combine(HelpTests.ModuleLayout.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.EndsWith("AnkiErrors.cs", StringComparison.Ordinal))
            .Select(File.ReadAllText));

        var unused = AnkiErrors.All.Where(e => !Regex.IsMatch(source, $@"\bAnkiErrors\.{e.Reason}\b")).Select(e => e.Reason).ToList();

        Assert.True(unused.Count == 0, "Defined but never raised: " + string.Join(", ", unused));
    }

    [Fact]
    public void NoErrorIsMadeUpOutsideTheCatalogue()
    {
        // An AnkiError can only be made by the catalogue: its constructor is internal and only Define calls it.
        var source = string.Join("\n", Directory.EnumerateFiles(Path.Combine(HelpTests.ModuleLayout.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("AnkiErrors.cs", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

        Assert.DoesNotMatch(@"new AnkiError\(", source);
    }

    [Fact]
    public void AboutAnkiSyncListsExactlyTheCatalogue()
    {
        var path = Path.Combine(HelpTests.ModuleLayout.RepositoryRoot, "docs", "en-US", "about_AnkiSync.md");
        var text = File.ReadAllText(path);
        var start = text.IndexOf(ListStart, StringComparison.Ordinal);
        var end = text.IndexOf(ListEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{path} has no generated ErrorId list between '{ListStart}' and '{ListEnd}'.");

        var current = text.Substring(start, end + ListEnd.Length - start);
        var expected = RenderList();
        if (current != expected && Environment.GetEnvironmentVariable("ANKISYNC_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text.Replace(current, expected, StringComparison.Ordinal));
            return;
        }

        Assert.True(current == expected, $"The ErrorId list in {path} differs from src/AnkiSync/AnkiErrors.cs. Run the tests with ANKISYNC_UPDATE_DOCS=1 to rewrite it.");
    }

    [Fact]
    public void EveryErrorIdTheHelpMentionsExists()
    {
        var docs = Path.Combine(HelpTests.ModuleLayout.RepositoryRoot, "docs", "en-US");
        var known = AnkiErrors.All.Select(e => e.ErrorId).ToHashSet(StringComparer.Ordinal);

        var unknown = Directory.EnumerateFiles(docs, "*.md")
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"AnkiSync\.([A-Z][A-Za-z0-9]+)\b").Select(m => (File: Path.GetFileName(f), Id: m.Value)))
            .Where(x => !known.Contains(x.Id) && !x.Id.StartsWith("AnkiSync.Anki", StringComparison.Ordinal) && x.Id != "AnkiSync.PowerShell")
            .Select(x => $"{x.File}: {x.Id}")
            .Distinct()
            .ToList();

        Assert.True(unknown.Count == 0, "Help names ErrorIds the catalogue lacks: " + string.Join(", ", unknown));
    }

    private static string RenderList()
    {
        var text = new StringBuilder(ListStart).Append("\n\n");
        foreach (var error in AnkiErrors.All)
        {
            text.Append("- `").Append(error.ErrorId).Append("` (").Append(error.Kind).Append("): ").Append(error.Meaning).Append('\n');
        }

        return text.Append('\n').Append(ListEnd).ToString();
    }
}
