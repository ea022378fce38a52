using System;
using System.IO;
using AnkiSync.Packages;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// An unpacked package folder as a source: its entry count is limited before anything is read, only plain names are
/// looked up (never a path, even one that exists), and a folder where an entry should be is no entry.
/// </summary>
public sealed class FolderPackageSourceTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Folder(params string[] files)
    {
        string folder = temp.Path("package");
        Directory.CreateDirectory(folder);
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(folder, file), file);
        }

        return folder;
    }

    [Fact]
    public void AFolderAtTheEntryLimitOpensAndOneOverIsRefused()
    {
        string folder = Folder("collection.anki21", "media", "0");
        using (var source = new FolderPackageSource(folder, 3))
        {
            Assert.Equal(1, source.Find("0")!.DeclaredLength);
        }

        var error = Assert.Throws<AnkiException>(() => new FolderPackageSource(folder, 2));
        Assert.Equal("PackageTooLarge", error.Reason);
        Assert.Contains("the folder holds more than 2 entries.", error.Message);
    }

    [Theory]
    [InlineData("inner/0")]
    [InlineData("inner\\0")]
    [InlineData("c:0")]
    public void ANameThatIsAPathIsNeverLookedUp(string name)
    {
        string folder = Folder();
        Directory.CreateDirectory(Path.Combine(folder, "inner"));
        File.WriteAllText(Path.Combine(folder, "inner", "0"), "nested");
        if (!OperatingSystem.IsWindows())
        {
            // Ordinary file names on Unix: only the name check keeps them out.
            File.WriteAllText(Path.Combine(folder, "inner\\0"), "x");
            File.WriteAllText(Path.Combine(folder, "c:0"), "x");
        }

        using var source = new FolderPackageSource(folder, 100);
        Assert.Null(source.Find(name));
    }

    [Fact]
    public void ARootedNameIsNeverLookedUp()
    {
        string outside = temp.File("outside", new byte[] { 1 });
        using var source = new FolderPackageSource(Folder(), 100);
        Assert.True(Path.IsPathRooted(outside));
        Assert.Null(source.Find(outside));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("0")]
    public void AFolderIsNoEntry(string name)
    {
        string folder = Folder();
        Directory.CreateDirectory(Path.Combine(folder, "0"));
        using var source = new FolderPackageSource(folder, 100);
        Assert.Null(source.Find(name));
        Assert.Null(source.Find("missing"));
    }
}
