using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// An independent protobuf decoder for assertions: the fields of a blob in wire order, each with a printable value.
/// Field 255 (Anki's <c>other</c>, JSON bytes) compares as JSON, so key order and number formatting do not matter.
/// </summary>
internal static class WireDump
{
    public static List<(int Number, string Value)> Fields(byte[] blob)
    {
        var result = new List<(int, string)>();
        var input = new CodedInputStream(blob);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    result.Add((number, "v" + input.ReadUInt64()));
                    break;
                case WireFormat.WireType.Fixed32:
                    result.Add((number, "f" + BitConverter.ToSingle(BitConverter.GetBytes(input.ReadFixed32()), 0).ToString("R")));
                    break;
                case WireFormat.WireType.Fixed64:
                    result.Add((number, "d" + input.ReadFixed64()));
                    break;
                case WireFormat.WireType.LengthDelimited:
                    var bytes = input.ReadBytes().ToByteArray();
                    result.Add((number, number == 255 ? "j" + JsonNode.Parse(bytes)!.ToJsonString() : "b" + Convert.ToBase64String(bytes)));
                    break;
                default:
                    input.SkipLastField();
                    result.Add((number, "group"));
                    break;
            }
        }

        return result;
    }

    /// <summary>Asserts two blobs carry the same fields and values (wire order aside; JSON <c>other</c> compared as JSON).</summary>
    public static void AssertSameFields(byte[] expected, byte[] actual, string what)
    {
        if (expected.SequenceEqual(actual))
        {
            return;
        }

        var left = Fields(expected).OrderBy(f => f.Number).ToList();
        var right = Fields(actual).OrderBy(f => f.Number).ToList();
        Assert.True(left.Count == right.Count, $"{what}: {Describe(left)} vs {Describe(right)}");
        for (var i = 0; i < left.Count; i++)
        {
            Assert.True(left[i].Number == right[i].Number, $"{what}: {Describe(left)} vs {Describe(right)}");
            if (left[i].Number == 255)
            {
                Assert.True(
                    JsonNode.DeepEquals(JsonNode.Parse(left[i].Value.Substring(1)), JsonNode.Parse(right[i].Value.Substring(1))),
                    $"{what}: other {left[i].Value} vs {right[i].Value}");
            }
            else
            {
                Assert.True(left[i].Value == right[i].Value, $"{what}: field {left[i].Number} {left[i].Value} vs {right[i].Value}");
            }
        }
    }

    public static string Describe(IEnumerable<(int Number, string Value)> fields)
    {
        var text = new StringBuilder();
        foreach (var (number, value) in fields)
        {
            text.Append(number).Append('=').Append(value.Length > 40 ? value.Substring(0, 40) + "…" : value).Append(' ');
        }

        return text.ToString();
    }

    public static string String(byte[] blob, int number)
    {
        var input = new CodedInputStream(blob);
        var value = string.Empty;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                value = input.ReadString();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return value;
    }

    public static ulong Varint(byte[] blob, int number)
    {
        var input = new CodedInputStream(blob);
        ulong value = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
            {
                value = input.ReadUInt64();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return value;
    }

    public static float Float(byte[] blob, int number)
    {
        var input = new CodedInputStream(blob);
        var value = 0f;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Fixed32)
            {
                value = input.ReadFloat();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return value;
    }

    /// <summary>The payload of a length-delimited field (an embedded message), or null.</summary>
    public static byte[]? Message(byte[] blob, int number)
    {
        var input = new CodedInputStream(blob);
        byte[]? value = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                value = input.ReadBytes().ToByteArray();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return value;
    }

    /// <summary>A packed repeated float field (empty when absent).</summary>
    public static float[] Floats(byte[] blob, int number)
    {
        byte[] packed = Message(blob, number) ?? Array.Empty<byte>();
        return Enumerable.Range(0, packed.Length / 4).Select(i => BitConverter.ToSingle(packed, i * 4)).ToArray();
    }
}
