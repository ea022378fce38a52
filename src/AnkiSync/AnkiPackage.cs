using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.Packages;
using AnkiSync.SchemaConversion;
using AnkiSync.Session;
using AnkiSync.Storage;
using Microsoft.Data.Sqlite;

namespace AnkiSync
{
    /// <summary>
    /// An open package: the session every command works on. It holds a private, schema-11 working copy
    /// of the collection in its own temp folder (the source file is never written) and the media files.
    /// Its public properties are a summary only, so that it serialises harmlessly inside other objects.
    /// </summary>
    public sealed partial class AnkiPackage : IDisposable
    {
        private readonly WorkFolder work;
        private readonly string mediaDirectory;
        private AnkiDatabase? database;
        private CollectionJson? json;
        private DeckTable? deckTable;
        private readonly Dictionary<long, NoteTypeModel> noteTypesById = new Dictionary<long, NoteTypeModel>();
        private IdSequence? noteIds;
        private IdSequence? cardIds;
        private Dictionary<string, long>? guidIndex;
        private LiveCollectionHooks? liveHooks;
        private bool modifiedInTransaction;

        /// <summary>What the user should be told about the last open (e.g. removed triggers), until taken.</summary>
        private readonly List<string> warnings = new List<string>();

        /// <summary>Live collections: SQLite's data_version when the cached state was read (null: not yet read).</summary>
        private long? stateVersion;

        private AnkiPackage(WorkFolder work, string mediaDirectory, string? path, PackageVersion format, PackageContainer container, int schema)
        {
            this.work = work;
            this.mediaDirectory = mediaDirectory;
            Path = path;
            Format = format;
            Container = container;
            Schema = schema;
        }

        /// <summary>Where the package came from, and where <c>Export-AnkiPackage</c> writes by default.</summary>
        public string? Path { get; internal set; }

        /// <summary>The package version read (or, for a new package, the one it will be written as by default).</summary>
        public PackageVersion Format { get; }

        public PackageContainer Container { get; }

        /// <summary>The collection schema of the source (11, or 14-18).</summary>
        public int Schema { get; }

        public bool IsModified { get; private set; }

        /// <summary>Set when the user allowed replacing an existing file at <see cref="Path"/> (New-AnkiPackage -Force).</summary>
        internal bool OverwriteAllowed { get; set; }

        public bool IsClosed => database == null;

        /// <summary>How many notes the package holds; once closed, how many it held when it was closed.</summary>
        public long NoteCount => IsClosed ? countsAtClose.Notes : Db.ScalarLong("select count(*) from notes");

        /// <summary>How many cards the package holds; once closed, how many it held when it was closed.</summary>
        public long CardCount => IsClosed ? countsAtClose.Cards : Db.ScalarLong("select count(*) from cards");

        /// <summary>How many decks the package holds; once closed, how many it held when it was closed.</summary>
        public long DeckCount => IsClosed ? countsAtClose.Decks : Decks.Count;

        /// <summary>How many media files the package holds; once closed, how many it held when it was closed.</summary>
        public long MediaCount => IsClosed ? countsAtClose.Media : Directory.EnumerateFiles(mediaDirectory).LongCount();

        /// <summary>
        /// The counts taken just before closing: objects read through <c>-Path</c> carry their package, which is closed by
        /// the time anyone looks at it (Format-List, Export-Csv, ConvertTo-Json), and should still say what it held.
        /// </summary>
        private (long Notes, long Cards, long Decks, long Media) countsAtClose;

        internal AnkiDatabase Db => database ?? throw Closed();

        internal CollectionJson Json => json ?? throw Closed();

        internal DeckTable Decks => deckTable ?? throw Closed();

        internal string MediaDirectory => mediaDirectory;

        internal string WorkDirectory => work.Path;

