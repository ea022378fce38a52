using System;
using System.IO;
using AnkiSync.Packages;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// The lstat-style description the package reader relies on to refuse links, FIFOs and sparse entries without
/// opening them: the kind of entry, following a link only when asked, the hard-link count and the space allocated.
/// Unix only (Windows answers from attributes, checked where it runs).
/// </summary>
public sealed class FileNodesTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Written(string name, int length)
    {
        string path = temp.Path(name);
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void ARegularFileReportsOneLinkAndTheSpaceItsBytesTake()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var node = FileNodes.Inspect(Written("data", 1 << 20), followLinks: false);

        Assert.Equal((FileNodeKind.Regular, 1L), (node.Kind, node.LinkCount));
        // Allocated in whole blocks: at least the length, and not wildly more.
        Assert.InRange(node.AllocatedBytes, 1L << 20, (1L << 20) + (1 << 16));
    }

    [Fact]
    public void AHardLinkedFileCountsItsLinks()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string first = Written("first", 10);
        Module.MediaExactNameTests.HardLink(first, temp.Path("second"));

        Assert.Equal(2L, FileNodes.Inspect(first, followLinks: false).LinkCount);
    }

    [Fact]
    public void AFolderIsAFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Directory.CreateDirectory(temp.Path("folder"));
        Assert.Equal(FileNodeKind.Directory, FileNodes.Inspect(temp.Path("folder"), followLinks: false).Kind);
    }

    [Fact]
    public void ALinkIsALinkUnlessFollowed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string target = Written("target", 5000);
        File.CreateSymbolicLink(temp.Path("link"), target);

        Assert.Equal(FileNodeKind.SymbolicLink, FileNodes.Inspect(temp.Path("link"), followLinks: false).Kind);
        var followed = FileNodes.Inspect(temp.Path("link"), followLinks: true);
        Assert.Equal((FileNodeKind.Regular, 1L), (followed.Kind, followed.LinkCount));
        Assert.True(followed.AllocatedBytes >= 5000, $"allocated {followed.AllocatedBytes}");
    }

    [Fact]
    public void AFifoIsSpecialAndIsNotOpened()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string fifo = temp.Path("fifo");
        SpecialFiles.MakeFifo(fifo);

        // Opening it would block for ever; inspecting returns at once.
        Assert.Equal(FileNodeKind.Special, FileNodes.Inspect(fifo, followLinks: true).Kind);
    }

    [Fact]
    public void ASparseFileTakesFarLessSpaceThanItsLength()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS files are sparse only once marked so.
        }

        string sparse = temp.Path("sparse");
        using (var stream = new FileStream(sparse, FileMode.CreateNew, FileAccess.Write))
        {
            stream.SetLength(64L * 1024 * 1024);
        }

        var node = FileNodes.Inspect(sparse, followLinks: true);
        Assert.Equal(FileNodeKind.Regular, node.Kind);
        Assert.InRange(node.AllocatedBytes, 0, 1024 * 1024);
    }

    [Fact]
    public void AMissingEntryIsAnIOError()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var error = Assert.ThrowsAny<IOException>(() => FileNodes.Inspect(temp.Path("gone"), followLinks: false));
        Assert.Contains("gone", error.Message);
    }
}
