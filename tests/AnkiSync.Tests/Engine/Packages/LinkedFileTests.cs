using System;
using System.IO;
using AnkiSync.Packages;
using AnkiSync.Tests.Engine.BadInput;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// A package or collection given as a symbolic link (a profile kept in a synced folder, say) is read as the file it
/// points to: its size for the extraction limits is that file's, not the few bytes of the link itself.
/// </summary>
public sealed class LinkedFileTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>A bare schema-11 collection with one note and a 34 MB table beside it: above the ratio check's threshold.</summary>
    private string LargeBareCollection()
    {
        string apkg = temp.Path("small.apkg");
        using (var package = AnkiPackage.Create())
        {
            package.AddNote(new NoteInput { NoteType = "Basic", Values = new[] { "front", "back" } });
            package.Export(apkg, PackageVersion.Legacy1);
        }

        byte[] collection = BadInputFiles.Edit(temp, PackageTestFiles.ReadEntry(apkg, "collection.anki2"), "create table padding (b blob)", "insert into padding values (zeroblob(34000000))");
        return temp.File("collection.anki2", collection);
    }

    [Fact]
    public void ALargeCollectionReachedThroughALinkIsReadLikeTheFile()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Creating symbolic links needs a privilege on Windows.
        }

        string real = LargeBareCollection();
        string link = temp.Path("linked.anki2");
        File.CreateSymbolicLink(link, real);

        using (var direct = AnkiPackage.Open(real))
        {
            Assert.Equal(1, direct.NoteCount);
        }

        using var linked = AnkiPackage.Open(link);
        Assert.Equal(1, linked.NoteCount);
    }

    [Fact]
    public void ASparseCollectionReachedThroughALinkIsStillBudgetedByTheSpaceItTakes()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS files are sparse only once marked so; symbolic links need a privilege.
        }

        string sparse = temp.Path("sparse.anki2");
        using (var stream = new FileStream(sparse, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(PackageTestFiles.SqliteMagic, 0, PackageTestFiles.SqliteMagic.Length);
            stream.SetLength(256L * 1024 * 1024);
        }

        string link = temp.Path("linked.anki2");
        File.CreateSymbolicLink(link, sparse);

        var error = Assert.Throws<AnkiException>(() => AnkiPackage.Open(link));
        Assert.Equal("PackageTooLarge", error.Reason);
    }
}
