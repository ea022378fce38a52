using System;
using System.Collections.Generic;
using System.Linq;
using AnkiSync.Collection;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Editing
{
    /// <summary>
    /// Generates the cards an existing note lacks after its note type changed, as Anki does (rslib notetype/cardgen.rs):
    /// a new card goes to its template's deck override, else to the deck all the note's cards come from (a filtered
    /// card counts by its home deck), else to the Default deck; it takes the position of the note's first new card, or
    /// else the collection's next new-card position (one per note). Used inside the caller's transaction.
    /// </summary>
    internal sealed class CardGeneration
    {
        private readonly CollectionState state;
        private readonly SqliteCommand readCards;
        private readonly SqliteCommand insertCard;
        private long? nextPosition;

        /// <param name="state">The collection whose transaction is open.</param>
        /// <param name="readCards">Prepared <c>select ord, did, odid, type, due, odue from cards where nid = $nid</c>.</param>
        /// <param name="insertCard">The transaction's prepared new-card insert ($id, $nid, $did, $ord, $mod, $due).</param>
        public CardGeneration(CollectionState state, SqliteCommand readCards, SqliteCommand insertCard)
        {
            this.state = state;
            this.readCards = readCards;
            this.insertCard = insertCard;
        }

        public const string ReadCardsSql = "select ord, did, odid, type, due, odue from cards where nid = $nid";

        /// <summary>Adds the cards the note should have and lacks; returns how many.</summary>
        public int Generate(NoteTypeModel noteType, long noteId, IReadOnlyList<string> values, bool hasTags, long mod)
        {
            var existing = new HashSet<int>();
            var homeDecks = new HashSet<long>();
            long? firstNewPosition = null;
            readCards.Parameters[0].Value = noteId;
            using (var reader = readCards.ExecuteReader())
            {
                while (reader.Read())
                {
                    long ord = reader.IsDBNull(0) ? -1 : reader.GetInt64(0);
                    if (ord >= 0 && ord <= int.MaxValue)
                    {
                        existing.Add((int)ord);
                    }

                    long did = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
                    long odid = reader.IsDBNull(2) ? 0 : reader.GetInt64(2);
                    homeDecks.Add(odid != 0 ? odid : did);
                    long type = reader.IsDBNull(3) ? -1 : reader.GetInt64(3);
                    if (firstNewPosition == null && type == 0)
                    {
                        firstNewPosition = odid != 0 ? (reader.IsDBNull(5) ? 0 : reader.GetInt64(5)) : (reader.IsDBNull(4) ? 0 : reader.GetInt64(4));
                    }
                }
            }

            var missing = noteType.CardOrdinals(values, hasTags).Where(o => !existing.Contains(o)).ToList();
            if (missing.Count == 0)
            {
                return 0;
            }

            state.CardIds.EnsureRoom(missing.Count);
            long due = firstNewPosition ?? NextPosition();
            long noteDeck = homeDecks.Count == 1 ? homeDecks.First() : 0;
            foreach (int ord in missing)
            {
                long deck = TemplateDeck(noteType, ord) ?? (IsNormalDeck(noteDeck) ? noteDeck : CollectionDefaults.DefaultDeckId);
                Storage.AnkiDatabase.Bind(insertCard, state.CardIds.Next(), noteId, deck, ord, mod, due);
                insertCard.ExecuteNonQuery();
            }

            return missing.Count;
        }

        /// <summary>Adds the cards every note of <paramref name="noteType"/> should have and lacks (after its templates changed); returns how many.</summary>
        public int GenerateForNoteType(NoteTypeModel noteType, long mod)
        {
            var notes = new List<(long Id, string[] Values, bool HasTags)>();
            using (var command = state.Db.Command("select id, flds, tags from notes where mid = $mid order by id", ("$mid", noteType.Id)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    notes.Add((reader.GetInt64(0), RowReader.TextOrEmpty(reader, 1).Split('\u001f'), RowReader.TextOrEmpty(reader, 2).Trim().Length > 0));
                }
            }

            int added = 0;
            foreach (var note in notes)
            {
                added += Generate(noteType, note.Id, note.Values, note.HasTags, mod);
            }

            return added;
        }

        /// <summary>The next position it would hand out, once it has handed out one.</summary>
        public long? Next => nextPosition;

        /// <summary>Positions below <paramref name="position"/> are taken by someone else in the same transaction.</summary>
        public void AtLeast(long position)
        {
            if (nextPosition != null && nextPosition.Value < position)
            {
                nextPosition = position;
            }
        }

        /// <summary>Stores the next new-card position in the col JSON, when one was used.</summary>
        public void SavePosition()
        {
            if (nextPosition != null)
            {
                state.Json.Conf["nextPos"] = nextPosition.Value;
            }
        }

        private long NextPosition()
        {
            if (nextPosition == null)
            {
                // As NoteBatch: Anki's .apkg exports don't keep nextPos, so continue after the highest new card too.
                long highestNew = state.Db.ScalarLong("select coalesce(max(due), 0) from cards where type = 0 and odid = 0");
                nextPosition = Math.Max(Math.Max(1, CollectionJson.ReadLong(state.Json.Conf["nextPos"], 1)), highestNew + 1);
            }

            long position = nextPosition.Value;
            nextPosition = position + 1;
            return position;
        }

        private long? TemplateDeck(NoteTypeModel noteType, int ord)
        {
            if (noteType.IsCloze)
            {
                ord = 0;
            }

            var templates = noteType.Json["tmpls"] as System.Text.Json.Nodes.JsonArray;
            var template = templates?.OfType<System.Text.Json.Nodes.JsonObject>().FirstOrDefault(t => CollectionJson.ReadLong(t["ord"]) == ord);
            long did = CollectionJson.ReadLong(template?["did"]);
            return did > 0 && IsNormalDeck(did) ? did : (long?)null;
        }

        private bool IsNormalDeck(long id)
        {
            if (id <= 0 || state.Decks.NameOf(id) == null)
            {
                return false;
            }

            var deck = state.Json.Decks[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] as System.Text.Json.Nodes.JsonObject;
            return !DeckTable.IsFiltered(deck);
        }
    }
}
