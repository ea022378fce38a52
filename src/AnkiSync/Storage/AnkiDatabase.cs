using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Storage
{
    /// <summary>Steps run around each outermost transaction of an <see cref="AnkiDatabase"/>.</summary>
    internal interface ITransactionHooks
    {
        /// <summary>Before BEGIN (outside any transaction: e.g. a backup).</summary>
        void BeforeBegin();

        /// <summary>Right after BEGIN, inside the transaction; <paramref name="raw"/> for raw SQL.</summary>
        void AfterBegin(bool raw);

        /// <summary>Right before COMMIT, inside the transaction; not called on rollback.</summary>
        void BeforeCommit(bool raw);
    }

    /// <summary>What a transaction is for, which decides the <see cref="ITransactionHooks"/> steps it runs.</summary>
    internal enum TransactionPurpose
    {
        /// <summary>Changes made by the engine: every hook runs.</summary>
        Change,

        /// <summary>Raw SQL from the user: the hooks run but keep the database's own shape.</summary>
        RawSql,

        /// <summary>Reading state inside a transaction that is rolled back: no hooks (no backup needed).</summary>
        ReadState,
    }

    /// <summary>
    /// One SQLite connection to a collection file, with Anki's <c>unicase</c> collation registered
    /// and transactions that nest (the outermost one commits). Pooling is off so that the file can be
    /// deleted or replaced as soon as the database is disposed.
    /// </summary>
    internal sealed class AnkiDatabase : IDisposable
    {
        private int transactionDepth;
        private bool rollbackOnly;
        private ITransactionHooks? activeHooks;
        private bool activeRaw;

        private AnkiDatabase(SqliteConnection connection, string path)
        {
            Connection = connection;
            Path = path;
        }

        public SqliteConnection Connection { get; }

        public string Path { get; }

        public bool InTransaction => transactionDepth > 0;

        /// <summary>Opens (or creates, with <paramref name="create"/>) the SQLite file at <paramref name="path"/>.</summary>
        public static AnkiDatabase Open(string path, bool create = false, bool readOnly = false, int busyTimeoutSeconds = 30)
        {
            SqliteNative.EnsureProvider();
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Pooling = false,
                Mode = readOnly ? SqliteOpenMode.ReadOnly : create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
                DefaultTimeout = busyTimeoutSeconds,
            };
            var connection = new SqliteConnection(builder.ToString());
            try
            {
                connection.Open();
                // Anki's unicase collation compares case-folded (lower-case) text; schema 18 name indexes need
                // exactly that order, or integrity checks find rows "missing from index".
                connection.CreateCollation("unicase", (a, b) => string.CompareOrdinal(a.ToLowerInvariant(), b.ToLowerInvariant()));
                return new AnkiDatabase(connection, path);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Until the result is disposed, cancelling <paramref name="cancellation"/> stops the statement running on this
        /// connection (VACUUM, integrity_check, a big INSERT…SELECT), which then fails with SQLITE_INTERRUPT: one long
        /// statement would otherwise outlast any check between statements. sqlite3_interrupt stops the statement running
        /// at the moment of the cancel; the progress handler stops one that starts just after it. Dispose it before the database.
        /// </summary>
        public IDisposable InterruptOn(CancellationToken cancellation)
            => cancellation.CanBeCanceled ? new Interruption(Connection, cancellation) : NoInterruption.Instance;

        public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            return command;
        }

        /// <summary>A statement prepared once for many executions; bind each row with <see cref="Bind"/>.</summary>
        public SqliteCommand Prepare(string sql, params string[] parameterNames)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (string name in parameterNames)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }

        /// <summary>
        /// Exceptions that reading or writing damaged or unusual rows raises from SQLite or Microsoft.Data.Sqlite
        /// (NULL or out-of-range values, constraint and read-only errors), as opposed to AnkiSync's own errors.
        /// </summary>
        public static bool IsStorageFailure(Exception e)
            => e is SqliteException || e is InvalidOperationException || e is InvalidCastException || e is FormatException
                || e is OverflowException || e is ArgumentOutOfRangeException;

        /// <summary>Sets a prepared statement's parameters, in the order they were declared.</summary>
        public static void Bind(SqliteCommand command, params object[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i];
            }
        }

        public int Execute(string sql, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(sql, parameters);
            return command.ExecuteNonQuery();
        }

        public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(sql, parameters);
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }

        public long ScalarLong(string sql, params (string Name, object? Value)[] parameters)
            => Convert.ToInt64(Scalar(sql, parameters) ?? 0L);

        /// <summary>
        /// Writes a compact, self-contained copy of the database to <paramref name="destination"/> (VACUUM INTO),
        /// replacing a file there, with <paramref name="pageSize"/> when it is above 0.
        /// </summary>
        public void CopyTo(string destination, int pageSize)
        {
            if (File.Exists(destination))
            {
                File.Delete(destination);
            }

            if (pageSize > 0)
            {
                Execute($"pragma page_size = {pageSize}");
            }

            Execute("vacuum into $path", ("$path", destination));
        }

        public bool TableExists(string table)
            => ScalarLong("select count(*) from sqlite_master where type = 'table' and name = $n", ("$n", table)) > 0;

        public IEnumerable<string> Columns(string table)
        {
            using var command = Command($"pragma table_info(\"{table.Replace("\"", "\"\"")}\")");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                yield return reader.GetString(1);
            }
        }

        /// <summary>
        /// Starts a transaction, or joins the one already open. Dispose the returned scope; call
        /// <see cref="TransactionScope.Complete"/> first to keep the work. Plain BEGIN/COMMIT are used so that
        /// commands need no transaction object and prepared statements can be reused across batches.
        /// </summary>
        public TransactionScope BeginTransaction() => BeginTransaction(TransactionPurpose.Change);

        /// <summary>
        /// Starts or joins a transaction, running <see cref="Hooks"/> as its <paramref name="purpose"/> needs (raw SQL on a
        /// live collection must see its real schema; reading its state needs no backup).
        /// </summary>
        public TransactionScope BeginTransaction(TransactionPurpose purpose)
        {
            if (transactionDepth == 0)
            {
                bool hooked = purpose != TransactionPurpose.ReadState && Hooks != null;
                if (hooked)
                {
                    Hooks!.BeforeBegin();
                }

                try
                {
                    Execute("begin immediate");
                }
                catch (SqliteException e) when (e.SqliteErrorCode == 5 || e.SqliteErrorCode == 6)
                {
                    throw new AnkiException(AnkiErrors.CollectionInUse,
                        $"The collection '{Path}' is in use by another program (Anki?). Close it and try again.", Path, e);
                }

                rollbackOnly = false;
                activeHooks = hooked ? Hooks : null;
                activeRaw = purpose == TransactionPurpose.RawSql;
                transactionDepth++;
                try
                {
                    activeHooks?.AfterBegin(activeRaw);
                }
                catch
                {
                    transactionDepth = 0;
                    activeHooks = null;
                    Execute("rollback");
                    TransactionEnded?.Invoke(false);
                    throw;
                }

                return new TransactionScope(this);
            }

            transactionDepth++;
            return new TransactionScope(this);
        }

        /// <summary>Called when the outermost transaction ends: true after COMMIT, false after a rollback.</summary>
        public Action<bool>? TransactionEnded { get; set; }

        /// <summary>Work around every outermost transaction (a live schema-18 collection uses it to keep its own schema).</summary>
        public ITransactionHooks? Hooks { get; set; }

        private void EndTransaction(bool completed)
        {
            if (transactionDepth == 0)
            {
                return;
            }

            if (!completed)
            {
                rollbackOnly = true;
            }

            if (transactionDepth == 1 && !rollbackOnly && activeHooks != null)
            {
                try
                {
                    activeHooks.BeforeCommit(activeRaw);
                }
                catch
                {
                    rollbackOnly = true;
                    transactionDepth = 0;
                    activeHooks = null;
                    Execute("rollback");
                    TransactionEnded?.Invoke(false);
                    throw;
                }
            }

            transactionDepth--;
            if (transactionDepth == 0)
            {
                activeHooks = null;
                bool rollback = rollbackOnly;
                rollbackOnly = false;
                // An interrupted write (a cancel) makes SQLite roll the whole transaction back itself; a second ROLLBACK
                // would fail with "no transaction is active" and hide why the work stopped.
                try
                {
                    if (!rollback || SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) == 0)
                    {
                        Execute(rollback ? "rollback" : "commit");
                    }
                }
                catch
                {
                    TransactionEnded?.Invoke(false);
                    throw;
                }

                TransactionEnded?.Invoke(!rollback);
            }
        }

        /// <summary>
        /// Until the returned scope is disposed, SQLite refuses (SQLITE_AUTH, "not authorized") statements that would
        /// reach outside this database or outlive the statement: ATTACH and DETACH (which could open and change any
        /// file), and CREATE TRIGGER (which would run on every later change). <see cref="DeniedAction"/> names the
        /// last refusal. Extension loading stays off, as Microsoft.Data.Sqlite leaves it.
        /// </summary>
        public IDisposable RestrictToThisDatabase()
        {
            DeniedAction = null;
            authorizer = Authorize;
            SQLitePCL.raw.sqlite3_set_authorizer(Connection.Handle, authorizer, null);
            return new AuthorizerScope(this);
        }

        /// <summary>What <see cref="RestrictToThisDatabase"/> last refused, e.g. "ATTACH".</summary>
        public string? DeniedAction { get; private set; }

        // Held so that the delegate lives as long as SQLite may call it.
        private SQLitePCL.strdelegate_authorizer? authorizer;

        private int Authorize(object userData, int action, string param0, string param1, string dbName, string innerMost)
        {
            string? denied = action switch
            {
                SQLitePCL.raw.SQLITE_ATTACH => "ATTACH",
                SQLitePCL.raw.SQLITE_DETACH => "DETACH",
                SQLitePCL.raw.SQLITE_CREATE_TRIGGER => "CREATE TRIGGER",
                SQLitePCL.raw.SQLITE_CREATE_TEMP_TRIGGER => "CREATE TEMP TRIGGER",
                _ => null,
            };
            if (denied == null)
            {
                return SQLitePCL.raw.SQLITE_OK;
            }

            DeniedAction = denied;
            return SQLitePCL.raw.SQLITE_DENY;
        }

        private sealed class AuthorizerScope : IDisposable
        {
            private AnkiDatabase? database;

            public AuthorizerScope(AnkiDatabase database) => this.database = database;

            public void Dispose()
            {
                if (database != null)
                {
                    SQLitePCL.raw.sqlite3_set_authorizer(database.Connection.Handle, (SQLitePCL.strdelegate_authorizer?)null, null);
                    database.authorizer = null;
                    database = null;
                }
            }
        }

        public void Dispose()
        {
            if (transactionDepth > 0)
            {
                try
                {
                    Execute("rollback");
                }
                catch (SqliteException)
                {
                }

                transactionDepth = 0;
            }

            Connection.Dispose();
        }

        private sealed class Interruption : IDisposable
        {
            /// <summary>VM steps between two looks at the token: frequent enough for a prompt stop, rare enough to cost nothing.</summary>
            private const int ProgressSteps = 1000;

            private readonly SqliteConnection connection;
            private readonly CancellationTokenRegistration registration;

            public Interruption(SqliteConnection connection, CancellationToken cancellation)
            {
                this.connection = connection;
                SQLitePCL.raw.sqlite3_progress_handler(connection.Handle, ProgressSteps, _ => cancellation.IsCancellationRequested ? 1 : 0, null);
                registration = cancellation.Register(() =>
                {
                    var handle = connection.Handle;
                    if (handle != null)
                    {
                        SQLitePCL.raw.sqlite3_interrupt(handle);
                    }
                });
            }

            public void Dispose()
            {
                registration.Dispose();
                if (connection.Handle != null)
                {
                    SQLitePCL.raw.sqlite3_progress_handler(connection.Handle, 0, null, null);
                }
            }
        }

        private sealed class NoInterruption : IDisposable
        {
            public static readonly NoInterruption Instance = new NoInterruption();

            public void Dispose()
            {
            }
        }

        /// <summary>A unit of work inside <see cref="BeginTransaction()"/>.</summary>
        public sealed class TransactionScope : IDisposable
        {
            private readonly AnkiDatabase database;
            private bool completed;
            private bool disposed;

            internal TransactionScope(AnkiDatabase database) => this.database = database;

            public void Complete() => completed = true;

            public void Dispose()
            {
                if (disposed)
                {
                    return;
                }

                disposed = true;
                database.EndTransaction(completed);
            }
        }
    }
}
