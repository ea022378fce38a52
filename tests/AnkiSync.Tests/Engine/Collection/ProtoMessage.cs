using System.Collections.Generic;
using System.Linq;
using System.Text;
using Google.Protobuf;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// A schema-18 config blob read generically: field number to its values (varints as ulong,
/// length-delimited as bytes). Enough to compare stock note types with a real collection.
/// </summary>
internal sealed class ProtoMessage
{
    private readonly Dictionary<int, List<object>> values = new();

    public ProtoMessage(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    Add(number, input.ReadUInt64());
                    break;
                case WireFormat.WireType.LengthDelimited:
                    Add(number, input.ReadBytes().ToByteArray());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
    }

    public bool Has(int field) => values.ContainsKey(field);

    public ulong Varint(int field) => values.TryGetValue(field, out var list) ? (ulong)list.Last() : 0;

    public string Text(int field) => values.TryGetValue(field, out var list) ? Encoding.UTF8.GetString((byte[])list.Last()) : "";

    public IEnumerable<ProtoMessage> Messages(int field)
        => values.TryGetValue(field, out var list) ? list.Select(v => new ProtoMessage((byte[])v)) : Enumerable.Empty<ProtoMessage>();

    /// <summary>A repeated varint field, packed or not.</summary>
    public List<ulong> Varints(int field)
    {
        var result = new List<ulong>();
        if (!values.TryGetValue(field, out var list))
        {
            return result;
        }

        foreach (var value in list)
        {
            if (value is ulong single)
            {
                result.Add(single);
                continue;
            }

            var packed = new CodedInputStream((byte[])value);
            while (!packed.IsAtEnd)
            {
                result.Add(packed.ReadUInt64());
            }
        }

        return result;
    }

    private void Add(int field, object value)
    {
        if (!values.TryGetValue(field, out var list))
        {
            values[field] = list = new List<object>();
        }

        list.Add(value);
    }
}
