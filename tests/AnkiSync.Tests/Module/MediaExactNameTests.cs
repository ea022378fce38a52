using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace AnkiSync.Tests.Module;

/// <summary>
/// The media commands act on exactly the file named. A live collection's media folder can hold names Anki
/// would store differently ("CON", NFD, "n.", "x?.jpg" on Linux); looking them up must never land on the
/// file their normalised spelling names. And Export-AnkiMedia never writes through a link in the destination.
/// </summary>
public sealed class MediaExactNameTests : IDisposable
{
    private static readonly string Nfc = "\u00e9.jpg";
    private static readonly string Nfd = "e\u0301.jpg";
    private readonly string baseFolder = Directory.CreateTempSubdirectory("ankisync-media-names-").FullName;
    private readonly string collection;
    private readonly string media;

    public MediaExactNameTests()
    {
        string profile = Path.Combine(baseFolder, "User 1");
        Directory.CreateDirectory(profile);
        collection = Path.Combine(profile, "collection.anki2");
        File.Copy(Fixtures.Path("anki2.1.1x-bare-schema11-two-decks-revlog.anki2"), collection);
        media = Path.Combine(profile, "collection.media");
        Directory.CreateDirectory(media);
    }

    public void Dispose() => Directory.Delete(baseFolder, recursive: true);

    public static TheoryData<string, string> NamePairs() => new TheoryData<string, string>
    {
        { "CON", "CON_" },
        { Nfd, Nfc },
        { "n.", "n._" },
        { "x?.jpg", "x.jpg" },
    };

    [FixtureTheory]
    [MemberData(nameof(NamePairs))]
    public void RemoveDeletesOnlyTheFileNamed(string name, string normalised)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // Only Linux file systems keep these names apart (Windows refuses them, macOS folds NFD and NFC).
        }

        Media(normalised, "normalised");

        using var host = new ModuleHost();
        var (_, errors, _) = host.Invoke("$c = Open-AnkiCollection -Path $collection -NoBackup; try { Remove-AnkiMedia -Package $c -Name ([WildcardPattern]::Escape($name)) -Confirm:$false } finally { Close-AnkiPackage -Package $c }", Variables(name));

        var error = Assert.Single(errors);
        Assert.StartsWith("AnkiSync.MediaNotFound", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(media, normalised)), $"'{normalised}' was deleted for '{name}'");

        Media(name, "exact");
        host.Run("$c = Open-AnkiCollection -Path $collection -NoBackup; try { Remove-AnkiMedia -Package $c -Name ([WildcardPattern]::Escape($name)) -Confirm:$false } finally { Close-AnkiPackage -Package $c }", Variables(name));
        Assert.Equal(new[] { normalised }, Directory.GetFiles(media).Select(Path.GetFileName).ToArray());
    }

    [FixtureTheory]
    [MemberData(nameof(NamePairs))]
    public void ExportWritesTheBytesOfTheFileNamed(string name, string normalised)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // Only Linux file systems keep these names apart (Windows refuses them, macOS folds NFD and NFC).
        }

        Media(normalised, "normalised");
        Media(name, "exact");
        var destination = Path.Combine(baseFolder, "out");

        using var host = new ModuleHost();
        host.Run("$c = Open-AnkiCollection -Path $collection -NoBackup; try { Export-AnkiMedia -Package $c -Destination $destination } finally { Close-AnkiPackage -Package $c }", Variables(name, ("destination", destination)));

        Assert.Equal("exact", File.ReadAllText(Path.Combine(destination, name)));
        Assert.Equal("normalised", File.ReadAllText(Path.Combine(destination, normalised)));
    }

    [FixtureFact]
    public void ExportForceReplacesALinkInsteadOfWritingThroughIt()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Creating symbolic links needs a privilege on Windows.
        }

        Media("a.jpg", "media bytes");
        var destination = Path.Combine(baseFolder, "out");
        Directory.CreateDirectory(destination);
        var outside = Path.Combine(baseFolder, "outside.txt");
        File.WriteAllText(outside, "precious");
        File.CreateSymbolicLink(Path.Combine(destination, "a.jpg"), outside);
        var dangling = Path.Combine(baseFolder, "created-through-link.txt");
        Media("b.jpg", "more media bytes");
        File.CreateSymbolicLink(Path.Combine(destination, "b.jpg"), dangling);

        using var host = new ModuleHost();
        var (_, errors, _) = host.Invoke("$c = Open-AnkiCollection -Path $collection -NoBackup; try { Export-AnkiMedia -Package $c -Destination $destination } finally { Close-AnkiPackage -Package $c }", Variables("", ("destination", destination)));
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("AnkiSync.FileExists", e.FullyQualifiedErrorId, StringComparison.Ordinal));
        Assert.False(File.Exists(dangling), "a dangling link was followed without -Force");

        host.Run("$c = Open-AnkiCollection -Path $collection -NoBackup; try { Export-AnkiMedia -Package $c -Destination $destination -Force } finally { Close-AnkiPackage -Package $c }", Variables("", ("destination", destination)));

        Assert.Equal("precious", File.ReadAllText(outside));
        Assert.False(File.Exists(dangling), "the export created a file through a dangling link");
        foreach (var (name, content) in new[] { ("a.jpg", "media bytes"), ("b.jpg", "more media bytes") })
        {
            var exported = new FileInfo(Path.Combine(destination, name));
            Assert.Null(exported.LinkTarget);
            Assert.Equal(content, File.ReadAllText(exported.FullName));
        }

        Assert.Equal(2, Directory.GetFileSystemEntries(destination).Length);
    }

    [FixtureFact]
    public void ExportForceDoesNotWriteThroughAHardLink()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Hard links are made with ln here.
        }

        Media("a.jpg", "media bytes");
        var destination = Path.Combine(baseFolder, "out");
        Directory.CreateDirectory(destination);
        var outside = Path.Combine(baseFolder, "outside.txt");
        File.WriteAllText(outside, "precious");
        HardLink(outside, Path.Combine(destination, "a.jpg"));

        using var host = new ModuleHost();
        host.Run("$c = Open-AnkiCollection -Path $collection -NoBackup; try { Export-AnkiMedia -Package $c -Destination $destination -Force } finally { Close-AnkiPackage -Package $c }", Variables("", ("destination", destination)));

        Assert.Equal("precious", File.ReadAllText(outside));
        Assert.Equal("media bytes", File.ReadAllText(Path.Combine(destination, "a.jpg")));
    }

    internal static void HardLink(string existing, string link)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ln", new[] { existing, link }) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private void Media(string name, string content) => File.WriteAllBytes(Path.Combine(media, name), Encoding.UTF8.GetBytes(content));

    private Dictionary<string, object?> Variables(string name, params (string Key, object? Value)[] more)
    {
        var variables = new Dictionary<string, object?> { ["collection"] = collection, ["name"] = name };
        foreach (var (key, value) in more)
        {
            variables[key] = value;
        }

        return variables;
    }
}
