using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Reading;

namespace AnkiSync.Tests.Engine.Storage;

/// <summary>
/// Finding the native SQLite library the module ships for this platform: the runtime identifier, the musl test,
/// the refusal on a platform without one, and the list of platforms kept in step with what the build packs.
/// </summary>
public class SqliteNativeTests
{
    private static string SourceFile([CallerFilePath] string path = "") => path;

    private static string RepositoryRoot => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(SourceFile())!, "..", "..", "..", ".."));

    [Theory]
    [InlineData(Architecture.X64, "x64")]
    [InlineData(Architecture.X86, "x86")]
    [InlineData(Architecture.Arm64, "arm64")]
    [InlineData(Architecture.Arm, "arm")]
    [InlineData(Architecture.S390x, "s390x")]
    [InlineData(Architecture.LoongArch64, "loongarch64")]
    public void ArchitecturesAreNamedAsRuntimeIdentifiersSpellThem(Architecture architecture, string name)
        => Assert.Equal(name, SqliteNative.ArchitectureName(architecture));

    [Fact]
    public void MuslIsTheLoaderInALibraryFolder()
    {
        using var folder = new ScratchFolder();
        string glibc = Directory.CreateDirectory(folder.Combine("glibc")).FullName;
        File.WriteAllBytes(Path.Combine(glibc, "ld-linux-x86-64.so.2"), Array.Empty<byte>());
        string musl = Directory.CreateDirectory(folder.Combine("musl")).FullName;
        File.WriteAllBytes(Path.Combine(musl, "ld-musl-x86_64.so.1"), Array.Empty<byte>());
        Assert.False(SqliteNative.IsMusl(new[] { glibc, folder.Combine("missing") }));
        Assert.True(SqliteNative.IsMusl(new[] { folder.Combine("missing"), glibc, musl }));
        Assert.False(SqliteNative.IsMusl(Array.Empty<string>()));
    }

    [LinuxFact]
    public void ThisProcessIsLinuxWithItsCLibraryAndArchitecture()
    {
        string libc = SqliteNative.IsMusl(new[] { "/lib", "/usr/lib" }) ? "linux-musl-" : "linux-";
        Assert.Equal(libc + SqliteNative.ArchitectureName(RuntimeInformation.ProcessArchitecture), SqliteNative.CurrentRuntimeIdentifier);
    }

    [Fact]
    public void TheLibraryIsFoundUnderItsRuntimeFolder()
    {
        using var folder = new ScratchFolder();
        string native = Directory.CreateDirectory(folder.Combine("runtimes", "linux-x64", "native")).FullName;
        File.WriteAllBytes(Path.Combine(native, "libe_sqlite3.so"), Array.Empty<byte>());
        Assert.Equal(Path.Combine(native, "libe_sqlite3.so"), SqliteNative.FindLibrary(folder.Root, "linux-x64", "libe_sqlite3.so"));
    }

    [Fact]
    public void APlatformWithoutALibraryIsUnsupportedAndTheMessageListsTheOnesThereAre()
    {
        using var folder = new ScratchFolder();
        var error = Assert.Throws<AnkiException>(() => SqliteNative.FindLibrary(folder.Root, "freebsd-x64", "libe_sqlite3.so"));
        Assert.Equal("UnsupportedPlatform", error.Reason);
        string looked = Path.Combine(folder.Root, "runtimes", "freebsd-x64", "native", "libe_sqlite3.so");
        Assert.Equal(
            $"AnkiSync has no native SQLite library for the platform 'freebsd-x64' (looked for '{looked}'). Supported platforms: {string.Join(", ", SqliteNative.SupportedRuntimes)}.",
            error.Message);
    }

    [Fact]
    public void TheSupportedPlatformsAreTheOnesTheModuleBuildPacks()
    {
        string project = File.ReadAllText(Path.Combine(RepositoryRoot, "src", "AnkiSync.PowerShell", "AnkiSync.PowerShell.csproj"));
        var packed = Regex.Match(project, @"new\('\|(?<list>[a-z0-9|-]+)\|'\)\.Contains").Groups["list"].Value.Split('|');
        Assert.Equal(packed.OrderBy(r => r, StringComparer.Ordinal), SqliteNative.SupportedRuntimes.OrderBy(r => r, StringComparer.Ordinal));
        Assert.Equal(9, SqliteNative.SupportedRuntimes.Distinct().Count());
    }
}
