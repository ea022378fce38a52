using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using AnkiSync.Collection;
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
        private CollectionState? state;
        private LiveCollectionHooks? liveHooks;

        /// <summary>Whether the package was modified, as it was when it was closed.</summary>
        private bool modifiedAtClose;

        /// <summary>What the user should be told about the last open (e.g. removed triggers), until taken.</summary>
        private readonly List<string> warnings = new List<string>();

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
        public string? Path { get; private set; }

        /// <summary>The package version read (or, for a new package, the one it will be written as by default).</summary>
        public PackageVersion Format { get; }

        public PackageContainer Container { get; }

        /// <summary>The collection schema of the source (11, or 14-18).</summary>
        public int Schema { get; }

        public bool IsModified => state?.IsModified ?? modifiedAtClose;

        /// <summary>Set when the user allowed replacing an existing file at <see cref="Path"/> (New-AnkiPackage -Force).</summary>
        internal bool OverwriteAllowed { get; set; }

        public bool IsClosed => state == null;

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

        /// <summary>The open collection: what the batches, editors and merger change it through.</summary>
        internal CollectionState State => state ?? throw Closed();

        internal AnkiDatabase Db => State.Db;

        internal CollectionJson Json => State.Json;

        internal DeckTable Decks => State.Decks;

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
                package.UseWorkingCopy(NewCollection.Create(work.Combine("collection.anki2")));
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
                    // Stryker disable once Statement,String: only how often SQLite flushes changes; nothing a test can see but time.
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
                    package.UseWorkingCopy(db);
                    package.warnings.AddRange(removed);
                    package.NoteTolerated(extracted.Findings, survey: verify);
                    return package;
                }
                catch (AnkiException e) when (Equals(e.Target, extracted.CollectionPath))
                {
                    throw AboutUsersFile(e, extracted.CollectionPath, path, path);
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
            if (state != null)
            {
                countsAtClose = CountsBeforeClosing();
                modifiedAtClose = state.IsModified;
            }

            state?.Dispose();
            state = null;
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
                catch (Exception e) when (AnkiDatabase.IsStorageFailure(e) || e is AnkiException || e is IOException || e is UnauthorizedAccessException)
                {
                    return 0;
                }
            }

            return (Try(() => NoteCount), Try(() => CardCount), Try(() => DeckCount), Try(() => MediaCount));
        }

        /// <summary>The package's path, for display and CSV export of objects that carry it.</summary>
        public override string ToString() => Path ?? "(new package)";

        /// <summary>
        /// <paramref name="error"/> (from the schema converter or a check, which speak of the database they were given:
        /// a private copy at <paramref name="privatePath"/>) told about the user's file, shown as <paramref name="shownAs"/>.
        /// </summary>
        private static AnkiException AboutUsersFile(AnkiException error, string privatePath, string shownAs, object target)
            => new AnkiException(error.Error, error.Message.Replace(privatePath, shownAs), target, error);

        internal static AnkiException Closed()
            => new AnkiException(AnkiErrors.PackageClosed, "The package is closed. Open it again with Open-AnkiPackage.", null);

        /// <summary>
        /// Takes <paramref name="db"/> as this session's private working copy and reads its state. The copy is
        /// private and thrown away on a crash, so it needs no fsync per commit; exports and in-place collections are
        /// what must be durable.
        /// </summary>
        private void UseWorkingCopy(AnkiDatabase db)
        {
            // Stryker disable once Statement,String: only how often SQLite flushes changes; nothing a test can see but time.
            db.Execute("pragma synchronous = off");
            state = CollectionState.ForWorkingCopy(db, Path);
        }
    }
}
