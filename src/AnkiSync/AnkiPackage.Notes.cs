using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.Text;
using Microsoft.Data.Sqlite;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>Rows read per query page: results stream without holding a reader open across the caller's work.</summary>
        internal const int PageSize = 1000;

        /// <summary>Starts adding notes in one transaction; see <see cref="NoteBatch"/>.</summary>
        public NoteBatch BeginNoteBatch() => new NoteBatch(this);

        /// <summary>Adds one note with its cards.</summary>
        public AnkiNote AddNote(NoteInput input)
        {
            using var batch = BeginNoteBatch();
            var note = batch.Add(input);
            batch.Complete();
            return note;
        }

        /// <summary>Streams the notes that match, in id order, one page at a time.</summary>
        public IEnumerable<AnkiNote> GetNotes(NoteFilter? filter = null)
        {
            filter ??= new NoteFilter();
            var where = new StringBuilder("n.id > $after");
            AppendIn(where, "n.id", filter.Ids);
            AppendIn(where, "n.mid", filter.NoteTypeIds);
            if (filter.DeckIds != null)
            {
                where.Append(" and exists (select 1 from cards c where c.nid = n.id and (c.did in (").Append(JoinIds(filter.DeckIds))
                    .Append(") or c.odid in (").Append(JoinIds(filter.DeckIds)).Append(")))");
            }

            var search = string.IsNullOrWhiteSpace(filter.Query) ? null : TranslateQuery(filter.Query!, filter.Now);
            if (search != null)
            {
                // A note matches when it does, or (for card terms) when any of its cards does, as in Anki's note mode.
                where.Append(search.UsesCards ? " and exists (select 1 from cards c where c.nid = n.id and " + search.Condition + ")" : " and " + search.Condition);
            }

            string sql = "select n.id, n.guid, n.mid, n.mod, n.tags, n.flds, (select c.did from cards c where c.nid = n.id order by c.ord limit 1) "
                + "from notes n where " + where + " order by n.id";
            var repeated = new RepeatedValues();
            return ReadPages(sql, search?.Parameters, reader =>
            {
                string[] tags = repeated.Tags(TextOrEmpty(reader, 4));
                if (filter.Tags != null && !filter.Tags(tags))
                {
                    return null;
                }

                NoteTypeModel? noteType = FindNoteType(reader.GetInt64(2));
                return new AnkiNote
                {
                    Id = reader.GetInt64(0),
                    Guid = TextOrEmpty(reader, 1),
                    NoteTypeId = reader.GetInt64(2),
                    NoteType = noteType?.Name ?? "",
                    Modified = repeated.LocalTime(reader.GetInt64(3)),
                    Tags = tags,
                    Fields = FieldsOf(noteType, TextOrEmpty(reader, 5)),
                    Deck = reader.IsDBNull(6) ? null : Decks.NameOf(reader.GetInt64(6)),
                    Package = this,
                };
            });
        }

        /// <summary>
        /// Streams the rows of <paramref name="sql"/> (which selects an id first, filters on <c>$after</c> and
        /// orders by that id) a page at a time, so no reader stays open while the caller works. <paramref name="read"/>
        /// returns null to skip a row. A damaged database surfaces as CorruptCollection, never as a SQLite error.
        /// </summary>
        internal IEnumerable<T> ReadPages<T>(string sql, Func<SqliteDataReader, T?> read)
            where T : class
            => ReadPages(sql, null, read);

        /// <summary>As <see cref="ReadPages{T}(string, Func{SqliteDataReader, T})"/>, binding <paramref name="parameters"/> as well as <c>$after</c>.</summary>
        internal IEnumerable<T> ReadPages<T>(string sql, IReadOnlyList<(string Name, object? Value)>? parameters, Func<SqliteDataReader, T?> read)
            where T : class
        {
            string paged = sql + " limit " + PageSize.ToString(CultureInfo.InvariantCulture);
            long after = long.MinValue;
            while (true)
            {
                var page = new List<T>(PageSize);
                int count = 0;
                try
                {
                    using var command = parameters == null || parameters.Count == 0
                        ? Db.Command(paged, ("$after", after))
                        : Db.Command(paged, parameters.Concat(new[] { ("$after", (object?)after) }).ToArray());
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        count++;
                        if (reader.IsDBNull(0))
                        {
                            continue;
                        }

                        after = reader.GetInt64(0);
                        T? item = read(reader);
                        if (item != null)
                        {
                            page.Add(item);
                        }
                    }
                }
                catch (Exception e) when (IsStorageFailure(e))
                {
                    throw new AnkiException(AnkiErrors.CorruptCollection, $"The collection of '{Path}' is damaged and cannot be read: {e.Message}", Path, e);
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

        /// <summary>A text column that damaged files may hold as NULL.</summary>
        /// <summary>
        /// As <see cref="ReadPages{T}(string, IReadOnlyList{ValueTuple{string, object}}, Func{SqliteDataReader, T})"/>,
        /// with each page's statement run through SQLite's own API (<see cref="Storage.RawStatement"/>): for the reads that
        /// stream every row of a large collection.
        /// </summary>
        internal IEnumerable<T> ReadRawPages<T>(string sql, IReadOnlyList<(string Name, object? Value)>? parameters, Func<Storage.RawStatement, T?> read)
            where T : class
        {
            string paged = sql + " limit " + PageSize.ToString(CultureInfo.InvariantCulture);
            long after = long.MinValue;
            while (true)
            {
                var page = new List<T>(PageSize);
                int count = 0;
                try
                {
                    using var statement = Storage.RawStatement.Prepare(Db.Connection, paged);
                    statement.Bind("$after", after);
                    foreach (var (name, value) in parameters ?? Array.Empty<(string, object?)>())
                    {
                        statement.Bind(name, value);
                    }

                    count = ReadPage(statement, read, page, ref after);
                }
                catch (Exception e) when (IsStorageFailure(e))
                {
                    throw new AnkiException(AnkiErrors.CorruptCollection, $"The collection of '{Path}' is damaged and cannot be read: {e.Message}", Path, e);
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

        /// <summary>One page of <see cref="ReadRawPages{T}"/>: the items of its rows into <paramref name="page"/>; returns how many rows it had.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Storage.HotPath.PerRow)]
        private static int ReadPage<T>(Storage.RawStatement statement, Func<Storage.RawStatement, T?> read, List<T> page, ref long after)
            where T : class
        {
            int count = 0;
            while (statement.Read())
            {
                count++;
                if (statement.IsNull(0))
                {
                    continue;
                }

                after = statement.Int64(0);
                T? item = read(statement);
                if (item != null)
                {
                    page.Add(item);
                }
            }

            return count;
        }

        internal static string TextOrEmpty(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? "" : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) ?? "";

        /// <summary>Forgets everything cached from the database and reads the col state again (after a rollback or raw SQL).</summary>
        internal void ReloadState()
        {
            guidIndex = null;
            noteIds = null;
            cardIds = null;
            if (IsInPlace && Schema != SchemaConversion.Schema11.Version)
            {
                // Read a live schema-18 collection through a schema-11 view inside a transaction that is
                // rolled back: reading changes nothing and needs no backup.
                using (Db.BeginTransaction(Storage.TransactionPurpose.ReadState))
                {
                    long version = Db.ScalarLong("pragma data_version");
                    SchemaConversion.SchemaConverter.DowngradeToSchema11(Db);
                    LoadState();
                    stateVersion = version;
                }

                return;
            }

            // The version is read first: a commit by someone else in between makes the next write read again.
            long? before = IsInPlace ? Db.ScalarLong("pragma data_version") : (long?)null;
            LoadState();
            stateVersion = before;
        }

        internal static AnkiFields FieldsOf(NoteTypeModel? noteType, string flds) => FieldsOf(noteType, flds.Split('\u001f'));

        /// <summary>
        /// Field name → value. A value without a field, or a field whose name is empty (which no property can
        /// have), is named by its position: Field1, Field2, …; a repeated name keeps its first value. The names
        /// are shared by the note type's notes (<see cref="NoteTypeModel.LayoutFor"/>); the values array is kept, not copied.
        /// </summary>
        internal static AnkiFields FieldsOf(NoteTypeModel? noteType, string[] values)
            => new AnkiFields(noteType?.LayoutFor(values.Length) ?? FieldLayout.Of(null, values.Length), values);

        /// <summary>
        /// The note as just written: its stored tags, its field values in note-type order, and its modification time
        /// (none when the write left it unchanged).
        /// </summary>
        internal AnkiNote WrittenNote(long id, string guid, NoteTypeModel noteType, string? deck, string[] values, string storedTags, long? modSeconds)
            => new AnkiNote
            {
                Id = id,
                Guid = guid,
                NoteType = noteType.Name,
                NoteTypeId = noteType.Id,
                Deck = deck,
                Fields = FieldsOf(noteType, values),
                Tags = TagList.ParseStored(storedTags).ToArray(),
                Modified = modSeconds is long mod ? FromSeconds(mod) : default,
                Package = this,
            };

        internal static DateTime FromSeconds(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).LocalDateTime;

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
