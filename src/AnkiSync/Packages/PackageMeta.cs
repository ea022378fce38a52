using System;
using System.IO;
using Google.Protobuf;

namespace AnkiSync.Packages
{
    /// <summary>The <c>meta</c> entry: protobuf <c>PackageMetadata { Version version = 1; }</c>.</summary>
    internal static class PackageMeta
    {
        private const int VersionField = 1;

        public static byte[] Encode(PackageVersion version)
        {
            using var buffer = new MemoryStream();
            var output = new CodedOutputStream(buffer);
            output.WriteTag(VersionField, WireFormat.WireType.Varint);
            output.WriteEnum((int)version);
            output.Flush();
            return buffer.ToArray();
        }

        /// <summary>
        /// The version the entry declares; 0 (unknown) when the field is absent, as proto3 reads it.
        /// Throws <see cref="InvalidProtocolBufferException"/> or <see cref="FormatException"/> when the bytes are not a valid message.
        /// </summary>
        public static long Decode(byte[] data)
        {
            long version = 0;
            var input = new CodedInputStream(data);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == VersionField)
                {
                    if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.Varint)
                    {
                        throw new FormatException("the version field is not a varint");
                    }

                    // Read as 64-bit so that an out-of-range enum value is reported as itself.
                    version = input.ReadInt64();
                }
                else
                {
                    input.SkipLastField();
                }
            }

            return version;
        }

        /// <summary>Maps a declared version to the enum, or null when it is unknown (0, negative or newer than Latest).</summary>
        public static PackageVersion? ToKnownVersion(long declared)
            => declared >= (long)PackageVersion.Legacy1 && declared <= (long)PackageVersion.Latest
                ? (PackageVersion)declared
                : (PackageVersion?)null;
    }
}
