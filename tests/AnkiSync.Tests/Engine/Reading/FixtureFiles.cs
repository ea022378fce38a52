using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>The real files in shared/fixtures/real, found by listing the folder (so a file added there is tested too).</summary>
internal static class FixtureFiles
{
    /// <summary>Every fixture file name: the folder's files except MANIFEST.md and SQLite sidecars (-wal, -shm, -journal).</summary>
    public static IReadOnlyList<string> All()
        => Directory.EnumerateFiles(Fixtures.Root)
            .Select(path => Path.GetFileName(path))
            .Where(name => !string.Equals(name, "MANIFEST.md", StringComparison.OrdinalIgnoreCase))
            .Where(name => !name.EndsWith("-wal", StringComparison.Ordinal) && !name.EndsWith("-shm", StringComparison.Ordinal)
                && !name.EndsWith("-journal", StringComparison.Ordinal))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();

    public static IEnumerable<object[]> AllAsTheoryData() => All().Select(name => new object[] { name });

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The names in a folder, to prove nothing (no -wal/-shm, no temp file) appeared beside a source.</summary>
    public static string[] Listing(string folder)
        => Directory.EnumerateFileSystemEntries(folder).Select(path => Path.GetFileName(path)).OrderBy(n => n, StringComparer.Ordinal).ToArray();

    /// <summary>A private, writable copy of a fixture, so that "the source is never written" is a real check.</summary>
    public static string CopyTo(string folder, string fixture)
    {
        Directory.CreateDirectory(folder);
        string copy = Path.Combine(folder, fixture);
        File.Copy(Fixtures.Path(fixture), copy);
        File.SetAttributes(copy, FileAttributes.Normal);
        return copy;
    }
}
