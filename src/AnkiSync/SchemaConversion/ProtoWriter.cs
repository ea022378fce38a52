using System.Collections.Generic;
using System.IO;
using Google.Protobuf;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// Builds one protobuf message with Google.Protobuf's <see cref="CodedOutputStream"/>, encoding each field the way
    /// Anki's prost-generated code does: proto3 scalars at their default are left out, <c>optional</c> fields are written
    /// whenever set, repeated numbers are packed and embedded messages are always written.
    /// </summary>
    internal sealed class ProtoWriter
    {
        private readonly MemoryStream stream = new MemoryStream();
        private readonly CodedOutputStream output;

        public ProtoWriter() => output = new CodedOutputStream(stream, leaveOpen: true);

        public void Bool(int number, bool value)
        {
            if (value)
            {
                output.WriteTag(number, WireFormat.WireType.Varint);
                output.WriteBool(true);
            }
        }

        public void UInt32(int number, uint value)
        {
            if (value != 0)
            {
                OptionalUInt32(number, value);
            }
        }

        public void OptionalUInt32(int number, uint? value)
        {
            if (value.HasValue)
            {
                output.WriteTag(number, WireFormat.WireType.Varint);
                output.WriteUInt32(value.Value);
            }
        }

        /// <summary>int32 and enum fields.</summary>
        public void Int32(int number, int value)
        {
            if (value != 0)
            {
                output.WriteTag(number, WireFormat.WireType.Varint);
                output.WriteInt32(value);
            }
        }

        public void Int64(int number, long value)
        {
            if (value != 0)
            {
                OptionalInt64(number, value);
            }
        }

        public void OptionalInt64(int number, long? value)
        {
            if (value.HasValue)
            {
                output.WriteTag(number, WireFormat.WireType.Varint);
                output.WriteInt64(value.Value);
            }
        }

        public void Float(int number, float value)
        {
            if (value != 0f)
            {
                OptionalFloat(number, value);
            }
        }

        public void OptionalFloat(int number, float? value)
        {
            if (value.HasValue)
            {
                output.WriteTag(number, WireFormat.WireType.Fixed32);
                output.WriteFloat(value.Value);
            }
        }

        public void String(int number, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                output.WriteTag(number, WireFormat.WireType.LengthDelimited);
                output.WriteString(value);
            }
        }

        public void Bytes(int number, byte[]? value)
        {
            if (value != null && value.Length > 0)
            {
                Message(number, value);
            }
        }

        /// <summary>An embedded message (or bytes) written even when empty, as prost does for a set message field.</summary>
        public void Message(int number, byte[] value)
        {
            output.WriteTag(number, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(value));
        }

        public void PackedFloats(int number, IReadOnlyCollection<float> values)
        {
            if (values.Count == 0)
            {
                return;
            }

            output.WriteTag(number, WireFormat.WireType.LengthDelimited);
            output.WriteLength(values.Count * 4);
            foreach (var value in values)
            {
                output.WriteFloat(value);
            }
        }

        public void PackedUInt32s(int number, IReadOnlyCollection<uint> values)
        {
            if (values.Count == 0)
            {
                return;
            }

            var length = 0;
            foreach (var value in values)
            {
                length += CodedOutputStream.ComputeUInt32Size(value);
            }

            output.WriteTag(number, WireFormat.WireType.LengthDelimited);
            output.WriteLength(length);
            foreach (var value in values)
            {
                output.WriteUInt32(value);
            }
        }

        /// <summary>Fields copied verbatim from another message (tags included).</summary>
        public void Raw(byte[]? fields)
        {
            if (fields == null || fields.Length == 0)
            {
                return;
            }

            output.Flush();
            stream.Write(fields, 0, fields.Length);
        }

        public byte[] ToArray()
        {
            output.Flush();
            return stream.ToArray();
        }
    }
}
