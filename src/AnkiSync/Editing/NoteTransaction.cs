using System;
using System.Collections.Generic;
using AnkiSync.Collection;
using AnkiSync.Storage;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Editing
{
    /// <summary>
    /// Work on notes in one transaction through statements prepared once (<see cref="NoteBatch"/>,
    /// <see cref="NoteEditor"/>). <see cref="Complete"/> saves the col JSON and commits; disposing without it
    /// rolls back and makes the package read its state again. A write that fails midway (a read-only file, a
    /// constraint) rolls the whole transaction back at once, so a half-written row can never be committed; every
    /// later call then reports that failure. The package is marked modified only by a commit.
    /// </summary>
    public abstract class NoteTransaction : IBatch
    {
        private readonly Storage.AnkiDatabase.TransactionScope scope;
        private readonly List<IDisposable> statements = new List<IDisposable>();
        private bool finished;
        private AnkiException? failure;

        private readonly AnkiPackage? package;

        /// <param name="state">The collection to change.</param>
        /// <param name="package">The session that owns it, whose notes and cards the transaction returns; null for a
        /// collection no session owns (the stub collection), which takes new notes only.</param>
        private protected NoteTransaction(CollectionState state, AnkiPackage? package)
        {
            this.package = package;
            State = state;
            try
            {
                scope = State.Db.BeginTransaction();
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw State.StorageError(e, writing: true);
            }
        }

        /// <summary>The package whose notes and cards this transaction returns.</summary>
        private protected AnkiPackage Package => package ?? throw new InvalidOperationException("This transaction's collection belongs to no package, so it returns no notes or cards.");

        /// <summary>The collection this transaction changes.</summary>
        private protected CollectionState State { get; }

        /// <summary>Whether anything was written, so that a rollback must refresh the package's cached state.</summary>
        private protected abstract bool HasChanges { get; }

        public void Complete()
        {
            ThrowIfFailed();
            if (finished)
            {
                return;
            }

            try
            {
                BeforeCommit();
                State.SaveJson();
                scope.Complete();
                Finish();
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            // Once per batch, and only after the commit: rows rolled back never made the package modified.
            if (HasChanges)
            {
                State.MarkModified();
            }
        }

        public void Dispose()
        {
            bool rolledBack = !finished;
            Finish();
            // Stryker disable once Logical: reading the state again after a commit or an empty rollback finds the same state, only slower.
            if (rolledBack && HasChanges)
            {
                State.Reload();
            }
        }

        /// <summary>Before each row: a finished or failed transaction takes no more work (an AnkiSync error, not a raw one).</summary>
        private protected void ThrowIfFinished()
        {
            ThrowIfFailed();
            if (finished)
            {
                throw new AnkiException(AnkiErrors.BatchFinished, "This batch is finished: its changes were committed or rolled back. Start a new one.", null);
            }
        }

        /// <summary>
        /// A write failed after this transaction had written something: roll all of it back now (the row may be
        /// half-written) and return the error to throw.
        /// </summary>
        private protected AnkiException Fail(Exception e)
        {
            var error = State.StorageError(e, writing: true);
            if (failure == null)
            {
                failure = error;
                Finish();
                try
                {
                    State.Reload();
                }
                catch (AnkiException)
                {
                    // The state could not be read again; the next command that needs it reports why.
                }
            }

            return error;
        }

        /// <summary>
        /// A transaction joined to this one (a note editor inside a note batch) failed and rolled everything back:
        /// this one takes that failure as its own, so it neither takes more rows nor reports a commit.
        /// </summary>
        private protected void AdoptFailure(AnkiException error)
        {
            if (failure == null)
            {
                failure = error;
                Finish();
            }
        }

        /// <summary>Whether a write of this transaction failed and rolled it back.</summary>
        internal bool HasFailed => failure != null;

        private void ThrowIfFailed()
        {
            if (failure != null)
            {
                throw new AnkiException(failure.Error, "An earlier change of this command failed, so none of its changes were saved: " + failure.Message, failure.Target, failure);
            }
        }

        /// <summary>Updates the in-memory col JSON before it is saved with the commit.</summary>
        private protected virtual void BeforeCommit()
        {
        }

        private protected SqliteCommand Prepare(string sql, params string[] parameterNames)
        {
            var statement = State.Db.Prepare(sql, parameterNames);
            statements.Add(statement);
            return statement;
        }

        /// <summary>
        /// As <see cref="Prepare"/>, run through SQLite's own API (<see cref="Storage.RawStatement"/>): for the statements
        /// a batch runs once per row. Bind by position, in the order of <paramref name="parameterNames"/>.
        /// </summary>
        private protected Storage.RawStatement PrepareRaw(string sql, params string[] parameterNames)
        {
            var statement = Storage.RawStatement.Prepare(State.Db.Connection, sql, parameterNames);
            statements.Add(statement);
            return statement;
        }

        /// <summary>A new card (type and queue 0) with its id, note, deck, ordinal, mod and new-card position.</summary>
        /// <remarks>Columns are named: a file whose table has an extra column (some tools add one) still takes the row.</remarks>
        private protected SqliteCommand PrepareNewCardInsert() => Prepare(NewCardInsertSql, NewCardInsertParameters);

        private protected const string NewCardInsertSql = "insert into cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data) "
            + "values ($id, $nid, $did, $ord, $mod, -1, 0, 0, $due, 0, 0, 0, 0, 0, 0, 0, 0, '')";

        private protected static readonly string[] NewCardInsertParameters = { "$id", "$nid", "$did", "$ord", "$mod", "$due" };

        /// <summary>Prepares the transaction's statements; a failure disposes it and is an AnkiSync error.</summary>
        private protected void PrepareStatements(Action prepare)
        {
            try
            {
                prepare();
            }
            catch (Exception e)
            {
                Dispose();
                if (AnkiDatabase.IsStorageFailure(e))
                {
                    throw State.StorageError(e, writing: true);
                }

                throw;
            }
        }

        /// <summary>Ends transactions joined to this one before it ends itself.</summary>
        private protected virtual void BeforeFinish()
        {
        }

        private void Finish()
        {
            // Stryker disable once Statement: ending twice disposes the same statements and scope again, which both allow.
            if (finished)
            {
                return;
            }

            finished = true;
            BeforeFinish();
            foreach (var statement in statements)
            {
                statement.Dispose();
            }

            // Without Complete this rolls back; a commit that fails (hooks, SQLite) has rolled back too.
            scope.Dispose();
        }
    }
}
