using System;
using System.Collections.Generic;
using System.Globalization;
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

        /// <summary>The deck index is rebuilt from the decks JSON after decks were renamed or removed.</summary>
        internal void ReindexDecks() => deckTable = new DeckTable(Json.Decks, Path ?? "(new package)");

        /// <summary>Puts a changed note type in the col JSON and the session's index; runs inside the caller's transaction.</summary>
        internal NoteTypeModel ReplaceNoteType(JsonObject jsonModel)
        {
            var model = new NoteTypeModel(jsonModel);
            Json.Models[model.Id.ToString(CultureInfo.InvariantCulture)] = jsonModel;
            noteTypesById[model.Id] = model;
            return model;
        }

        /// <summary>Takes a removed note type out of the col JSON and the session's index.</summary>
        internal void ForgetNoteType(long id)
        {
            Json.Models.Remove(id.ToString(CultureInfo.InvariantCulture));
            noteTypesById.Remove(id);
        }

        /// <summary>Adds a stock note type inside the caller's transaction (Anki re-adds Basic when the last note type goes).</summary>
        internal NoteTypeModel AddStockNoteType(string name)
        {
            var model = new NoteTypeModel(StockNoteTypes.Create(name, UnusedNoteTypeId(name), NowSeconds()));
            Json.Models[model.Id.ToString(CultureInfo.InvariantCulture)] = model.Json;
            noteTypesById[model.Id] = model;
            return model;
        }

        internal IEnumerable<NoteTypeModel> NoteTypeModels => noteTypesById.Values;

        /// <summary>
        /// Marks the collection's schema as changed (<c>col.scm</c>), which makes the next sync a one-way full sync:
        /// a live collection bumps it when the transaction commits, a package's working copy at once.
        /// </summary>
        internal void SchemaModified()
        {
            if (liveHooks != null)
            {
                liveHooks.SchemaChanged = true;
            }
            else
            {
                Db.Execute("update col set scm = $scm", ("$scm", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            }
        }
    }
}
