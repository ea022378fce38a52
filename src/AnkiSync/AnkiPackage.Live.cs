using System.IO;
using AnkiSync.Collection;
using AnkiSync.Packages;
using AnkiSync.SchemaConversion;
using AnkiSync.Session;
using AnkiSync.Storage;
using Microsoft.Data.Sqlite;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>True for a desktop collection opened in place: every change is committed to it directly.</summary>
        public bool IsInPlace => liveHooks != null;

        /// <summary>Where the backup made before the first change was written, if one was.</summary>
        public string? BackupPath => liveHooks?.BackupPath;

        /// <summary>
        /// Opens a desktop collection file in place. Refused while Anki (or anything else) holds its lock.
        /// Before the first write, a backup goes to <paramref name="backupFolder"/> (null: no backup); each
        /// command's changes are one transaction that keeps the collection's schema (11 or 18).
        /// </summary>
        public static AnkiPackage OpenCollection(string collectionPath, string? backupFolder)
        {
            string fullPath = System.IO.Path.GetFullPath(collectionPath);
            if (!File.Exists(fullPath))
            {
                throw new AnkiException(AnkiErrors.CollectionNotFound, $"There is no collection at '{fullPath}'.", fullPath);
            }

            var work = WorkFolder.Create();
            AnkiDatabase? db = null;
            try
            {
                db = AnkiDatabase.Open(fullPath, busyTimeoutSeconds: 1);
                EnsureNotInUse(db, fullPath);
                if (ForeignObjects.HasTriggers(db))
                {
                    // Anki never creates triggers; one would run on every change made here, and the learner's file
                    // is not ours to alter by dropping it.
                    throw new AnkiException(AnkiErrors.CollectionHasTriggers,
                        $"The collection '{fullPath}' has SQL triggers, which Anki never creates and which would run on every change AnkiSync makes. It was not opened. Check the collection in Anki (Tools > Check Database), or open a copy with Open-AnkiPackage, which removes them.", fullPath);
                }

                int schema = SchemaConverter.ReadVersion(db);
                if (schema != Schema11.Version && schema != 18)
                {
                    throw new AnkiException(AnkiErrors.UnsupportedSchema,
                        $"The collection '{fullPath}' is at schema {schema}. Open it once in a current Anki, which upgrades it to schema 18, then try again.", fullPath);
                }

                string media = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(fullPath)!, "collection.media");
                Directory.CreateDirectory(media);
                var package = new AnkiPackage(work, media, fullPath, schema == 18 ? PackageVersion.Latest : PackageVersion.Legacy1, PackageContainer.Collection, schema);
                package.state = CollectionState.ForLiveCollection(db, fullPath, schema, backupFolder);
                package.liveHooks = package.state.LiveHooks;
                return package;
            }
            catch (SqliteException e)
            {
                db?.Dispose();
                work.Dispose();
                throw new AnkiException(AnkiErrors.CorruptCollection, $"The collection '{fullPath}' cannot be read: {e.Message}", fullPath, e);
            }
            catch
            {
                db?.Dispose();
                work.Dispose();
                throw;
            }
        }

        /// <summary>Anki holds its collection with an exclusive lock while a profile is open: taking a write lock fails then.</summary>
        private static void EnsureNotInUse(AnkiDatabase db, string path)
        {
            try
            {
                db.Execute("begin immediate");
                db.Execute("rollback");
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 5 || e.SqliteErrorCode == 6)
            {
                throw new AnkiException(AnkiErrors.CollectionInUse,
                    $"The collection '{path}' is in use (Anki has it open). Close Anki, or switch to another profile, and try again.", path, e);
            }
        }
    }
}
