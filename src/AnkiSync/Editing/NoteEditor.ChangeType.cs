using System;
using System.Collections.Generic;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Storage;
using AnkiSync.Text;

namespace AnkiSync.Editing
{
    public sealed partial class NoteEditor
    {
        private CardGeneration? generation;

        /// <summary>Whether a note changed its note type in this transaction: the schema changed (the next sync is a full one).</summary>
        public bool SchemaChanged { get; private set; }

        /// <summary>
        /// Changes the note to another note type (rslib notetype/notetypechange.rs). Each field of the new type takes
        /// the value of the old field <paramref name="fieldMap"/> maps to it (old name → new name), else of the old
        /// field with its name; old fields that go nowhere are dropped and returned in <paramref name="dropped"/> (those
        /// that had a value). Cards keep their template ordinal; those beyond the new type's templates are deleted (graves),
        /// and the cards the new type makes are generated. csum and sfld are recomputed; the schema changes.
        /// </summary>
        public AnkiNote ChangeNoteType(long noteId, string noteType, IEnumerable<KeyValuePair<string, string>>? fieldMap, out IReadOnlyList<string> dropped)
        {
            ThrowIfFinished();
            var (oldType, values, tags, guid) = ReadNote(noteId);
            NoteTypeModel newType;
            try
            {
                newType = State.ResolveNoteType(noteType);
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            // Which old field each new field takes its value from: the map first, then the same name.
            var sources = new int?[newType.FieldNames.Count];
            foreach (var pair in fieldMap ?? Enumerable.Empty<KeyValuePair<string, string>>())
            {
                int from = oldType.FieldIndex(pair.Key);
                if (from < 0)
                {
                    throw new AnkiException(AnkiErrors.UnknownField,
                        $"The note type '{oldType.Name}' has no field named '{pair.Key}'. Its fields are: {string.Join(", ", oldType.FieldNames)}.", pair.Key);
                }

                int to = newType.FieldIndex(pair.Value);
                if (to < 0)
                {
                    throw new AnkiException(AnkiErrors.UnknownField,
                        $"The note type '{newType.Name}' has no field named '{pair.Value}'. Its fields are: {string.Join(", ", newType.FieldNames)}.", pair.Value);
                }

                if (sources[to] != null)
                {
                    throw new AnkiException(AnkiErrors.InvalidFieldMap,
                        $"The field map names the field '{newType.FieldNames[to]}' of '{newType.Name}' twice; each new field takes one old field.", pair.Value);
                }

                sources[to] = from;
            }

            var mapped = new HashSet<int>((fieldMap ?? Enumerable.Empty<KeyValuePair<string, string>>()).Select(p => oldType.FieldIndex(p.Key)));
            for (int to = 0; to < sources.Length; to++)
            {
                int from = oldType.FieldIndex(newType.FieldNames[to]);
                if (sources[to] == null && from >= 0 && !mapped.Contains(from) && !sources.Contains(from))
                {
                    sources[to] = from;
                }
            }

            var used = new HashSet<int>(sources.Where(s => s != null).Select(s => s!.Value));
            dropped = Enumerable.Range(0, oldType.FieldNames.Count)
                .Where(i => !used.Contains(i) && i < values.Length && !HtmlText.FieldIsEmpty(values[i]))
                .Select(i => oldType.FieldNames[i])
                .ToList();
            if (oldType.Id == newType.Id && (fieldMap == null || !fieldMap.Any()))
            {
                return Package.WrittenNote(noteId, guid, oldType, null, values, tags, null);
            }

            var newValues = sources.Select(s => s is int i && i < values.Length ? values[i] : "").ToArray();
            long mod = CollectionState.NowSeconds();
            try
            {
                var db = State.Db;
                if (!newType.IsCloze)
                {
                    int templateCount = newType.Templates.Count;
                    db.Execute("insert into graves (usn, oid, type) select -1, id, 0 from cards where nid = $nid and ord >= $count", ("$nid", noteId), ("$count", templateCount));
                    db.Execute("delete from cards where nid = $nid and ord >= $count", ("$nid", noteId), ("$count", templateCount));
                }

                db.Execute("update notes set mid = $mid, flds = $flds, sfld = $sfld, csum = $csum, mod = $mod, usn = -1 where id = $id",
                    ("$mid", newType.Id), ("$flds", string.Join("\u001f", newValues)), ("$sfld", HtmlText.StripHtmlPreservingMediaFilenames(newValues[newType.SortIndex])),
                    ("$csum", FieldChecksum.Compute(newValues[0])), ("$mod", mod), ("$id", noteId));
                generation ??= new CardGeneration(State, Prepare(CardGeneration.ReadCardsSql, "$nid"), insertCard);
                generation.Generate(newType, noteId, newValues, tags.Trim().Length > 0, mod);
                SchemaChanged = true;
                State.SchemaModified();
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            changed++;
            string? deck = State.Decks.NameOf(DeckOf(noteId));
            return Package.WrittenNote(noteId, guid, newType, deck, newValues, tags, mod);
        }

        private protected override void BeforeCommit() => generation?.SavePosition();
    }
}
