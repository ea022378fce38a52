using System;
using System.Linq;
using AnkiSync.SchemaConversion;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// The engine's protobuf reader and writer against Google.Protobuf's encoder (<see cref="ProtoBuilder"/>) and an
/// independent decoder (<see cref="WireDump"/>): proto3 defaults left out, the last value of a repeated scalar winning,
/// packed and unpacked repeated fields, and unknown fields kept byte for byte.
/// </summary>
public sealed class ProtoWireTests
{
    [Fact]
    public void ScalarsReadAsTheirTypesAndMissingOnesAsDefaults()
    {
        var message = ProtoMessage.Parse(new ProtoBuilder()
            .Varint(1, 1)
            .Int32(2, -5)
            .Varint(3, 5_000_000_000)
            .Float(4, 2.5f)
            .Text(5, "caf\u00e9")
            .Bytes(6, new byte[] { 9, 8 })
            .ToArray());

        Assert.True(message.Bool(1));
        Assert.Equal(-5, message.Int32(2));
        Assert.Equal(4294967291U, message.UInt32(2));
        Assert.Equal(5_000_000_000L, message.Int64(3));
        Assert.Equal(2.5f, message.Float(4));
        Assert.Equal("caf\u00e9", message.String(5));
        Assert.Equal(new byte[] { 9, 8 }, message.Bytes(6));
        Assert.True(message.Has(6));

        Assert.False(message.Has(7));
        Assert.Equal((false, 0, 0L, 0f, "", 0), (message.Bool(7), message.Int32(7), message.Int64(7), message.Float(7), message.String(7), message.Bytes(7).Length));
        Assert.Null(message.OptionalInt64(7));
        Assert.Null(message.OptionalUInt32(7));
        Assert.Null(message.OptionalFloat(7));
        Assert.Null(message.Message(7));
        Assert.Equal(4294967291U, message.OptionalUInt32(2));
        Assert.Equal(-5L, message.OptionalInt64(2));
        Assert.Equal(2.5f, message.OptionalFloat(4));
    }

    [Fact]
    public void AFieldOfTheWrongWireTypeReadsAsTheDefault()
    {
        var message = ProtoMessage.Parse(new ProtoBuilder().Text(1, "x").Varint(2, 3).ToArray());

        Assert.Equal(0UL, message.Varint(1));
        Assert.Equal(0f, message.Float(2));
        Assert.Equal("", message.String(2));
        Assert.Null(message.Message(2));
        Assert.Equal(0f, message.Float(1));
    }

    [Fact]
    public void TheLastValueOfARepeatedScalarWins()
    {
        var message = ProtoMessage.Parse(new ProtoBuilder().Varint(1, 3).Varint(1, 4).Text(2, "a").Text(2, "b").Float(3, 1).Float(3, 2).ToArray());

        Assert.Equal(4UL, message.Varint(1));
        Assert.Equal("b", message.String(2));
        Assert.Equal(2f, message.Float(3));
    }

    [Fact]
    public void RepeatedFieldsReadPackedAndUnpacked()
    {
        var message = ProtoMessage.Parse(new ProtoBuilder()
            .Floats(1, 1, 2)
            .Float(1, 3)
            .PackedVarints(2, 5, 300)
            .Varint(2, 7)
            .Message(3, new ProtoBuilder().Varint(1, 1))
            .Varint(4, 0)
            .Message(3, new ProtoBuilder().Varint(1, 2))
            .ToArray());

        Assert.Equal(new float[] { 1, 2, 3 }, message.Floats(1));
        Assert.Equal(new uint[] { 5, 300, 7 }, message.UInt32s(2));
        Assert.Equal(new ulong[] { 1, 2 }, message.Messages(3).Select(m => m.Varint(1)));
        Assert.Equal(2UL, message.Message(3)!.Varint(1));
        Assert.Empty(message.Floats(9));
        Assert.Empty(message.UInt32s(9));
    }

