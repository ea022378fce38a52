using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Editing;
using AnkiSync.SchemaConversion;
using AnkiSync.Session;
using AnkiSync.Storage;
using AnkiSync.Text;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Collection
{
    /// <summary>
    /// The open collection as the writers see it: its database (connection and transactions), the col JSON, decks
    /// and note types read from it, the id sequences, the guid index, and whether it changed. <see cref="AnkiPackage"/>
    /// owns one per session and hands it to the note batches, the editors and the merger, which change the
    /// collection only through it. A live collection's state is read again inside each write transaction when
    /// another connection committed meanwhile (<c>data_version</c>).
    /// </summary>
    internal sealed class CollectionState : IDisposable
    {
        private readonly Dictionary<long, NoteTypeModel> noteTypesById = new Dictionary<long, NoteTypeModel>();
        private readonly int schema;
        private readonly LiveCollectionHooks? liveHooks;
        private AnkiDatabase? db;
        private CollectionJson json = null!;
        private DeckTable deckTable = null!;
        private IdSequence? noteIds;
        private IdSequence? cardIds;
        private Dictionary<string, long>? guidIndex;
        private bool modifiedInTransaction;

        /// <summary>Live collections: SQLite's data_version when the cached state was read (null: not yet read).</summary>
        private long? stateVersion;

        private CollectionState(AnkiDatabase db, string? path, int schema, string? liveBackupFolder, bool live)
        {
            this.db = db;
            Path = path;
            this.schema = schema;
            db.TransactionEnded = committed =>
            {
                if (committed && modifiedInTransaction)
                {
                    IsModified = liveHooks == null;
                }

                modifiedInTransaction = false;
            };
            if (live)
            {
                liveHooks = new LiveCollectionHooks(db, schema, liveBackupFolder, RefreshIfChangedElsewhere);
                db.Hooks = liveHooks;
            }
        }

        /// <summary>The state of a private working copy (schema 11), read now.</summary>
        public static CollectionState ForWorkingCopy(AnkiDatabase db, string? path)
        {
            var state = new CollectionState(db, path, Schema11.Version, null, live: false);
            state.Load();
            return state;
        }

        /// <summary>
        /// The state of a desktop collection opened in place at <paramref name="schema"/> (11 or 18), read now. Each
        /// write transaction keeps the schema, backs up to <paramref name="backupFolder"/> first (null: no backup) and
        /// reads the state again when someone else committed.
        /// </summary>
        public static CollectionState ForLiveCollection(AnkiDatabase db, string path, int schema, string? backupFolder)
        {
            var state = new CollectionState(db, path, schema, backupFolder, live: true);
            state.Reload();
            return state;
        }

        /// <summary>The database; once the session is closed, a PackageClosed error (a batch that outlives its package).</summary>
        public AnkiDatabase Db => db ?? throw AnkiPackage.Closed();

        /// <summary>The package's path: the target of the errors this state raises (a new package gets one when first exported).</summary>
        public string? Path { get; set; }

        /// <summary>How errors name the collection: its package's path, or "(new package)".</summary>
        public string Name => Path ?? "(new package)";

        public CollectionJson Json => json;

        public DeckTable Decks => deckTable;

        /// <summary>The hooks that keep a live collection safe; null for a private working copy.</summary>
        public LiveCollectionHooks? LiveHooks => liveHooks;

        /// <summary>Whether a change was committed to the working copy (a live collection's changes are saved as made).</summary>
        public bool IsModified { get; private set; }

        public IEnumerable<NoteTypeModel> NoteTypes => noteTypesById.Values;

        public IdSequence NoteIds => noteIds ??= new IdSequence(LargestId("notes", "note"), "note", Name, Path);

        public IdSequence CardIds => cardIds ??= new IdSequence(LargestId("cards", "card"), "card", Name, Path);

        /// <summary>guid → note id of every note, loaded once per session and kept current by adds.</summary>
        public Dictionary<string, long> GuidIndex
        {
            get
            {
                if (guidIndex == null)
                {
                    var index = new Dictionary<string, long>(StringComparer.Ordinal);
                    try
                    {
                        using var command = Db.Command("select guid, id from notes where guid is not null and id is not null");
                        using var reader = command.ExecuteReader();
                        while (reader.Read())
                        {
                            index[RowReader.TextOrEmpty(reader, 0)] = reader.GetInt64(1);
                        }
                    }
                    catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
                    {
                        throw StorageError(e, writing: false);
                    }

                    guidIndex = index;
                }

                return guidIndex;
            }
        }

        public void ForgetGuid(string guid) => guidIndex?.Remove(guid);

        public static long NowSeconds() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        public void Dispose()
        {
            db?.Dispose();
            db = null;
        }

        /// <summary>
        /// Records a change. Changes of an in-place collection are committed as they are made; nothing is left to save.
        /// A change inside a transaction counts only once the transaction commits: rows rolled back (an error, Ctrl+C)
        /// leave the package unmodified.
        /// </summary>
        public void MarkModified()
        {
            if (Db.InTransaction)
            {
                modifiedInTransaction = true;
            }
            else
            {
                IsModified = liveHooks == null;
            }
        }

        /// <summary>The package was saved (exported): it holds no unsaved change now.</summary>
        public void MarkSaved() => IsModified = false;

        public void SaveJson() => Json.Save(Db, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        /// <summary>
        /// Marks the collection's schema as changed (<c>col.scm</c>), which makes the next sync a one-way full sync:
        /// a live collection bumps it when the transaction commits, a package's working copy at once.
        /// </summary>
        public void SchemaModified()
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

        /// <summary>Records that a note type's structure changed, which needs <c>col.scm</c> bumped (a full sync).</summary>
        public void NoteSchemaChanged()
        {
            if (liveHooks != null)
            {
                liveHooks.SchemaChanged = true;
            }
        }

        /// <summary>
        /// The AnkiSync error for a storage failure: damage met while reading is CorruptCollection, a refused write
        /// (read-only file, constraint, a row shape Anki does not use) is WriteFailed. Either way the command's
        /// transaction is rolled back, so nothing of it is saved.
        /// </summary>
        public AnkiException StorageError(Exception e, bool writing)
        {
            if (e is AnkiException known)
            {
                return known;
            }

            bool corrupt = e is SqliteException sqlite ? sqlite.SqliteErrorCode == 11 || sqlite.SqliteErrorCode == 26 : !writing;
            return corrupt
                ? new AnkiException(AnkiErrors.CorruptCollection, $"The collection of '{Name}' is damaged and cannot be read: {e.Message}", Path, e)
                : new AnkiException(AnkiErrors.WriteFailed, $"Could not change the collection of '{Name}', so nothing of this command was saved: {e.Message}", Path, e);
        }

        /// <summary>Forgets everything cached from the database and reads the col state again (after a rollback or raw SQL).</summary>
        public void Reload()
        {
            guidIndex = null;
            noteIds = null;
            cardIds = null;
            if (liveHooks != null && schema != Schema11.Version)
            {
                // Read a live schema-18 collection through a schema-11 view inside a transaction that is
                // rolled back: reading changes nothing and needs no backup.
                using (Db.BeginTransaction(TransactionPurpose.ReadState))
                {
                    long version = Db.ScalarLong("pragma data_version");
                    SchemaConverter.DowngradeToSchema11(Db);
                    Load();
                    stateVersion = version;
                }

                return;
            }

            // The version is read first: a commit by someone else in between makes the next write read again.
            long? before = liveHooks != null ? Db.ScalarLong("pragma data_version") : (long?)null;
            Load();
            stateVersion = before;
        }

        /// <summary>
        /// Called inside each write transaction of a live collection (after its schema-11 view is in place): when
        /// another connection (Anki, another process or session) committed since the state was read, everything
        /// cached from the database is read again, so this command changes the current state, not an old one.
        /// SQLite's data_version changes exactly when another connection commits; our own commits leave it alone.
        /// </summary>
        public void RefreshIfChangedElsewhere()
        {
            long version = Db.ScalarLong("pragma data_version");
            if (version == stateVersion)
            {
                return;
            }

            guidIndex = null;
            noteIds = null;
            cardIds = null;
            Load();
            stateVersion = version;
        }

        /// <summary>
        /// Reads the col JSON, decks and note types. Everything is checked before anything is replaced, so a
        /// collection that fails (InvalidCollection, InvalidCollectionJson) leaves the previous state in place.
        /// </summary>
        private void Load()
        {
            var loaded = CollectionJson.Load(Db, Name);
            var decks = new DeckTable(loaded.Decks, Name);
            var noteTypes = new List<NoteTypeModel>();
            foreach (var pair in loaded.Models)
            {
                noteTypes.Add(NoteTypeModel.FromCollection(pair.Key, pair.Value, Name));
            }

            json = loaded;
            deckTable = decks;
            noteTypesById.Clear();
            foreach (var parsed in noteTypes)
            {
                noteTypesById[parsed.Id] = parsed;
            }
        }

        /// <summary>The largest id of a table, where new ids continue; an id that is not a whole number is CorruptCollection.</summary>
        private long LargestId(string table, string kind)
        {
            object? largest;
            try
            {
                largest = Db.Scalar($"select max(id) from {table}");
            }
            catch (SqliteException e)
            {
                throw StorageError(e, writing: false);
            }

            return largest switch
            {
                null => 0,
                long id => id,
                _ => throw new AnkiException(AnkiErrors.CorruptCollection,
                    $"The collection of '{Name}' is damaged: a {kind} id is not a whole number ({Convert.ToString(largest, CultureInfo.InvariantCulture)}), so no new {kind} id can follow it.", Path),
            };
        }

        // Decks

        /// <summary>The id of the named deck, created (with its parents) when missing.</summary>
        public long EnsureDeck(string name, string? description = null)
        {
            DeckTable.CanonicalName(name);
            bool outermost = !Db.InTransaction;
            using var scope = Db.BeginTransaction();
            // The decks are changed inside the transaction, after a live collection's state was read again.
            long id = Decks.Ensure(name, NowSeconds(), description, out bool created);
            if (created)
            {
                SaveJson();
                MarkModified();
            }

            // A nested scope must complete or it dooms the caller's transaction; an outermost one with nothing
            // created rolls back, so that it changes nothing (no col.mod bump).
            if (created || !outermost)
            {
                scope.Complete();
            }

            return id;
        }

        /// <summary>The deck index is rebuilt from the decks JSON after decks were renamed or removed.</summary>
        public void ReindexDecks() => deckTable = new DeckTable(Json.Decks, Name);

        // Note types

        public NoteTypeModel? FindNoteType(string name)
        {
            NoteTypeModel? found = null;
            foreach (var model in noteTypesById.Values)
            {
                if (string.Equals(model.Name, name, StringComparison.Ordinal))
                {
                    return model;
                }

                if (found == null && string.Equals(model.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    found = model;
                }
            }

            return found;
        }

        public NoteTypeModel? FindNoteType(long id) => noteTypesById.TryGetValue(id, out var model) ? model : null;

        /// <summary>
        /// The note type with this name; a stock name ("Basic", "Cloze", …) the collection lacks is created
        /// (written) with Anki's own definition, inside the caller's transaction or one of its own.
        /// </summary>
        public NoteTypeModel ResolveNoteType(string name)
        {
            NoteTypeModel? model = FindNoteType(name);
            if (model != null)
            {
                return model;
            }

            string? stockName = StockNoteTypes.Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            if (stockName == null)
            {
                string known = string.Join(", ", noteTypesById.Values.Select(m => m.Name).Concat(StockNoteTypes.Names).Distinct());
                throw new AnkiException(AnkiErrors.UnknownNoteType,
                    $"There is no note type named '{name}'. Create it with New-AnkiNoteType, or use one of: {known}.", name);
            }

            bool outermost = !Db.InTransaction;
            using var scope = Db.BeginTransaction();
            // A live collection's state was just read again: someone else may have added the note type meanwhile.
            model = FindNoteType(name);
            if (model == null)
            {
                model = Register(StockNoteTypes.Create(stockName, UnusedNoteTypeId(stockName), NowSeconds()));
            }
            else if (outermost)
            {
                return model;
            }

            scope.Complete();
            return model;
        }

        /// <summary>
        /// The note type to copy a note of <paramref name="source"/> (another package's note type) into: this
        /// collection's note type with the same id, else the one with the same name, else a copy of
        /// <paramref name="source"/> with the same id and definition, added now (in the caller's transaction).
        /// </summary>
        public NoteTypeModel EnsureNoteTypeLike(NoteTypeModel source)
        {
            NoteTypeModel? model = FindNoteType(source.Id) ?? FindNoteType(source.Name);
            if (model != null)
            {
                return model;
            }

            using var scope = Db.BeginTransaction();
            // A live collection's state was just read again: look once more.
            model = FindNoteType(source.Id) ?? FindNoteType(source.Name);
            if (model == null)
            {
                var copy = (JsonObject)source.Json.DeepClone();
                copy["id"] = source.Id;
                copy["mod"] = NowSeconds();
                copy["usn"] = -1;
                // Its default deck for adding is a deck of the other package.
                copy["did"] = null;
                model = Register(copy);
            }

            scope.Complete();
            return model;
        }

        /// <summary>Adds a note type to the state and saves it; runs inside the caller's transaction.</summary>
        public NoteTypeModel Register(JsonObject jsonModel)
        {
            var model = new NoteTypeModel(jsonModel);
            NoteSchemaChanged();
            Json.Models[model.Id.ToString(CultureInfo.InvariantCulture)] = jsonModel;
            noteTypesById[model.Id] = model;
            SaveJson();
            MarkModified();
            return model;
        }

        /// <summary>Puts a changed note type in the col JSON and the index; runs inside the caller's transaction.</summary>
        public NoteTypeModel ReplaceNoteType(JsonObject jsonModel)
        {
            var model = new NoteTypeModel(jsonModel);
            Json.Models[model.Id.ToString(CultureInfo.InvariantCulture)] = jsonModel;
            noteTypesById[model.Id] = model;
            return model;
        }

        /// <summary>Takes a removed note type out of the col JSON and the index.</summary>
        public void ForgetNoteType(long id)
        {
            Json.Models.Remove(id.ToString(CultureInfo.InvariantCulture));
            noteTypesById.Remove(id);
        }

        /// <summary>Adds a stock note type inside the caller's transaction (Anki re-adds Basic when the last note type goes).</summary>
        public NoteTypeModel AddStockNoteType(string name)
            => ReplaceNoteType(StockNoteTypes.Create(name, UnusedNoteTypeId(name), NowSeconds()));

        /// <summary>The note type id derived from <paramref name="name"/>, or the next one free.</summary>
        public long UnusedNoteTypeId(string name)
        {
            long id = StableIds.NoteTypeId(name);
            while (noteTypesById.ContainsKey(id))
            {
                id++;
            }

            return id;
        }
    }
}
