using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using AnkiSync.Packages;
using AnkiSync.SchemaConversion;
using AnkiSync.Session;
using AnkiSync.Storage;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>How far an export is when the collection has been copied out (VACUUM INTO: about a quarter of the time at 100k notes).</summary>
        private const double CopiedShare = 0.25;

        /// <summary>How far an export is when the copy is ready to be packed (after any schema conversion); the packing, byte by byte, is the rest.</summary>
        private const double PreparedShare = 0.35;

        /// <summary>The packing's 0..1 as the export's <see cref="PreparedShare"/>..1.</summary>
        private static IProgress<double>? Rest(IProgress<double>? progress)
            => progress == null ? null : new ScaledProgress(progress, PreparedShare, 1);

        /// <summary>
        /// Writes the package to <paramref name="path"/>: to a temp file in the target folder first, renamed into
        /// place when complete, so a failure leaves any existing file whole. Returns what the user should be warned about.
        /// Cancelling <paramref name="cancellation"/> stops it promptly with an <see cref="OperationCanceledException"/>,
        /// leaving neither the temp file nor a partial target.
        /// </summary>
        public IReadOnlyList<string> Export(string path, PackageVersion version = PackageVersion.Legacy2, bool overwrite = false, IProgress<double>? progress = null, bool asDirectory = false, CancellationToken cancellation = default)
        {
            cancellation.ThrowIfCancellationRequested();
            string fullPath = System.IO.Path.GetFullPath(path);
            if ((File.Exists(fullPath) || (asDirectory && Directory.Exists(fullPath))) && !overwrite)
            {
                throw new AnkiException(AnkiErrors.FileExists, $"'{fullPath}' already exists. Use -Force to overwrite it.", fullPath);
            }

            if (Directory.Exists(fullPath) != asDirectory && (File.Exists(fullPath) || Directory.Exists(fullPath)))
            {
                throw new AnkiException(AnkiErrors.FileExists,
                    asDirectory ? $"'{fullPath}' is a file; -AsDirectory writes a folder." : $"'{fullPath}' is a folder. Give a file path such as deck.apkg.", fullPath);
            }

            string? folder = System.IO.Path.GetDirectoryName(fullPath);
            if (folder == null || !Directory.Exists(folder))
            {
                throw new AnkiException(AnkiErrors.DirectoryNotFound, $"The folder of '{fullPath}' does not exist.", fullPath);
            }

            EnsureReadable();
            var warnings = new List<string>();
            if (string.Equals(System.IO.Path.GetFileName(fullPath), "collection.apkg", StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add("Anki treats a file named 'collection.apkg' as a whole-collection backup and would replace the learner's collection when it is opened. Give the deck another name.");
            }

            var media = new DirectoryInfo(mediaDirectory).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => new MediaSource(f.Name, f.FullName)).ToList();
            HashSet<string> referenced = media.Count > 0 ? ReferencedMedia() : new HashSet<string>();
            foreach (var unused in media.Where(m => !referenced.Contains(m.Name) && !m.Name.StartsWith("_", StringComparison.Ordinal)))
            {
                warnings.Add($"No note field references the media file '{unused.Name}', so Anki will drop it on import. Reference it from a field, or start its name with '_' if a template or the styling uses it.");
            }

            if (!IsInPlace)
            {
                // A live collection has nothing unsaved, and a write here would back it up and change col.mod.
                try
                {
                    using var scope = Db.BeginTransaction();
                    State.SaveJson();
                    scope.Complete();
                }
                catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
                {
                    throw State.StorageError(e, writing: true);
                }
            }

            string staging = work.Combine("export-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(staging);
            string temp = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            string copied = System.IO.Path.Combine(staging, "collection");
            try
            {
                string collection = copied;
                progress?.Report(0);
                using (Db.InterruptOn(cancellation))
                {
                    Db.CopyTo(collection, 0);
                }

                progress?.Report(CopiedShare);

                cancellation.ThrowIfCancellationRequested();
                string compacted = System.IO.Path.Combine(staging, "compacted");
                using (var copy = AnkiDatabase.Open(collection))
                using (copy.InterruptOn(cancellation))
                {
                    // A throwaway copy: no fsync and an in-memory journal keep its commits short (they cannot be
                    // interrupted); the converter can still roll back.
                    // Stryker disable Statement,String: only how SQLite journals and flushes the copy; nothing a test can see but time.
                    copy.Execute("pragma synchronous = off");
                    copy.Execute("pragma journal_mode = memory");
                    // Stryker restore Statement,String

                    // Objects Anki does not define (made by raw SQL, or in a live collection) never leave in an export.
                    var removed = ForeignObjects.Drop(copy, "from the exported file");
                    warnings.AddRange(removed);
                    int copiedSchema = SchemaConverter.ReadVersion(copy);
                    if (version == PackageVersion.Latest)
                    {
                        SchemaConverter.UpgradeToSchema18(copy);
                    }
                    else
                    {
                        // A live collection is copied at its own schema (18); legacy packages hold schema 11.
                        SchemaConverter.DowngradeToSchema11(copy);
                        // Keys that carry schema-18-only data through our schema-11 working copy are ours, not Anki's.
                        PrivateKeys.RemoveFrom(copy);
                    }

                    // VACUUM INTO already compacted the copy; only a schema conversion leaves free pages behind. Compact into
                    // a new file: a plain VACUUM ends by copying the whole file back, which no cancel can interrupt.
                    cancellation.ThrowIfCancellationRequested();
                    if (SchemaConverter.ReadVersion(copy) != copiedSchema || removed.Count > 0)
                    {
                        copy.Execute("vacuum into $path", ("$path", compacted));
                    }
                }

                if (File.Exists(compacted))
                {
                    collection = compacted;
                }

                cancellation.ThrowIfCancellationRequested();
                progress?.Report(PreparedShare);

                string? stub = null;
                if (version != PackageVersion.Legacy1)
                {
                    stub = System.IO.Path.Combine(staging, "stub");
                    NewCollection.WriteStub(stub);
                }

                if (asDirectory)
                {
                    PackageWriter.WriteFolder(temp, version, collection, stub, media, Rest(progress), cancellation);
                    cancellation.ThrowIfCancellationRequested();
                    if (Directory.Exists(fullPath))
                    {
                        Directory.Delete(fullPath, recursive: true);
                    }

                    Directory.Move(temp, fullPath);
                }
                else
                {
                    PackageWriter.Write(temp, version, collection, stub, media, Rest(progress), cancellation);
                    cancellation.ThrowIfCancellationRequested();
                    ReplaceFile(temp, fullPath);
                }
            }
            catch (Exception e) when (IsCancellation(e, cancellation))
            {
                // An interrupted VACUUM fails as a SQLite error (inside the schema converter, a data error): it is the stop.
                throw new OperationCanceledException("The export was cancelled.", e, cancellation);
            }
            catch (AnkiException e) when (Equals(e.Target, copied))
            {
                throw AboutUsersFile(e, copied, ToString(), Path ?? fullPath);
            }
            catch (IOException e)
            {
                throw new AnkiException(AnkiErrors.ExportFailed, $"Could not write '{fullPath}': {e.Message}", fullPath, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new AnkiException(AnkiErrors.ExportFailed, $"Could not write '{fullPath}': {e.Message}", fullPath, e);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                throw new AnkiException(AnkiErrors.ExportFailed, $"Could not write '{fullPath}': {e.Message}", fullPath, e);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }

                if (Directory.Exists(temp))
                {
                    Directory.Delete(temp, recursive: true);
                }

                Directory.Delete(staging, recursive: true);
            }

            State.MarkSaved();
            if (Path == null)
            {
                Path = fullPath;
                State.Path = fullPath;
            }

            return warnings;
        }

        private static void ReplaceFile(string source, string destination)
        {
            if (File.Exists(destination))
            {
                File.Replace(source, destination, null, ignoreMetadataErrors: true);
            }
            else
            {
                File.Move(source, destination);
            }
        }
    }
}
