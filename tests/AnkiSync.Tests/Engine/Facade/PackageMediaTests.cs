using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.Facade;

/// <summary>
/// The package's media calls as the cmdlets use them: adding (same content again, different content only with
/// overwrite), listing with use and absence, exporting a copy out and removing by exact name.
/// </summary>
public sealed class PackageMediaTests
{
    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private static string Sha1(string text) => Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    [Fact]
    public void AddingDescribesTheStoredFileAndMarksThePackageModified()
    {
        using var package = AnkiPackage.Create();

        var media = package.AddMedia("cat.jpg", Bytes("meow"));

        Assert.Equal("cat.jpg", media.Name);
        Assert.Equal(4, media.Length);
        Assert.Equal(Sha1("meow"), media.Hash);
        Assert.False(media.IsUsed);
        Assert.False(media.IsMissing);
        Assert.Same(package, media.Package);
        Assert.True(package.IsModified);
        Assert.Equal(1, package.MediaCount);
        Assert.Equal("meow", File.ReadAllText(package.GetMediaPath("cat.jpg")!));
    }

    [Fact]
    public void TheSameContentAgainIsAcceptedWithoutAChange()
    {
        using var package = SavedPackage.Reopened(created => created.AddMedia("cat.jpg", Bytes("meow")));
        Assert.False(package.IsModified);

        var media = package.AddMedia("cat.jpg", Bytes("meow"));

        Assert.Equal(Sha1("meow"), media.Hash);
        Assert.False(package.IsModified);
        Assert.Single(package.GetMedia());
    }

    [Fact]
    public void DifferentContentUnderATakenNameIsRefusedUnlessOverwriting()
    {
        using var package = AnkiPackage.Create();
        package.AddMedia("cat.jpg", Bytes("meow"));

        var error = Assert.Throws<AnkiException>(() => package.AddMedia("cat.jpg", Bytes("purr")));

        Assert.Equal(AnkiErrors.MediaExists, error.Error);
        Assert.Equal("cat.jpg", error.Target);
        Assert.Contains("'cat.jpg'", error.Message, StringComparison.Ordinal);
        Assert.Equal("meow", File.ReadAllText(package.GetMediaPath("cat.jpg")!));

        var replaced = package.AddMedia("cat.jpg", Bytes("purr!"), overwrite: true);

        Assert.Equal(5, replaced.Length);
        Assert.Equal(Sha1("purr!"), replaced.Hash);
        Assert.Equal("purr!", File.ReadAllText(package.GetMediaPath("cat.jpg")!));
    }

    [Fact]
    public void NoStagingFileIsLeftInTheWorkFolder()
    {
        using var package = AnkiPackage.Create();
        package.AddMedia("a.txt", Bytes("one"));
        Assert.Throws<AnkiException>(() => package.AddMedia("a.txt", Bytes("two")));

        Assert.Empty(Directory.EnumerateFiles(package.WorkDirectory, "incoming-*"));
    }

    [Fact]
    public void ANameAnkiRejectsIsInvalidMediaName()
    {
        using var package = AnkiPackage.Create();

        var error = Assert.Throws<AnkiException>(() => package.AddMedia("../escape.jpg", Bytes("x")));

        Assert.Equal(AnkiErrors.InvalidMediaName, error.Error);
        Assert.Equal("../escape.jpg", error.Target);
        Assert.StartsWith("'../escape.jpg' is not a media file name Anki accepts: ", error.Message, StringComparison.Ordinal);
        Assert.Empty(package.GetMedia());
        Assert.False(package.IsModified);
    }

