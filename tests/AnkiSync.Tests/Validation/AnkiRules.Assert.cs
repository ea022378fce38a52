using System.Linq;

namespace AnkiSync.Tests.Validation;

internal static partial class AnkiRules
{
    /// <summary>Fails the calling test with every broken rule listed.</summary>
    public static void AssertValid(string path, Options? options = null)
    {
        var problems = Check(path, options);
        Assert.True(problems.Count == 0, $"{path} breaks Anki's rules:\n  " + string.Join("\n  ", problems.Take(40)));
    }
}
