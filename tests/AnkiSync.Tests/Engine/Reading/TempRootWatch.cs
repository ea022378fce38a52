using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>
/// Points <c>Path.GetTempPath()</c> at a private folder for its lifetime, so that the work folders packages
/// create under <c>&lt;temp&gt;/AnkiSync</c> can be listed before and after without other processes' folders
/// getting in the way. Only for tests in <see cref="ReadingAloneCollection"/> (the environment is process-wide).
/// </summary>
internal sealed class TempRootWatch : IDisposable
{
    private static readonly string[] Variables = { "TMPDIR", "TMP", "TEMP" };
    private readonly Dictionary<string, string?> saved = new();

    public TempRootWatch()
    {
        TempPath = Path.Combine(Path.GetTempPath(), "ankisync-read-watch-" + Guid.NewGuid().ToString("N")) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(TempPath);
        foreach (var name in Variables)
        {
            saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, TempPath);
        }

        if (!string.Equals(Path.GetTempPath(), TempPath, StringComparison.Ordinal))
        {
            Dispose();
            throw new InvalidOperationException($"Path.GetTempPath() did not follow the environment ({Path.GetTempPath()}).");
        }
    }

    public string TempPath { get; }

    /// <summary>Where every package keeps its private copy.</summary>
    public string WorkRoot => Path.Combine(TempPath, "AnkiSync");

    /// <summary>The entries under the work root now.</summary>
    public string[] WorkFolders()
        => Directory.Exists(WorkRoot) ? Directory.EnumerateFileSystemEntries(WorkRoot).OrderBy(p => p, StringComparer.Ordinal).ToArray() : Array.Empty<string>();

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
        }
    }
}
