using System;
using System.IO;
using System.Text;
using AnkiSync.Packages;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// The ZIP CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF) of what is read
/// through the stream, checked against the published check value and against the CRCs .NET's zip writer stores.
/// </summary>
public class Crc32StreamTests
{
    [Fact]
    public void TheCheckValueOf123456789IsCbf43926()
    {
        using var stream = new Crc32Stream(new MemoryStream(Encoding.ASCII.GetBytes("123456789")));
        stream.Drain(new byte[4]);
        Assert.Equal(0xCBF43926u, stream.Value);
    }

    [Fact]
    public void NothingReadIsZero()
    {
        using var stream = new Crc32Stream(new MemoryStream());
        Assert.Equal(0u, stream.Value);
    }

    [Fact]
    public void ReadsIntoTheMiddleOfABufferCountOnlyTheBytesRead()
    {
        using var stream = new Crc32Stream(new MemoryStream(Encoding.ASCII.GetBytes("123456789")));
        var buffer = new byte[16];
        buffer.AsSpan().Fill(0xAA);
        Assert.Equal(4, stream.Read(buffer, 5, 4));
        Assert.Equal(5, stream.Read(buffer, 3, 10));
        Assert.Equal(0, stream.Read(buffer, 0, 16));
        Assert.Equal(0xCBF43926u, stream.Value);
    }

    [Fact]
    public void TheValueMatchesTheCrcTheZipFormatStores()
    {
        var data = new byte[100_000];
        new Random(9).NextBytes(data);
        var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("x").Open();
            entry.Write(data);
        }

        zip.Position = 0;
        using var read = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Read);
        using var stream = new Crc32Stream(new MemoryStream(data));
        stream.Drain(new byte[8192]);
        Assert.Equal(read.GetEntry("x")!.Crc32, stream.Value);
    }

    [Fact]
    public void DisposingDisposesTheInnerStream()
    {
        var inner = new MemoryStream(new byte[] { 1 });
        new Crc32Stream(inner).Dispose();
        Assert.False(inner.CanRead);
    }
}
