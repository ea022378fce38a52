using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using AnkiSync.Packages;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.BadInput;

/// <summary>
/// An unpacked package folder is data, not a file system to follow: links out of it, FIFOs and devices are
/// refused (UnsafePackageEntry) before they are opened, and a sparse file is budgeted by the space it occupies.
/// </summary>
[Collection(BadInputCollection.Name)]
public sealed class FolderPackageTests
{
    private const string Secret = "outside the package";

    [Theory]
    [InlineData("0")]
    [InlineData("collection.anki21")]
    [InlineData("media")]
    public void ASymbolicLinkEntryIsRefused(string entry)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Creating symbolic links needs a privilege on Windows.
        }

        using var temp = new TempFolder();
        var folder = WriteFolder(temp);
        var outside = temp.File("outside.bin", File.ReadAllBytes(Path.Combine(folder, entry)));
        File.Delete(Path.Combine(folder, entry));
        File.CreateSymbolicLink(Path.Combine(folder, entry), outside);

        var error = BadInputAssert.OpenFails(folder, "UnsafePackageEntry");
        Assert.Contains("symbolic link", error.Message);
    }

    [Fact]
    public void AHardLinkToAFileOutsideIsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Hard links are made with ln here.
        }

        using var temp = new TempFolder();
        var folder = WriteFolder(temp);
        var outside = temp.File("secret.txt", System.Text.Encoding.UTF8.GetBytes(Secret));
        File.Delete(Path.Combine(folder, "0"));
        Module.MediaExactNameTests.HardLink(outside, Path.Combine(folder, "0"));

        var error = BadInputAssert.OpenFails(folder, "UnsafePackageEntry");
        Assert.Contains("hard link", error.Message);
    }

    [Fact]
    public async Task AFifoEntryIsRefusedInsteadOfBlocking()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows folders hold no FIFOs.
        }

        using var temp = new TempFolder();
        var folder = WriteFolder(temp);
        var fifo = Path.Combine(folder, "0");
        File.Delete(fifo);
        SpecialFiles.MakeFifo(fifo);

        var open = Task.Run(() => BadInputAssert.OpenFails(folder, "UnsafePackageEntry"));
        if (await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(20))) != open)
        {
            // Release the blocked reader so the test process can end, then fail.
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail("Opening a folder with a FIFO entry blocked.");
        }

        Assert.Contains("FIFO", (await open).Message);
    }

    [Fact]
    public async Task AFifoGivenAsTheCollectionIsRefusedInsteadOfBlocking()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new TempFolder();
        var fifo = temp.Path("collection.anki2");
        SpecialFiles.MakeFifo(fifo);

        var open = Task.Run(() => BadInputAssert.OpenFails(fifo, "InvalidPackage"));
        if (await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(20))) != open)
        {
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail("Opening a FIFO blocked.");
        }

        Assert.Contains("FIFO", (await open).Message);
    }

    [Fact]
    public void ASparseEntryCannotExpandIntoGigabytesOfTempData()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS files are sparse only once marked so; SetLength allocates there.
        }

        using var temp = new TempFolder();
        var folder = WriteFolder(temp);
        var sparse = Path.Combine(folder, "0");
        File.Delete(sparse);
        using (var stream = new FileStream(sparse, FileMode.CreateNew, FileAccess.Write))
        {
            // A hole: the length is set, nothing is written (sparse on ext4, xfs, tmpfs and APFS).
            stream.SetLength(256L * 1024 * 1024);
        }

        var clock = Stopwatch.StartNew();
        var error = BadInputAssert.OpenFails(folder, "PackageTooLarge", AnkiErrorKind.LimitsExceeded);
        Assert.Contains("'0'", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"refusing the sparse entry took {clock.Elapsed}");
    }

    [Fact]
    public void AFolderTheModuleWroteStillOpens()
    {
        using var temp = new TempFolder();
        var folder = WriteFolder(temp);

        using var package = AnkiPackage.Open(folder);
        Assert.Equal(1, package.NoteCount);
        Assert.Equal("picture", File.ReadAllText(package.GetMediaPath("pic.jpg")!));
    }

    private static string WriteFolder(TempFolder temp)
    {
        var folder = temp.Path("unpacked");
        using var package = AnkiPackage.Create();
        using (var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("picture")))
        {
            package.AddMedia("pic.jpg", content);
        }

        package.AddNote(new NoteInput { Values = new[] { "<img src=\"pic.jpg\">", "back" } });
        package.Export(folder, PackageVersion.Legacy2, asDirectory: true);
        Assert.True(File.Exists(Path.Combine(folder, "0")), "the folder package has media entry 0");
        return folder;
    }
}
