using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;

namespace AnkiSync.Tests;

/// <summary>
/// Locates the shared real-Anki fixture files (<c>shared/fixtures/real</c>), which live next to the repository
/// rather than inside it, so tests reference them in place. <c>ANKISYNC_FIXTURES</c> names the folder explicitly.
/// Where the corpus is absent (a fresh clone), the tests that need it are skipped through
/// <see cref="FixtureFactAttribute"/> and <see cref="FixtureTheoryAttribute"/>, never failed.
/// </summary>
public static class Fixtures
{
    /// <summary>The environment variable that names the corpus folder, overriding the search.</summary>
    public const string Variable = "ANKISYNC_FIXTURES";

    private static readonly Lazy<(string? Root, string Searched)> Found = new(FindRoot);

    /// <summary>Whether the corpus is here.</summary>
    public static bool Available => Found.Value.Root != null;

    /// <summary>Why the tests that need the corpus are skipped, or null when it is here.</summary>
    public static string? SkipReason => Available ? null
        : $"The real-file corpus (shared/fixtures/real) is not here: {Found.Value.Searched}. Clone it beside the repository or set {Variable}.";

    /// <summary>The absolute path of the <c>shared/fixtures/real</c> folder.</summary>
    public static string Root => Found.Value.Root ?? throw new DirectoryNotFoundException(SkipReason);

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

    private static (string? Root, string Searched) FindRoot()
    {
        var named = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(named))
        {
            var full = System.IO.Path.GetFullPath(named);
            return (Directory.Exists(full) ? full : null, $"{Variable} names '{full}', which does not exist");
        }

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
                    return (candidate, candidate);
                }
            }
        }

        return (null, "no shared/fixtures/real folder above " + string.Join(", ", starts));
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}

/// <summary>A fact that needs the real-file corpus: skipped, with the reason, where it is absent.</summary>
public sealed class FixtureFactAttribute : FactAttribute
{
    public FixtureFactAttribute()
    {
        if (!Fixtures.Available)
        {
            Skip = Fixtures.SkipReason;
        }
    }
}

/// <summary>
/// A theory that needs the real-file corpus (often for its data): skipped as one test, with the reason, where it
/// is absent; xUnit then never enumerates the data.
/// </summary>
public sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute()
    {
        if (!Fixtures.Available)
        {
            Skip = Fixtures.SkipReason;
        }
    }
}

/// <summary>A fact about the Linux (XDG) layout of a user's folders: skipped, with the reason, on Windows and macOS.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Tests the Linux folder layout; Windows and macOS keep Anki's data elsewhere.";
        }
    }
}
