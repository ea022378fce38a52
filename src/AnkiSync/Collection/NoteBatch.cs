using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using AnkiSync.Text;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Collection
{
    /// <summary>
    /// Adds many notes in one transaction through statements prepared once. A row that fails validation
    /// throws before anything of it is written, so the caller can report it and go on with the next.
    /// <see cref="NoteTransaction.Complete"/> commits; disposing without it rolls every row back.
    /// </summary>
    public sealed class NoteBatch : NoteTransaction
    {
        private SqliteCommand insertNote = null!;
        private SqliteCommand insertCard = null!;
        private readonly Dictionary<string, long> deckIds = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> newTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private long nextPosition;
        private string[]? lastTags;
        private string lastStoredTags = "";
        private int added;

        internal NoteBatch(AnkiPackage package)
            : base(package)
        {
            PrepareStatements(() =>
            {
                insertNote = Prepare("insert into notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) "
                    + "values ($id, $guid, $mid, $mod, -1, $tags, $flds, $sfld, $csum, 0, '')",
                    "$id", "$guid", "$mid", "$mod", "$tags", "$flds", "$sfld", "$csum");
                insertCard = PrepareNewCardInsert();
                // Anki's .apkg exports don't keep nextPos: new notes go after the highest new-card position there is.
                long highestNew = Package.Db.ScalarLong("select coalesce(max(due), 0) from cards where type = 0 and odid = 0");
                nextPosition = Math.Max(Math.Max(1, CollectionJson.ReadLong(Package.Json.Conf["nextPos"], 1)), highestNew + 1);
            });
        }

        /// <summary>How many notes this batch has added.</summary>
        public int Count => added;

        /// <summary>Validates and adds one note with its cards; returns it.</summary>
        public AnkiNote Add(NoteInput input)
        {
            long noteId = Insert(input, out NoteTypeModel noteType, out string[] values, out string guid, out string tags, out long deckId, out long modSeconds);
            return new AnkiNote
            {
                Id = noteId,
                Guid = guid,
                NoteType = noteType.Name,
                NoteTypeId = noteType.Id,
                Deck = Package.Decks.NameOf(deckId),
                Fields = AnkiPackage.FieldsOf(noteType, values),
                Tags = TagList.ParseStored(tags).ToArray(),
                Modified = AnkiPackage.FromSeconds(modSeconds),
                Package = Package,
            };
        }

        /// <summary>Validates and adds one note with its cards, without building the note object; returns its id.</summary>
        public long Insert(NoteInput input) => Insert(input, out _, out _, out _, out _, out _, out _);

        private long Insert(NoteInput input, out NoteTypeModel noteType, out string[] values, out string guid, out string tags, out long deckId, out long modSeconds)
        {
            ThrowIfFinished();

            try
            {
                // A stock note type the collection lacks is created (written) here.
                noteType = Package.ResolveNoteType(input.NoteType);
            }
            catch (Exception e) when (AnkiPackage.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            values = ArrangeValues(noteType, input);
            tags = JoinTags(input.Tags);
            guid = input.Guid ?? StableIds.NoteGuid(noteType.Name, input.Key ?? values[0]);
            if (guid.Length == 0)
            {
                throw new AnkiException(AnkiErrors.InvalidGuid, "A note's guid cannot be empty.", guid);
            }

            var guids = Package.GuidIndex;
            if (guids.TryGetValue(guid, out long existingId))
            {
                throw DuplicateGuid(guid, existingId, values[0]);
            }

            IReadOnlyList<int> ordinals = noteType.CardOrdinals(values, tags.Length > 0);
            if (ordinals.Count == 0)
            {
                throw new AnkiException(AnkiErrors.NoCards,
                    $"The note '{Abbreviate(values[0])}' would make no cards: every card template of '{noteType.Name}' renders an empty front with these fields. Fill the fields its front templates use.",
                    values[0]);
            }

            string deckName = input.Deck ?? "Default";
            if (!deckIds.TryGetValue(deckName, out deckId))
            {
                try
                {
                    deckId = Package.EnsureDeck(deckName);
                }
                catch (Exception e) when (AnkiPackage.IsStorageFailure(e))
                {
                    throw Fail(e);
                }

                deckIds[deckName] = deckId;
            }

            modSeconds = AnkiPackage.NowSeconds();
            // Every id is picked (or found exhausted) before the first write of the row.
            long noteId = Package.NoteIds.Next();
            var cardIds = Package.CardIds;
            cardIds.EnsureRoom(ordinals.Count);
            // The sort field is usually the first field: strip its HTML once for both sfld and csum.
            string sortText = HtmlText.StripHtmlPreservingMediaFilenames(values[noteType.SortIndex]);
            string firstText = noteType.SortIndex == 0 ? sortText : HtmlText.StripHtmlPreservingMediaFilenames(values[0]);
            long position = nextPosition;
            try
            {
                Storage.AnkiDatabase.Bind(insertNote, noteId, guid, noteType.Id, modSeconds, tags, string.Join("\u001f", values),
                    sortText, FieldChecksum.ComputeFromStripped(firstText));
                insertNote.ExecuteNonQuery();
                foreach (int ord in ordinals)
                {
                    Storage.AnkiDatabase.Bind(insertCard, cardIds.Next(), noteId, deckId, ord, modSeconds, position);
                    insertCard.ExecuteNonQuery();
                }
            }
            catch (Exception e) when (AnkiPackage.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            nextPosition++;

            guids[guid] = noteId;
            added++;
            return noteId;
        }

        private protected override bool HasChanges => added > 0;

        /// <summary>Records the next new-card position and the tags first used by this batch.</summary>
        private protected override void BeforeCommit()
        {
            Package.Json.Conf["nextPos"] = nextPosition;
            foreach (string tag in newTags)
            {
                if (!Package.Json.Tags.ContainsKey(tag))
                {
                    Package.Json.Tags[tag] = -1;
                }
            }
        }

        private string[] ArrangeValues(NoteTypeModel noteType, NoteInput input)
        {
            int count = noteType.FieldNames.Count;
            var values = new string[count];
            if (input.Values != null)
            {
                if (input.Values.Count != count)
                {
                    throw new AnkiException(AnkiErrors.FieldCountMismatch,
                        $"Got {input.Values.Count} field value(s) for the note type '{noteType.Name}', which has {count} field(s): {string.Join(", ", noteType.FieldNames)}. Give one value per field, in that order, or name them in a hashtable.",
                        input.Values.FirstOrDefault());
                }

                for (int i = 0; i < count; i++)
                {
                    values[i] = FieldText.Normalize(input.Values[i] ?? "");
                }

                return values;
            }

            for (int i = 0; i < count; i++)
            {
                values[i] = "";
            }

            foreach (var pair in input.NamedValues ?? Enumerable.Empty<KeyValuePair<string, string?>>())
            {
                int index = noteType.FieldIndex(pair.Key);
                if (index < 0)
                {
                    throw new AnkiException(AnkiErrors.UnknownField,
                        $"The note type '{noteType.Name}' has no field named '{pair.Key}'. Its fields are: {string.Join(", ", noteType.FieldNames)}.",
                        pair.Key);
                }

                values[index] = FieldText.Normalize(pair.Value ?? "");
            }

            return values;
        }

        /// <summary>
        /// The stored form of a row's tags. Rows of one batch usually share their tags, so the last list and its
        /// stored form are kept and reused when the next row's list is the same.
        /// </summary>
        private string JoinTags(IEnumerable<string>? tags)
        {
            if (tags == null)
            {
                return "";
            }

            var list = tags as IReadOnlyCollection<string> ?? tags.ToList();
            if (lastTags != null && lastTags.SequenceEqual(list, StringComparer.Ordinal))
            {
                return lastStoredTags;
            }

            string stored = TagList.Join(list);
            foreach (string tag in list)
            {
                if (!Package.Json.Tags.ContainsKey(tag))
                {
                    newTags.Add(tag);
                }
            }

            lastTags = list.ToArray();
            lastStoredTags = stored;
            return stored;
        }

        private AnkiException DuplicateGuid(string guid, long existingId, string newFirstField)
        {
            string existing = Convert.ToString(Package.Db.Scalar("select flds from notes where id = $id", ("$id", existingId)), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            int cut = existing.IndexOf('\u001f');
            string existingFirst = cut < 0 ? existing : existing.Substring(0, cut);
            return new AnkiException(AnkiErrors.DuplicateGuid,
                $"The note '{Abbreviate(newFirstField)}' has the same guid '{guid}' as the note '{Abbreviate(existingFirst)}' (id {existingId}) already in the package. Two notes in one package cannot share a guid: give this one a different -Key or -Guid, or change the existing note with Set-AnkiNote.",
                guid);
        }

        private static string Abbreviate(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";

        /// <summary>
        /// Adds a note copied from another collection (Import-AnkiPackage) as it is there: its id, guid, fields, tags and
        /// mod are kept and no cards are generated (the caller adds the cards the note brings). The id must be unused and
        /// the values must match the note type's fields; the sort field and checksum are computed as for every new note.
        /// </summary>
        internal void InsertCopied(long noteId, string guid, NoteTypeModel noteType, string[] values, IReadOnlyList<string> tags, long modSeconds)
        {
            ThrowIfFinished();
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = FieldText.Normalize(values[i]);
            }

            string storedTags = JoinTags(tags);
            string sortText = HtmlText.StripHtmlPreservingMediaFilenames(values[noteType.SortIndex]);
            string firstText = noteType.SortIndex == 0 ? sortText : HtmlText.StripHtmlPreservingMediaFilenames(values[0]);
            try
            {
                Storage.AnkiDatabase.Bind(insertNote, noteId, guid, noteType.Id, modSeconds, storedTags, string.Join("\u001f", values),
                    sortText, FieldChecksum.ComputeFromStripped(firstText));
                insertNote.ExecuteNonQuery();
            }
            catch (Exception e) when (AnkiPackage.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            Package.NoteIds.Observe(noteId);
            Package.GuidIndex[guid] = noteId;
            added++;
        }

        /// <summary>The next new-card position of this batch (saved as <c>nextPos</c> when the batch commits).</summary>
        internal long NextNewCardPosition() => nextPosition++;

        /// <summary>A new card came in with its own position (an import with scheduling): later positions go after it.</summary>
        internal void PositionUsed(long position) => nextPosition = Math.Max(nextPosition, position + 1);


    }
}
