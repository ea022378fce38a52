using System.IO;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>Adding media from files: the file's own name, and a file that cannot be read is an AnkiSync error, not raw I/O.</summary>
public sealed class MediaFileTests
{
    [Fact]
    public void AddsAFileUnderItsOwnNormalisedName()
    {
        using var temp = new TempFolder();
        var file = temp.File("what?.txt", new byte[] { 1, 2, 3 });
        using var package = AnkiPackage.Create();

        var media = package.AddMediaFile(file);

        Assert.Equal("what.txt", media.Name);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(package.GetMediaPath("what.txt")!));
    }

    [Fact]
    public void AFileThatCannotBeReadIsFileUnreadableAndAddsNothing()
    {
        using var temp = new TempFolder();
        // Opening a folder as a file fails on every platform, whoever runs the tests (root reads any file).
        var folder = Directory.CreateDirectory(temp.Path("not-a-file.jpg")).FullName;
        using var package = AnkiPackage.Create();

        var error = Assert.Throws<AnkiException>(() => package.AddMediaFile(folder));

        Assert.Equal(AnkiErrors.FileUnreadable, error.Error);
        Assert.Equal(AnkiErrorKind.OpenError, error.Kind);
        Assert.Equal(folder, error.Target);
        Assert.Empty(package.GetMedia());
        Assert.False(package.IsModified);
    }
}