        /// <summary>A new, empty collection: the Default deck and default options; stock note types come on first use.</summary>
        public static AnkiPackage Create(string? path = null)
        {
            var work = WorkFolder.Create();
            try
            {
                string media = work.Combine("media");
                Directory.CreateDirectory(media);
                var package = new AnkiPackage(work, media, path, PackageVersion.Legacy2, PackageContainer.New, Schema11.Version);
                package.Attach(NewCollection.Create(work.Combine("collection.anki2")));
                package.UsePrivateCopySettings();
                package.LoadState();
                return package;
            }
            catch
            {
                work.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Opens a package, bare collection or unpacked folder on a private copy. Every failure is an
        /// <see cref="AnkiException"/> whose target is <paramref name="path"/>, and leaves no work folder behind.
        /// </summary>
        /// <param name="path">The package, collection file or unpacked folder.</param>
        /// <param name="progress">Receives 0..1 while the package is extracted.</param>
        /// <param name="verify">
        /// Run SQLite's quick check first. A one-pass streaming read can skip it: damage met while reading is
        /// reported as CorruptCollection all the same.
        /// </param>
        /// <param name="cancellation">
        /// Stops the open promptly (per chunk while extracting, by interrupting SQLite while checking or converting)
        /// with an <see cref="OperationCanceledException"/>, never an AnkiException, leaving no work folder.
        /// </param>
        public static AnkiPackage Open(string path, IProgress<double>? progress = null, bool verify = true, CancellationToken cancellation = default)
        {
            WorkFolder work;
            try
            {
                work = WorkFolder.Create();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw PackageErrors.ExtractFailed(path, e);
            }

            AnkiDatabase? db = null;
            try
            {
                ExtractedPackage extracted = PackageReader.Extract(path, work.Path, null, progress, cancellation);
                try
                {
                    cancellation.ThrowIfCancellationRequested();
                    db = AnkiDatabase.Open(extracted.CollectionPath);
                    using var interrupt = db.InterruptOn(cancellation);
                    // The private copy may be in WAL mode (anki21b, live collections); keep it self-contained.
                    db.Execute("pragma journal_mode = delete");
                    // Private and thrown away on a crash: no fsync, so a schema conversion's commit (which no cancel can
                    // interrupt) stays short.
                    db.Execute("pragma synchronous = off");
                    cancellation.ThrowIfCancellationRequested();
                    string check = verify ? Convert.ToString(db.Scalar("pragma quick_check"), System.Globalization.CultureInfo.InvariantCulture) ?? "" : "ok";
                    if (!string.Equals(check, "ok", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new AnkiException(AnkiErrors.CorruptCollection, $"The collection in '{path}' is corrupt: {check}", path);
                    }

                    if (!db.TableExists("col"))
                    {
                        throw PackageErrors.InvalidCollection(path, "it has no 'col' table.");
                    }

                    cancellation.ThrowIfCancellationRequested();
                    // Before anything writes to the copy: a trigger of the package must not fire on our changes.
                    var removed = ForeignObjects.Drop(db, $"from the working copy of '{path}'");

                    int schema = SchemaConverter.ReadVersion(db);
                    if (schema != Schema11.Version)
                    {
                        SchemaConverter.DowngradeToSchema11(db);
                        cancellation.ThrowIfCancellationRequested();
                    }

                    Schema11Shape.Require(db, path);
                    var package = new AnkiPackage(work, extracted.MediaDirectory, path, extracted.Version, extracted.Container, schema);
                    package.Attach(db);
                    package.UsePrivateCopySettings();
                    package.LoadState();
                    package.warnings.AddRange(removed);
                    package.NoteTolerated(extracted.Findings, survey: verify);
                    return package;
                }
                catch (AnkiException e) when (Equals(e.Target, extracted.CollectionPath))
                {
                    // The schema converter speaks of the database it was given: the private copy. Name the user's file.
                    throw new AnkiException(e.Error, e.Message.Replace(extracted.CollectionPath, path), path, e);
                }
                catch (SqliteException e)
                {
                    throw new AnkiException(AnkiErrors.CorruptCollection, $"The collection in '{path}' cannot be read: {e.Message}", path, e);
                }
                catch (Exception e) when (!PackageErrors.IsFatal(e))
                {
                    // Nothing else should get here; if it does, the user still gets an error about their file, with the cause inside.
                    throw PackageErrors.InvalidCollection(path, e.Message, e);
                }
            }
            catch (Exception e)
            {
                db?.Dispose();
                work.Dispose();
                if (IsCancellation(e, cancellation))
                {
                    // An interrupted statement fails as a SQLite error (or, inside the schema converter, a data error): it is the stop.
                    throw new OperationCanceledException("The open was cancelled.", e, cancellation);
                }

                throw;
            }
        }

        /// <summary>
        /// Returns, and forgets, what the user should be warned about since the package was opened: triggers, views
        /// and tables that Anki does not define, removed from the working copy.
        /// </summary>
        public IReadOnlyList<string> TakeWarnings()
        {
            var taken = warnings.ToList();
            warnings.Clear();
            return taken;
        }

        /// <summary>Whether <paramref name="e"/> is (or was caused by) <paramref name="cancellation"/>: then nothing else is reported.</summary>
        internal static bool IsCancellation(Exception e, CancellationToken cancellation)
            => cancellation.IsCancellationRequested && !(e is OperationCanceledException) && !(e is OutOfMemoryException) && !(e is StackOverflowException);

        /// <summary>Ends the session: closes the database and deletes the private temp folder.</summary>
        public void Close()
        {
            if (database != null)
            {
                countsAtClose = CountsBeforeClosing();
            }

            database?.Dispose();
            database = null;
            json = null;
            deckTable = null;
            work.Dispose();
        }

        public void Dispose() => Close();

        /// <summary>The four counts, or zeros for any that a damaged collection or media folder cannot give: closing never fails on them.</summary>
        private (long Notes, long Cards, long Decks, long Media) CountsBeforeClosing()
        {
            long Try(Func<long> count)
            {
                try
                {
                    return count();
                }
                catch (Exception e) when (IsStorageFailure(e) || e is AnkiException || e is IOException || e is UnauthorizedAccessException)
                {
                    return 0;
                }
            }

            return (Try(() => NoteCount), Try(() => CardCount), Try(() => DeckCount), Try(() => MediaCount));
        }

        /// <summary>The package's path, for display and CSV export of objects that carry it.</summary>
        public override string ToString() => Path ?? "(new package)";

        internal static AnkiException Closed()
            => new AnkiException(AnkiErrors.PackageClosed, "The package is closed. Open it again with Open-AnkiPackage.", null);

        /// <summary>
        /// The working copy is private and thrown away on a crash, so it needs no fsync per commit; exports
        /// and in-place collections are what must be durable.
        /// </summary>
        private void UsePrivateCopySettings() => Db.Execute("pragma synchronous = off");

        /// <summary>
        /// Records a change. Changes of an in-place collection are committed as they are made; nothing is left to save.
        /// A change inside a transaction counts only once the transaction commits: rows rolled back (an error, Ctrl+C)
        /// leave the package unmodified.
        /// </summary>
        internal void MarkModified()
        {
            if (database != null && database.InTransaction)
            {
                modifiedInTransaction = true;
            }
            else
            {
                IsModified = liveHooks == null;
            }
        }

        private void Attach(AnkiDatabase db)
        {
            database = db;
            db.TransactionEnded = committed =>
            {
                if (committed && modifiedInTransaction)
                {
                    IsModified = liveHooks == null;
                }

                modifiedInTransaction = false;
            };
        }

        /// <summary>
        /// Reads the col JSON, decks and note types. Everything is checked before anything is replaced, so a
        /// collection that fails (InvalidCollection, InvalidCollectionJson) leaves the previous state in place.
        /// </summary>
        private void LoadState()
        {
            string target = Path ?? "(new package)";
            var loaded = CollectionJson.Load(Db, target);
            var decks = new DeckTable(loaded.Decks, target);
            var noteTypes = new List<NoteTypeModel>();
            foreach (var pair in loaded.Models)
            {
                noteTypes.Add(NoteTypeModel.FromCollection(pair.Key, pair.Value, target));
            }

            json = loaded;
            deckTable = decks;
            noteTypesById.Clear();
            foreach (var parsed in noteTypes)
            {
                noteTypesById[parsed.Id] = parsed;
            }
        }

        internal IdSequence NoteIds => noteIds ??= new IdSequence(LargestId("notes", "note"), "note", this);

        internal IdSequence CardIds => cardIds ??= new IdSequence(LargestId("cards", "card"), "card", this);

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
                    $"The collection of '{this}' is damaged: a {kind} id is not a whole number ({Convert.ToString(largest, System.Globalization.CultureInfo.InvariantCulture)}), so no new {kind} id can follow it.", Path),
            };
        }

