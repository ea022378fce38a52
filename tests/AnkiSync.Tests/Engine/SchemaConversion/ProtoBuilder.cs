using System.IO;
using Google.Protobuf;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// Writes protobuf fields for test inputs with Google.Protobuf's own encoder, independent of the engine's
/// <c>ProtoWriter</c>: fields come out in the order they are added.
/// </summary>
internal sealed class ProtoBuilder
{
    private readonly MemoryStream stream = new();
    private readonly CodedOutputStream output;

    public ProtoBuilder() => output = new CodedOutputStream(stream);

    public ProtoBuilder Varint(int number, ulong value)
    {
        output.WriteTag(number, WireFormat.WireType.Varint);
        output.WriteUInt64(value);
        return this;
    }

    /// <summary>A signed int32 as protobuf writes it (a negative value takes ten bytes).</summary>
    public ProtoBuilder Int32(int number, int value)
    {
        output.WriteTag(number, WireFormat.WireType.Varint);
        output.WriteInt32(value);
        return this;
    }

    public ProtoBuilder Float(int number, float value)
    {
        output.WriteTag(number, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
        return this;
    }

    public ProtoBuilder Floats(int number, params float[] values)
    {
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteLength(values.Length * 4);
        foreach (float value in values)
        {
            output.WriteFloat(value);
        }

        return this;
    }

    public ProtoBuilder PackedVarints(int number, params uint[] values)
    {
        var packed = new ProtoBuilder();
        foreach (uint value in values)
        {
            packed.output.WriteUInt32(value);
        }

        return Bytes(number, packed.ToArray());
    }

    public ProtoBuilder Text(int number, string value)
    {
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
        return this;
    }

    public ProtoBuilder Bytes(int number, byte[] value)
    {
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public ProtoBuilder Message(int number, ProtoBuilder message) => Bytes(number, message.ToArray());

    public byte[] ToArray()
    {
        output.Flush();
        return stream.ToArray();
    }
}
