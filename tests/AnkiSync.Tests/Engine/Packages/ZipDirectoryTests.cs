using System;
using System.IO;
using System.Linq;
using System.Text;
using AnkiSync.Packages;
using static AnkiSync.Tests.Engine.Packages.PackageTestFiles;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// The entry count a ZIP declares is checked before its central directory is read (a directory of millions of
/// entries costs memory to parse): from the end-of-central-directory record, behind an archive comment, and from
/// the Zip64 record when the 16-bit count says "see Zip64". The directory's own count is the backstop when the
/// record lies. Built byte by byte here, independently of the reader.
/// </summary>
public sealed class ZipDirectoryTests : IDisposable
{
    private const int EndRecordLength = 22;
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>The bytes of a ZIP with <paramref name="count"/> small stored entries and no comment.</summary>
    private byte[] ZipOf(int count)
    {
        var path = Zip(temp.Path(Guid.NewGuid().ToString("N") + ".zip"), Enumerable.Range(0, count).Select(i => Entry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "x")).ToArray());
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0x06054b50u, BitConverter.ToUInt32(bytes, bytes.Length - EndRecordLength)); // no comment: the record ends the file
        return bytes;
    }

    private string Save(byte[] bytes) => temp.File(Guid.NewGuid().ToString("N") + ".apkg", bytes);

    private static AnkiException Refused(string path, int maxEntries)
        => Assert.Throws<AnkiException>(() => ZipPackageSource.Open(path, maxEntries).Dispose());

    /// <summary>Sets both 16-bit entry counts of the end record that starts at <paramref name="at"/>.</summary>
    private static void SetCount(byte[] bytes, int at, ushort count)
    {
        BitConverter.GetBytes(count).CopyTo(bytes, at + 8);
        BitConverter.GetBytes(count).CopyTo(bytes, at + 10);
    }

    private static byte[] WithComment(byte[] zip, byte[] comment)
    {
        var result = zip.Concat(comment).ToArray();
        BitConverter.GetBytes((ushort)comment.Length).CopyTo(result, zip.Length - 2);
        return result;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(300)] // a count above 255 needs both bytes of the field
    public void AnArchiveAtTheLimitOpensAndOneOverIsRefusedFromTheDeclaredCount(int count)
    {
        string path = Save(ZipOf(count));
        using (var source = ZipPackageSource.Open(path, maxEntries: count))
        {
            Assert.NotNull(source.Find("0"));
            Assert.NotNull(source.Find((count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var error = Refused(path, count - 1);
        Assert.Equal("PackageTooLarge", error.Reason);
        Assert.Contains($"the archive declares {count} entries; the limit is {count - 1}", error.Message);
    }

    [Fact]
    public void TheCountIsFoundBehindAnArchiveComment()
    {
        string path = Save(WithComment(ZipOf(20), Encoding.ASCII.GetBytes(new string('c', 1000))));
        using (ZipPackageSource.Open(path, maxEntries: 20))
        {
        }

        Assert.Contains("declares 20 entries", Refused(path, 10).Message);
    }

    [Fact]
    public void ACommentThatFakesASmallerRecordDoesNotSmuggleEntriesIn()
    {
        var zip = ZipOf(20);
        // The comment ends with a copy of the real end record claiming 2 entries: a backwards scan meets it first,
        // and then the directory holds more entries than the record says.
        var fake = zip.Skip(zip.Length - EndRecordLength).ToArray();
        SetCount(fake, 0, 2);
        string path = Save(WithComment(zip, fake));

        var error = Refused(path, 10);
        Assert.Equal("InvalidPackage", error.Reason);
    }

    [Fact]
    public void AZip64RecordsCountIsTheOneChecked()
    {
        var zip = ZipOf(3);
        int end = zip.Length - EndRecordLength;
        long directoryOffset = BitConverter.ToUInt32(zip, end + 16);
        long directorySize = BitConverter.ToUInt32(zip, end + 12);
        using var file = new MemoryStream();
        file.Write(zip, 0, end);
        long zip64At = file.Length;
        var record = new BinaryWriter(file);
        record.Write(0x06064b50u);          // Zip64 end of central directory
        record.Write(44L);                  // size of the rest of the record
        record.Write((ushort)45);
        record.Write((ushort)45);
        record.Write(0u);
        record.Write(0u);
        record.Write(5_000_000L);           // entries on this disk
        record.Write(5_000_000L);           // entries in total
        record.Write(directorySize);
        record.Write(directoryOffset);
        record.Write(0x07064b50u);          // Zip64 locator
        record.Write(0u);
        record.Write(zip64At);
        record.Write(1u);
        var endRecord = zip.Skip(end).ToArray();
        SetCount(endRecord, 0, ushort.MaxValue);
        record.Write(endRecord);
        record.Flush();

        var error = Refused(Save(file.ToArray()), 1_000_000);
        Assert.Contains("declares 5000000 entries; the limit is 1000000", error.Message);
    }

    [Theory]
    [InlineData(1L << 40)] // beyond the file
    [InlineData(0L)]       // at the start, where no Zip64 record is
    public void AZip64LocatorPointingNowhereLeavesThe16BitCount(long zip64Offset)
    {
        var zip = ZipOf(3);
        int end = zip.Length - EndRecordLength;
        var locator = new byte[20];
        BitConverter.GetBytes(0x07064b50u).CopyTo(locator, 0);
        BitConverter.GetBytes(zip64Offset).CopyTo(locator, 8);
        var endRecord = zip.Skip(end).ToArray();
        SetCount(endRecord, 0, ushort.MaxValue);
        var bytes = zip.Take(end).Concat(locator).Concat(endRecord).ToArray();

        Assert.Contains("declares 65535 entries; the limit is 10", Refused(Save(bytes), 10).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void AFileTooShortForAnEndRecordIsNotAZip(int length)
    {
        var error = Refused(Save(new byte[length]), 10);
        Assert.Equal("InvalidPackage", error.Reason);
        Assert.Contains("not a valid ZIP archive", error.Message);
    }

    [Fact]
    public void ASecondEntryWithTheSameNameMakesThatNameUnusable()
    {
        string path = Zip(temp.Path("twice.apkg"), Entry("media", "{}"), Entry("media", "{\"0\":\"a\"}"), Entry("other", "x"));
        using var source = ZipPackageSource.Open(path, 10);

        var error = Assert.Throws<AnkiException>(() => source.Find("media"));
        Assert.Equal("InvalidPackage", error.Reason);
        Assert.Contains("more than one entry named 'media'", error.Message);
        Assert.NotNull(source.Find("other"));
        Assert.Null(source.Find("missing"));
    }

    /// <summary>True when nothing holds the file open (.NET locks a file opened for sharing, on Unix too).</summary>
    private static bool Released(string path)
    {
        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                return true;
            }
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public void EveryWayOutOfOpeningReleasesTheFile()
    {
        string good = Save(ZipOf(3));
        var held = ZipPackageSource.Open(good, 10);
        Assert.False(Released(good));
        held.Dispose();
        Assert.True(Released(good));

        string tooMany = Save(ZipOf(20));
        Refused(tooMany, 10);
        Assert.True(Released(tooMany));

        string notAZip = Save(Encoding.ASCII.GetBytes(new string('x', 100)));
        Assert.Equal("InvalidPackage", Refused(notAZip, 10).Reason);
        Assert.True(Released(notAZip));
    }
}
