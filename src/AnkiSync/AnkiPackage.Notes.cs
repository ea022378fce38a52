using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Text;
using AnkiSync.Collection;
using AnkiSync.Text;

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

            string sql = "select n.id, n.guid, n.mid, n.mod, n.tags, n.flds, (select c.did from cards c where c.nid = n.id order by c.ord limit 1) "
                + "from notes n where " + where + " order by n.id limit " + PageSize.ToString(CultureInfo.InvariantCulture);
            long after = long.MinValue;
            while (true)
            {
                var page = new List<AnkiNote>(PageSize);
                int read = 0;
                using (var command = Db.Command(sql, ("$after", after)))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        read++;
                        after = reader.GetInt64(0);
                        string[] tags = TagList.ParseStored(reader.GetString(4)).ToArray();
                        if (filter.Tags != null && !filter.Tags(tags))
                        {
                            continue;
                        }

                        NoteTypeModel? noteType = FindNoteType(reader.GetInt64(2));
                        page.Add(new AnkiNote
                        {
                            Id = after,
                            Guid = reader.GetString(1),
                            NoteTypeId = reader.GetInt64(2),
                            NoteType = noteType?.Name ?? "",
                            Modified = FromStoredTime(reader.GetInt64(3)),
                            Tags = tags,
                            Fields = FieldsOf(noteType, reader.GetString(5)),
                            Deck = reader.IsDBNull(6) ? null : Decks.NameOf(reader.GetInt64(6)),
                            Package = this,
                        });
                    }
                }

                foreach (var note in page)
                {
                    yield return note;
                }

                if (read < PageSize)
                {
                    yield break;
                }
            }
        }

        /// <summary>Forgets everything cached from the database and reads the col state again (after a rollback or raw SQL).</summary>
        internal void ReloadState()
        {
            guidIndex = null;
            noteIds = null;
            cardIds = null;
            if (IsInPlace && Schema != Storage.Schema11.Version)
            {
                // Read a live schema-18 collection through a schema-11 view inside a transaction that is
                // rolled back: reading changes nothing and needs no backup.
                using (Db.BeginTransaction(Storage.TransactionHooks.None))
                {
                    Schema18.SchemaConverter.DowngradeToSchema11(Db);
                    LoadState();
                }

                return;
            }

            LoadState();
        }

        internal static OrderedDictionary FieldsOf(NoteTypeModel? noteType, string flds)
        {
            string[] values = flds.Split('\u001f');
            var fields = new OrderedDictionary(values.Length, StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < values.Length; i++)
            {
                string name = noteType != null && i < noteType.FieldNames.Count ? noteType.FieldNames[i] : "Field" + (i + 1).ToString(CultureInfo.InvariantCulture);
                if (!fields.Contains(name))
                {
                    fields.Add(name, values[i]);
                }
            }

            return fields;
        }

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
