using System;
using System.Collections.Generic;
using System.Linq;

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
            if (Decks.TryFind(name, out _))
            {
                throw new AnkiException("DeckExists", AnkiErrorKind.ResourceExists, $"The package already has a deck named '{name}'.", name);
            }

            long id = EnsureDeck(name, description);
            return GetDecks().First(d => d.Id == id);
        }

        /// <summary>The id of the named deck, created (with its parents) when missing.</summary>
        internal long EnsureDeck(string name, string? description = null)
        {
            long id = Decks.Ensure(name, NowSeconds(), description, out bool created);
            if (created)
            {
                using (var scope = Db.BeginTransaction())
                {
                    SaveCollectionJson();
                    scope.Complete();
                }

                MarkModified();
            }

            return id;
        }
    }
}
