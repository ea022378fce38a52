using System;
using System.Globalization;
using System.IO;
using AnkiSync.Packages;
using AnkiSync.SchemaConversion;
using AnkiSync.Storage;

namespace AnkiSync.Session
{
    /// <summary>
    /// Keeps a learner's desktop collection safe while the engine edits it in place: a backup in the
    /// profile's backups folder before the first write, and — since the engine works on schema 11 — each
    /// write transaction sees the collection converted to schema 11 and converts it back to the schema it
    /// found before committing, with <c>col.mod</c> bumped so that Anki's sync picks the change up. Anki or another
    /// process may change the collection between two commands, so each write transaction first has the session
    /// read the state again if anyone else committed since it last read it: a write never saves stale state.
    /// </summary>
    internal sealed class LiveCollectionHooks : ITransactionHooks
    {
        private readonly AnkiDatabase db;
        private readonly int schema;
        private readonly string? backupFolder;
        private readonly Action refreshState;
        private bool backedUp;

        /// <param name="db">The live collection.</param>
        /// <param name="schema">The schema it is at (11 or 18), kept on every commit.</param>
        /// <param name="backupFolder">Where the backup before the first write goes; null for none.</param>
        /// <param name="refreshState">Reads the session's cached state again if another connection changed the collection.</param>
        public LiveCollectionHooks(AnkiDatabase db, int schema, string? backupFolder, Action refreshState)
        {
            this.db = db;
            this.schema = schema;
            this.backupFolder = backupFolder;
            this.refreshState = refreshState;
        }

        /// <summary>Where the backup was written, once it has been.</summary>
        public string? BackupPath { get; private set; }

        /// <summary>Set when a note type's structure changed in this transaction: <c>col.scm</c> must change (full sync).</summary>
        public bool SchemaChanged { get; set; }

        public void BeforeBegin()
        {
            if (backedUp || backupFolder == null)
            {
                return;
            }

            string name = "backup-" + DateTime.Now.ToString("yyyy-MM-dd-HH.mm.ss", CultureInfo.InvariantCulture) + ".colpkg";
            string target = Path.Combine(backupFolder, name);
            string copy = Path.Combine(Path.GetTempPath(), "ankisync-backup-" + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(backupFolder);
                // VACUUM INTO reads through the WAL, so the copy holds every committed change.
                db.Execute("vacuum into $path", ("$path", copy));
                string stub = copy + ".stub";
                NewCollection.WriteStub(stub);
                PackageWriter.Write(target, PackageVersion.Latest, copy, stub, Array.Empty<MediaSource>());
                File.Delete(stub);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new AnkiException(AnkiErrors.BackupFailed,
                    $"Could not back up the collection to '{target}' before changing it, so nothing was changed: {e.Message}", target, e);
            }
            finally
            {
                File.Delete(copy);
            }

            backedUp = true;
            BackupPath = target;
        }

        public void AfterBegin(bool raw)
        {
            if (raw)
            {
                // Raw SQL sees the real schema; the session reads its state again after a raw change.
                return;
            }

            if (schema != Schema11.Version)
            {
                SchemaConverter.DowngradeToSchema11(db);
            }

            SchemaChanged = false;
            refreshState();
        }

        public void BeforeCommit(bool raw)
        {
            long nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            db.Execute("update col set mod = $mod", ("$mod", nowMs));
            if (SchemaChanged)
            {
                db.Execute("update col set scm = $scm", ("$scm", nowMs));
                SchemaChanged = false;
            }

            if (!raw && schema != Schema11.Version)
            {
                SchemaConverter.UpgradeToSchema18(db);
            }
        }
    }
}
