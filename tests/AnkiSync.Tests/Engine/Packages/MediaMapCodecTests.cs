using System;
using System.IO;
using System.Linq;
using System.Text;
using AnkiSync.Packages;
using Google.Protobuf;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// The media map codec on its own: the legacy JSON map's shape and index keys, the latest protobuf map's wire types,
/// unknown fields, entry limit and UTF-8 names, and the exact bytes it writes (proto3 leaves empty fields out). Each
/// refusal is checked with the message a user reads. Protobuf is built here with the raw coded streams.
/// </summary>
public class MediaMapCodecTests
{
    private const string Package = "p.apkg";

    private static AnkiException Legacy(string json)
        => Assert.Throws<AnkiException>(() => MediaMapCodec.ReadLegacy(Encoding.UTF8.GetBytes(json), Package));

    private static AnkiException Latest(byte[] protobuf, int maxEntries = 100)
        => Assert.Throws<AnkiException>(() => MediaMapCodec.ReadLatest(protobuf, Package, maxEntries));

    /// <summary>A MediaEntries message whose entries are given as raw entry messages.</summary>
    private static byte[] Entries(params byte[][] entries)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        foreach (var entry in entries)
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(entry));
        }

        output.Flush();
        return buffer.ToArray();
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }

    private static byte[] Named(string name) => Message(o =>
    {
        o.WriteTag(1, WireFormat.WireType.LengthDelimited);
        o.WriteString(name);
    });

    [Theory]
    [InlineData("{", "it is not valid JSON.")]
    [InlineData("[]", "expected a JSON object, found Array.")]
    [InlineData("{\"0\": 5}", "the name for index 0 is Number, not a string.")]
    [InlineData("{\"0\": \"a\", \"0\": \"b\"}", "index 0 appears more than once.")]
    [InlineData("{\"\": \"a\"}", "'' is not a media index (expected a number such as \"0\").")]
    [InlineData("{\"1234567890\": \"a\"}", "'1234567890' is not a media index")]
    [InlineData("{\"1a\": \"a\"}", "'1a' is not a media index")]
    public void ALegacyMapIsRefusedSayingWhy(string json, string reason)
    {
        var error = Legacy(json);
        Assert.Equal("InvalidMediaMap", error.Reason);
        Assert.Contains(reason, error.Message);
        Assert.Contains(Package, error.Message);
    }

    [Fact]
    public void ALegacyMapIsOrderedByIndexUpToNineDigits()
    {
        var map = MediaMapCodec.ReadLegacy(Encoding.UTF8.GetBytes("{\"123456789\": \"z.jpg\", \"10\": \"b.jpg\", \"2\": \"a.jpg\"}"), Package);
        Assert.Equal(new[] { ("2", "a.jpg"), ("10", "b.jpg"), ("123456789", "z.jpg") }, map.Select(e => (e.EntryName, e.Name)));
        Assert.All(map, e => Assert.Null(e.Sha1));
    }

    [Fact]
    public void ALatestMapSkipsUnknownFieldsAroundAndInsideEntries()
    {
        var sha1 = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        var entry = Message(o =>
        {
            o.WriteTag(9, WireFormat.WireType.Varint);
            o.WriteUInt32(7);
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString("caf\u00e9.jpg");
            o.WriteTag(2, WireFormat.WireType.Varint);
            o.WriteUInt32(1234);
            o.WriteTag(3, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(sha1));
        });
        var map = Message(o =>
        {
            o.WriteTag(5, WireFormat.WireType.LengthDelimited);
            o.WriteString("not an entry");
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(entry));
            o.WriteTag(6, WireFormat.WireType.Varint);
            o.WriteUInt32(1);
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(Named("b.jpg")));
        });

        var read = MediaMapCodec.ReadLatest(map, Package, 100);

        Assert.Equal(2, read.Count);
        Assert.Equal(("0", "caf\u00e9.jpg", 1234L), (read[0].EntryName, read[0].Name, read[0].Size!.Value));
        Assert.Equal(sha1, read[0].Sha1);
        Assert.Equal(("1", "b.jpg", 0L), (read[1].EntryName, read[1].Name, read[1].Size!.Value));
        Assert.Empty(read[1].Sha1!);
    }

    [Fact]
    public void ALatestMapAtItsEntryLimitIsReadAndOneMoreIsRefused()
    {
        var map = Entries(Named("a"), Named("b"), Named("c"));
        Assert.Equal(3, MediaMapCodec.ReadLatest(map, Package, 3).Count);

        var error = Latest(map, 2);
        Assert.Equal("PackageTooLarge", error.Reason);
        Assert.Contains("the media map lists more than 2 files.", error.Message);
    }

    [Theory]
    [InlineData("entries")]
    [InlineData("name")]
    [InlineData("size")]
    [InlineData("sha1")]
    public void AFieldWithTheWrongWireTypeIsRefusedNamingIt(string field)
    {
        byte[] map = field switch
        {
            "entries" => Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.Varint);
                o.WriteUInt32(1);
            }),
            "name" => Entries(Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.Varint);
                o.WriteUInt32(1);
            })),
            "size" => Entries(Message(o =>
            {
                o.WriteTag(2, WireFormat.WireType.LengthDelimited);
                o.WriteString("12");
            })),
            _ => Entries(Message(o =>
            {
                o.WriteTag(3, WireFormat.WireType.Varint);
                o.WriteUInt32(1);
            })),
        };

        var error = Latest(map);
        Assert.Equal("InvalidMediaMap", error.Reason);
        Assert.Contains($"it is not a valid MediaEntries message (field '{field}' has wire type", error.Message);
    }

    [Fact]
    public void ALatestMapThatIsNotProtobufIsRefused()
    {
        var error = Latest(new byte[] { 0x0A, 0x05, 0x01 });
        Assert.Equal("InvalidMediaMap", error.Reason);
        Assert.Contains("it is not a valid MediaEntries message (", error.Message);
    }

    [Fact]
    public void ANameThatIsNotUtf8IsRefused()
    {
        var entry = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(0x61, 0xFF, 0x62));
        });

        var error = Latest(Entries(entry));
        Assert.Equal("InvalidMediaMap", error.Reason);
        Assert.Contains("a media name is not valid UTF-8.", error.Message);
    }

    [Fact]
    public void TheLatestMapLeavesEmptyFieldsOutAsProto3Does()
    {
        var sha1 = new byte[20];
        var written = MediaMapCodec.WriteLatest(new[] { ("", 0u, sha1), ("a", 3u, sha1) });

        // Entry 1: only its SHA-1 (field 3); entry 2: name, size and SHA-1.
        var expected = Entries(
            Message(o =>
            {
                o.WriteTag(3, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(sha1));
            }),
            Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString("a");
                o.WriteTag(2, WireFormat.WireType.Varint);
                o.WriteUInt32(3);
                o.WriteTag(3, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(sha1));
            }));
        Assert.Equal(expected, written);
    }
}
