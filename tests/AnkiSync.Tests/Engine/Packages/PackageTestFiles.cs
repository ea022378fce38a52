using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using AnkiSync.Storage;
using Google.Protobuf;
using ZstdSharp;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>Builds and inspects package files for the tests, independently of the code under test.</summary>
internal static class PackageTestFiles
{
    public static readonly byte[] SqliteMagic = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>Writes a ZIP whose entries are given as (name, bytes, deflate?), in order.</summary>
    public static string Zip(string path, params (string Name, byte[] Data, bool Deflate)[] entries)
    {
        using var file = new FileStream(path, FileMode.Create);
        using var archive = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, data, deflate) in entries)
        {
            var entry = archive.CreateEntry(name, deflate ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            using var stream = entry.Open();
            stream.Write(data, 0, data.Length);
        }

        return path;
    }

    public static (string Name, byte[] Data, bool Deflate) Entry(string name, byte[] data, bool deflate = false) => (name, data, deflate);

    public static (string Name, byte[] Data, bool Deflate) Entry(string name, string text, bool deflate = false) => (name, Encoding.UTF8.GetBytes(text), deflate);

    /// <summary>A small real SQLite file holding one marker row, so a copy can be recognised.</summary>
    public static string SqliteFile(string path, string marker)
    {
        using (var db = AnkiDatabase.Open(path, create: true))
        {
            db.Execute("create table marker (text text)");
            db.Execute("insert into marker values ($m)", ("$m", marker));
        }

        return path;
    }

    public static byte[] SqliteBytes(TempFolder temp, string marker)
        => File.ReadAllBytes(SqliteFile(temp.Path("sqlite-" + Guid.NewGuid().ToString("N")), marker));

    public static string ReadMarker(string sqlitePath)
    {
        using var db = AnkiDatabase.Open(sqlitePath, readOnly: true);
        return (string)db.Scalar("select text from marker")!;
    }

    public static byte[] ZstdCompress(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var zstd = new CompressionStream(buffer, 3, 0, leaveOpen: true))
        {
            zstd.Write(data, 0, data.Length);
        }

        return buffer.ToArray();
    }

    public static byte[] ZstdDecompress(byte[] data)
    {
        using var input = new MemoryStream(data);
        using var zstd = new DecompressionStream(input);
        using var output = new MemoryStream();
        zstd.CopyTo(output);
        return output.ToArray();
    }

    public static byte[] Sha1(byte[] data)
    {
        using var sha1 = SHA1.Create();
        return sha1.ComputeHash(data);
    }

    /// <summary>Encodes a latest-format media map (before zstd), field by field; an empty SHA-1 is left out.</summary>
    public static byte[] MediaEntries(params (string Name, uint Size, byte[] Sha1)[] entries)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        foreach (var (name, size, sha1) in entries)
        {
            using var inner = new MemoryStream();
            var message = new CodedOutputStream(inner);
            message.WriteTag(1, WireFormat.WireType.LengthDelimited);
            message.WriteString(name);
            message.WriteTag(2, WireFormat.WireType.Varint);
            message.WriteUInt32(size);
            if (sha1.Length > 0)
            {
                message.WriteTag(3, WireFormat.WireType.LengthDelimited);
                message.WriteBytes(ByteString.CopyFrom(sha1));
            }

            message.Flush();
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(inner.ToArray()));
        }

        output.Flush();
        return buffer.ToArray();
    }

    /// <summary>Decodes a latest-format media map (after zstd).</summary>
    public static List<(string Name, uint Size, byte[] Sha1)> DecodeMediaEntries(byte[] protobuf)
    {
        var result = new List<(string, uint, byte[])>();
        var input = new CodedInputStream(protobuf);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            Assert.Equal(1, WireFormat.GetTagFieldNumber(tag));
            var inner = new CodedInputStream(input.ReadBytes().ToByteArray());
            string name = string.Empty;
            uint size = 0;
            var sha1 = Array.Empty<byte>();
            uint innerTag;
            while ((innerTag = inner.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(innerTag))
                {
                    case 1:
                        name = inner.ReadString();
                        break;
                    case 2:
                        size = inner.ReadUInt32();
                        break;
                    case 3:
                        sha1 = inner.ReadBytes().ToByteArray();
                        break;
                    default:
                        inner.SkipLastField();
                        break;
                }
            }

            result.Add((name, size, sha1));
        }

        return result;
    }

    public static byte[] ReadEntry(string zipPath, string name)
    {
        using var archive = ZipFile.OpenRead(zipPath);
        var entry = archive.GetEntry(name) ?? throw new InvalidOperationException($"{zipPath} has no entry {name}");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public static bool HasEntry(string zipPath, string name)
    {
        using var archive = ZipFile.OpenRead(zipPath);
        return archive.GetEntry(name) != null;
    }

    /// <summary>(name, compression method) of every central-directory record, in order: 0 = Stored, 8 = Deflate.</summary>
    public static List<(string Name, int Method)> CentralDirectory(string zipPath)
    {
        var bytes = File.ReadAllBytes(zipPath);
        var eocd = -1;
        for (var i = bytes.Length - 22; i >= 0; i--)
        {
            if (BitConverter.ToUInt32(bytes, i) == 0x06054b50)
            {
                eocd = i;
                break;
            }
        }

        Assert.True(eocd >= 0, "no end of central directory record");
        int count = BitConverter.ToUInt16(bytes, eocd + 10);
        var at = (int)BitConverter.ToUInt32(bytes, eocd + 16);
        var result = new List<(string, int)>();
        for (var n = 0; n < count; n++)
        {
            Assert.Equal(0x02014b50u, BitConverter.ToUInt32(bytes, at));
            int method = BitConverter.ToUInt16(bytes, at + 10);
            int nameLength = BitConverter.ToUInt16(bytes, at + 28);
            int extraLength = BitConverter.ToUInt16(bytes, at + 30);
            int commentLength = BitConverter.ToUInt16(bytes, at + 32);
            result.Add((Encoding.UTF8.GetString(bytes, at + 46, nameLength), method));
            at += 46 + nameLength + extraLength + commentLength;
        }

        return result;
    }

    /// <summary>Every file under <paramref name="root"/>, as paths relative to it.</summary>
    public static List<string> FilesUnder(string root)
        => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => System.IO.Path.GetRelativePath(root, path))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();
}
