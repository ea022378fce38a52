using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using AnkiSync.Collection;
using AnkiSync.Storage;
using AnkiSync.Text;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>
        /// Looks for what Anki's Check Database would fix or its importer would reject: database corruption,
        /// notes whose field count or note type is wrong, wrong csum/sfld, cards without a note or deck, notes
        /// without cards, duplicate guids, tags Anki would tidy, media referenced but missing, media unused, media names
        /// Anki would rename, and what was worked around while extracting (a media name listed twice, a listed file absent). Yields one problem per finding. Cancelling <paramref name="cancellation"/> interrupts the
        /// integrity check and stops between pages with an <see cref="OperationCanceledException"/>.
        /// </summary>
        public IEnumerable<AnkiProblem> Check(CancellationToken cancellation = default)
        {
            string integrity = IntegrityCheck(cancellation);
            if (!string.Equals(integrity, "ok", StringComparison.OrdinalIgnoreCase))
            {
                yield return new AnkiProblem("CorruptDatabase", "SQLite's integrity check failed: " + integrity, Path);
            }

            foreach (var finding in extractionFindings)
            {
                yield return finding;
            }

            var guids = new Dictionary<string, long>(StringComparer.Ordinal);
            var notes = RowReader.ReadPages(State, "select id, guid, mid, flds, sfld, csum, tags from notes where id > $after order by id", reader =>
            {
                var found = new List<AnkiProblem>();
                long id = reader.GetInt64(0);
                CheckNote(id, RowReader.TextOrEmpty(reader, 1), reader.GetInt64(2), RowReader.TextOrEmpty(reader, 3), RowReader.TextOrEmpty(reader, 4),
                    reader.IsDBNull(5) ? 0 : reader.GetInt64(5), guids, found);
                string? tagFault = TagList.StoredFault(RowReader.TextOrEmpty(reader, 6));
                if (tagFault != null)
                {
                    found.Add(new AnkiProblem("UntidyTags", $"The note {id} has {tagFault}; Anki's importer would tidy its tags.", id));
                }

                return found;
            });
            foreach (var found in notes)
            {
                cancellation.ThrowIfCancellationRequested();
                foreach (var problem in found)
                {
                    yield return problem;
                }
            }

            cancellation.ThrowIfCancellationRequested();
            foreach (long card in Ids("select id from cards c where not exists (select 1 from notes n where n.id = c.nid)"))
            {
                yield return new AnkiProblem("CardWithoutNote", $"The card {card} belongs to no note.", card);
            }

            foreach (var group in Ids("select did from cards group by did").Where(d => Decks.NameOf(d) == null))
            {
                yield return new AnkiProblem("CardWithoutDeck", $"Cards are in deck {group}, which does not exist; Anki would move them to a recovered deck.", group);
            }

            cancellation.ThrowIfCancellationRequested();
            foreach (long note in Ids("select id from notes n where not exists (select 1 from cards c where c.nid = n.id)"))
            {
                yield return new AnkiProblem("NoteWithoutCards", $"The note {note} has no cards, so Anki's importer would add it invisibly.", note);
            }

            // Anki's Empty Cards: a card whose front renders blank (Rendering.CardRenderer.IsEmpty, the same test rendering uses).
            var emptyCards = RowReader.ReadPages(State, "select c.id, c.nid, c.ord, n.mid, n.flds from cards c join notes n on n.id = c.nid where c.id > $after order by c.id", reader =>
            {
                NoteTypeModel? noteType = State.FindNoteType(reader.GetInt64(3));
                int ord = reader.GetInt32(2);
                if (noteType == null || !Rendering.CardRenderer.IsEmpty(noteType, RowReader.TextOrEmpty(reader, 4).Split('\u001f'), ord))
                {
                    return null;
                }

                long card = reader.GetInt64(0);
                return new AnkiProblem("EmptyCard", $"The card {card} (note {reader.GetInt64(1)}, '{noteType.TemplateName(ord)}' of '{noteType.Name}') has a blank front; Anki's Empty Cards would delete it.", card);
            });
            foreach (var problem in emptyCards)
            {
                yield return problem;
            }

            foreach (var media in GetMedia())
            {
                if (media.IsMissing)
                {
                    yield return new AnkiProblem("MissingMedia", $"A field references '{media.Name}', but the package has no such media file.", media.Name);
                }
                else if (!media.IsUsed)
                {
                    yield return new AnkiProblem("UnusedMedia", $"No field references '{media.Name}', so Anki will drop it on import (unless its name starts with '_').", media.Name);
                }

                if (!media.IsMissing && !MediaNames.IsNormalized(media.Name))
                {
                    yield return new AnkiProblem("InvalidMediaName", $"Anki would rename the media file '{media.Name}' to '{MediaNames.Normalize(media.Name)}'.", media.Name);
                }
            }
        }

        /// <summary>SQLite's integrity check: one statement that reads the whole file, so a stop interrupts it.</summary>
        private string IntegrityCheck(CancellationToken cancellation)
        {
            try
            {
                using (Db.InterruptOn(cancellation))
                {
                    return Convert.ToString(Db.Scalar("pragma integrity_check"), CultureInfo.InvariantCulture) ?? "";
                }
            }
            catch (Exception e) when (IsCancellation(e, cancellation))
            {
                throw new OperationCanceledException("The check was cancelled.", e, cancellation);
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                // Damage bad enough that SQLite cannot even run its check (found by the fuzz).
                throw State.StorageError(e, writing: false);
            }
        }

        private void CheckNote(long id, string guid, long noteTypeId, string flds, string sfld, long csum, Dictionary<string, long> guids, List<AnkiProblem> problems)
        {
            if (guids.TryGetValue(guid, out long other))
            {
                problems.Add(new AnkiProblem("DuplicateGuid", $"The notes {other} and {id} share the guid '{guid}'; Anki's importer would treat them as one.", id));
            }
            else
            {
                guids.Add(guid, id);
            }

            NoteTypeModel? noteType = State.FindNoteType(noteTypeId);
            if (noteType == null)
            {
                problems.Add(new AnkiProblem("MissingNoteType", $"The note {id} uses note type {noteTypeId}, which the collection lacks.", id));
                return;
            }

            string[] values = flds.Split('\u001f');
            if (values.Length != noteType.FieldNames.Count)
            {
                problems.Add(new AnkiProblem("FieldCountMismatch", $"The note {id} has {values.Length} field(s) but its note type '{noteType.Name}' has {noteType.FieldNames.Count}; Anki's importer refuses it, and its Check Database pads or joins the fields.", id));
                return;
            }

            if (FieldChecksum.Compute(values[0]) != csum)
            {
                problems.Add(new AnkiProblem("WrongChecksum", $"The note {id} has a wrong first-field checksum (csum); duplicate detection would miss it.", id));
            }

            if (!string.Equals(HtmlText.StripHtmlPreservingMediaFilenames(values[noteType.SortIndex]), sfld, StringComparison.Ordinal)
                && !IsSameNumber(HtmlText.StripHtmlPreservingMediaFilenames(values[noteType.SortIndex]), sfld))
            {
                problems.Add(new AnkiProblem("WrongSortField", $"The note {id} has a wrong sort field (sfld); the browser would sort it wrongly.", id));
            }
        }

        /// <summary>sfld has integer affinity: numeric text comes back as a number ("007" as 7).</summary>
        private static bool IsSameNumber(string expected, string stored)
            => double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
               && double.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out double b)
               && a.Equals(b);

        private List<long> Ids(string sql)
        {
            var ids = new List<long>();
            try
            {
                using var command = Db.Command(sql);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    if (!reader.IsDBNull(0))
                    {
                        ids.Add(reader.GetInt64(0));
                    }
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                throw new AnkiException(AnkiErrors.CorruptCollection, $"The collection of '{Path}' is damaged and cannot be read: {e.Message}", Path, e);
            }

            return ids;
        }
    }
}
