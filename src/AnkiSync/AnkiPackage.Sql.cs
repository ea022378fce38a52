using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>
        /// Runs SQL on the collection, in one transaction, with named parameters (<c>$name</c>, <c>@name</c> or
        /// <c>:name</c>; a bare name matches any of them). Returns the rows as name → value dictionaries, and in
        /// <paramref name="changedRows"/> how many rows the statements inserted, updated or deleted, and in
        /// <paramref name="returnsRows"/> whether the SQL was a query (had result columns).
        /// </summary>
        public IReadOnlyList<IReadOnlyDictionary<string, object?>> ExecuteSql(string sql, IReadOnlyDictionary<string, object?>? parameters, out int changedRows, out bool returnsRows)
        {
            var rows = new List<IReadOnlyDictionary<string, object?>>();
            int changed;
            bool hadColumns = false;
            using (var scope = Db.BeginTransaction(Storage.TransactionPurpose.RawSql))
            {
                try
                {
                    using var restricted = Db.RestrictToThisDatabase();
                    using var command = Db.Command(sql);
                    foreach (var pair in parameters ?? new Dictionary<string, object?>())
                    {
                        // A bare name binds to $name, @name or :name in the SQL (Microsoft.Data.Sqlite matches any prefix).
                        command.Parameters.AddWithValue(pair.Key, pair.Value ?? DBNull.Value);
                    }

                    using var reader = command.ExecuteReader();
                    do
                    {
                        hadColumns |= reader.FieldCount > 0;
                        while (reader.Read())
                        {
                            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                            for (int i = 0; i < reader.FieldCount; i++)
                            {
                                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                            }

                            rows.Add(row);
                        }
                    }
                    while (reader.NextResult());
                    changed = reader.RecordsAffected;
                }
                catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_AUTH && Db.DeniedAction != null)
                {
                    throw new AnkiException(AnkiErrors.SqlNotAllowed,
                        $"Invoke-AnkiSql works on this package's collection only: {Db.DeniedAction} is not allowed. Nothing was changed.", sql, e);
                }
                catch (SqliteException e)
                {
                    throw new AnkiException(AnkiErrors.SqlError, $"SQLite rejected the statement: {e.Message}", sql, e);
                }

                scope.Complete();
            }

            if (changed > 0)
            {
                // The statement may have changed anything, the col row included: read the state again.
                State.MarkModified();
                State.Reload();
            }

            changedRows = Math.Max(0, changed);
            returnsRows = hadColumns;
            return rows;
        }
    }
}