    [Fact]
    public void ListingSaysWhichFilesFieldsUseAndWhichReferencedFilesAreMissing()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "<img src=\"used.jpg\">", "[sound:gone.mp3]" } });
        package.AddNote(new NoteInput { Values = new[] { "plain", "<img src=\"also-gone.png\">" } });
        package.AddMedia("used.jpg", Bytes("1"));
        package.AddMedia("unused.jpg", Bytes("2"));
        package.AddMedia("_template.css", Bytes("3"));

        var media = package.GetMedia().ToList();

        Assert.Equal(new[] { "_template.css", "unused.jpg", "used.jpg", "also-gone.png", "gone.mp3" }, media.Select(m => m.Name));
        Assert.Equal(new[] { true, false, true, true, true }, media.Select(m => m.IsUsed));
        Assert.Equal(new[] { false, false, false, true, true }, media.Select(m => m.IsMissing));
        Assert.All(media.Where(m => m.IsMissing), m => Assert.Equal(0, m.Length));
        Assert.All(media, m => Assert.Same(package, m.Package));
    }

    [Fact]
    public void ExportingCopiesTheFileIntoANewFolderAndReturnsItsPath()
    {
        using var temp = new TempFolder();
        using var package = AnkiPackage.Create();
        package.AddMedia("cat.jpg", Bytes("meow"));
        string destination = temp.Path("out", "deeper");

        string written = package.ExportMedia("cat.jpg", destination, overwrite: false);

        Assert.Equal(Path.Combine(Path.GetFullPath(destination), "cat.jpg"), written);
        Assert.Equal("meow", File.ReadAllText(written));
        Assert.True(File.Exists(package.GetMediaPath("cat.jpg")));
    }

    [Fact]
    public void ExportingOverAnExistingFileNeedsOverwrite()
    {
        using var temp = new TempFolder();
        using var package = AnkiPackage.Create();
        package.AddMedia("cat.jpg", Bytes("meow"));
        string existing = temp.File("cat.jpg", Encoding.UTF8.GetBytes("old"));

        var error = Assert.Throws<AnkiException>(() => package.ExportMedia("cat.jpg", temp.Root, overwrite: false));

        Assert.Equal(AnkiErrors.FileExists, error.Error);
        Assert.Equal(existing, error.Target);
        Assert.Equal("old", File.ReadAllText(existing));

        package.ExportMedia("cat.jpg", temp.Root, overwrite: true);

        Assert.Equal("meow", File.ReadAllText(existing));
    }

    [Fact]
    public void ExportingIntoAFolderThatCannotBeMadeIsExportFailed()
    {
        using var temp = new TempFolder();
        using var package = AnkiPackage.Create();
        package.AddMedia("cat.jpg", Bytes("meow"));
        string blocker = temp.File("blocker", Encoding.UTF8.GetBytes("a file where the folder would go"));
        string target = Path.Combine(blocker, "cat.jpg");

        var error = Assert.Throws<AnkiException>(() => package.ExportMedia("cat.jpg", blocker, overwrite: false));

        Assert.Equal(AnkiErrors.ExportFailed, error.Error);
        Assert.Equal(target, error.Target);
        Assert.StartsWith($"Could not write '{target}': ", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public void ExportingOrRemovingANameThePackageLacksIsMediaNotFound()
    {
        using var temp = new TempFolder();
        using var package = AnkiPackage.Create();
        package.AddMedia("cat.jpg", Bytes("meow"));

        foreach (var call in new Action[] { () => package.ExportMedia("dog.jpg", temp.Root, false), () => package.RemoveMedia("dog.jpg") })
        {
            var error = Assert.Throws<AnkiException>(call);
            Assert.Equal(AnkiErrors.MediaNotFound, error.Error);
            Assert.Equal("dog.jpg", error.Target);
            Assert.Equal("The package has no media file named 'dog.jpg'.", error.Message);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Root));
    }

    [Fact]
    public void RemovingDeletesExactlyTheNamedFileAndMarksThePackageModified()
    {
        using var package = SavedPackage.Reopened(created =>
        {
            created.AddMedia("a.jpg", Bytes("a"));
            created.AddMedia("b.jpg", Bytes("b"));
        });

        package.RemoveMedia("a.jpg");

        Assert.True(package.IsModified);
        Assert.Null(package.GetMediaPath("a.jpg"));
        Assert.Equal(new[] { "b.jpg" }, package.GetMedia().Select(m => m.Name));
    }
}
