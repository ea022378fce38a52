using System;
using System.Collections.Generic;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Storage;
using AnkiSync.Text;

namespace AnkiSync.Editing
{
    /// <summary>
    /// Adds many notes in one transaction through statements prepared once. A row that fails validation
    /// throws before anything of it is written, so the caller can report it and go on with the next.
    /// <see cref="NoteTransaction.Complete"/> commits; disposing without it rolls every row back.
    /// </summary>
    public sealed class NoteBatch : NoteTransaction
    {
        private Storage.RawStatement insertNote = null!;
        private Storage.RawStatement insertCard = null!;
        private readonly Dictionary<string, long> deckIds = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> newTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private long nextPosition;
        private string[]? lastTags;
        private string lastStoredTags = "";
        private int added;
        private int updated;
        private NoteEditor? editor;

        internal NoteBatch(AnkiPackage package)
            : this(package.State, package)
        {
        }

        /// <summary>A batch on a collection no session owns (the stub collection): it adds notes with <see cref="Insert"/> only.</summary>
        internal NoteBatch(CollectionState state)
            : this(state, null)
        {
        }

        private NoteBatch(CollectionState state, AnkiPackage? package)
            : base(state, package)
        {
            PrepareStatements(() =>
            {
                insertNote = PrepareRaw("insert into notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) "
                    + "values ($id, $guid, $mid, $mod, -1, $tags, $flds, $sfld, $csum, 0, '')",
                    "$id", "$guid", "$mid", "$mod", "$tags", "$flds", "$sfld", "$csum");
                insertCard = PrepareRaw(NewCardInsertSql, NewCardInsertParameters);
                // Anki's .apkg exports don't keep nextPos: new notes go after the highest new-card position there is.
                long highestNew = State.Db.ScalarLong("select coalesce(max(due), 0) from cards where type = 0 and odid = 0");
                nextPosition = Math.Max(Math.Max(1, CollectionJson.ReadLong(State.Json.Conf["nextPos"], 1)), highestNew + 1);
            });
        }

        /// <summary>How many notes this batch has added.</summary>
        public int Count => added;

        /// <summary>How many existing notes this batch has changed (<see cref="NoteExists.Update"/>).</summary>
        public int UpdatedCount => updated;

        /// <summary>Validates and adds one note with its cards; returns it.</summary>
        public AnkiNote Add(NoteInput input) => Write(input, wantNote: true).Note!;

        /// <summary>Validates and adds one note with its cards, without building the note object; returns its id.</summary>
        public long Insert(NoteInput input) => Write(input, wantNote: false).NoteId;

        /// <summary>
        /// Validates one row and adds it as a new note with its cards, or, when its guid is already in the package,
        /// does what <see cref="NoteInput.IfExists"/> says: an error, nothing, or an update in place through the
        /// <see cref="NoteEditor"/> (fields and tags; id, cards and scheduling kept). With <paramref name="wantNote"/>
        /// the result carries the note as it is now.
        /// </summary>
        public NoteWriteResult Write(NoteInput input, bool wantNote = false)
        {
            ThrowIfFinished();
            NoteTypeModel noteType = ResolveNoteType(input);
            string[] values = ArrangeValues(noteType, input, out bool[] given);
            string guid = input.Guid ?? StableIds.NoteGuid(noteType.Name, input.Key ?? values[0]);
            if (guid.Length == 0)
            {
                throw new AnkiException(AnkiErrors.InvalidGuid, "A note's guid cannot be empty.", guid);
            }

            if (State.GuidIndex.TryGetValue(guid, out long existingId))
            {
                switch (input.IfExists)
                {
                    case NoteExists.Skip:
                        return new NoteWriteResult(NoteOutcome.Skipped, existingId, wantNote ? ReadBack(existingId) : null);
                    case NoteExists.Update:
                        return UpdateExisting(existingId, noteType, values, given, input.Tags, wantNote);
                    default:
                        throw DuplicateGuid(guid, existingId, values[0]);
                }
            }

            long noteId = InsertNew(noteType, values, guid, input.Tags, input.Deck, out string tags, out long deckId, out long modSeconds);
            AnkiNote? note = null;
            if (wantNote)
            {
                note = Package.WrittenNote(noteId, guid, noteType, State.Decks.NameOf(deckId), values, tags, modSeconds);
            }

            return new NoteWriteResult(NoteOutcome.Added, noteId, note);
        }

