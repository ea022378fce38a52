using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// Reading and writing the schema-11 <c>col</c> JSON the way Anki's serde structs accept it: ids may be numeric
    /// strings, booleans may be 0/1 or strings, and a value of the wrong type falls back to a default instead of failing.
    /// Output is compact, with only the escaping JSON requires (like serde_json).
    /// </summary>
    internal static class LegacyJson
    {
        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        private static readonly JsonDocumentOptions ReaderOptions = new JsonDocumentOptions
        {
            AllowTrailingCommas = false,
            MaxDepth = 256,
        };

        public static byte[] WriteBytes(Action<Utf8JsonWriter> write)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                write(writer);
            }

            return stream.ToArray();
        }

        public static string Write(Action<Utf8JsonWriter> write) => Encoding.UTF8.GetString(WriteBytes(write));

        public static JsonDocument Parse(string json) => JsonDocument.Parse(json, ReaderOptions);

        public static JsonDocument Parse(byte[] json) => JsonDocument.Parse(json, ReaderOptions);

        /// <summary>A property of an object; false when <paramref name="obj"/> is not an object or lacks the key.</summary>
        public static bool TryGet(JsonElement obj, string key, out JsonElement value)
        {
            if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out value))
            {
                return true;
            }

            value = default;
            return false;
        }

        /// <summary>The object's properties with duplicate keys collapsed (the last value wins, the first position is kept).</summary>
        public static List<KeyValuePair<string, JsonElement>> Properties(JsonElement obj)
        {
            var result = new List<KeyValuePair<string, JsonElement>>();
            if (obj.ValueKind != JsonValueKind.Object)
            {
                return result;
            }

            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var property in obj.EnumerateObject())
            {
                if (positions.TryGetValue(property.Name, out var index))
                {
                    result[index] = new KeyValuePair<string, JsonElement>(property.Name, property.Value);
                }
                else
                {
                    positions[property.Name] = result.Count;
                    result.Add(new KeyValuePair<string, JsonElement>(property.Name, property.Value));
                }
            }

            return result;
        }

        /// <summary>
        /// A JSON number that fits a u16, as serde reads one: no string, no fraction. (JsonElement's own TryGetUInt16
        /// throws on anything but a number, and a package may hold anything.)
        /// </summary>
        public static bool TryUInt16(JsonElement value, out ushort result)
        {
            result = 0;
            return value.ValueKind == JsonValueKind.Number && value.TryGetUInt16(out result);
        }

        /// <summary>A JSON number that fits a u32, as <see cref="TryUInt16"/>.</summary>
        public static bool TryUInt32(JsonElement value, out uint result)
        {
            result = 0;
            return value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out result);
        }

        public static bool TryInt64(JsonElement value, out long result)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Number:
                    if (value.TryGetInt64(out result))
                    {
                        return true;
                    }

                    var number = value.GetDouble();
                    if (Math.Abs(number) < 9.2e18)
                    {
                        result = (long)number;
                        return true;
                    }

                    break;
                case JsonValueKind.String:
                    return long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out result);
            }

            result = 0;
            return false;
        }

        public static long Int64(JsonElement obj, string key, long fallback)
            => TryGet(obj, key, out var value) && TryInt64(value, out var result) ? result : fallback;

        public static long? OptionalInt64(JsonElement obj, string key)
            => TryGet(obj, key, out var value) && TryInt64(value, out var result) ? result : (long?)null;

        public static int Int32(JsonElement obj, string key, int fallback)
        {
            var value = Int64(obj, key, fallback);
            return value < int.MinValue || value > int.MaxValue ? fallback : (int)value;
        }

        /// <summary>An unsigned value; negative or out-of-range input gives the fallback.</summary>
        public static uint UInt32(JsonElement obj, string key, uint fallback)
        {
            var value = Int64(obj, key, fallback);
            return value < 0 || value > uint.MaxValue ? fallback : (uint)value;
        }

        public static uint? OptionalUInt32(JsonElement obj, string key)
        {
            var value = OptionalInt64(obj, key);
            return value.HasValue && value.Value >= 0 && value.Value <= uint.MaxValue ? (uint)value.Value : (uint?)null;
        }

        /// <summary>Anki's <c>deserialize_bool_from_anything</c>: true/false, numbers (non-zero is true), or "true"/"1".</summary>
        public static bool ToBool(JsonElement value, bool fallback)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.Number:
                    return value.GetDouble() != 0;
                case JsonValueKind.String:
                    var text = value.GetString()?.Trim();
                    if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) || text == "1")
                    {
                        return true;
                    }

                    if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) || text == "0" || text?.Length == 0)
                    {
                        return false;
                    }

                    return fallback;
                default:
                    return fallback;
            }
        }

        public static bool Bool(JsonElement obj, string key, bool fallback)
            => TryGet(obj, key, out var value) ? ToBool(value, fallback) : fallback;

        /// <summary>Only JSON true/false count; anything else gives the fallback (a plain serde bool with <c>default_on_invalid</c>).</summary>
        public static bool StrictBool(JsonElement obj, string key, bool fallback)
        {
            if (!TryGet(obj, key, out var value))
            {
                return fallback;
            }

            return value.ValueKind == JsonValueKind.True || (value.ValueKind != JsonValueKind.False && fallback);
        }

        /// <summary>A JSON number that fits 16 bits unsigned (Anki's u16 fields), otherwise the fallback.</summary>
        public static uint UInt16(JsonElement obj, string key, uint fallback)
        {
            var value = Int64(obj, key, fallback);
            return value < 0 || value > ushort.MaxValue ? fallback : (uint)value;
        }

        public static bool TryFloat(JsonElement value, out float result)
        {
            if (value.ValueKind == JsonValueKind.Number)
            {
                result = (float)value.GetDouble();
                return true;
            }

            if (value.ValueKind == JsonValueKind.String
                && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                result = (float)parsed;
                return true;
            }

            result = 0;
            return false;
        }

        public static float Float(JsonElement obj, string key, float fallback)
            => TryGet(obj, key, out var value) && TryFloat(value, out var result) ? result : fallback;

        public static float? OptionalFloat(JsonElement obj, string key)
            => TryGet(obj, key, out var value) && TryFloat(value, out var result) ? result : (float?)null;

        /// <summary>A string value; any other type gives the fallback (Anki's <c>default_on_invalid</c>).</summary>
        public static string String(JsonElement obj, string key, string fallback)
            => TryGet(obj, key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? fallback : fallback;

        /// <summary>An array of numbers, or null when the key is missing or not such an array.</summary>
        public static List<float>? Floats(JsonElement obj, string key)
        {
            if (!TryGet(obj, key, out var value) || value.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var result = new List<float>();
            foreach (var item in value.EnumerateArray())
            {
                if (!TryFloat(item, out var number))
                {
                    return null;
                }

                result.Add(number);
            }

            return result;
        }

        /// <summary>Writes a 32-bit float with its shortest round-tripping text, as serde_json does for f32.</summary>
        public static void WriteFloatValue(Utf8JsonWriter writer, float value)
        {
            if (float.IsNaN(value) || float.IsInfinity(value))
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        public static void WriteFloat(Utf8JsonWriter writer, string name, float value)
        {
            writer.WritePropertyName(name);
            WriteFloatValue(writer, value);
        }

        public static void WriteFloats(Utf8JsonWriter writer, string name, IEnumerable<float> values)
        {
            writer.WriteStartArray(name);
            foreach (var value in values)
            {
                WriteFloatValue(writer, value);
            }

            writer.WriteEndArray();
        }

        /// <summary>Writes a JSON object held as bytes (an <c>other</c> bag) property by property, skipping keys already written.</summary>
        public static void WriteOtherProperties(Utf8JsonWriter writer, JsonElement other, ISet<string> written)
        {
            foreach (var property in Properties(other))
            {
                if (!PrivateKeys.IsPrivate(property.Key) && written.Add(property.Key))
                {
                    writer.WritePropertyName(property.Key);
                    property.Value.WriteTo(writer);
                }
            }
        }

        /// <summary>
        /// The <c>other</c> bag of an object: every property that is neither in <paramref name="reserved"/> nor private to AnkiSync,
        /// as compact JSON bytes, or an empty array when there is none (Anki stores empty bytes then).
        /// </summary>
        public static byte[] OtherBytes(JsonElement obj, ICollection<string> reserved)
        {
            var others = new List<KeyValuePair<string, JsonElement>>();
            foreach (var property in Properties(obj))
            {
                if (!reserved.Contains(property.Key) && !PrivateKeys.IsPrivate(property.Key))
                {
                    others.Add(property);
                }
            }

            return others.Count == 0 ? Array.Empty<byte>() : WriteObject(others);
        }

        public static byte[] WriteObject(IEnumerable<KeyValuePair<string, JsonElement>> properties)
            => WriteBytes(writer =>
            {
                writer.WriteStartObject();
                foreach (var property in properties)
                {
                    writer.WritePropertyName(property.Key);
                    property.Value.WriteTo(writer);
                }

                writer.WriteEndObject();
            });

        /// <summary>Parses an <c>other</c> bag; bytes that are not a JSON object read as an empty object, as in Anki.</summary>
        public static JsonElement ParseOther(byte[] bytes)
        {
            if (bytes.Length > 0)
            {
                try
                {
                    using var document = Parse(bytes);
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        return document.RootElement.Clone();
                    }
                }
                catch (JsonException)
                {
                }
            }

            return EmptyObject;
        }

        public static JsonElement EmptyObject { get; } = CreateEmptyObject();

        private static JsonElement CreateEmptyObject()
        {
            using var document = JsonDocument.Parse("{}");
            return document.RootElement.Clone();
        }
    }
}
