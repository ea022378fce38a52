using System;
using System.Collections.Generic;
using System.Linq;
using AnkiSync.Storage;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>Every deck, parents before children.</summary>
        public IReadOnlyList<AnkiDeck> GetDecks()
            => Decks.All.Select(d => Decks.ToPublic(d, this)).OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>Adds a deck (and any missing parents of an <c>A::B</c> name). Its id is derived from its name.</summary>
        public AnkiDeck AddDeck(string name, string? description = null)
        {
            long id;
            try
            {
                using var scope = Db.BeginTransaction();
                // Checked inside the transaction: a live collection's decks were just read again.
                if (Decks.TryFind(name, out _))
                {
                    throw new AnkiException(AnkiErrors.DeckExists, $"The package already has a deck named '{name}'.", name);
                }

                id = State.EnsureDeck(name, description);
                scope.Complete();
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                State.Reload();
                throw State.StorageError(e, writing: true);
            }

            return GetDecks().First(d => d.Id == id);
        }
    }
}
