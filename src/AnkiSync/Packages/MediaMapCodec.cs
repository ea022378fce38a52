using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using AnkiSync.SchemaConversion;
using Google.Protobuf;

namespace AnkiSync.Packages
{
    /// <summary>
    /// The <c>media</c> entry in both of its encodings: legacy JSON <c>{"0":"a.jpg",…}</c>, and the latest
    /// protobuf <c>MediaEntries { repeated MediaEntry entries = 1; }</c> with
    /// <c>MediaEntry { string name = 1; uint32 size = 2; bytes sha1 = 3; }</c> (zstd is applied by the caller).
    /// </summary>
    internal static class MediaMapCodec
    {
        private const int EntriesField = 1;
        private const int NameField = 1;
        private const int SizeField = 2;
        private const int Sha1Field = 3;

        /// <summary>Longest numbered entry name accepted ("999999999"); keeps the index inside an int.</summary>
        private const int MaxIndexDigits = 9;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>Decodes a legacy JSON map, ordered by index.</summary>
        public static List<MediaMapEntry> ReadLegacy(byte[] json, string packagePath)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException ex)
            {
                throw PackageErrors.InvalidMediaMap(packagePath, "it is not valid JSON.", ex);
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw PackageErrors.InvalidMediaMap(packagePath, $"expected a JSON object, found {document.RootElement.ValueKind}.");
                }

                var byIndex = new SortedDictionary<int, MediaMapEntry>();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var index = ParseIndex(property.Name, packagePath);
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        throw PackageErrors.InvalidMediaMap(packagePath, $"the name for index {property.Name} is {property.Value.ValueKind}, not a string.");
                    }

                    if (byIndex.ContainsKey(index))
                    {
                        throw PackageErrors.InvalidMediaMap(packagePath, $"index {property.Name} appears more than once.");
                    }

                    var entryName = index.ToString(CultureInfo.InvariantCulture);
                    byIndex.Add(index, new MediaMapEntry(entryName, property.Value.GetString()!, null, null));
                }

                return new List<MediaMapEntry>(byIndex.Values);
            }
        }

        /// <summary>Decodes latest-format protobuf; each entry's position is its numbered entry name.</summary>
        public static List<MediaMapEntry> ReadLatest(byte[] protobuf, string packagePath, int maxEntries)
        {
            var entries = new List<MediaMapEntry>();
            try
            {
                var input = new CodedInputStream(protobuf);
                uint tag;
                while ((tag = input.ReadTag()) != 0)
                {
                    if (WireFormat.GetTagFieldNumber(tag) != EntriesField)
                    {
                        input.SkipLastField();
                        continue;
                    }

                    RequireWireType(tag, WireFormat.WireType.LengthDelimited, "entries");
                    if (entries.Count >= maxEntries)
                    {
                        throw PackageErrors.TooLarge(packagePath, $"the media map lists more than {maxEntries} files.");
                    }

                    var entryName = entries.Count.ToString(CultureInfo.InvariantCulture);
                    entries.Add(ReadLatestEntry(input.ReadBytes().ToByteArray(), entryName));
                }
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw PackageErrors.InvalidMediaMap(packagePath, $"it is not a valid MediaEntries message ({ex.Message}).", ex);
            }
            catch (FormatException ex)
            {
                throw PackageErrors.InvalidMediaMap(packagePath, $"it is not a valid MediaEntries message ({ex.Message}).", ex);
            }
            catch (DecoderFallbackException ex)
            {
                throw PackageErrors.InvalidMediaMap(packagePath, "a media name is not valid UTF-8.", ex);
            }

            return entries;
        }

        /// <summary>Encodes the legacy JSON map, indexes 0..n-1 in the given order.</summary>
        public static byte[] WriteLegacy(IReadOnlyList<string> names)
        {
            // Escaped only where JSON requires, as Anki writes it.
            return LegacyJson.WriteBytes(writer =>
            {
                writer.WriteStartObject();
                for (var i = 0; i < names.Count; i++)
                {
                    writer.WriteString(i.ToString(CultureInfo.InvariantCulture), names[i]);
                }

                writer.WriteEndObject();
            });
        }

        /// <summary>Encodes the latest protobuf map; like Anki, fields at their default value are left out.</summary>
        public static byte[] WriteLatest(IReadOnlyList<(string Name, uint Size, byte[] Sha1)> entries)
        {
            using var buffer = new MemoryStream();
            var output = new CodedOutputStream(buffer);
            foreach (var (name, size, sha1) in entries)
            {
                var sha1Bytes = ByteString.CopyFrom(sha1);
                var length = 0;
                if (name.Length > 0)
                {
                    length += CodedOutputStream.ComputeTagSize(NameField) + CodedOutputStream.ComputeStringSize(name);
                }

                if (size != 0)
                {
                    length += CodedOutputStream.ComputeTagSize(SizeField) + CodedOutputStream.ComputeUInt32Size(size);
                }

                length += CodedOutputStream.ComputeTagSize(Sha1Field) + CodedOutputStream.ComputeBytesSize(sha1Bytes);

                output.WriteTag(EntriesField, WireFormat.WireType.LengthDelimited);
                output.WriteLength(length);
                if (name.Length > 0)
                {
                    output.WriteTag(NameField, WireFormat.WireType.LengthDelimited);
                    output.WriteString(name);
                }

                if (size != 0)
                {
                    output.WriteTag(SizeField, WireFormat.WireType.Varint);
                    output.WriteUInt32(size);
                }

                output.WriteTag(Sha1Field, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(sha1Bytes);
            }

            output.Flush();
            return buffer.ToArray();
        }

        private static MediaMapEntry ReadLatestEntry(byte[] message, string entryName)
        {
            var name = string.Empty;
            long size = 0;
            var sha1 = Array.Empty<byte>();
            var input = new CodedInputStream(message);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case NameField:
                        RequireWireType(tag, WireFormat.WireType.LengthDelimited, "name");
                        // Strict decoding: a name that is not UTF-8 is corrupt, not something to patch up.
                        name = StrictUtf8.GetString(input.ReadBytes().ToByteArray());
                        break;
                    case SizeField:
                        RequireWireType(tag, WireFormat.WireType.Varint, "size");
                        size = input.ReadUInt32();
                        break;
                    case Sha1Field:
                        RequireWireType(tag, WireFormat.WireType.LengthDelimited, "sha1");
                        sha1 = input.ReadBytes().ToByteArray();
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }

            return new MediaMapEntry(entryName, name, size, sha1);
        }

        private static void RequireWireType(uint tag, WireFormat.WireType expected, string field)
        {
            if (WireFormat.GetTagWireType(tag) != expected)
            {
                throw new FormatException($"field '{field}' has wire type {WireFormat.GetTagWireType(tag)}, expected {expected}");
            }
        }

        private static int ParseIndex(string key, string packagePath)
        {
            // Anki parses the key as an unsigned number and looks up the entry by its canonical spelling.
            var valid = key.Length > 0 && key.Length <= MaxIndexDigits;
            foreach (var c in key)
            {
                valid &= c >= '0' && c <= '9';
            }

            if (!valid)
            {
                throw PackageErrors.InvalidMediaMap(packagePath, $"'{key}' is not a media index (expected a number such as \"0\").");
            }

            return int.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture);
        }
    }
}
