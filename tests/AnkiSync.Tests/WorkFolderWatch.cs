using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AnkiSync.Tests;

/// <summary>
/// Proves that a failed open (or a closed package) leaves nothing behind: no work folder under
/// the module's work-folder root, and no stray file anywhere in the temp folder. Other test runs on the
/// same machine share the system temp folder, so for its lifetime the watch points <c>Path.GetTempPath()</c>
/// at a fresh private folder (safe only in test collections that run alone in the process, since the
/// environment is process-wide); afterwards that folder may hold only the empty root.
/// </summary>
internal sealed class WorkFolderWatch : IDisposable
{
    private static readonly string[] TempVariables = { "TMPDIR", "TMP", "TEMP" };
    private readonly Dictionary<string, string?> saved = new Dictionary<string, string?>();
    private readonly HashSet<string> before;

    public WorkFolderWatch()
    {
        TempPath = Path.Combine(Path.GetTempPath(), "ankisync-watch-" + Guid.NewGuid().ToString("N")) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(TempPath);
        foreach (var name in TempVariables)
        {
            saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, TempPath);
        }

        if (!string.Equals(Path.GetTempPath(), TempPath, StringComparison.Ordinal))
        {
            Dispose();
            throw new InvalidOperationException($"Path.GetTempPath() did not follow the environment ({Path.GetTempPath()}); the listing would not be private.");
        }

        Root = AnkiSync.Session.WorkFolder.Root;
        before = Snapshot();
    }

    /// <summary>The private folder <c>Path.GetTempPath()</c> returns while the watch lasts.</summary>
    public string TempPath { get; }

    /// <summary>Where every package keeps its private copy.</summary>
    public string Root { get; }

    /// <summary>The package work folders under <see cref="Root"/> now.</summary>
    public string[] WorkFolders()
        => Directory.Exists(Root) ? Directory.EnumerateFileSystemEntries(Root).OrderBy(p => p, StringComparer.Ordinal).ToArray() : Array.Empty<string>();

    /// <summary>Everything in the private temp folder that was not there when the watch started, except the work-folder root itself.</summary>
    public List<string> Added() => Snapshot().Where(path => !before.Contains(path) && path != Root).OrderBy(path => path, StringComparer.Ordinal).ToList();

    public void AssertNoneLeft(string what)
    {
        var added = Added();
        Assert.True(added.Count == 0, $"{what} left files behind in the temp folder: {Describe(added)}");
    }

    /// <summary>Folders with the files inside them, for failure messages.</summary>
    public static string Describe(IEnumerable<string> folders)
        => string.Join(", ", folders.Select(folder => Directory.Exists(folder)
            ? $"{folder} [{string.Join(", ", Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(entry => Path.GetRelativePath(folder, entry)))}]"
            : folder));

    public void Dispose()
    {
        foreach (var pair in saved)
        {
            Environment.SetEnvironmentVariable(pair.Key, pair.Value);
        }

        try
        {
            Directory.Delete(TempPath, recursive: true);
        }
        catch (IOException)
        {
            // Whatever is still open there is reported by the assertions; the OS temp cleaner gets it.
        }
    }

    private HashSet<string> Snapshot()
        => new HashSet<string>(Directory.EnumerateFileSystemEntries(TempPath, "*", SearchOption.AllDirectories), StringComparer.Ordinal);
}
