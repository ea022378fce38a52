using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AnkiSync.Storage
{
    /// <summary>
    /// A statement prepared once on a <see cref="SqliteConnection"/> and run through SQLite's own API, for the hot
    /// loops that run one statement per row (a batch's inserts, reading every card). It does what
    /// Microsoft.Data.Sqlite's command and reader do for those rows, with a fraction of their per-value calls and
    /// allocations: failures are the same <see cref="SqliteException"/>, a busy database is retried the same way
    /// (until the connection's default timeout), a NULL read as a number or a number beyond 32 bits fails as they do,
    /// and text is read as their <c>GetValue</c> converts it. Dispose it before the connection.
    /// </summary>
    internal sealed class RawStatement : IDisposable
    {
        private const int BusyPauseMilliseconds = 150;
        private const int LockedSharedCache = 6 | (1 << 8);
        private readonly sqlite3 db;
        private readonly int timeoutSeconds;
        private readonly sqlite3_stmt statement;
        private byte[] textBuffer = new byte[1024];

        private RawStatement(sqlite3 db, sqlite3_stmt statement, int timeoutSeconds)
        {
            this.db = db;
            this.statement = statement;
            this.timeoutSeconds = timeoutSeconds;
        }

        /// <summary>Prepares one statement (the first of <paramref name="sql"/>) on the open connection.</summary>
        public static RawStatement Prepare(SqliteConnection connection, string sql)
        {
            sqlite3 db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
            int rc = raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt statement);
            if (rc != raw.SQLITE_OK)
            {
                statement?.Dispose();
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            return new RawStatement(db, statement ?? throw new ArgumentException("The SQL holds no statement.", nameof(sql)), connection.DefaultTimeout);
        }

        /// <summary>Prepares a statement whose parameters, numbered from 1, are <paramref name="parameterNames"/> in this order.</summary>
        public static RawStatement Prepare(SqliteConnection connection, string sql, params string[] parameterNames)
        {
            var prepared = Prepare(connection, sql);
            bool same = raw.sqlite3_bind_parameter_count(prepared.statement) == parameterNames.Length;
            for (int i = 0; same && i < parameterNames.Length; i++)
            {
                same = raw.sqlite3_bind_parameter_name(prepared.statement, i + 1).utf8_to_string() == parameterNames[i];
            }

            if (!same)
            {
                prepared.Dispose();
                throw new ArgumentException($"The statement's parameters are not {string.Join(", ", parameterNames)} in this order: {sql}", nameof(parameterNames));
            }

            return prepared;
        }

        [MethodImpl(HotPath.PerRow)]
        public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(statement, index, value));

        [MethodImpl(HotPath.PerRow)]
        public void Bind(int index, string value) => Check(raw.sqlite3_bind_text(statement, index, value));

        /// <summary>
        /// Binds a named parameter as Microsoft.Data.Sqlite's AddWithValue stores a value of that type (null, text,
        /// 32- or 64-bit number, double); a parameter the statement does not use is ignored, as a command ignores it.
        /// </summary>
        public void Bind(string name, object? value)
        {
            int index = raw.sqlite3_bind_parameter_index(statement, name);
            if (index == 0)
            {
                return;
            }

            switch (value)
            {
                case null:
                case DBNull _:
                    Check(raw.sqlite3_bind_null(statement, index));
                    break;
                case string text:
                    Bind(index, text);
                    break;
                case long number:
                    Bind(index, number);
                    break;
                case int number:
                    Bind(index, number);
                    break;
                case double real:
                    Check(raw.sqlite3_bind_double(statement, index, real));
                    break;
                default:
                    throw new ArgumentException($"A parameter of type {value.GetType()} is not bound here.", nameof(value));
            }
        }

        /// <summary>Runs a statement that returns no rows (an insert), then makes it ready for the next.</summary>
        [MethodImpl(HotPath.PerRow)]
        public void Execute()
        {
            int rc = Step();
            if (rc == raw.SQLITE_ROW)
            {
                rc = raw.SQLITE_DONE;
            }

            raw.sqlite3_reset(statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }

        /// <summary>Steps a query: true for a row, false at its end (then the statement is reset for the next run).</summary>
        [MethodImpl(HotPath.PerRow)]
        public bool Read()
        {
            int rc = Step();
            if (rc == raw.SQLITE_ROW)
            {
                return true;
            }

            raw.sqlite3_reset(statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            return false;
        }

        /// <summary>Ends the current run early and makes the statement ready for the next.</summary>
        public void Reset() => raw.sqlite3_reset(statement);

        [MethodImpl(HotPath.PerRow)]
        public bool IsNull(int column) => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL;

        /// <summary>The column as a 64-bit number; NULL fails as a reader's GetInt64 does.</summary>
        [MethodImpl(HotPath.PerRow)]
        public long Int64(int column)
        {
            if (IsNull(column))
            {
                throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, "The data is NULL at ordinal {0}. This method can't be called on NULL values. Check using IsDBNull before calling.", column));
            }

            return raw.sqlite3_column_int64(statement, column);
        }

        /// <summary>The column as a 32-bit number; beyond that range it overflows as a reader's GetInt32 does.</summary>
        [MethodImpl(HotPath.PerRow)]
        public int Int32(int column) => checked((int)Int64(column));

        /// <summary>
        /// The column as text, "" for NULL: text as stored, and a number or blob as a reader's GetValue turned into a
        /// string gives it (invariant culture).
        /// </summary>
        [MethodImpl(HotPath.PerRow)]
        public string TextOrEmpty(int column)
        {
            switch (raw.sqlite3_column_type(statement, column))
            {
                case raw.SQLITE_NULL:
                    return "";
                case raw.SQLITE_TEXT:
                    return raw.sqlite3_column_text(statement, column).utf8_to_string() ?? "";
                case raw.SQLITE_INTEGER:
                    return raw.sqlite3_column_int64(statement, column).ToString(CultureInfo.InvariantCulture);
                case raw.SQLITE_FLOAT:
                    return raw.sqlite3_column_double(statement, column).ToString(CultureInfo.InvariantCulture);
                default:
                    return Convert.ToString(raw.sqlite3_column_blob(statement, column).ToArray(), CultureInfo.InvariantCulture) ?? "";
            }
        }

        /// <summary>
        /// <c>TextOrEmpty(column).Split(separator)</c> for an ASCII separator (a note's fields), decoding each part straight
        /// from the stored UTF-8 instead of building the whole text first. The same strings: all the stored bytes are
        /// decoded (an embedded NUL too, as the reader keeps it), and a separator byte is never part of a multi-byte
        /// sequence, so invalid bytes decode to the same replacement characters part by part.
        /// </summary>
        [MethodImpl(HotPath.PerRow)]
        public string[] TextSplitOrEmpty(int column, char separator)
        {
            if (separator > 0x7F || raw.sqlite3_column_type(statement, column) != raw.SQLITE_TEXT)
            {
                return TextOrEmpty(column).Split(separator);
            }

            ReadOnlySpan<byte> text = raw.sqlite3_column_blob(statement, column);
            if (textBuffer.Length < text.Length)
            {
                textBuffer = new byte[Math.Max(text.Length, textBuffer.Length * 2)];
            }

            text.CopyTo(textBuffer);
            byte cut = (byte)separator;
            int parts = 1;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == cut)
                {
                    parts++;
                }
            }

            var values = new string[parts];
            int start = 0;
            for (int part = 0; part < parts - 1; part++)
            {
                int length = text.Slice(start).IndexOf(cut);
                values[part] = Decode(start, length);
                start += length + 1;
            }

            values[parts - 1] = Decode(start, text.Length - start);
            return values;
        }

        public void Dispose() => statement.Dispose();

        /// <summary>One step; a busy or locked database is retried after a pause, until the connection's timeout.</summary>
        private int Step()
        {
            Stopwatch? waited = null;
            while (true)
            {
                int rc = raw.sqlite3_step(statement);
                if ((rc != raw.SQLITE_BUSY && rc != raw.SQLITE_LOCKED && rc != LockedSharedCache)
                    || (timeoutSeconds != 0 && (waited ??= Stopwatch.StartNew()).ElapsedMilliseconds >= timeoutSeconds * 1000L))
                {
                    return rc;
                }

                raw.sqlite3_reset(statement);
                Thread.Sleep(BusyPauseMilliseconds);
            }
        }

        private string Decode(int start, int length) => length == 0 ? "" : Encoding.UTF8.GetString(textBuffer, start, length);

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }
    }
}