        /// <summary>
        /// Changes an existing note in place (Import-AnkiNote's matches): a null value keeps that field, null tags
        /// keep the tags. Returns Updated, or Unchanged when the row changes nothing.
        /// </summary>
        internal NoteWriteResult UpdateNote(long noteId, NoteTypeModel noteType, IReadOnlyList<string?> values, IEnumerable<string>? tags, bool wantNote)
        {
            ThrowIfFinished();
            var row = new string?[noteType.FieldNames.Count];
            var given = new bool[row.Length];
            for (int i = 0; i < row.Length && i < values.Count; i++)
            {
                if (values[i] != null)
                {
                    row[i] = FieldText.Normalize(values[i]!);
                    given[i] = true;
                }
            }

            return UpdateExisting(noteId, noteType, row!, given, tags, wantNote);
        }

        private NoteWriteResult UpdateExisting(long noteId, NoteTypeModel noteType, string[] values, bool[] given, IEnumerable<string>? tags, bool wantNote)
        {
            var row = new string?[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                row[i] = given[i] ? values[i] : null;
            }

            string? storedTags = tags == null ? null : JoinTags(tags);
            editor ??= Package.BeginNoteEdit();
            AnkiNote? changedNote;
            try
            {
                editor.PositionsFrom(nextPosition);
                changedNote = editor.Replace(noteId, noteType, row, storedTags);
                nextPosition = Math.Max(nextPosition, editor.NextPosition ?? 0);
            }
            catch (AnkiException e) when (editor.HasFailed)
            {
                // The write failed and rolled back the shared transaction: this batch is over too.
                AdoptFailure(e);
                throw;
            }

            if (changedNote == null)
            {
                return new NoteWriteResult(NoteOutcome.Unchanged, noteId, wantNote ? ReadBack(noteId) : null);
            }

            updated++;
            return new NoteWriteResult(NoteOutcome.Updated, noteId, changedNote);
        }

        /// <summary>A note as it is now, inside this transaction.</summary>
        private AnkiNote? ReadBack(long noteId) => Package.GetNotes(new NoteFilter { Ids = new[] { noteId } }).FirstOrDefault();

        private NoteTypeModel ResolveNoteType(NoteInput input)
        {
            try
            {
                if (input.SourcePackage != null && !ReferenceEquals(input.SourcePackage, Package))
                {
                    NoteTypeModel source = input.SourcePackage.State.FindNoteType(input.SourceNoteTypeId)
                        ?? throw new AnkiException(AnkiErrors.UnknownNoteType,
                            $"The note's package '{input.SourcePackage}' has no note type with id {input.SourceNoteTypeId}, so the note cannot be copied.", input.SourceNoteTypeId);
                    return State.EnsureNoteTypeLike(source);
                }

                // A stock note type the collection lacks is created (written) here.
                return State.ResolveNoteType(input.NoteType);
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }
        }

        /// <summary>Adds a new note with the cards its fields make; every check comes before the first write.</summary>
        internal long InsertNew(NoteTypeModel noteType, string[] values, string guid, IEnumerable<string>? rowTags, string? deck, out string tags, out long deckId, out long modSeconds)
        {
            ThrowIfFinished();
            tags = JoinTags(rowTags);
            IReadOnlyList<int> ordinals = noteType.CardOrdinals(values, tags.Length > 0);
            if (ordinals.Count == 0)
            {
                throw new AnkiException(AnkiErrors.NoCards,
                    $"The note '{Abbreviate(values[0])}' would make no cards: every card template of '{noteType.Name}' renders an empty front with these fields. Fill the fields its front templates use.",
                    values[0]);
            }

            deckId = DeckId(deck ?? "Default");
            modSeconds = CollectionState.NowSeconds();
            // Every id is picked (or found exhausted) before the first write of the row.
            long noteId = State.NoteIds.Next();
            var cardIds = State.CardIds;
            cardIds.EnsureRoom(ordinals.Count);
            // The sort field is usually the first field: strip its HTML once for both sfld and csum.
            string sortText = HtmlText.StripHtmlPreservingMediaFilenames(values[noteType.SortIndex]);
            string firstText = noteType.SortIndex == 0 ? sortText : HtmlText.StripHtmlPreservingMediaFilenames(values[0]);
            long position = nextPosition;
            try
            {
                InsertNoteRow(noteId, guid, noteType.Id, modSeconds, tags, string.Join("\u001f", values), sortText, FieldChecksum.ComputeFromStripped(firstText));
                foreach (int ord in ordinals)
                {
                    insertCard.Bind(1, cardIds.Next());
                    insertCard.Bind(2, noteId);
                    insertCard.Bind(3, deckId);
                    insertCard.Bind(4, ord);
                    insertCard.Bind(5, modSeconds);
                    insertCard.Bind(6, position);
                    insertCard.Execute();
                }
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            nextPosition++;

            State.GuidIndex[guid] = noteId;
            added++;
            return noteId;
        }

        /// <summary>The id of a deck by name, created when missing; looked up once per batch.</summary>
        internal long DeckId(string deckName)
        {
            if (!deckIds.TryGetValue(deckName, out long deckId))
            {
                try
                {
                    deckId = State.EnsureDeck(deckName);
                }
                catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
                {
                    throw Fail(e);
                }

                deckIds[deckName] = deckId;
            }

            return deckId;
        }

        private protected override void BeforeFinish() => editor?.Dispose();

        private protected override bool HasChanges => added > 0 || updated > 0;

        /// <summary>Records the next new-card position and the tags first used by this batch.</summary>
        private protected override void BeforeCommit()
        {
            editor?.Complete();
            State.Json.Conf["nextPos"] = Math.Max(nextPosition, CollectionJson.ReadLong(State.Json.Conf["nextPos"], 1));
            foreach (string tag in newTags)
            {
                if (!State.Json.Tags.ContainsKey(tag))
                {
                    State.Json.Tags[tag] = -1;
                }
            }
        }

        /// <summary>The row's values in field order; <paramref name="given"/> tells which fields the row names.</summary>
        private string[] ArrangeValues(NoteTypeModel noteType, NoteInput input, out bool[] given)
        {
            int count = noteType.FieldNames.Count;
            var values = new string[count];
            given = new bool[count];
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
                    given[i] = true;
                }

                return values;
            }

