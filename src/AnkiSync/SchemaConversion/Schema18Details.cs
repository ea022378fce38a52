using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// Schema-18 details that the schema-11 <c>conf</c>/<c>tags</c> JSON cannot hold: the usn and mtime of each
    /// <c>config</c> row, which tags are expanded in the browser sidebar (schema 17+; Anki's default is collapsed),
    /// tag config blobs, and config values that are not valid JSON. Kept in <c>conf</c> under
    /// <see cref="PrivateKeys.Schema18Details"/>, and only when there is something to keep.
    /// </summary>
    internal sealed class Schema18Details
    {
        public Dictionary<string, (int Usn, long MtimeSecs)> ConfigRows { get; } = new Dictionary<string, (int, long)>(StringComparer.Ordinal);

        public Dictionary<string, byte[]> InvalidConfigValues { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);

        public HashSet<string> ExpandedTags { get; } = new HashSet<string>(StringComparer.Ordinal);

        public Dictionary<string, byte[]> TagConfigs { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);

        public bool IsEmpty => ConfigRows.Count == 0 && InvalidConfigValues.Count == 0 && ExpandedTags.Count == 0 && TagConfigs.Count == 0;

        public void Write(Utf8JsonWriter writer)
        {
            if (IsEmpty)
            {
                return;
            }

            writer.WriteStartObject(PrivateKeys.Schema18Details);
            if (ConfigRows.Count > 0)
            {
                writer.WriteStartObject("configRows");
                foreach (var entry in ConfigRows)
                {
                    writer.WriteStartArray(entry.Key);
                    writer.WriteNumberValue(entry.Value.Usn);
                    writer.WriteNumberValue(entry.Value.MtimeSecs);
                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            WriteBlobs(writer, "invalidConfigValues", InvalidConfigValues);
            if (ExpandedTags.Count > 0)
            {
                writer.WriteStartArray("expandedTags");
                foreach (var tag in ExpandedTags.OrderBy(t => t, StringComparer.Ordinal))
                {
                    writer.WriteStringValue(tag);
                }

                writer.WriteEndArray();
            }

            WriteBlobs(writer, "tagConfigs", TagConfigs);
            writer.WriteEndObject();
        }

        public static Schema18Details Read(JsonElement conf)
        {
            var state = new Schema18Details();
            if (!LegacyJson.TryGet(conf, PrivateKeys.Schema18Details, out var stored) || stored.ValueKind != JsonValueKind.Object)
            {
                return state;
            }

            if (LegacyJson.TryGet(stored, "configRows", out var rows))
            {
                foreach (var row in LegacyJson.Properties(rows))
                {
                    // The key is ours, but a package from elsewhere may hold anything under it; TryGet* throws on a non-number.
                    if (row.Value.ValueKind == JsonValueKind.Array && row.Value.GetArrayLength() == 2
                        && row.Value[0].ValueKind == JsonValueKind.Number && row.Value[1].ValueKind == JsonValueKind.Number
                        && row.Value[0].TryGetInt32(out var usn) && row.Value[1].TryGetInt64(out var mtime))
                    {
                        state.ConfigRows[row.Key] = (usn, mtime);
                    }
                }
            }

            ReadBlobs(stored, "invalidConfigValues", state.InvalidConfigValues);
            if (LegacyJson.TryGet(stored, "expandedTags", out var expanded) && expanded.ValueKind == JsonValueKind.Array)
            {
                foreach (var tag in expanded.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String))
                {
                    state.ExpandedTags.Add(tag.GetString()!);
                }
            }

            ReadBlobs(stored, "tagConfigs", state.TagConfigs);
            return state;
        }

        private static void WriteBlobs(Utf8JsonWriter writer, string name, Dictionary<string, byte[]> blobs)
        {
            if (blobs.Count == 0)
            {
                return;
            }

            writer.WriteStartObject(name);
            foreach (var entry in blobs)
            {
                writer.WriteString(entry.Key, Convert.ToBase64String(entry.Value));
            }

            writer.WriteEndObject();
        }

        private static void ReadBlobs(JsonElement stored, string name, Dictionary<string, byte[]> blobs)
        {
            if (!LegacyJson.TryGet(stored, name, out var map))
            {
                return;
            }

            foreach (var entry in LegacyJson.Properties(map))
            {
                if (entry.Value.ValueKind == JsonValueKind.String)
                {
                    blobs[entry.Key] = PrivateKeys.DecodeBase64(entry.Value.GetString()!);
                }
            }
        }
    }
}
