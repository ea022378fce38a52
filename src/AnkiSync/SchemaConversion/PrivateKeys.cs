using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Storage;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// JSON keys AnkiSync adds to the schema-11 <c>col</c> JSON so that a schema-18 collection survives
    /// 18 → 11 → 18 without losing what schema 11 has no place for. Every key starts with <see cref="Prefix"/>;
    /// the upgrade consumes them (they never reach an <c>other</c> bag) and <see cref="RemoveFrom"/> strips them
    /// from a collection about to be written in a legacy format.
    /// </summary>
    internal static class PrivateKeys
    {
        public const string Prefix = "ankisync";

        /// <summary>On notetypes, fields, templates and decks: protobuf fields this code does not map, per message, base64.</summary>
        public const string UnknownProto = "ankisyncProto";

        /// <summary>On a dconf entry: the complete <c>DeckConfig.Config</c> protobuf it came from, base64.</summary>
        public const string DeckConfigProto = "ankisyncConfigProto";

        /// <summary>On a template: the schema-18 <c>templates.mtime_secs</c> and <c>usn</c> columns, when not 0.</summary>
        public const string TemplateMtime = "ankisyncMtime";

        public const string TemplateUsn = "ankisyncUsn";

        /// <summary>In <c>conf</c>: config-row usn/mtime, tag collapse state and tag config blobs.</summary>
        public const string Schema18Details = "ankisyncSchema18";

        public static bool IsPrivate(string key) => key.StartsWith(Prefix, StringComparison.Ordinal);

        public static void WriteProtoStash(Utf8JsonWriter writer, params (string Part, byte[] Fields)[] parts)
        {
            if (parts.All(p => p.Fields.Length == 0))
            {
                return;
            }

            writer.WriteStartObject(UnknownProto);
            foreach (var (part, fields) in parts.Where(p => p.Fields.Length > 0))
            {
                writer.WriteString(part, Convert.ToBase64String(fields));
            }

            writer.WriteEndObject();
        }

        public static byte[] ReadProtoStash(JsonElement obj, string part)
        {
            if (LegacyJson.TryGet(obj, UnknownProto, out var stash))
            {
                return DecodeBase64(LegacyJson.String(stash, part, string.Empty));
            }

            return Array.Empty<byte>();
        }

        public static byte[] DecodeBase64(string text)
        {
            if (text.Length == 0)
            {
                return Array.Empty<byte>();
            }

            try
            {
                return Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                return Array.Empty<byte>();
            }
        }

        /// <summary>Removes every AnkiSync key from the <c>col</c> JSON of a schema-11 collection (for legacy exports).</summary>
        public static void RemoveFrom(AnkiDatabase db)
        {
            using var scope = db.BeginTransaction();
            var row = ReadColJson(db);
            var conf = ParseObject(row["conf"]);
            StripKeys(conf);
            var models = Strip(row["models"], model =>
            {
                StripItems(model, "flds");
                StripItems(model, "tmpls");
            });
            var decks = Strip(row["decks"], _ => { });
            var dconf = Strip(row["dconf"], _ => { });
            db.Execute(
                "update col set conf = $conf, models = $models, decks = $decks, dconf = $dconf",
                ("$conf", CollectionJson.Write(conf)),
                ("$models", CollectionJson.Write(models)),
                ("$decks", CollectionJson.Write(decks)),
                ("$dconf", CollectionJson.Write(dconf)));
            scope.Complete();
        }

        private static Dictionary<string, string> ReadColJson(AnkiDatabase db)
        {
            using var command = db.Command("select conf, models, decks, dconf from col");
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                throw new AnkiException(AnkiErrors.InvalidCollection, $"The collection '{db.Path}' has no col row.", db.Path);
            }

            return new Dictionary<string, string>
            {
                ["conf"] = reader.GetString(0),
                ["models"] = reader.GetString(1),
                ["decks"] = reader.GetString(2),
                ["dconf"] = reader.GetString(3),
            };
        }

        /// <summary>Parses a map of objects and strips private keys from each entry (and, via <paramref name="inner"/>, its children).</summary>
        private static JsonObject Strip(string json, Action<JsonObject> inner)
        {
            var map = ParseObject(json);
            foreach (var entry in map.ToList())
            {
                if (entry.Value is JsonObject item)
                {
                    StripKeys(item);
                    inner(item);
                }
            }

            return map;
        }

        private static JsonObject ParseObject(string json)
            => JsonNode.Parse(json) as JsonObject
                ?? throw new AnkiException(AnkiErrors.InvalidCollection, "The col JSON is not an object.");

        private static void StripItems(JsonObject parent, string arrayKey)
        {
            if (parent[arrayKey] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    StripKeys(item);
                }
            }
        }

        private static void StripKeys(JsonObject obj)
        {
            foreach (var key in obj.Select(p => p.Key).Where(IsPrivate).ToList())
            {
                obj.Remove(key);
            }
        }
    }
}
