using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.Scheduling;
using AnkiSync.Storage;
using AnkiSync.Text;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Merge
{
    /// <summary>
    /// Imports an .apkg/.colpkg into an open package or live collection the way Anki's importer does
    /// (rslib import_export/package/apkg/import): note types by id and shape, decks by name, notes by guid (updated
    /// when newer), cards only for notes and template ordinals the target lacks (existing cards and their scheduling
    /// are never touched), the review log of imported cards with -WithScheduling, and media by name and SHA-1.
    /// The imported package is opened on a private copy by the package reader and only read; its rows are data.
    /// Everything happens in one transaction of the target: an error or a stop keeps nothing (media files copied are
    /// deleted again), and -WhatIf rolls back after counting.
    /// </summary>
    internal sealed class PackageMerger
    {
        private static readonly string[] SystemTags = { "marked", "leech" };

        private readonly AnkiPackage target;
        private readonly AnkiPackage source;

        /// <summary>The collection the notes, cards and note types go into.</summary>
        private readonly CollectionState targetState;

        /// <summary>The collection they come from.</summary>
        private readonly CollectionState sourceState;

        private readonly string sourcePath;
        private readonly PackageImportOptions options;
        private readonly AnkiImportResult result = new AnkiImportResult();
        private readonly List<AnkiNote> notes = new List<AnkiNote>();
        private readonly List<string> skipped = new List<string>();

        /// <summary>Source deck id → target deck id.</summary>
        private readonly Dictionary<long, long> deckMap = new Dictionary<long, long>();

        /// <summary>Source note type id → the target note type its notes go to.</summary>
        private readonly Dictionary<long, NoteTypeModel> noteTypeMap = new Dictionary<long, NoteTypeModel>();

        /// <summary>Source note type id → for each of its fields, the index of that field in the merged target note type.</summary>
        private readonly Dictionary<long, int[]> fieldMaps = new Dictionary<long, int[]>();

        /// <summary>Source note id → target note id, for notes whose new cards may be imported.</summary>
        private readonly Dictionary<long, long> noteMap = new Dictionary<long, long>();

        /// <summary>Source card id → target card id of cards added.</summary>
        private readonly Dictionary<long, long> cardMap = new Dictionary<long, long>();

        /// <summary>Deck of the first card added for each new note (for the notes returned).</summary>
        private readonly Dictionary<long, long> newNoteDecks = new Dictionary<long, long>();

        private readonly Dictionary<long, AnkiNote> newNotes = new Dictionary<long, AnkiNote>();

        private MediaImport media = null!;
        private Dictionary<string, string>? knownTags;
        private Microsoft.Data.Sqlite.SqliteCommand? readNoteDeck;

        private PackageMerger(AnkiPackage target, AnkiPackage source, string sourcePath, PackageImportOptions options)
        {
            this.target = target;
            this.source = source;
            targetState = target.State;
            sourceState = source.State;
            this.sourcePath = sourcePath;
            this.options = options;
        }

        /// <summary>
        /// Imports the package at <paramref name="path"/> into <paramref name="target"/>. A package that cannot be read is
        /// the reader's AnkiSync error naming it; a stop (<see cref="PackageImportOptions.Cancellation"/>) is an
        /// <see cref="OperationCanceledException"/>. Either way nothing is written.
        /// </summary>
        public static AnkiImportResult Import(AnkiPackage target, string path, PackageImportOptions? options = null)
        {
            options ??= new PackageImportOptions();
            if (target.IsClosed)
            {
                throw AnkiPackage.Closed();
            }

            var progress = options.Progress;
            var opening = progress == null ? null : new ScaledProgress(progress, 0, 0.3);
            using var source = AnkiPackage.Open(path, opening, verify: true, cancellation: options.Cancellation);
            var merger = new PackageMerger(target, source, path, options);
            // What opening the source tolerated (a media name listed twice, untidy tags, ...) is reported with the skips.
            merger.skipped.AddRange(source.TakeWarnings());
            return merger.Run();
        }

        private void Report(double value) => options.Progress?.Report(value);

        private void CheckStop() => options.Cancellation.ThrowIfCancellationRequested();

        private AnkiImportResult Run()
        {
            var db = targetState.Db;
            var written = new List<string>();
            AnkiDatabase.TransactionScope scope;
            try
            {
                scope = BeginTransaction(db);
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw targetState.StorageError(e, writing: true);
            }

            bool committed = false;
            NoteBatch? batch = null;
            NoteEditor? editor = null;
            try
            {
                if (options.WithScheduling && SchedulerTiming.IsV1(targetState.Json.Conf))
                {
                    // Anki refuses too: V1 due numbers of learning cards mean something else.
                    throw new AnkiException(AnkiErrors.SchedulerUpgradeRequired,
                        $"'{target}' still uses Anki's old V1 scheduler, into which Anki does not import scheduling. Upgrade it in Anki (Tools > Check Database, or the scheduler option), or import without -WithScheduling.", target.Path);
                }

                batch = target.BeginNoteBatch();
                editor = target.BeginNoteEdit();
                media = new MediaImport(source.MediaDirectory, target.MediaDirectory);
                ImportDecks();
                ImportNoteTypes(editor);
                if (editor.NextPosition is long next)
                {
                    // The cards merged note types made took new-card positions: the imported cards go after them.
                    batch.PositionUsed(next - 1);
                }

                ImportNotes(batch, editor);
                ImportCards(batch);
                if (options.WithScheduling)
                {
                    ImportRevlog();
                }

                var (added, renamed, renamedNames) = media.Copy(written, options.WhatIf);
                result.MediaAdded = added;
                result.MediaRenamed = renamed;
                result.RenamedMedia = renamedNames;
                if (result.DecksAdded + result.NoteTypesAdded + result.NoteTypesUpdated + result.CardsAdded + result.Updated + result.New + result.MediaAdded > 0)
                {
                    targetState.MarkModified();
                }

                batch.Complete();
                editor.Complete();
                if (!options.WhatIf)
                {
                    scope.Complete();
                }

                scope.Dispose();
                committed = !options.WhatIf;
            }
            catch (Exception e)
            {
                editor?.Dispose();
                batch?.Dispose();
                scope.Dispose();
                DeleteWritten(written);
                ReloadAfterRollback();
                if (AnkiDatabase.IsStorageFailure(e))
                {
                    throw targetState.StorageError(e, writing: true);
                }

                if (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new AnkiException(AnkiErrors.WriteFailed,
                        $"Could not copy the media of '{sourcePath}' into '{target}', so nothing of the import was saved: {e.Message}", target.Path, e);
                }

                throw;
            }
            finally
            {
                readNoteDeck?.Dispose();
                editor?.Dispose();
                batch?.Dispose();
            }

            if (!committed)
            {
                // -WhatIf: everything was rolled back; the session's cached state is read again.
                ReloadAfterRollback();
            }

            Report(1);
            result.Path = sourcePath;
            result.WhatIf = options.WhatIf;
            result.Skipped = skipped.ToArray();
            if (options.IncludeNotes)
            {
                foreach (var pair in newNotes)
                {
                    if (newNoteDecks.TryGetValue(pair.Key, out long deckId))
                    {
                        pair.Value.Deck = targetState.Decks.NameOf(deckId);
                    }
                }

                result.Notes = notes.ToArray();
            }

            return result;
        }

        /// <summary>
        /// The import's transaction. A real import runs the live collection's hooks (backup, schema-11 view, state read
        /// again); -WhatIf writes nothing, not even a backup, so it takes the schema-11 view itself and rolls it back.
        /// </summary>
        private AnkiDatabase.TransactionScope BeginTransaction(AnkiDatabase db)
        {
            if (!options.WhatIf || !target.IsInPlace)
            {
                return db.BeginTransaction();
            }

            var scope = db.BeginTransaction(TransactionPurpose.ReadState);
            try
            {
                SchemaConversion.SchemaConverter.DowngradeToSchema11(db);
                targetState.RefreshIfChangedElsewhere();
                return scope;
            }
            catch
            {
                scope.Dispose();
                throw;
            }
        }

        private void ReloadAfterRollback()
        {
            try
            {
                targetState.Reload();
            }
            catch (AnkiException)
            {
                // The next command that needs the state reports why it cannot be read.
            }
        }

        private static void DeleteWritten(List<string> written)
        {
            foreach (string path in written)
            {
                try
                {
                    File.Delete(path);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // Left behind: an unused media file, which Anki's Check Media lists.
                }
            }

            written.Clear();
        }

        // ----- decks -----

        private void ImportDecks()
        {
            long now = CollectionState.NowSeconds();
            var renamedParents = new List<(string Old, string New)>();
            var decks = sourceState.Decks.All
                .Select(d => (Json: d, Id: CollectionJson.ReadLong(d["id"]), Name: CollectionJson.ReadString(d["name"])))
                .Where(d => d.Id != 0)
                .OrderBy(d => d.Name.Split(new[] { DeckTable.Separator }, StringSplitOptions.None).Length)
                .ToList();
            foreach (var deck in decks)
            {
                string? name = CanonicalDeckName(deck.Name);
                if (name == null)
                {
                    skipped.Add($"deck {deck.Id}: the name '{deck.Name}' is not a deck name; its cards go to the Default deck");
                    continue;
                }

                foreach (var (oldName, newName) in renamedParents)
                {
                    if (name.Equals(oldName, StringComparison.OrdinalIgnoreCase) || name.StartsWith(oldName + DeckTable.Separator, StringComparison.OrdinalIgnoreCase))
                    {
                        name = newName + name.Substring(oldName.Length);
                        break;
                    }
                }

                string description = CollectionJson.ReadString(deck.Json["desc"]);
                if (targetState.Decks.TryFind(name, out long existingId))
                {
                    var existing = DeckJson(existingId);
                    if (!DeckTable.IsFiltered(existing))
                    {
                        // Same kind (an imported filtered deck comes in as a normal one): the description, when it has one.
                        if (existing != null && description.Length > 0 && CollectionJson.ReadString(existing["desc"]) != description)
                        {
                            existing["desc"] = description;
                            existing["mod"] = now;
                            existing["usn"] = -1;
                        }

                        deckMap[deck.Id] = existingId;
                        continue;
                    }

                    // A normal deck meets a filtered one of the same name: Anki adds it as "Name <unix time>".
                    string unique = name + " " + now.ToString(CultureInfo.InvariantCulture);
                    renamedParents.Add((name, unique));
                    name = unique;
                }

                long id = EnsureNormalDeck(name);
                if (description.Length > 0 && DeckJson(id) is JsonObject created)
                {
                    created["desc"] = description;
                }

                deckMap[deck.Id] = id;
            }
        }

        /// <summary>The deck's id, created with its missing parents (stamped and unsynced, as every new deck is).</summary>
        private long EnsureNormalDeck(string name)
        {
            int before = targetState.Decks.Count;
            long id = targetState.EnsureDeck(name);
            result.DecksAdded += targetState.Decks.Count - before;
            return id;
        }

        private JsonObject? DeckJson(long id) => targetState.Json.Decks[id.ToString(CultureInfo.InvariantCulture)] as JsonObject;

        private long MapDeck(long sourceDeck)
            => deckMap.TryGetValue(sourceDeck, out long id) ? id : CollectionDefaults.DefaultDeckId;

        // ----- note types -----

        private void ImportNoteTypes(NoteEditor editor)
        {
            foreach (var incomingModel in sourceState.NoteTypes.OrderBy(m => m.Id).ToList())
            {
                long sourceId = incomingModel.Id;
                var incoming = (JsonObject)incomingModel.Json.DeepClone();
                incoming["originalId"] = sourceId;
                incoming["usn"] = -1;
                RemapDecks(incoming);
                var existing = targetState.FindNoteType(sourceId);
                if (existing == null)
                {
                    noteTypeMap[sourceId] = AddNoteType(incoming, sourceId);
                    continue;
                }

                if (!EqualSchema(existing.Json, incoming))
                {
                    var duplicate = targetState.NoteTypes.FirstOrDefault(m => m.Id != sourceId
                        && m.Json["originalId"] is JsonValue original && original.TryGetValue(out long originalId) && originalId == sourceId
                        && EqualSchema(m.Json, incoming));
                    if (duplicate != null)
                    {
                        // The copy an earlier import made of this note type: notes go to it, and it is updated like the original.
                        existing = duplicate;
                    }
                    else if (options.UpdateNoteTypes)
                    {
                        noteTypeMap[sourceId] = MergeNoteType(existing, incoming, incomingModel, editor);
                        continue;
                    }
                    else
                    {
                        noteTypeMap[sourceId] = AddNoteType(incoming, UnusedNoteTypeId());
                        continue;
                    }
                }

                if (ShouldUpdate(options.UpdateNoteTypeCondition, CollectionJson.ReadLong(existing.Json["mod"]), CollectionJson.ReadLong(incoming["mod"])))
                {
                    incoming["id"] = existing.Id;
                    incoming["name"] = UniqueNoteTypeName(CollectionJson.ReadString(incoming["name"]), existing.Id);
                    noteTypeMap[sourceId] = targetState.ReplaceNoteType(incoming);
                    result.NoteTypesUpdated++;
                }
                else
                {
                    noteTypeMap[sourceId] = existing;
                }
            }
        }

        private NoteTypeModel AddNoteType(JsonObject incoming, long id)
        {
            incoming["id"] = id;
            incoming["name"] = UniqueNoteTypeName(CollectionJson.ReadString(incoming["name"]), id);
            targetState.NoteSchemaChanged();
            result.NoteTypesAdded++;
            return targetState.ReplaceNoteType(incoming);
        }

        /// <summary>Anki's <c>ensure_notetype_name_unique</c>: "+" is appended while another note type has the name.</summary>
        private string UniqueNoteTypeName(string name, long id)
        {
            while (targetState.NoteTypes.Any(m => m.Id != id && string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                name += "+";
            }

            return name;
        }

        private long UnusedNoteTypeId()
        {
            long id = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            while (targetState.FindNoteType(id) != null)
            {
                id++;
            }

            return id;
        }

        /// <summary>The note type's default deck and its templates' deck overrides point at the target's decks.</summary>
        private void RemapDecks(JsonObject noteType)
        {
            long did = CollectionJson.ReadLong(noteType["did"]);
            noteType["did"] = deckMap.TryGetValue(did, out long mapped) ? mapped : CollectionDefaults.DefaultDeckId;
            foreach (var template in (noteType["tmpls"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
            {
                long templateDeck = CollectionJson.ReadLong(template["did"]);
                if (templateDeck != 0)
                {
                    template["did"] = deckMap.TryGetValue(templateDeck, out long mappedTemplateDeck) ? mappedTemplateDeck : (JsonNode?)null;
                }
            }
        }

        private static List<JsonObject> Items(JsonObject noteType, string key)
            => (noteType[key] as JsonArray ?? new JsonArray()).OfType<JsonObject>().OrderBy(i => CollectionJson.ReadLong(i["ord"])).ToList();

        /// <summary>Anki's <c>equal_schema</c>: as many fields and templates, pairwise the same (by id when both have one, else by name).</summary>
        internal static bool EqualSchema(JsonObject a, JsonObject b)
        {
            var fieldsA = Items(a, "flds");
            var fieldsB = Items(b, "flds");
            var templatesA = Items(a, "tmpls");
            var templatesB = Items(b, "tmpls");
            return fieldsA.Count == fieldsB.Count && templatesA.Count == templatesB.Count
                && fieldsA.Zip(fieldsB, IsMatch).All(m => m)
                && templatesA.Zip(templatesB, IsMatch).All(m => m);
        }

        private static bool IsMatch(JsonObject a, JsonObject b)
        {
            long? idA = ItemId(a);
            long? idB = ItemId(b);
            return idA != null && idB != null
                ? idA == idB
                : string.Equals(CollectionJson.ReadString(a["name"]), CollectionJson.ReadString(b["name"]), StringComparison.Ordinal);
        }

        private static long? ItemId(JsonObject item)
            => item["id"] is JsonValue value && value.TryGetValue(out long id) ? id : (long?)null;

        /// <summary>
        /// Anki's "merge note types" for a note type whose fields or templates differ: the target's note type gains the
        /// fields and templates it lacks (existing ordinals kept), its notes gain the new fields (empty), and the imported
        /// notes' fields are rearranged to it. When the imported version is newer its definitions replace the matching ones.
        /// The schema changes (the next sync is a full one).
        /// </summary>
        private NoteTypeModel MergeNoteType(NoteTypeModel existing, JsonObject incoming, NoteTypeModel incomingModel, NoteEditor editor)
        {
            if (existing.IsCloze != incomingModel.IsCloze)
            {
                throw new AnkiException(AnkiErrors.NoteTypeKindConflict,
                    $"The note type '{incomingModel.Name}' (id {incomingModel.Id}) of '{sourcePath}' is {(incomingModel.IsCloze ? "a cloze" : "a normal")} note type, and the target's note type with that id is not, so they cannot be merged. Import without -UpdateNoteTypes to add it as a copy.",
                    sourcePath);
            }

            bool newer = ShouldUpdate(options.UpdateNoteTypeCondition, CollectionJson.ReadLong(existing.Json["mod"]), CollectionJson.ReadLong(incoming["mod"]));
            var merged = (JsonObject)existing.Json.DeepClone();
            int oldFieldCount = Items(merged, "flds").Count;
            var fieldMap = MergeItems(merged, incoming, "flds", newer);
            MergeItems(merged, incoming, "tmpls", newer);
            if (newer)
            {
                merged["css"] = incoming["css"]?.DeepClone();
                merged["name"] = UniqueNoteTypeName(CollectionJson.ReadString(incoming["name"]), existing.Id);
            }

            merged["mod"] = CollectionState.NowSeconds();
            merged["usn"] = -1;
            var model = targetState.ReplaceNoteType(merged);
            int added = model.FieldNames.Count - oldFieldCount;
            if (added > 0)
            {
                // The target's notes of this type get the new fields, empty (sort field and checksum do not change).
                targetState.Db.Execute("update notes set flds = flds || $pad, mod = $mod, usn = -1 where mid = $mid",
                    ("$pad", new string('\u001f', added)), ("$mod", CollectionState.NowSeconds()), ("$mid", existing.Id));
            }

            // New templates, or new fronts, make cards for the target's notes of this type (Anki's notetype update does).
            if (!existing.Templates.Select(t => t.Front).SequenceEqual(model.Templates.Select(t => t.Front), StringComparer.Ordinal))
            {
                result.CardsAdded += editor.GenerateCards(model);
            }

            targetState.SchemaModified();
            fieldMaps[incomingModel.Id] = fieldMap;
            result.NoteTypesUpdated++;
            return model;
        }

        /// <summary>Adds the incoming items the target lacks; returns, for each incoming item, its index in the merged list.</summary>
        private static int[] MergeItems(JsonObject merged, JsonObject incoming, string key, bool newer)
        {
            var mergedItems = Items(merged, key);
            var incomingItems = Items(incoming, key);
            var map = new int[incomingItems.Count];
            var array = new JsonArray();
            var result = mergedItems.Select(i => (JsonObject)i.DeepClone()).ToList();
            for (int i = 0; i < incomingItems.Count; i++)
            {
                int found = mergedItems.FindIndex(m => IsMatch(m, incomingItems[i]));
                if (found < 0)
                {
                    var added = (JsonObject)incomingItems[i].DeepClone();
                    added["ord"] = result.Count;
                    map[i] = result.Count;
                    result.Add(added);
                }
                else
                {
                    map[i] = found;
                    if (newer)
                    {
                        var replaced = (JsonObject)incomingItems[i].DeepClone();
                        replaced["ord"] = found;
                        result[found] = replaced;
                    }
                }
            }

            foreach (var item in result)
            {
                array.Add(item);
            }

            merged[key] = array;
            return map;
        }

        private static bool ShouldUpdate(UpdateCondition condition, long existingMod, long incomingMod) => condition switch
        {
            UpdateCondition.IfNewer => existingMod < incomingMod,
            UpdateCondition.Always => existingMod != incomingMod,
            _ => false,
        };

        // ----- notes -----

        private void ImportNotes(NoteBatch batch, NoteEditor editor)
        {
            long total = Math.Max(1, sourceState.Db.ScalarLong("select count(*) from notes"));
            var guids = targetState.GuidIndex;
            var noteIds = new HashSet<long>();
            using (var ids = targetState.Db.Command("select id from notes"))
            using (var reader = ids.ExecuteReader())
            {
                while (reader.Read())
                {
                    noteIds.Add(reader.GetInt64(0));
                }
            }

            using var readExisting = targetState.Db.Prepare("select mid, mod from notes where id = $id", "$id");
            long tomorrowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 86_400_000;
            int row = 0;
            using var command = sourceState.Db.Command("select id, guid, mid, mod, tags, flds from notes order by id");
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                CheckStop();
                row++;
                Report(0.3 + (0.4 * row / total));
                long sourceId = rows.IsDBNull(0) ? 0 : rows.GetInt64(0);
                string guid = RowReader.TextOrEmpty(rows, 1);
                long sourceType = rows.IsDBNull(2) ? 0 : rows.GetInt64(2);
                long mod = rows.IsDBNull(3) ? 0 : rows.GetInt64(3);
                string storedTags = RowReader.TextOrEmpty(rows, 4);
                string flds = RowReader.TextOrEmpty(rows, 5);
                var sourceModel = sourceState.FindNoteType(sourceType);
                var noteType = sourceModel == null ? null : MappedNoteType(sourceType);
                if (sourceModel == null || noteType == null)
                {
                    skipped.Add($"note {sourceId}: its note type {sourceType} is not in the package");
                    continue;
                }

                if (guid.Length == 0)
                {
                    skipped.Add($"note {sourceId}: it has no guid, so it cannot be matched");
                    continue;
                }

                string[] values = Arrange(flds.Split('\u001f'), sourceModel, noteType);
                var tags = Tags(storedTags);
                if (guids.TryGetValue(guid, out long existingId))
                {
                    readExisting.Parameters[0].Value = existingId;
                    long existingType;
                    long existingMod;
                    using (var existing = readExisting.ExecuteReader())
                    {
                        if (!existing.Read())
                        {
                            continue;
                        }

                        existingType = existing.IsDBNull(0) ? 0 : existing.GetInt64(0);
                        existingMod = existing.IsDBNull(1) ? 0 : existing.GetInt64(1);
                    }

                    if (existingType != noteType.Id)
                    {
                        result.Conflicting++;
                    }
                    else if (ShouldUpdate(options.UpdateNotes, existingMod, mod))
                    {
                        RewriteMedia(values);
                        var updated = editor.ReplaceImported(existingId, values, tags, mod);
                        RegisterTags(tags);
                        noteMap[sourceId] = existingId;
                        result.Updated++;
                        if (options.IncludeNotes)
                        {
                            updated.Deck = DeckOfNote(existingId);
                            notes.Add(updated);
                        }
                    }
                    else
                    {
                        noteMap[sourceId] = existingId;
                        result.Unchanged++;
                    }

                    continue;
                }

                RewriteMedia(values);
                long noteId = sourceId;
                if (noteId <= 0 || noteId > tomorrowMs)
                {
                    noteId = targetState.NoteIds.Next();
                }

                while (noteIds.Contains(noteId))
                {
                    noteId += 999;
                }

                if (mod <= 0 || mod > tomorrowMs / 1000)
                {
                    mod = CollectionState.NowSeconds();
                }

                batch.InsertCopied(noteId, guid, noteType, values, tags, mod);
                noteIds.Add(noteId);
                noteMap[sourceId] = noteId;
                result.New++;
                if (options.IncludeNotes)
                {
                    var note = target.WrittenNote(noteId, guid, noteType, null, values, TagList.Join(tags), mod);
                    newNotes[noteId] = note;
                    notes.Add(note);
                }
            }
        }

        /// <summary>The name as a deck name (<see cref="DeckTable.CanonicalName"/>), or null when it is not one.</summary>
        private static string? CanonicalDeckName(string name)
        {
            try
            {
                return DeckTable.CanonicalName(name);
            }
            catch (AnkiException)
            {
                return null;
            }
        }

        /// <summary>The target's note type for a source note type, or null when none was mapped.</summary>
        private NoteTypeModel? MappedNoteType(long sourceType) => noteTypeMap.TryGetValue(sourceType, out var noteType) ? noteType : null;

        /// <summary>
        /// The note's values laid out for the target note type: Anki's <c>fix_field_count</c> for the package's note type
        /// (missing fields empty, extra ones joined to the last with "; "), then rearranged to a merged note type.
        /// </summary>
        private string[] Arrange(string[] values, NoteTypeModel sourceModel, NoteTypeModel noteType)
        {
            int count = Math.Max(1, sourceModel.FieldNames.Count);
            var fixedValues = values.ToList();
            while (fixedValues.Count < count)
            {
                fixedValues.Add("");
            }

            while (fixedValues.Count > count && fixedValues.Count > 1)
            {
                string last = fixedValues[fixedValues.Count - 1];
                fixedValues.RemoveAt(fixedValues.Count - 1);
                fixedValues[fixedValues.Count - 1] += "; " + last;
            }

            var arranged = new string[noteType.FieldNames.Count];
            for (int i = 0; i < arranged.Length; i++)
            {
                arranged[i] = "";
            }

            if (fieldMaps.TryGetValue(sourceModel.Id, out var map))
            {
                for (int i = 0; i < fixedValues.Count && i < map.Length; i++)
                {
                    arranged[map[i]] = fixedValues[i];
                }
            }
            else
            {
                for (int i = 0; i < fixedValues.Count && i < arranged.Length; i++)
                {
                    arranged[i] = fixedValues[i];
                }
            }

            return arranged;
        }

        /// <summary>
        /// The note's tags as Anki imports them: <c>marked</c> and <c>leech</c> dropped without scheduling, and a tag the
        /// target knows in another case written as the target has it (<c>canonify_note_tags</c>).
        /// </summary>
        private List<string> Tags(string stored)
        {
            var tags = new List<string>();
            foreach (string tag in TagList.ParseStored(stored))
            {
                if (!options.WithScheduling && SystemTags.Any(s => string.Equals(s, tag, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                knownTags ??= KnownTags();
                if (!knownTags.TryGetValue(tag, out string? known))
                {
                    known = tag;
                    knownTags[tag] = tag;
                }

                if (!tags.Contains(known, StringComparer.OrdinalIgnoreCase))
                {
                    tags.Add(known);
                }
            }

            return tags;
        }

        /// <summary>The target's tags by their name in any case, read once per import.</summary>
        private Dictionary<string, string> KnownTags()
        {
            var known = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in targetState.Json.Tags)
            {
                if (!known.ContainsKey(pair.Key))
                {
                    known[pair.Key] = pair.Key;
                }
            }

            return known;
        }

        private void RegisterTags(IEnumerable<string> tags)
        {
            foreach (string tag in tags)
            {
                if (!targetState.Json.Tags.ContainsKey(tag))
                {
                    targetState.Json.Tags[tag] = -1;
                }
            }
        }

        private void RewriteMedia(string[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = media.RewriteField(values[i]);
            }
        }

        private string? DeckOfNote(long noteId)
        {
            readNoteDeck ??= targetState.Db.Prepare("select did from cards where nid = $nid order by ord limit 1", "$nid");
            readNoteDeck.Parameters[0].Value = noteId;
            object? deck = readNoteDeck.ExecuteScalar();
            return deck is long id ? targetState.Decks.NameOf(id) : null;
        }

        // ----- cards and review log -----

        private void ImportCards(NoteBatch batch)
        {
            var existingCards = new HashSet<(long Note, long Ord)>();
            var cardIds = new HashSet<long>();
            using (var all = targetState.Db.Command("select id, nid, ord from cards"))
            using (var reader = all.ExecuteReader())
            {
                while (reader.Read())
                {
                    cardIds.Add(reader.GetInt64(0));
                    existingCards.Add((reader.IsDBNull(1) ? 0 : reader.GetInt64(1), reader.IsDBNull(2) ? -1 : reader.GetInt64(2)));
                }
            }

            var now = DateTimeOffset.Now;
            long delta = SchedulerTiming.For(sourceState.Json, now).DaysElapsed - SchedulerTiming.For(targetState.Json, now).DaysElapsed;
            long tomorrowMs = now.ToUnixTimeMilliseconds() + 86_400_000;
            long mod = CollectionState.NowSeconds();
            long total = Math.Max(1, sourceState.Db.ScalarLong("select count(*) from cards"));
            using var insert = targetState.Db.Prepare(
                "insert into cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data) "
                + "values ($id, $nid, $did, $ord, $mod, -1, $type, $queue, $due, $ivl, $factor, $reps, $lapses, $left, $odue, $odid, $flags, $data)",
                "$id", "$nid", "$did", "$ord", "$mod", "$type", "$queue", "$due", "$ivl", "$factor", "$reps", "$lapses", "$left", "$odue", "$odid", "$flags", "$data");
            int row = 0;
            // New cards take new-queue positions in the package's order of them, after the target's new cards.
            using var command = sourceState.Db.Command(
                "select id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data from cards "
                + "order by (case when type = 0 then 0 else 1 end), (case when type = 0 and odid != 0 then odue else due end), nid, ord");
            using var rows = command.ExecuteReader();
            long lastNote = long.MinValue;
            long position = 0;
            while (rows.Read())
            {
                CheckStop();
                row++;
                Report(0.7 + (0.25 * row / total));
                long sourceNote = Long(rows, 1);
                if (!noteMap.TryGetValue(sourceNote, out long noteId))
                {
                    continue;
                }

                long ord = Long(rows, 3);
                if (ord < 0 || existingCards.Contains((noteId, ord)))
                {
                    continue;
                }

                long type = Long(rows, 4);
                long queue = Long(rows, 5);
                long due = Long(rows, 6);
                long ivl = Long(rows, 7);
                long factor = Long(rows, 8);
                long reps = Long(rows, 9);
                long lapses = Long(rows, 10);
                long left = Long(rows, 11);
                long odue = Long(rows, 12);
                long odid = Long(rows, 13);
                long flags = Long(rows, 14);
                string data = RowReader.TextOrEmpty(rows, 15);
                long deck = Long(rows, 2);
                if (options.WithScheduling)
                {
                    if (odid != 0)
                    {
                        // Filtered decks come in as normal ones: the card goes home with its own due and queue (Anki's
                        // remove_from_filtered_deck_restoring_queue).
                        deck = odid;
                        if (odue != 0)
                        {
                            due = odue;
                        }

                        if (queue >= 0)
                        {
                            queue = CardScheduler.RestoredQueue(type, due);
                        }

                        odue = 0;
                        odid = 0;
                    }

                    // Day numbers count from each collection's creation: shift them by how far apart the two "todays" are.
                    if (queue == 2 || queue == 3 || type == 2)
                    {
                        due -= delta;
                    }

                    if (type == 2 && odue != 0)
                    {
                        odue -= delta;
                    }

                    if (type == 0 && queue >= -3 && due >= 0 && due < 1_000_000_000)
                    {
                        batch.PositionUsed(due);
                    }
                }
                else
                {
                    // Anki's schedule_as_new: the card stays in its deck, as new, with counts and flags cleared.
                    if (sourceNote != lastNote || position == 0)
                    {
                        position = batch.NextNewCardPosition();
                        lastNote = sourceNote;
                    }

                    type = 0;
                    queue = 0;
                    due = position;
                    ivl = 0;
                    factor = 0;
                    reps = 0;
                    lapses = 0;
                    left = 0;
                    odue = 0;
                    odid = 0;
                    flags = 0;
                    data = "";
                }

                long targetDeck = MapDeck(deck);
                long cardId = Long(rows, 0);
                if (cardId <= 0 || cardId > tomorrowMs)
                {
                    cardId = targetState.CardIds.Next();
                }

                while (cardIds.Contains(cardId))
                {
                    cardId += 999;
                }

                try
                {
                    AnkiDatabase.Bind(insert, cardId, noteId, targetDeck, ord, mod, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data);
                    insert.ExecuteNonQuery();
                }
                catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
                {
                    throw targetState.StorageError(e, writing: true);
                }

                targetState.CardIds.Observe(cardId);
                cardIds.Add(cardId);
                existingCards.Add((noteId, ord));
                cardMap[Long(rows, 0)] = cardId;
                result.CardsAdded++;
                if (!newNoteDecks.ContainsKey(noteId))
                {
                    newNoteDecks[noteId] = targetDeck;
                }
            }
        }

        private static long Long(SqliteDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal))
            {
                return 0;
            }

            object value = reader.GetValue(ordinal);
            return value switch
            {
                long l => l,
                double d when d >= long.MinValue && d <= long.MaxValue => (long)d,
                _ => long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) ? parsed : 0,
            };
        }

        /// <summary>Review log entries of the cards added, each only if its id is not in the target's log yet.</summary>
        private void ImportRevlog()
        {
            using var insert = targetState.Db.Prepare(
                "insert or ignore into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values ($id, $cid, -1, $ease, $ivl, $lastIvl, $factor, $time, $type)",
                "$id", "$cid", "$ease", "$ivl", "$lastIvl", "$factor", "$time", "$type");
            using var command = sourceState.Db.Command("select id, cid, ease, ivl, lastIvl, factor, time, type from revlog order by id");
            using var rows = command.ExecuteReader();
            int row = 0;
            while (rows.Read())
            {
                CheckStop();
                row++;
                if (!cardMap.TryGetValue(Long(rows, 1), out long cardId))
                {
                    continue;
                }

                try
                {
                    AnkiDatabase.Bind(insert, Long(rows, 0), cardId, Long(rows, 2), Long(rows, 3), Long(rows, 4), Long(rows, 5), Long(rows, 6), Long(rows, 7));
                    result.ReviewsAdded += insert.ExecuteNonQuery();
                }
                catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
                {
                    throw targetState.StorageError(e, writing: true);
                }
            }
        }
    }
}
