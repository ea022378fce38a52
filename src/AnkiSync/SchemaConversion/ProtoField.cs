using Google.Protobuf;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// One field of a protobuf message as it appeared on the wire: its number, wire type, decoded payload
    /// and the exact bytes (tag included), so that fields this code does not understand can be written back untouched.
    /// </summary>
    internal sealed class ProtoField
    {
        public ProtoField(int number, WireFormat.WireType wireType, ulong scalar, byte[]? payload, byte[] raw)
        {
            Number = number;
            WireType = wireType;
            Scalar = scalar;
            Payload = payload;
            Raw = raw;
        }

        public int Number { get; }

        public WireFormat.WireType WireType { get; }

        /// <summary>The varint, fixed32 or fixed64 value; 0 for length-delimited fields.</summary>
        public ulong Scalar { get; }

        /// <summary>The bytes of a length-delimited field, otherwise null.</summary>
        public byte[]? Payload { get; }

        /// <summary>Tag and value exactly as read.</summary>
        public byte[] Raw { get; }

        public bool IsLengthDelimited => WireType == WireFormat.WireType.LengthDelimited;
    }
}
