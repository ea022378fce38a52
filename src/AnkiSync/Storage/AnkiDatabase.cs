using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Storage
{
    /// <summary>
    /// One SQLite connection to a collection file, with Anki's <c>unicase</c> collation registered
    /// and transactions that nest (the outermost one commits). Pooling is off so that the file can be
    /// deleted or replaced as soon as the database is disposed.
    /// </summary>
    public sealed class AnkiDatabase : IDisposable
    {
        private int transactionDepth;
        private bool rollbackOnly;

        private AnkiDatabase(SqliteConnection connection, string path)
        {
            Connection = connection;
            Path = path;
        }

        public SqliteConnection Connection { get; }

        public string Path { get; }

        public bool InTransaction => transactionDepth > 0;

        /// <summary>Opens (or creates, with <paramref name="create"/>) the SQLite file at <paramref name="path"/>.</summary>
        public static AnkiDatabase Open(string path, bool create = false, bool readOnly = false)
        {
            SqliteNative.EnsureProvider();
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Pooling = false,
                Mode = readOnly ? SqliteOpenMode.ReadOnly : create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            };
            var connection = new SqliteConnection(builder.ToString());
            try
            {
                connection.Open();
                // Case-insensitive Unicode compare, as Anki's unicase; schema 18 name indexes need it.
                connection.CreateCollation("unicase", (a, b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase));
                return new AnkiDatabase(connection, path);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

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
        public TransactionScope BeginTransaction()
        {
            if (transactionDepth == 0)
            {
                Execute("begin immediate");
                rollbackOnly = false;
            }

            transactionDepth++;
            return new TransactionScope(this);
        }

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

            transactionDepth--;
            if (transactionDepth == 0)
            {
                Execute(rollbackOnly ? "rollback" : "commit");
                rollbackOnly = false;
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

        /// <summary>A unit of work inside <see cref="BeginTransaction"/>.</summary>
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
