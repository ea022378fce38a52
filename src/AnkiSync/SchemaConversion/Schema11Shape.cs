using System;
using System.Collections.Generic;
using System.Linq;
using AnkiSync.Storage;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// The schema-11 tables and columns the engine reads and writes. A collection is checked against them once,
    /// when it is opened (after any conversion from schema 14–18), so that a damaged or hand-made file fails
    /// there with a clear error instead of with an SQL error from the first command that touches it.
    /// </summary>
    internal static class Schema11Shape
    {
        private static readonly (string Table, string[] Columns)[] Tables =
        {
            ("col", new[] { "id", "crt", "mod", "scm", "ver", "dty", "usn", "ls", "conf", "models", "decks", "dconf", "tags" }),
            ("notes", new[] { "id", "guid", "mid", "mod", "usn", "tags", "flds", "sfld", "csum", "flags", "data" }),
            ("cards", new[] { "id", "nid", "did", "ord", "mod", "usn", "type", "queue", "due", "ivl", "factor", "reps", "lapses", "left", "odue", "odid", "flags", "data" }),
            ("revlog", new[] { "id", "cid", "usn", "ease", "ivl", "lastIvl", "factor", "time", "type" }),
            ("graves", new[] { "usn", "oid", "type" }),
        };

        /// <summary>Throws <c>InvalidCollection</c> (target <paramref name="target"/>) naming the first missing table or column.</summary>
        /// <remarks>
        /// Only names are checked. Real files are not always made by Anki: some have these tables re-created without
        /// the primary keys and NOT NULL constraints (the fixture anki2.1.1x-bare-schema11-two-decks-revlog.anki2 does),
        /// and Anki opens them.
        /// </remarks>
        public static void Require(AnkiDatabase db, object target)
        {
            foreach (var (table, columns) in Tables)
            {
                if (!db.TableExists(table))
                {
                    throw Invalid(target, $"it has no '{table}' table.");
                }

                var present = new HashSet<string>(db.Columns(table), StringComparer.OrdinalIgnoreCase);
                var missing = columns.Where(column => !present.Contains(column)).ToList();
                if (missing.Count > 0)
                {
                    throw Invalid(target, $"its '{table}' table has no {string.Join(", ", missing.Select(column => $"'{column}'"))} column{(missing.Count == 1 ? "" : "s")}.");
                }
            }
        }

        private static AnkiException Invalid(object target, string detail)
            => new AnkiException(AnkiErrors.InvalidCollection, $"The collection in '{target}' is not a valid Anki collection: {detail}", target);
    }
}
