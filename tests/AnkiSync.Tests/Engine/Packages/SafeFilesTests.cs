using System;
using System.IO;
using System.Linq;
using AnkiSync.Packages;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// The file operations that must act on exactly the entry named: exact-name lookups that never leave the folder, an
/// existence test that sees dangling links, and a copy that replaces a planted link or hard link instead of writing
/// through it, refuses without overwrite, and leaves no temp file behind either way.
/// </summary>
public sealed class SafeFilesTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Write(string name, string text)
    {
        string path = temp.Path(name);
        File.WriteAllText(path, text);
        return path;
    }

    private string[] Leftovers() => Directory.EnumerateFileSystemEntries(temp.Root).Select(Path.GetFileName).Where(n => n!.StartsWith(".ankisync-", StringComparison.Ordinal)).ToArray()!;

    [Fact]
    public void ExactFileFindsAPlainNameInTheFolder()
    {
        string path = Write("a.jpg", "x");
        Assert.Equal(path, SafeFiles.ExactFile(temp.Root, "a.jpg"));
        Assert.Null(SafeFiles.ExactFile(temp.Root, "b.jpg"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("inner/a.jpg")]
    [InlineData("inner\\a.jpg")]
    [InlineData("\\a.jpg")]
    [InlineData("a\0.jpg")]
    public void ExactFileNeverLooksUpANameThatIsNotOneComponent(string name)
    {
        Directory.CreateDirectory(temp.Path("inner"));
        Write(Path.Combine("inner", "a.jpg"), "x");
        if (!OperatingSystem.IsWindows())
        {
            // On Unix these are ordinary file names, so only the name check can refuse them.
            Write("inner\\a.jpg", "x");
            Write("\\a.jpg", "x");
        }

        Assert.Null(SafeFiles.ExactFile(temp.Root, name));
    }

    [Fact]
    public void ExactFileAcceptsAColonWhereItIsAnOrdinaryCharacter()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Null(SafeFiles.ExactFile(temp.Root, "c:a.jpg")); // a drive or an alternate data stream there
            return;
        }

        string path = Write("c:a.jpg", "x");
        Assert.Equal(path, SafeFiles.ExactFile(temp.Root, "c:a.jpg"));
    }

    [Fact]
    public void EntryExistsSeesFilesFoldersAndDanglingLinks()
    {
        Write("file", "x");
        Directory.CreateDirectory(temp.Path("folder"));
        Assert.True(SafeFiles.EntryExists(temp.Path("file")));
        Assert.True(SafeFiles.EntryExists(temp.Path("folder")));
        Assert.False(SafeFiles.EntryExists(temp.Path("nothing")));
        Assert.False(SafeFiles.EntryExists(temp.Path("nothing", "below")));
        if (!OperatingSystem.IsWindows())
        {
            File.CreateSymbolicLink(temp.Path("dangling"), temp.Path("gone"));
            Assert.True(SafeFiles.EntryExists(temp.Path("dangling")));
        }
    }

    [Fact]
    public void CopyToANewNameCopiesTheBytes()
    {
        string source = Write("source", "new content");
        SafeFiles.CopyReplacing(source, temp.Path("target"), overwrite: false);
        Assert.Equal("new content", File.ReadAllText(temp.Path("target")));
        Assert.Equal("new content", File.ReadAllText(source));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void CopyOverAnExistingFileNeedsOverwriteAndLeavesItAsItWasWithout()
    {
        string source = Write("source", "new content");
        string target = Write("target", "old");

        var error = Assert.Throws<AnkiException>(() => SafeFiles.CopyReplacing(source, target, overwrite: false));
        Assert.Equal(AnkiErrors.FileExists, error.Error);
        Assert.Contains("already exists", error.Message);
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Empty(Leftovers());

        SafeFiles.CopyReplacing(source, target, overwrite: true);
        Assert.Equal("new content", File.ReadAllText(target));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void CopyNeverReplacesAFolder()
    {
        string source = Write("source", "new content");
        Directory.CreateDirectory(temp.Path("target"));
        File.WriteAllText(temp.Path("target", "inside"), "kept");

        var error = Assert.Throws<AnkiException>(() => SafeFiles.CopyReplacing(source, temp.Path("target"), overwrite: true));
        Assert.Equal(AnkiErrors.FileExists, error.Error);
        Assert.Contains("is a folder", error.Message);
        Assert.Equal("kept", File.ReadAllText(temp.Path("target", "inside")));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void CopyReplacesAHardLinkInsteadOfWritingThroughIt()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Hard links are made with ln here.
        }

        string source = Write("source", "new content");
        string outside = Write("outside", "precious");
        Module.MediaExactNameTests.HardLink(outside, temp.Path("target"));

        SafeFiles.CopyReplacing(source, temp.Path("target"), overwrite: true);

        Assert.Equal("precious", File.ReadAllText(outside));
        Assert.Equal("new content", File.ReadAllText(temp.Path("target")));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void CopyReplacesASymbolicLinkToAFileOrAFolderAndNotWhatItPointsTo()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Creating symbolic links needs a privilege on Windows.
        }

        string source = Write("source", "new content");
        string outside = Write("outside", "precious");
        Directory.CreateDirectory(temp.Path("elsewhere"));
        File.WriteAllText(temp.Path("elsewhere", "inside"), "kept");
        File.CreateSymbolicLink(temp.Path("to-file"), outside);
        Directory.CreateSymbolicLink(temp.Path("to-folder"), temp.Path("elsewhere"));

        // Without overwrite, a link is something already there.
        Assert.Throws<AnkiException>(() => SafeFiles.CopyReplacing(source, temp.Path("to-file"), overwrite: false));
        SafeFiles.CopyReplacing(source, temp.Path("to-file"), overwrite: true);
        SafeFiles.CopyReplacing(source, temp.Path("to-folder"), overwrite: true);

        Assert.Equal("precious", File.ReadAllText(outside));
        Assert.Equal("kept", File.ReadAllText(temp.Path("elsewhere", "inside")));
        foreach (var replaced in new[] { "to-file", "to-folder" })
        {
            var info = new FileInfo(temp.Path(replaced));
            Assert.Null(info.LinkTarget);
            Assert.Equal("new content", File.ReadAllText(info.FullName));
        }

        Assert.Empty(Leftovers());
    }
}
