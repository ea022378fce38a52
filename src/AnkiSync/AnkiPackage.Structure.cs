using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Editing;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>
        /// Starts changing the collection's structure (decks, deck options presets, note types) in one transaction;
        /// see <see cref="CollectionEditor"/>.
        /// </summary>
        public CollectionEditor BeginCollectionEdit() => new CollectionEditor(this);

        /// <summary>Every deck options preset, by name.</summary>
        public IReadOnlyList<AnkiDeckConfig> GetDeckConfigs()
            => Json.DeckConfigs.Select(p => p.Value).OfType<JsonObject>()
                .Select(c => DeckConfigs.ToPublic(c, this))
                .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();
    }
}