        /// <summary>
        /// Exceptions that reading or writing damaged or unusual rows raises from SQLite or Microsoft.Data.Sqlite
        /// (NULL or out-of-range values, constraint and read-only errors), as opposed to AnkiSync's own errors.
        /// </summary>
        internal static bool IsStorageFailure(Exception e)
            => e is SqliteException || e is InvalidOperationException || e is InvalidCastException || e is FormatException
                || e is OverflowException || e is ArgumentOutOfRangeException;

        /// <summary>
        /// The AnkiSync error for a storage failure: damage met while reading is CorruptCollection, a refused write
        /// (read-only file, constraint, a row shape Anki does not use) is WriteFailed. Either way the command's
        /// transaction is rolled back, so nothing of it is saved.
        /// </summary>
        internal AnkiException StorageError(Exception e, bool writing)
        {
            if (e is AnkiException known)
            {
                return known;
            }

            bool corrupt = e is SqliteException sqlite ? sqlite.SqliteErrorCode == 11 || sqlite.SqliteErrorCode == 26 : !writing;
            return corrupt
                ? new AnkiException(AnkiErrors.CorruptCollection, $"The collection of '{this}' is damaged and cannot be read: {e.Message}", Path, e)
                : new AnkiException(AnkiErrors.WriteFailed, $"Could not change the collection of '{this}', so nothing of this command was saved: {e.Message}", Path, e);
        }

        /// <summary>guid → note id of every note, loaded once per session and kept current by adds.</summary>
        internal Dictionary<string, long> GuidIndex
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
                            index[TextOrEmpty(reader, 0)] = reader.GetInt64(1);
                        }
                    }
                    catch (Exception e) when (IsStorageFailure(e))
                    {
                        throw StorageError(e, writing: false);
                    }

                    guidIndex = index;
                }

                return guidIndex;
            }
        }

        internal void SaveCollectionJson()
        {
            Json.Save(Db, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }

        internal static long NowSeconds() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }
}
