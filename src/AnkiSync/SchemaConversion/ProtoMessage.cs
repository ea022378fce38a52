using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Google.Protobuf;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// A protobuf message split into its fields, read with Google.Protobuf's <see cref="CodedInputStream"/>.
    /// The getters follow proto3 rules: a missing field reads as its default, the last occurrence of a scalar wins,
    /// and repeated numbers are accepted packed or unpacked.
    /// </summary>
    internal sealed class ProtoMessage
    {
        private readonly List<ProtoField> fields;

        private ProtoMessage(List<ProtoField> fields) => this.fields = fields;

        public IReadOnlyList<ProtoField> Fields => fields;

        public static ProtoMessage Parse(byte[]? bytes)
        {
            var fields = new List<ProtoField>();
            if (bytes == null || bytes.Length == 0)
            {
                return new ProtoMessage(fields);
            }

            var input = new CodedInputStream(bytes);
            while (true)
            {
                var start = (int)input.Position;
                var tag = input.ReadTag();
                if (tag == 0)
                {
                    break;
                }

                var number = WireFormat.GetTagFieldNumber(tag);
                var wireType = WireFormat.GetTagWireType(tag);
                ulong scalar = 0;
                byte[]? payload = null;
                switch (wireType)
                {
                    case WireFormat.WireType.Varint:
                        scalar = input.ReadUInt64();
                        break;
                    case WireFormat.WireType.Fixed32:
                        scalar = input.ReadFixed32();
                        break;
                    case WireFormat.WireType.Fixed64:
                        scalar = input.ReadFixed64();
                        break;
                    case WireFormat.WireType.LengthDelimited:
                        payload = input.ReadBytes().ToByteArray();
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }

                var end = (int)input.Position;
                var raw = new byte[end - start];
                Buffer.BlockCopy(bytes, start, raw, 0, raw.Length);
                fields.Add(new ProtoField(number, wireType, scalar, payload, raw));
            }

            return new ProtoMessage(fields);
        }

        public bool Has(int number) => fields.Any(f => f.Number == number);

        private ProtoField? Last(int number)
        {
            for (var i = fields.Count - 1; i >= 0; i--)
            {
                if (fields[i].Number == number)
                {
                    return fields[i];
                }
            }

            return null;
        }

        public ulong Varint(int number)
        {
            var field = Last(number);
            return field == null || field.IsLengthDelimited ? 0 : field.Scalar;
        }

        public bool Bool(int number) => Varint(number) != 0;

        public uint UInt32(int number) => unchecked((uint)Varint(number));

        /// <summary>int32 and enum fields: negative values arrive sign-extended to 64 bits.</summary>
        public int Int32(int number) => unchecked((int)Varint(number));

        public long Int64(int number) => unchecked((long)Varint(number));

        public long? OptionalInt64(int number) => Has(number) ? Int64(number) : (long?)null;

        public uint? OptionalUInt32(int number) => Has(number) ? UInt32(number) : (uint?)null;

        public float Float(int number)
        {
            var field = Last(number);
            return field == null || field.WireType != WireFormat.WireType.Fixed32 ? 0f : ToSingle((uint)field.Scalar);
        }

        public float? OptionalFloat(int number) => Has(number) ? Float(number) : (float?)null;

        public string String(int number)
        {
            var field = Last(number);
            return field?.Payload == null ? string.Empty : Encoding.UTF8.GetString(field.Payload);
        }

        public byte[] Bytes(int number) => Last(number)?.Payload ?? Array.Empty<byte>();

        /// <summary>An embedded message, or null when the field is absent.</summary>
        public ProtoMessage? Message(int number)
        {
            var field = Last(number);
            return field?.Payload == null ? null : Parse(field.Payload);
        }

        public List<ProtoMessage> Messages(int number)
            => fields.Where(f => f.Number == number && f.Payload != null).Select(f => Parse(f.Payload)).ToList();

        public List<float> Floats(int number)
        {
            var values = new List<float>();
            foreach (var field in fields.Where(f => f.Number == number))
            {
                if (field.Payload != null)
                {
                    for (var i = 0; i + 4 <= field.Payload.Length; i += 4)
                    {
                        values.Add(BitConverter.ToSingle(field.Payload, i));
                    }
                }
                else if (field.WireType == WireFormat.WireType.Fixed32)
                {
                    values.Add(ToSingle((uint)field.Scalar));
                }
            }

            return values;
        }

        public List<uint> UInt32s(int number)
        {
            var values = new List<uint>();
            foreach (var field in fields.Where(f => f.Number == number))
            {
                if (field.Payload != null)
                {
                    var input = new CodedInputStream(field.Payload);
                    while (!input.IsAtEnd)
                    {
                        values.Add(input.ReadUInt32());
                    }
                }
                else if (field.WireType == WireFormat.WireType.Varint)
                {
                    values.Add(unchecked((uint)field.Scalar));
                }
            }

            return values;
        }

        /// <summary>The raw bytes of every field whose number is not in <paramref name="known"/>, in wire order.</summary>
        public byte[] UnknownFields(ICollection<int> known)
        {
            var unknown = fields.Where(f => !known.Contains(f.Number)).SelectMany(f => f.Raw).ToArray();
            return unknown;
        }

        private static float ToSingle(uint bits) => BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);
    }
}
