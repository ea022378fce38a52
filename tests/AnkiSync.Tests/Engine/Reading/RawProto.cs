using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>
/// The top-level fields of a protobuf message, read with Google.Protobuf's wire reader only (no generated
/// classes, nothing from the engine), so schema-18 blobs can be checked independently of the code under test.
/// </summary>
internal sealed class RawProto
{
    private readonly List<(int Field, ulong Number, byte[]? Bytes)> fields = new();

    public RawProto(byte[]? message)
    {
        if (message == null)
        {
            return;
        }

        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            int field = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    fields.Add((field, input.ReadUInt64(), null));
                    break;
                case WireFormat.WireType.LengthDelimited:
                    fields.Add((field, 0, input.ReadBytes().ToByteArray()));
                    break;
                case WireFormat.WireType.Fixed32:
                    fields.Add((field, input.ReadFixed32(), null));
                    break;
                case WireFormat.WireType.Fixed64:
                    fields.Add((field, input.ReadFixed64(), null));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
    }

    public bool Has(int field) => fields.Any(f => f.Field == field);

    /// <summary>The last value of a varint field (proto3: an absent field is 0).</summary>
    public ulong Number(int field) => fields.LastOrDefault(f => f.Field == field).Number;

    public string Text(int field)
    {
        var bytes = fields.LastOrDefault(f => f.Field == field && f.Bytes != null).Bytes;
        return bytes == null ? "" : System.Text.Encoding.UTF8.GetString(bytes);
    }

    public byte[]? Bytes(int field) => fields.LastOrDefault(f => f.Field == field && f.Bytes != null).Bytes;

    /// <summary>Every value of a repeated message field.</summary>
    public IEnumerable<RawProto> Messages(int field) => fields.Where(f => f.Field == field && f.Bytes != null).Select(f => new RawProto(f.Bytes));
}
