using System;
using System.Collections.Generic;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Storage;
using AnkiSync.Text;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Editing
{
    /// <summary>
    /// Changes and removes notes in one transaction with statements prepared once. Changed notes get a new
    /// <c>mod</c>, <c>usn</c> -1 and exact <c>csum</c>/<c>sfld</c>; cards that a change makes non-empty are
    /// generated (Anki never deletes cards on edit); removed notes and cards are recorded in <c>graves</c>.
    /// </summary>
    public sealed partial class NoteEditor : NoteTransaction
    {
        private SqliteCommand readNote = null!;
        private SqliteCommand updateNote = null!;
        private SqliteCommand firstCardDeck = null!;
        private SqliteCommand insertCard = null!;
        private int changed;

        internal NoteEditor(AnkiPackage package)
            : base(package.State, package)
        {
            PrepareStatements(() =>
            {
                readNote = Prepare("select mid, flds, tags, guid from notes where id = $id", "$id");
                updateNote = Prepare("update notes set flds = $flds, sfld = $sfld, csum = $csum, tags = $tags, mod = $mod, usn = -1 where id = $id",
                    "$flds", "$sfld", "$csum", "$tags", "$mod", "$id");
                firstCardDeck = Prepare("select did from cards where nid = $nid order by ord limit 1", "$nid");
                insertCard = PrepareNewCardInsert();
            });
        }

        /// <summary>
        /// Applies <paramref name="change"/> to the note; returns the note as it is now. Everything is read and
        /// checked before the first write: damaged rows are CorruptCollection for this note alone, while a write
        /// that fails rolls back the whole transaction (see <see cref="NoteTransaction"/>).
        /// </summary>
        public AnkiNote Update(long noteId, NoteChange change)
        {
            ThrowIfFinished();
            var (noteType, values, readTags, guid) = ReadNote(noteId);
            List<string> tags = TagList.ParseStored(readTags).ToList();
            if (values.Length != noteType.FieldNames.Count)
            {
                Array.Resize(ref values, noteType.FieldNames.Count);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] ??= "";
                }
            }

            foreach (var pair in change.Fields ?? Enumerable.Empty<KeyValuePair<string, string?>>())
            {
                int index = noteType.FieldIndex(pair.Key);
                if (index < 0)
                {
                    throw new AnkiException(AnkiErrors.UnknownField,
                        $"The note type '{noteType.Name}' has no field named '{pair.Key}'. Its fields are: {string.Join(", ", noteType.FieldNames)}.", pair.Key);
                }

                values[index] = FieldText.Normalize(pair.Value ?? "");
            }

            if (change.Tags != null)
            {
                tags = change.Tags.ToList();
            }

            foreach (string tag in change.AddTags ?? Enumerable.Empty<string>())
            {
                if (!tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
                {
                    tags.Add(tag);
                }
            }

            if (change.RemoveTags != null)
            {
                var remove = new HashSet<string>(change.RemoveTags, StringComparer.OrdinalIgnoreCase);
                tags.RemoveAll(remove.Contains);
            }

            return Store(noteId, noteType, values, TagList.Join(tags), guid);
        }

        /// <summary>
        /// Replaces the note's fields and tags by a row's (Add-AnkiNote -IfExists Update, Import-AnkiNote): one value per
        /// field of <paramref name="noteType"/>, where null keeps that field; null <paramref name="storedTags"/> keep the tags. The note must be of
        /// <paramref name="noteType"/> (a row of another type is a NoteTypeMismatch). A row that changes nothing
        /// writes nothing and returns null; otherwise the note as it is now.
        /// </summary>
        internal AnkiNote? Replace(long noteId, NoteTypeModel noteType, IReadOnlyList<string?> values, string? storedTags)
        {
            ThrowIfFinished();
            var (existingType, stored, readTags, guid) = ReadNote(noteId);
            if (existingType.Id != noteType.Id)
            {
                throw new AnkiException(AnkiErrors.NoteTypeMismatch,
                    $"The note with guid '{guid}' (id {noteId}) is a '{existingType.Name}' note, so a '{noteType.Name}' row cannot update it. Change its note type first (Set-AnkiNote -NoteType) or give the row another guid.",
                    guid);
            }

            var merged = new string[noteType.FieldNames.Count];
            for (int i = 0; i < merged.Length; i++)
            {
                // A note stored with fewer fields than its type has the rest empty.
                merged[i] = values[i] ?? (i < stored.Length ? stored[i] : "");
            }

            storedTags ??= readTags;
            if (merged.Length == stored.Length && merged.SequenceEqual(stored, StringComparer.Ordinal)
                && string.Equals(storedTags, readTags, StringComparison.Ordinal))
            {
                return null;
            }

            return Store(noteId, noteType, merged, storedTags, guid);
        }

        /// <summary>Writes the note's new fields and tags (exact sfld/csum, new mod, usn -1) and generates the cards they make non-empty.</summary>
        private AnkiNote Store(long noteId, NoteTypeModel noteType, string[] values, string storedTags, string guid)
        {
            long mod = CollectionState.NowSeconds();
            try
            {
                Storage.AnkiDatabase.Bind(updateNote, string.Join("\u001f", values), HtmlText.StripHtmlPreservingMediaFilenames(values[noteType.SortIndex]),
                    FieldChecksum.Compute(values[0]), storedTags, mod, noteId);
                updateNote.ExecuteNonQuery();
                // Cards a change makes non-empty are generated by Anki's rules: the note's deck, the position of its
                // first new card or else the next new-card position.
                generation ??= new CardGeneration(State, Prepare(CardGeneration.ReadCardsSql, "$nid"), insertCard);
                generation.Generate(noteType, noteId, values, storedTags.Trim().Length > 0, mod);
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            long deckId = DeckOf(noteId);
            changed++;
            return Package.WrittenNote(noteId, guid, noteType, State.Decks.NameOf(deckId), values, storedTags, mod);
        }

        /// <summary>
        /// Adds the cards the notes of <paramref name="noteType"/> lack now that its templates changed (an import that
        /// merged note types, as Anki's notetype update does); returns how many.
        /// </summary>
        internal int GenerateCards(NoteTypeModel noteType)
        {
            ThrowIfFinished();
            try
            {
                generation ??= new CardGeneration(State, Prepare(CardGeneration.ReadCardsSql, "$nid"), insertCard);
                int added = generation.GenerateForNoteType(noteType, CollectionState.NowSeconds());
                if (added > 0)
                {
                    changed++;
                }

                return added;
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }
        }

        /// <summary>The next new-card position this editor would hand out (null before it needed one).</summary>
        internal long? NextPosition => generation?.Next;

        /// <summary>New-card positions below <paramref name="position"/> are taken (by a note batch sharing the transaction).</summary>
        internal void PositionsFrom(long position) => generation?.AtLeast(position);

        /// <summary>The note's row (type, field values, stored tags, guid), read before anything is written.</summary>
        private (NoteTypeModel NoteType, string[] Values, string StoredTags, string Guid) ReadNote(long noteId)
        {
            long noteTypeId;
            string[] values;
            string tags;
            string guid;
            try
            {
                readNote.Parameters[0].Value = noteId;
                using var reader = readNote.ExecuteReader();
                if (!reader.Read())
                {
                    throw new AnkiException(AnkiErrors.NoteNotFound, $"There is no note with id {noteId}.", noteId);
                }

                noteTypeId = reader.GetInt64(0);
                values = RowReader.TextOrEmpty(reader, 1).Split('\u001f');
                tags = RowReader.TextOrEmpty(reader, 2);
                guid = RowReader.TextOrEmpty(reader, 3);
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw State.StorageError(e, writing: false);
            }

            NoteTypeModel noteType = State.FindNoteType(noteTypeId)
                ?? throw new AnkiException(AnkiErrors.UnknownNoteType, $"The note {noteId} uses note type {noteTypeId}, which the collection lacks.", noteId);
            return (noteType, values, tags, guid);
        }

        /// <summary>Deletes the note and its cards, recording both in graves for sync.</summary>
        public void Remove(long noteId)
        {
            ThrowIfFinished();
            var db = State.Db;
            object? found;
            try
            {
                found = db.Scalar("select coalesce(guid, '') from notes where id = $id", ("$id", noteId));
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw State.StorageError(e, writing: false);
            }

            if (found == null)
            {
                throw new AnkiException(AnkiErrors.NoteNotFound, $"There is no note with id {noteId}.", noteId);
            }

            try
            {
                db.Execute("insert into graves (usn, oid, type) select -1, id, 0 from cards where nid = $id", ("$id", noteId));
                db.Execute("delete from cards where nid = $id", ("$id", noteId));
                db.Execute("insert into graves (usn, oid, type) values (-1, $id, 1)", ("$id", noteId));
                db.Execute("delete from notes where id = $id", ("$id", noteId));
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            State.ForgetGuid(Convert.ToString(found, System.Globalization.CultureInfo.InvariantCulture) ?? "");
            changed++;
        }

        private protected override bool HasChanges => changed > 0;

        /// <summary>The deck of the note's first card (the deck the note is shown in); Default when it has none.</summary>
        private long DeckOf(long noteId)
        {
            try
            {
                firstCardDeck.Parameters[0].Value = noteId;
                return firstCardDeck.ExecuteScalar() is long deckId ? deckId : CollectionDefaults.DefaultDeckId;
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw State.StorageError(e, writing: false);
            }
        }

    }
}
