using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.Storage;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>Starts changing cards in one transaction; see <see cref="CardEditor"/>.</summary>
        public CardEditor BeginCardEdit(CardEditOptions? options = null) => new CardEditor(this, options);

        /// <summary>Streams the cards that match, joined with their note, deck and scheduling state, in id order.</summary>
        public IEnumerable<AnkiCard> GetCards(CardFilter? filter = null)
        {
            filter ??= new CardFilter();
            var where = new StringBuilder("c.id > $after");
            RowReader.AppendIn(where, "c.id", filter.Ids);
            RowReader.AppendIn(where, "c.nid", filter.NoteIds);
            RowReader.AppendIn(where, "n.mid", filter.NoteTypeIds);
            if (filter.DeckIds != null)
            {
                string ids = RowReader.JoinIds(filter.DeckIds);
                where.Append(" and (c.did in (").Append(ids).Append(") or c.odid in (").Append(ids).Append("))");
            }

            var search = string.IsNullOrWhiteSpace(filter.Query) ? null : TranslateQuery(filter.Query!, filter.Now);
            if (search != null)
            {
                where.Append(" and ").Append(search.Condition);
            }

            string sql = "select c.id, c.nid, c.did, c.ord, c.mod, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.flags, c.odid, "
                + "n.mid, n.tags, n.flds from cards c join notes n on n.id = c.nid where " + where + " order by c.id";
            DateTime dayZero = RowReader.FromStoredTime(Json.Created).Date;
            var repeated = new RepeatedValues();
            return RowReader.ReadRawPages(State, sql, search?.Parameters, [MethodImpl(Storage.HotPath.PerRow)] (Storage.RawStatement row) =>
            {
                string[] tags = repeated.Tags(row.TextOrEmpty(15));
                if (filter.Tags != null && !filter.Tags(tags))
                {
                    return null;
                }

                NoteTypeModel? noteType = State.FindNoteType(row.Int64(14));
                int type = row.Int32(5);
                int queue = row.Int32(6);
                long due = row.Int64(7);
                int ord = row.Int32(3);
                long deckId = row.Int64(2);
                long originalDeckId = row.IsNull(13) ? 0 : row.Int64(13);
                string[] values = row.TextSplitOrEmpty(16, '\u001f');
                int flags = row.Int32(12);
                long id = row.Int64(0);
                return new AnkiCard
                {
                    Id = id,
                    NoteId = row.Int64(1),
                    DeckId = deckId,
                    Deck = Decks.NameOf(deckId),
                    Ordinal = ord,
                    Modified = repeated.LocalTime(row.Int64(4)),
                    State = type >= 0 && type <= 3 ? (CardState)type : CardState.New,
                    Queue = queue,
                    Suspended = queue == -1,
                    Buried = queue == -2 || queue == -3,
                    Due = due,
                    DueDate = DueDateOf(type, queue, due, dayZero),
                    Interval = row.Int64(8),
                    Ease = row.Int64(9) / 1000.0,
                    Reviews = row.Int64(10),
                    Lapses = row.Int64(11),
                    Flag = (CardFlag)(flags & 0b111),
                    NoteType = noteType?.Name ?? "",
                    Template = noteType?.TemplateName(ord) ?? "",
                    Tags = tags,
                    Fields = RowReader.FieldsOf(noteType, values),
                    Package = this,
                    RenderSource = noteType == null ? null
                        : new Rendering.CardRenderSource(noteType, values, tags, Decks.NameOf(originalDeckId != 0 ? originalDeckId : deckId), ord, flags, id),
                };
            });
        }

        /// <summary>
        /// Learning queues hold epoch seconds; review and day-learning queues hold day numbers counted from the
        /// collection's creation day; new cards have no date.
        /// </summary>
        private static DateTime? DueDateOf(int type, int queue, long due, DateTime dayZero)
        {
            if (queue == 1 || queue == 4)
            {
                return RowReader.FromStoredTime(due);
            }

            if (queue == 2 || queue == 3 || (queue < 0 && (type == 2 || type == 3)))
            {
                if (type == 3 && due > 1_000_000_000)
                {
                    return RowReader.FromStoredTime(due);
                }

                if (due <= -100_000 || due >= 100_000)
                {
                    return null;
                }

                // A creation time near the end (or start) of the calendar leaves less room than 100,000 days.
                double room = due >= 0 ? (DateTime.MaxValue - dayZero).TotalDays : (dayZero - DateTime.MinValue).TotalDays;
                return Math.Abs(due) < room ? dayZero.AddDays(due) : (DateTime?)null;
            }

            return null;
        }

        /// <summary>
        /// Refuses (CorruptCollection) a collection whose notes or cards <see cref="GetNotes"/> and <see cref="GetCards"/>
        /// could not read: NULL where they read a number, or a value beyond the 32-bit columns (ord, type, queue,
        /// flags). Export calls it so that such damage is reported instead of being copied to the learner.
        /// </summary>
        internal void EnsureReadable()
        {
            const string Int32 = "between -2147483648 and 2147483647";
            string sql = "select (select count(*) from notes where id is not null and (mid is null or mod is null)) + "
                + "(select count(*) from cards where id is not null and (nid is null or did is null or mod is null or due is null "
                + "or ivl is null or factor is null or reps is null or lapses is null "
                + $"or coalesce(cast(ord as integer) {Int32}, 0) = 0 or coalesce(cast(type as integer) {Int32}, 0) = 0 "
                + $"or coalesce(cast(queue as integer) {Int32}, 0) = 0 or coalesce(cast(flags as integer) {Int32}, 0) = 0))";
            long damaged;
            try
            {
                damaged = Db.ScalarLong(sql);
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw State.StorageError(e, writing: false);
            }

            if (damaged > 0)
            {
                throw new AnkiException(AnkiErrors.CorruptCollection,
                    $"The collection of '{this}' is damaged: {damaged} note(s) or card(s) hold empty (NULL) or out-of-range values where Anki stores numbers, so it was not exported. Fix or remove them with Invoke-AnkiSql, or check the collection in Anki.", Path);
            }
        }
    }
}