            for (int i = 0; i < count; i++)
            {
                values[i] = "";
            }

            List<string>? unknown = null;
            foreach (var pair in input.NamedValues ?? Enumerable.Empty<KeyValuePair<string, string?>>())
            {
                int index = noteType.FieldIndex(pair.Key);
                if (index < 0)
                {
                    (unknown ??= new List<string>()).Add(pair.Key);
                    continue;
                }

                values[index] = FieldText.Normalize(pair.Value ?? "");
                given[index] = true;
            }

            if (unknown != null && !input.IgnoreUnknownFields)
            {
                string fields = string.Join(", ", noteType.FieldNames);
                if (input.NamesAreProperties)
                {
                    throw new AnkiException(AnkiErrors.ExtraProperty,
                        $"The rows have properties that are not fields of the note type '{noteType.Name}': {string.Join(", ", unknown)}. Its fields are: {fields}. Rows with such properties are not added: drop the properties (Select-Object), rename them to field names, or add -IgnoreExtraProperty to ignore them.",
                        unknown.ToArray());
                }

                throw new AnkiException(AnkiErrors.UnknownField,
                    unknown.Count == 1
                        ? $"The note type '{noteType.Name}' has no field named '{unknown[0]}'. Its fields are: {fields}."
                        : $"The note type '{noteType.Name}' has no fields named {string.Join(", ", unknown.Select(u => "'" + u + "'"))}. Its fields are: {fields}.",
                    unknown[0]);
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
                if (!State.Json.Tags.ContainsKey(tag))
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
            string existing = Convert.ToString(State.Db.Scalar("select flds from notes where id = $id", ("$id", existingId)), System.Globalization.CultureInfo.InvariantCulture) ?? "";
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
                InsertNoteRow(noteId, guid, noteType.Id, modSeconds, storedTags, string.Join("\u001f", values), sortText, FieldChecksum.ComputeFromStripped(firstText));
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            State.NoteIds.Observe(noteId);
            State.GuidIndex[guid] = noteId;
            added++;
        }

        /// <summary>One row of the notes table (usn -1, flags 0, no data), through the statement prepared for the batch.</summary>
        private void InsertNoteRow(long noteId, string guid, long noteTypeId, long modSeconds, string tags, string flds, string sfld, long csum)
        {
            insertNote.Bind(1, noteId);
            insertNote.Bind(2, guid);
            insertNote.Bind(3, noteTypeId);
            insertNote.Bind(4, modSeconds);
            insertNote.Bind(5, tags);
            insertNote.Bind(6, flds);
            insertNote.Bind(7, sfld);
            insertNote.Bind(8, csum);
            insertNote.Execute();
        }

        /// <summary>The next new-card position of this batch (saved as <c>nextPos</c> when the batch commits).</summary>
        internal long NextNewCardPosition() => nextPosition++;

        /// <summary>A new card came in with its own position (an import with scheduling): later positions go after it.</summary>
        internal void PositionUsed(long position) => nextPosition = Math.Max(nextPosition, position + 1);


    }
}
