using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Collection
{
    /// <summary>
    /// Work on notes in one transaction through statements prepared once (<see cref="NoteBatch"/>,
    /// <see cref="NoteEditor"/>). <see cref="Complete"/> saves the col JSON and commits; disposing without it
    /// rolls back and makes the package read its state again. The package is marked modified only by a commit.
    /// </summary>
    public abstract class NoteTransaction : IBatch
    {
        private readonly Storage.AnkiDatabase.TransactionScope scope;
        private readonly List<SqliteCommand> statements = new List<SqliteCommand>();
        private bool finished;

        private protected NoteTransaction(AnkiPackage package)
        {
            Package = package;
            scope = package.Db.BeginTransaction();
        }

        private protected AnkiPackage Package { get; }

        private protected bool IsFinished => finished;

        /// <summary>Whether anything was written, so that a rollback must refresh the package's cached state.</summary>
        private protected abstract bool HasChanges { get; }

        public void Complete()
        {
            if (finished)
            {
                return;
            }

            BeforeCommit();
            Package.SaveCollectionJson();
            scope.Complete();
            Finish();
            // Once per batch, and only after the commit: rows rolled back never made the package modified.
            if (HasChanges)
            {
                Package.MarkModified();
            }
        }

        public void Dispose()
        {
            bool rolledBack = !finished;
            Finish();
            if (rolledBack && HasChanges)
            {
                Package.ReloadState();
            }
        }

        /// <summary>Updates the in-memory col JSON before it is saved with the commit.</summary>
        private protected virtual void BeforeCommit()
        {
        }

        private protected SqliteCommand Prepare(string sql, params string[] parameterNames)
        {
            var statement = Package.Db.Prepare(sql, parameterNames);
            statements.Add(statement);
            return statement;
        }

        /// <summary>A new card (type and queue 0) with its id, note, deck, ordinal, mod and new-card position.</summary>
        private protected SqliteCommand PrepareNewCardInsert()
            => Prepare("insert into cards values ($id, $nid, $did, $ord, $mod, -1, 0, 0, $due, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                "$id", "$nid", "$did", "$ord", "$mod", "$due");

        private void Finish()
        {
            if (finished)
            {
                return;
            }

            finished = true;
            foreach (var statement in statements)
            {
                statement.Dispose();
            }

            scope.Dispose();
        }
    }
}
