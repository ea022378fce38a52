using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AnkiSync.Collection;
using AnkiSync.Text;

namespace AnkiSync
{
    /// <summary>
    /// Files from the wild break small rules that Anki tolerates (a media name listed twice, a listed media file
    /// absent, cards in a deck that is gone, notes whose field count differs from their note type, duplicate or
    /// malformed tags). Opening such a file works; what was found becomes warnings, and <see cref="Check"/> lists
    /// each instance.
    /// </summary>
    public sealed partial class AnkiPackage
    {
        /// <summary>What extraction worked around; kept for <see cref="Check"/>, which cannot see it in the copy.</summary>
        private IReadOnlyList<AnkiProblem> extractionFindings = Array.Empty<AnkiProblem>();

        /// <summary>
        /// Remembers the extraction's findings and, when <paramref name="survey"/>, looks through the collection for
        /// the tolerated faults; each kind found becomes one summarising warning.
        /// </summary>
        private void NoteTolerated(IReadOnlyList<AnkiProblem> findings, bool survey)
        {
            extractionFindings = findings;
            warnings.AddRange(findings.Select(f => f.Message));
            if (survey)
            {
                warnings.AddRange(SurveyTolerated());
            }
        }

        /// <summary>One warning per kind of tolerated fault in the collection, naming the first instance.</summary>
        private IEnumerable<string> SurveyTolerated()
        {
            foreach (var (deck, cards) in CardCountsByDeck().Where(d => Decks.NameOf(d.Deck) == null))
            {
                yield return $"{Count(cards, "card is", "cards are")} in deck {deck}, which does not exist; Anki would move them to a recovered deck. Move them with Set-AnkiCard -Deck.";
            }

            var models = State.NoteTypes.ToList();
            foreach (var (noteType, notes, first) in NotesWithWrongFieldCount(models))
            {
                var model = State.FindNoteType(noteType);
                yield return model == null
                    ? $"{Count(notes, "note uses", "notes use")} note type {noteType}, which the collection lacks (first: note {first}); Anki's importer refuses them."
                    : $"{Count(notes, "note has", "notes have")} more or fewer fields than their note type '{model.Name}' has ({model.FieldNames.Count}) (first: note {first}); Anki's importer refuses them, and its Check Database pads or joins their fields.";
            }

            var (untidy, firstUntidy, reason) = NotesWithUntidyTags();
            if (untidy > 0)
            {
                yield return $"{Count(untidy, "note has", "notes have")} tags Anki would tidy on import (first: note {firstUntidy}, {reason}).";
            }
        }

        private static string Count(long count, string one, string many)
            => count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

        /// <summary>How many cards each deck id holds (answered from the cards' deck index).</summary>
        private List<(long Deck, long Cards)> CardCountsByDeck()
        {
            var counts = new List<(long, long)>();
            using var command = Db.Command("select did, count(*) from cards where did is not null group by did");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                counts.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }

            return counts;
        }

        /// <summary>Per note type id: the notes whose field count differs from its definition (all, for an unknown type).</summary>
        private List<(long NoteType, long Notes, long First)> NotesWithWrongFieldCount(IReadOnlyList<NoteTypeModel> models)
        {
            // Counting separators in SQL keeps the field text inside SQLite; a CASE maps each note type to its count.
            var cases = new StringBuilder();
            foreach (var model in models)
            {
                cases.Append(" when ").Append(model.Id.ToString(CultureInfo.InvariantCulture))
                    .Append(" then ").Append(Math.Max(1, model.FieldNames.Count).ToString(CultureInfo.InvariantCulture));
            }

            // A CASE needs at least one WHEN: without note types every note's type is unknown.
            string expected = models.Count == 0 ? "-1" : "case mid" + cases + " else -1 end";
            var found = new List<(long, long, long)>();
            using var command = Db.Command(
                "select mid, count(*), min(id) from notes"
                + " where mid is not null and id is not null and length(flds) - length(replace(flds, char(31), '')) + 1 <> " + expected
                + " group by mid");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
            }

            return found;
        }

        /// <summary>Notes whose stored tags Anki would change: a tag twice (ignoring case), or one it would rename.</summary>
        private (long Count, long First, string? Reason) NotesWithUntidyTags()
        {
            long count = 0, first = 0;
            string? firstReason = null;
            using var command = Db.Command("select id, tags from notes where id is not null and tags <> '' order by id");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                string? reason = TagList.StoredFault(reader.GetString(1));
                if (reason != null)
                {
                    if (count++ == 0)
                    {
                        first = reader.GetInt64(0);
                        firstReason = reason;
                    }
                }
            }

            return (count, first, firstReason);
        }
    }
}
