using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Text;

namespace AnkiSync.Collection
{
    /// <summary>The decks of a collection, by id and by (case-insensitive) full name.</summary>
    internal sealed class DeckTable
    {
        public const string Separator = "::";
        private readonly JsonObject decks;
        private readonly Dictionary<string, long> idsByName = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<long, string> namesById = new Dictionary<long, string>();

        /// <summary>Indexes the <c>decks</c> JSON of <paramref name="target"/>; an entry that is not an object is <c>InvalidCollectionJson</c>.</summary>
        public DeckTable(JsonObject decks, object target)
        {
            this.decks = decks;
            foreach (var pair in decks)
            {
                if (pair.Value is not JsonObject deck)
                {
                    throw new AnkiException(AnkiErrors.InvalidCollectionJson,
                        $"The 'decks' JSON of '{target}' is invalid: the deck stored under '{pair.Key}' is not a JSON object.", target);
                }

                Index(CollectionJson.ReadLong(deck["id"], long.TryParse(pair.Key, out long key) ? key : 0), CollectionJson.ReadString(deck["name"]));
            }
        }

        public int Count => namesById.Count;

        public IEnumerable<JsonObject> All => decks.Select(p => p.Value).OfType<JsonObject>();

        public string? NameOf(long id) => namesById.TryGetValue(id, out string? name) ? name : null;

        public bool TryFind(string name, out long id) => idsByName.TryGetValue(CanonicalName(name), out id);

        /// <summary>
        /// Anki's deck name form: levels separated by "::", each trimmed; an empty level is an error
        /// (Anki would silently rename it to "blank").
        /// </summary>
        public static string CanonicalName(string name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new AnkiException(AnkiErrors.InvalidDeckName, "A deck name cannot be empty.", name);
            }

            string[] levels = name.Split(new[] { Separator }, StringSplitOptions.None).Select(l => l.Trim()).ToArray();
            if (levels.Any(l => l.Length == 0) || name.IndexOf('\u001f') >= 0)
            {
                throw new AnkiException(AnkiErrors.InvalidDeckName,
                    $"The deck name '{name}' has an empty level. Write levels separated by '::', e.g. 'Languages::Spanish'.", name);
            }

            return FieldText.Normalize(string.Join(Separator, levels));
        }

        /// <summary>Whether <paramref name="deck"/> is a filtered deck (<c>dyn</c> set); a missing deck is not.</summary>
        public static bool IsFiltered(JsonObject? deck) => deck != null && CollectionJson.ReadLong(deck["dyn"]) != 0;

        public static string? ParentOf(string name)
        {
            int cut = name.LastIndexOf(Separator, StringComparison.Ordinal);
            return cut < 0 ? null : name.Substring(0, cut);
        }

        /// <summary>Finds the deck, creating it and any missing parents. Returns its id.</summary>
        public long Ensure(string name, long modSeconds, string? description, out bool created)
        {
            string canonical = CanonicalName(name);
            created = false;
            if (idsByName.TryGetValue(canonical, out long existing))
            {
                return existing;
            }

            string? parent = ParentOf(canonical);
            if (parent != null)
            {
                Ensure(parent, modSeconds, null, out _);
            }

            long id = StableIds.DeckId(canonical);
            while (namesById.ContainsKey(id))
            {
                id++;
            }

            JsonObject deck = CollectionDefaults.Deck(id, canonical, modSeconds);
            // A local change (only the new collection's Default deck starts synced, at 0): Anki's sync uploads what has -1.
            deck["usn"] = -1;
            if (!string.IsNullOrEmpty(description))
            {
                deck["desc"] = description;
            }

            decks[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = deck;
            Index(id, canonical);
            created = true;
            return id;
        }

        public AnkiDeck ToPublic(JsonObject deck, AnkiPackage package)
        {
            string name = CollectionJson.ReadString(deck["name"]);
            return new AnkiDeck
            {
                Id = CollectionJson.ReadLong(deck["id"]),
                Name = name,
                Description = CollectionJson.ReadString(deck["desc"]),
                ParentName = ParentOf(name),
                IsFiltered = IsFiltered(deck),
                Package = package,
            };
        }

        private void Index(long id, string name)
        {
            namesById[id] = name;
            idsByName[name] = id;
        }
    }
}
