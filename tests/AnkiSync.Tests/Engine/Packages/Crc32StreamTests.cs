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
    public void EveryReadSizeAndOffsetGivesTheBitwiseCrc()
    {
        var data = new byte[61];
        new Random(14).NextBytes(data);
        uint expected = BitwiseCrc(data);
        for (int chunk = 1; chunk <= data.Length; chunk++)
        {
            using var stream = new Crc32Stream(new MemoryStream(data));
            var buffer = new byte[chunk + 7];
            while (stream.Read(buffer, chunk % 8, chunk) > 0)
            {
            }

            Assert.Equal(expected, stream.Value);
        }
    }

    /// <summary>The CRC-32 one bit at a time, straight from the polynomial: the reference for the table-driven code.</summary>
    private static uint BitwiseCrc(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    [Fact]
    public void DisposingDisposesTheInnerStream()
    {
        var inner = new MemoryStream(new byte[] { 1 });
        new Crc32Stream(inner).Dispose();
        Assert.False(inner.CanRead);
    }
}
