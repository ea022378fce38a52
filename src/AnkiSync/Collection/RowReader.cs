using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AnkiSync.Storage;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Collection
{
    /// <summary>
    /// What every read of collection rows shares: paged streaming, the tolerant column readers (text that may be
    /// NULL, timestamps in seconds or milliseconds), the field map of a note, and the id lists of a filter.
    /// </summary>
    internal static class RowReader
    {
        /// <summary>Rows read per query page: results stream without holding a reader open across the caller's work.</summary>
        internal const int PageSize = 1000;

        /// <summary>
        /// Streams the rows of <paramref name="sql"/> (which selects an id first, filters on <c>$after</c> and
        /// orders by that id) a page at a time, so no reader stays open while the caller works. <paramref name="read"/>
        /// returns null to skip a row. A damaged database surfaces as CorruptCollection, never as a SQLite error.
        /// </summary>
        internal static IEnumerable<T> ReadPages<T>(CollectionState state, string sql, Func<SqliteDataReader, T?> read)
            where T : class
            => ReadPages(state, sql, null, read);

        /// <summary>As <see cref="ReadPages{T}(CollectionState, string, Func{SqliteDataReader, T})"/>, binding <paramref name="parameters"/> as well as <c>$after</c>.</summary>
        internal static IEnumerable<T> ReadPages<T>(CollectionState state, string sql, IReadOnlyList<(string Name, object? Value)>? parameters, Func<SqliteDataReader, T?> read)
            where T : class
            => Paged(state, sql, (string paged, List<T> page, ref long after) =>
            {
                using var command = parameters == null || parameters.Count == 0
                    ? state.Db.Command(paged, ("$after", after))
                    : state.Db.Command(paged, parameters.Concat(new[] { ("$after", (object?)after) }).ToArray());
                using var reader = command.ExecuteReader();
                int count = 0;
                while (reader.Read())
                {
                    count++;
                    if (!reader.IsDBNull(0))
                    {
                        after = reader.GetInt64(0);
                        AddUnlessNull(page, read(reader));
                    }
                }

                return count;
            });

        /// <summary>
        /// As <see cref="ReadPages{T}(CollectionState, string, IReadOnlyList{ValueTuple{string, object}}, Func{SqliteDataReader, T})"/>,
        /// with each page's statement run through SQLite's own API (<see cref="RawStatement"/>): for the reads that
        /// stream every row of a large collection.
        /// </summary>
        internal static IEnumerable<T> ReadRawPages<T>(CollectionState state, string sql, IReadOnlyList<(string Name, object? Value)>? parameters, Func<RawStatement, T?> read)
            where T : class
            => Paged(state, sql, (string paged, List<T> page, ref long after) =>
            {
                using var statement = RawStatement.Prepare(state.Db.Connection, paged);
                statement.Bind("$after", after);
                foreach (var (name, value) in parameters ?? Array.Empty<(string, object?)>())
                {
                    statement.Bind(name, value);
                }

                return ReadRawPage(statement, read, page, ref after);
            });

        /// <summary>Reads one page of rows into the list, moving the last id read; returns how many rows the page had.</summary>
        private delegate int PageReader<T>(string pagedSql, List<T> page, ref long after);

        /// <summary>
        /// The paging both readers share: pages of <see cref="PageSize"/> rows after the last id read, each read whole
        /// before its items are handed out, until a page comes back short.
        /// </summary>
        private static IEnumerable<T> Paged<T>(CollectionState state, string sql, PageReader<T> readPage)
        {
            string paged = sql + " limit " + PageSize.ToString(CultureInfo.InvariantCulture);
            long after = long.MinValue;
            while (true)
            {
                var page = new List<T>(PageSize);
                int count;
                try
                {
                    count = readPage(paged, page, ref after);
                }
                catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
                {
                    throw new AnkiException(AnkiErrors.CorruptCollection, $"The collection of '{state.Path}' is damaged and cannot be read: {e.Message}", state.Path, e);
                }

                foreach (var item in page)
                {
                    yield return item;
                }

                if (count < PageSize)
                {
                    yield break;
                }
            }
        }

        /// <summary>The rows of one raw page; compiled fully optimised, as it runs once per row of a large read.</summary>
        [System.Runtime.CompilerServices.MethodImpl(HotPath.PerRow)]
        private static int ReadRawPage<T>(RawStatement statement, Func<RawStatement, T?> read, List<T> page, ref long after)
            where T : class
        {
            int count = 0;
            while (statement.Read())
            {
                count++;
                if (!statement.IsNull(0))
                {
                    after = statement.Int64(0);
                    AddUnlessNull(page, read(statement));
                }
            }

            return count;
        }

        private static void AddUnlessNull<T>(List<T> page, T? item)
            where T : class
        {
            if (item != null)
            {
                page.Add(item);
            }
        }

        /// <summary>A text column that damaged files may hold as NULL.</summary>
        internal static string TextOrEmpty(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? "" : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) ?? "";

        internal static AnkiFields FieldsOf(NoteTypeModel? noteType, string flds) => FieldsOf(noteType, flds.Split('\u001f'));

        /// <summary>
        /// Field name → value. A value without a field, or a field whose name is empty (which no property can
        /// have), is named by its position: Field1, Field2, …; a repeated name keeps its first value. The names
        /// are shared by the note type's notes (<see cref="NoteTypeModel.LayoutFor"/>); the values array is kept, not copied.
        /// </summary>
        internal static AnkiFields FieldsOf(NoteTypeModel? noteType, string[] values)
            => new AnkiFields(noteType?.LayoutFor(values.Length) ?? FieldLayout.Of(null, values.Length), values);

        internal static DateTime FromSeconds(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).LocalDateTime;

        /// <summary>
        /// A stored timestamp as local time. Anki writes seconds, but some generators (anki-apkg-export) write
        /// milliseconds, which would be far beyond year 5000 as seconds: such values are read as milliseconds.
        /// Anything still outside the calendar is clamped, so one odd row never stops a whole read.
        /// </summary>
        internal static DateTime FromStoredTime(long value)
        {
            const long MillisecondsThreshold = 100_000_000_000;
            // Two days inside DateTimeOffset's range, so the conversion to local time cannot overflow either.
            const long MinSeconds = -62_135_596_800 + (2 * 86_400);
            const long MaxSeconds = 253_402_300_799 - (2 * 86_400);
            long seconds = value >= MillisecondsThreshold || value <= -MillisecondsThreshold ? value / 1000 : value;
            seconds = Math.Max(MinSeconds, Math.Min(MaxSeconds, seconds));
            return DateTimeOffset.FromUnixTimeSeconds(seconds).LocalDateTime;
        }

        internal static void AppendIn(StringBuilder where, string column, IReadOnlyCollection<long>? ids)
        {
            if (ids != null)
            {
                where.Append(" and ").Append(column).Append(" in (").Append(JoinIds(ids)).Append(')');
            }
        }

        internal static string JoinIds(IEnumerable<long> ids)
        {
            string joined = string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            return joined.Length == 0 ? "null" : joined;
        }
    }
}
