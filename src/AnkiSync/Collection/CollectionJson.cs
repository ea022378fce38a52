using System;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AnkiSync.Storage;

namespace AnkiSync.Collection
{
    /// <summary>
    /// The schema-11 <c>col</c> row held in memory: its JSON blobs are parsed once, changed in place and
    /// written back by <see cref="Save"/> inside the caller's transaction. Unknown keys survive untouched.
    /// </summary>
    internal sealed class CollectionJson
    {
        /// <summary>
        /// Compact, escaping only what JSON requires, as serde_json writes: HTML and non-ASCII text stay as they are
        /// (System.Text.Json's default would store every '&lt;' of a template as <c>\u003C</c>).
        /// </summary>
        private static readonly JsonSerializerOptions WriteOptions = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private CollectionJson(long created, JsonObject conf, JsonObject models, JsonObject decks, JsonObject deckConfigs, JsonObject tags)
        {
            Created = created;
            Conf = conf;
            Models = models;
            Decks = decks;
            DeckConfigs = deckConfigs;
            Tags = tags;
        }

        /// <summary><c>col.crt</c>: creation time in seconds, day 0 of review due numbers.</summary>
        public long Created { get; }

        public JsonObject Conf { get; }

        public JsonObject Models { get; }

        public JsonObject Decks { get; }

        public JsonObject DeckConfigs { get; }

        public JsonObject Tags { get; }

        public static CollectionJson Load(AnkiDatabase db, object target)
        {
            if (!db.TableExists("col"))
            {
                throw new AnkiException(AnkiErrors.InvalidCollection, $"'{target}' is not an Anki collection: it has no 'col' table.", target);
            }

            using var command = db.Command("select crt, conf, models, decks, dconf, tags from col limit 1");
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                throw new AnkiException(AnkiErrors.InvalidCollection, $"'{target}' is not a usable Anki collection: its 'col' table has no row.", target);
            }

            // crt is declared "integer not null", but SQLite enforces neither on a damaged or hand-made file.
            long created;
            switch (reader.GetValue(0))
            {
                case long whole:
                    created = whole;
                    break;
                case double real when real >= long.MinValue && real <= long.MaxValue && Math.Floor(real) == real:
                    created = (long)real;
                    break;
                default:
                    throw new AnkiException(AnkiErrors.InvalidCollection, $"'{target}' is not a usable Anki collection: its creation time (col.crt) is not a whole number.", target);
            }

            return new CollectionJson(
                created,
                Parse(reader.GetValue(1), "conf", target),
                Parse(reader.GetValue(2), "models", target),
                Parse(reader.GetValue(3), "decks", target),
                Parse(reader.GetValue(4), "dconf", target),
                Parse(reader.GetValue(5), "tags", target));
        }

        public void Save(AnkiDatabase db, long modifiedMs)
        {
            db.Execute(
                "update col set mod = $mod, conf = $conf, models = $models, decks = $decks, dconf = $dconf, tags = $tags",
                ("$mod", modifiedMs),
                ("$conf", Write(Conf)),
                ("$models", Write(Models)),
                ("$decks", Write(Decks)),
                ("$dconf", Write(DeckConfigs)),
                ("$tags", Write(Tags)));
        }

        /// <summary>The text of <paramref name="node"/> as it is stored in a collection.</summary>
        public static string Write(JsonNode node) => node.ToJsonString(WriteOptions);

        /// <summary>Reads an integer that older writers may have stored as a number or a numeric string.</summary>
        public static long ReadLong(JsonNode? node, long fallback = 0)
        {
            if (node is JsonValue value)
            {
                // Values built in memory hold their CLR type (int, long, double…); parsed ones hold a JsonElement.
                // The kind and the JSON text cover both.
                switch (value.GetValueKind())
                {
                    case JsonValueKind.Number:
                        string number = value.ToJsonString();
                        if (long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out long whole))
                            return whole;
                        // Beyond a long's range a cast gives an arbitrary value; such a number reads as missing.
                        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double real) && real >= long.MinValue && real < long.MaxValue)
                            return (long)real;
                        break;
                    case JsonValueKind.String:
                        if (long.TryParse(value.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed))
                            return parsed;
                        break;
                    case JsonValueKind.True:
                        return 1;
                    case JsonValueKind.False:
                        return 0;
                }
            }

            return fallback;
        }

        public static string ReadString(JsonNode? node, string fallback = "")
        {
            if (node is JsonValue value)
            {
                return value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            }

            return fallback;
        }

        private static JsonObject Parse(object raw, string column, object target)
        {
            string text = raw as string ?? (raw is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : "");
            JsonObject parsed;
            try
            {
                parsed = JsonNode.Parse(text) as JsonObject
                    ?? throw new AnkiException(AnkiErrors.InvalidCollectionJson, $"The '{column}' JSON of '{target}' is not a JSON object.", target);
            }
            catch (JsonException e)
            {
                throw new AnkiException(AnkiErrors.InvalidCollectionJson, $"The '{column}' JSON of '{target}' is invalid: {e.Message}", target, e);
            }

            try
            {
                Materialize(parsed);
            }
            catch (ArgumentException e)
            {
                throw new AnkiException(AnkiErrors.InvalidCollectionJson, $"The '{column}' JSON of '{target}' is invalid: an object has the same key more than once ({e.Message}).", target, e);
            }

            return parsed;
        }

        /// <summary>
        /// JsonNode builds objects lazily and throws ArgumentException for a repeated key only when the object is
        /// first used; walking the whole tree once here makes that happen while loading, not in a later command.
        /// The parser's depth limit (64) bounds the recursion.
        /// </summary>
        private static void Materialize(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var pair in obj)
                    {
                        Materialize(pair.Value);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Materialize(item);
                    }

                    break;
            }
        }
    }
}
