using System;
using System.Collections.Generic;
using System.Linq;
using AnkiSync.Text;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Collection
{
    /// <summary>
    /// Changes and removes notes in one transaction with statements prepared once. Changed notes get a new
    /// <c>mod</c>, <c>usn</c> -1 and exact <c>csum</c>/<c>sfld</c>; cards that a change makes non-empty are
    /// generated (Anki never deletes cards on edit); removed notes and cards are recorded in <c>graves</c>.
    /// </summary>
    public sealed class NoteEditor : NoteTransaction
    {
        private readonly SqliteCommand readNote;
        private readonly SqliteCommand updateNote;
        private readonly SqliteCommand existingOrdinals;
        private readonly SqliteCommand insertCard;
        private int changed;

        internal NoteEditor(AnkiPackage package)
            : base(package)
        {
            try
            {
                readNote = Prepare("select mid, flds, tags, guid from notes where id = $id", "$id");
                updateNote = Prepare("update notes set flds = $flds, sfld = $sfld, csum = $csum, tags = $tags, mod = $mod, usn = -1 where id = $id",
                    "$flds", "$sfld", "$csum", "$tags", "$mod", "$id");
                existingOrdinals = Prepare("select ord, did, due from cards where nid = $nid order by ord", "$nid");
                insertCard = PrepareNewCardInsert();
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>Applies <paramref name="change"/> to the note; returns the note as it is now.</summary>
        public AnkiNote Update(long noteId, NoteChange change)
        {
            readNote.Parameters[0].Value = noteId;
            long noteTypeId;
            string[] values;
            List<string> tags;
            string guid;
            using (var reader = readNote.ExecuteReader())
            {
                if (!reader.Read())
                {
                    throw new AnkiException("NoteNotFound", AnkiErrorKind.ObjectNotFound, $"There is no note with id {noteId}.", noteId);
                }

                noteTypeId = reader.GetInt64(0);
                values = reader.GetString(1).Split('\u001f');
                tags = TagList.ParseStored(reader.GetString(2)).ToList();
                guid = reader.GetString(3);
            }

            NoteTypeModel noteType = Package.FindNoteType(noteTypeId)
                ?? throw new AnkiException("UnknownNoteType", AnkiErrorKind.ObjectNotFound, $"The note {noteId} uses note type {noteTypeId}, which the collection lacks.", noteId);
            if (values.Length != noteType.FieldNames.Count)
            {
                Array.Resize(ref values, noteType.FieldNames.Count);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] ??= "";
                }
            }

            foreach (var pair in change.Fields ?? Enumerable.Empty<KeyValuePair<string, string?>>())
            {
                int index = noteType.FieldIndex(pair.Key);
                if (index < 0)
                {
                    throw new AnkiException("UnknownField", AnkiErrorKind.InvalidArgument,
                        $"The note type '{noteType.Name}' has no field named '{pair.Key}'. Its fields are: {string.Join(", ", noteType.FieldNames)}.", pair.Key);
                }

                values[index] = FieldText.Normalize(pair.Value ?? "");
            }

            if (change.Tags != null)
            {
                tags = change.Tags.ToList();
            }

            foreach (string tag in change.AddTags ?? Enumerable.Empty<string>())
            {
                if (!tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
                {
                    tags.Add(tag);
                }
            }

            if (change.RemoveTags != null)
            {
                var remove = new HashSet<string>(change.RemoveTags, StringComparer.OrdinalIgnoreCase);
                tags.RemoveAll(remove.Contains);
            }

            long mod = AnkiPackage.NowSeconds();
            string storedTags = TagList.Join(tags);
            Storage.AnkiDatabase.Bind(updateNote, string.Join("\u001f", values), HtmlText.StripHtmlPreservingMediaFilenames(values[noteType.SortIndex]),
                FieldChecksum.Compute(values[0]), storedTags, mod, noteId);
            updateNote.ExecuteNonQuery();
            string? deck = AddMissingCards(noteId, noteType, values, storedTags.Length > 0, mod);
            changed++;

            var fields = new System.Collections.Specialized.OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < values.Length; i++)
            {
                fields[noteType.FieldNames[i]] = values[i];
            }

            return new AnkiNote
            {
                Id = noteId,
                Guid = guid,
                NoteType = noteType.Name,
                NoteTypeId = noteType.Id,
                Deck = deck,
                Fields = fields,
                Tags = TagList.ParseStored(storedTags).ToArray(),
                Modified = AnkiPackage.FromSeconds(mod),
                Package = Package,
            };
        }

        /// <summary>Deletes the note and its cards, recording both in graves for sync.</summary>
        public void Remove(long noteId)
        {
            var db = Package.Db;
            if (!(db.Scalar("select guid from notes where id = $id", ("$id", noteId)) is string guid))
            {
                throw new AnkiException("NoteNotFound", AnkiErrorKind.ObjectNotFound, $"There is no note with id {noteId}.", noteId);
            }

            db.Execute("insert into graves (usn, oid, type) select -1, id, 0 from cards where nid = $id", ("$id", noteId));
            db.Execute("delete from cards where nid = $id", ("$id", noteId));
            db.Execute("insert into graves (usn, oid, type) values (-1, $id, 1)", ("$id", noteId));
            db.Execute("delete from notes where id = $id", ("$id", noteId));
            Package.ForgetGuid(guid);
            changed++;
        }

        private protected override bool HasChanges => changed > 0;

        private string? AddMissingCards(long noteId, NoteTypeModel noteType, string[] values, bool hasTags, long mod)
        {
            var existing = new HashSet<int>();
            long deckId = 1;
            long due = 0;
            existingOrdinals.Parameters[0].Value = noteId;
            using (var reader = existingOrdinals.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (existing.Count == 0)
                    {
                        deckId = reader.GetInt64(1);
                        due = reader.GetInt64(2);
                    }

                    existing.Add(reader.GetInt32(0));
                }
            }

            foreach (int ord in noteType.CardOrdinals(values, hasTags))
            {
                if (existing.Add(ord))
                {
                    Storage.AnkiDatabase.Bind(insertCard, Package.CardIds.Next(), noteId, deckId, ord, mod, due);
                    insertCard.ExecuteNonQuery();
                }
            }

            return Package.Decks.NameOf(deckId);
        }



    }
}
