using System.Collections.Generic;
using System.Linq;
using System.Text;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.Text;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>Starts adding notes in one transaction; see <see cref="NoteBatch"/>.</summary>
        public NoteBatch BeginNoteBatch() => new NoteBatch(this);

        /// <summary>Starts changing or removing notes in one transaction; see <see cref="NoteEditor"/>.</summary>
        public NoteEditor BeginNoteEdit() => new NoteEditor(this);

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
            RowReader.AppendIn(where, "n.id", filter.Ids);
            RowReader.AppendIn(where, "n.mid", filter.NoteTypeIds);
            if (filter.DeckIds != null)
            {
                where.Append(" and exists (select 1 from cards c where c.nid = n.id and (c.did in (").Append(RowReader.JoinIds(filter.DeckIds))
                    .Append(") or c.odid in (").Append(RowReader.JoinIds(filter.DeckIds)).Append(")))");
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
            return RowReader.ReadPages(State, sql, search?.Parameters, reader =>
            {
                string[] tags = repeated.Tags(RowReader.TextOrEmpty(reader, 4));
                if (filter.Tags != null && !filter.Tags(tags))
                {
                    return null;
                }

                NoteTypeModel? noteType = State.FindNoteType(reader.GetInt64(2));
                return new AnkiNote
                {
                    Id = reader.GetInt64(0),
                    Guid = RowReader.TextOrEmpty(reader, 1),
                    NoteTypeId = reader.GetInt64(2),
                    NoteType = noteType?.Name ?? "",
                    Modified = repeated.LocalTime(reader.GetInt64(3)),
                    Tags = tags,
                    Fields = RowReader.FieldsOf(noteType, RowReader.TextOrEmpty(reader, 5)),
                    Deck = reader.IsDBNull(6) ? null : Decks.NameOf(reader.GetInt64(6)),
                    Package = this,
                };
            });
        }

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
                Fields = RowReader.FieldsOf(noteType, values),
                Tags = TagList.ParseStored(storedTags).ToArray(),
                Modified = modSeconds is long mod ? RowReader.FromSeconds(mod) : default,
                Package = this,
            };
    }
}
