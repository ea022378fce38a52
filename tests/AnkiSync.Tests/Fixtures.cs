using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;

namespace AnkiSync.Tests;

/// <summary>
/// Locates the shared real-Anki fixture files (<c>shared/fixtures/real</c>), which live next to the
/// repository rather than inside it, so tests reference them in place.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The absolute path of the <c>shared/fixtures/real</c> folder.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The absolute path of one fixture file; fails the test clearly if it is missing.</summary>
    public static string Path(string name)
    {
        var path = System.IO.Path.Combine(Root, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Fixture '{name}' is not in {Root}.", path);
        }

        return path;
    }

    private static string FindRoot()
    {
        // The build output may sit outside the repository (--artifacts-path), so besides the test
        // assembly's folder also walk up from the working directory and from this source file.
        var starts = new List<string> { AppContext.BaseDirectory, Directory.GetCurrentDirectory() };
        var sourceFolder = System.IO.Path.GetDirectoryName(SourceFile());
        if (!string.IsNullOrEmpty(sourceFolder))
        {
            starts.Add(sourceFolder!);
        }

        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "shared", "fixtures", "real");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            "No shared/fixtures/real folder found above " + string.Join(", ", starts) + ".");
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