    [Fact]
    public void EmptyOrNullBytesAreAnEmptyMessage()
    {
        Assert.Empty(ProtoMessage.Parse(null).Fields);
        Assert.Empty(ProtoMessage.Parse(Array.Empty<byte>()).Fields);
    }

    [Fact]
    public void UnknownFieldsAreKeptByteForByteInWireOrder()
    {
        var bytes = new ProtoBuilder().Varint(1, 1).Text(20, "kept").Float(2, 1).Varint(21, 300).ToArray();
        var message = ProtoMessage.Parse(bytes);

        var unknown = message.UnknownFields(new[] { 1, 2 });

        Assert.Equal(new ProtoBuilder().Text(20, "kept").Varint(21, 300).ToArray(), unknown);
        Assert.Empty(message.UnknownFields(new[] { 1, 2, 20, 21 }));
        Assert.Equal(bytes, message.Fields.SelectMany(f => f.Raw).ToArray());
    }

    [Fact]
    public void AFixed64FieldIsKeptRawAndReadAsItsBits()
    {
        var bytes = new byte[] { (3 << 3) | 1, 1, 0, 0, 0, 0, 0, 0, 0 };

        var message = ProtoMessage.Parse(bytes);

        Assert.Equal(1UL, message.Varint(3));
        Assert.Equal(bytes, message.UnknownFields(Array.Empty<int>()));
    }

    [Fact]
    public void TheWriterLeavesOutDefaultsAsProto3Does()
    {
        var writer = new ProtoWriter();
        writer.Bool(1, false);
        writer.UInt32(2, 0);
        writer.Int32(3, 0);
        writer.Int64(4, 0);
        writer.Float(5, 0f);
        writer.String(6, "");
        writer.String(7, null);
        writer.Bytes(8, Array.Empty<byte>());
        writer.Bytes(9, null);
        writer.PackedFloats(10, Array.Empty<float>());
        writer.PackedUInt32s(11, Array.Empty<uint>());
        writer.OptionalUInt32(12, null);
        writer.OptionalInt64(13, null);
        writer.OptionalFloat(14, null);
        writer.Raw(null);
        writer.Raw(Array.Empty<byte>());

        Assert.Empty(writer.ToArray());
    }

    [Fact]
    public void TheWriterWritesWhatGoogleProtobufWrites()
    {
        var writer = new ProtoWriter();
        writer.Bool(1, true);
        writer.UInt32(2, 300);
        writer.Int32(3, -5);
        writer.Int64(4, -6_000_000_000);
        writer.Float(5, 1.5f);
        writer.String(6, "caf\u00e9");
        writer.Bytes(7, new byte[] { 1, 2 });
        writer.Message(8, Array.Empty<byte>());
        writer.PackedFloats(9, new[] { 1f, 2.5f });
        writer.PackedUInt32s(10, new uint[] { 1, 300, 70000 });
        writer.OptionalUInt32(11, 0);
        writer.OptionalInt64(12, 0);
        writer.OptionalFloat(13, 0f);
        writer.Raw(new ProtoBuilder().Varint(99, 9).ToArray());

        var expected = new ProtoBuilder()
            .Varint(1, 1)
            .Varint(2, 300)
            .Int32(3, -5)
            .Varint(4, unchecked((ulong)-6_000_000_000L))
            .Float(5, 1.5f)
            .Text(6, "caf\u00e9")
            .Bytes(7, new byte[] { 1, 2 })
            .Bytes(8, Array.Empty<byte>())
            .Floats(9, 1, 2.5f)
            .PackedVarints(10, 1, 300, 70000)
            .Varint(11, 0)
            .Varint(12, 0)
            .Float(13, 0)
            .Varint(99, 9)
            .ToArray();
        Assert.Equal(expected, writer.ToArray());
        Assert.Equal(WireDump.Describe(WireDump.Fields(expected)), WireDump.Describe(WireDump.Fields(writer.ToArray())));
    }
}
