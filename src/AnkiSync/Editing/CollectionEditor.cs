using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Storage;
using AnkiSync.Text;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Editing
{
    /// <summary>
    /// Changes the structure of a collection — decks, deck options presets, note types — in one transaction, the way
    /// Anki's own operations store it (rslib decks/, deckconfig/, notetype/): every changed deck, preset, note type,
    /// note and card gets <c>usn</c> -1 and a new <c>mod</c>; removed cards, notes and decks are recorded in graves;
    /// a note type change that Anki treats as a schema change bumps <c>col.scm</c>. Each method checks everything
    /// before it changes anything, so a refused change leaves the transaction as it was.
    /// </summary>
    public sealed class CollectionEditor : NoteTransaction
    {
        private SqliteCommand insertCard = null!;
        private SqliteCommand readCards = null!;
        private CardGeneration generation = null!;
        private int changed;

        internal CollectionEditor(AnkiPackage package)
            : base(package.State, package)
        {
            PrepareStatements(() =>
            {
                insertCard = PrepareNewCardInsert();
                readCards = Prepare(CardGeneration.ReadCardsSql, "$nid");
                generation = new CardGeneration(State, readCards, insertCard);
            });
        }

        /// <summary>Whether this transaction changed the collection's schema (the next sync is a one-way full sync).</summary>
        public bool SchemaChanged { get; private set; }

        private protected override bool HasChanges => changed > 0;

        private protected override void BeforeCommit() => generation.SavePosition();

        // ---------------------------------------------------------------- decks

        /// <summary>
        /// Renames a deck; its subdecks follow (rslib decks/name.rs rename_deck). Missing parents of the new name are
        /// created, and an existing parent's spelling is kept. A name another deck has is DeckExists; moving a deck
        /// into its own subtree or under a filtered deck is refused.
        /// </summary>
        public AnkiDeck RenameDeck(string name, string newName)
        {
            ThrowIfFinished();
            var deck = FindDeck(name);
            string oldName = CollectionJson.ReadString(deck["name"]);
            long id = CollectionJson.ReadLong(deck["id"]);
            string target = DeckTable.CanonicalName(newName);
            if (string.Equals(target, oldName, StringComparison.Ordinal))
            {
                return State.Decks.ToPublic(deck, Package);
            }

            if (State.Decks.TryFind(target, out long other) && other != id)
            {
                throw new AnkiException(AnkiErrors.DeckExists, $"The package already has a deck named '{State.Decks.NameOf(other)}'.", newName);
            }

            if (target.StartsWith(oldName + DeckTable.Separator, StringComparison.OrdinalIgnoreCase))
            {
                throw new AnkiException(AnkiErrors.InvalidDeckName, $"The deck '{oldName}' cannot be moved into its own subdeck '{target}'.", newName);
            }

            // The closest existing parent keeps its spelling (Anki's match_or_create_parents); it must be a normal deck.
            string? parent = DeckTable.ParentOf(target);
            string rest = parent == null ? target : target.Substring(parent.Length + DeckTable.Separator.Length);
            while (parent != null && !State.Decks.TryFind(parent, out _))
            {
                string? up = DeckTable.ParentOf(parent);
                rest = (up == null ? parent : parent.Substring(up.Length + DeckTable.Separator.Length)) + DeckTable.Separator + rest;
                parent = up;
            }

            if (parent != null)
            {
                State.Decks.TryFind(parent, out long parentId);
                var parentDeck = DeckJson(parentId);
                if (DeckTable.IsFiltered(parentDeck))
                {
                    throw new AnkiException(AnkiErrors.InvalidDeckName, $"A deck cannot go under the filtered deck '{State.Decks.NameOf(parentId)}': filtered decks have no subdecks.", newName);
                }

                target = State.Decks.NameOf(parentId) + DeckTable.Separator + rest;
            }

            var children = State.Decks.All.Where(d => CollectionJson.ReadString(d["name"]).StartsWith(oldName + DeckTable.Separator, StringComparison.OrdinalIgnoreCase)).ToList();
            long mod = CollectionState.NowSeconds();
            Changed();
            try
            {
                // Missing parents are created stamped and unsynced, as Ensure creates every deck.
                string? missingParent = DeckTable.ParentOf(target);
                if (missingParent != null)
                {
                    State.Decks.Ensure(missingParent, mod, null, out _);
                }

                deck["name"] = target;
                Touch(deck, mod);
                foreach (var child in children)
                {
                    child["name"] = target + CollectionJson.ReadString(child["name"]).Substring(oldName.Length);
                    Touch(child, mod);
                }

                State.ReindexDecks();
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            return State.Decks.ToPublic(deck, Package);
        }

        /// <summary>
        /// Removes a deck with its subdecks (rslib decks/remove.rs): the cards of a normal deck are deleted, a filtered
        /// deck's cards go back to their home deck first; notes left with no card are deleted; cards, notes and decks
        /// are recorded in graves. The Default deck is refused.
        /// </summary>
        public StructureChangeSummary RemoveDeck(string name)
        {
            ThrowIfFinished();
            var deck = FindDeck(name);
            string deckName = CollectionJson.ReadString(deck["name"]);
            var removed = new List<JsonObject> { deck };
            removed.AddRange(State.Decks.All.Where(d => CollectionJson.ReadString(d["name"]).StartsWith(deckName + DeckTable.Separator, StringComparison.OrdinalIgnoreCase)));
            var ids = removed.Select(d => CollectionJson.ReadLong(d["id"])).ToList();
            if (ids.Contains(CollectionDefaults.DefaultDeckId))
            {
                throw new AnkiException(AnkiErrors.DefaultDeckRequired,
                    ids[0] == CollectionDefaults.DefaultDeckId
                        ? "The Default deck (id 1) cannot be removed: Anki requires it. Remove its cards with Remove-AnkiNote instead."
                        : $"The deck '{deckName}' holds the Default deck (id 1), which Anki requires; it cannot be removed.", name);
            }

            var summary = new StructureChangeSummary { DecksRemoved = removed.Count };
            long mod = CollectionState.NowSeconds();
            Changed();
            try
            {
                var db = State.Db;
                string idList = string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

                // Filtered decks first: their cards go home, and are deleted there if home is removed too.
                foreach (var filtered in removed.Where(DeckTable.IsFiltered))
                {
                    db.Execute(
                        "update cards set did = odid, due = case when odue <> 0 then odue else due end, "
                        + "queue = case when queue < 0 then queue when type = 0 then 0 when type = 2 then 2 when due > 1000000000 then 1 else 3 end, "
                        + "odid = 0, odue = 0, mod = $mod, usn = -1 where did = $did and odid <> 0",
                        ("$mod", mod), ("$did", CollectionJson.ReadLong(filtered["id"])));
                }

                var noteIds = new HashSet<long>();
                using (var command = db.Command($"select distinct nid from cards where did in ({idList})"))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        noteIds.Add(reader.GetInt64(0));
                    }
                }

                db.Execute($"insert into graves (usn, oid, type) select -1, id, 0 from cards where did in ({idList})");
                summary.CardsRemoved = db.Execute($"delete from cards where did in ({idList})");
                summary.NotesRemoved = RemoveOrphanNotes(noteIds);
                foreach (long id in ids)
                {
                    db.Execute("insert into graves (usn, oid, type) values (-1, $id, 2)", ("$id", id));
                    State.Json.Decks.Remove(id.ToString(CultureInfo.InvariantCulture));
                    RemoveConfigPrefix($"_deck_{id.ToString(CultureInfo.InvariantCulture)}_");
                }

                State.ReindexDecks();
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            return summary;
        }

        /// <summary>Sets a deck's description and/or options preset (by name); null leaves each as it is.</summary>
        public AnkiDeck SetDeck(string name, string? description, string? preset)
        {
            ThrowIfFinished();
            var deck = FindDeck(name);
            bool filtered = DeckTable.IsFiltered(deck);
            long? configId = null;
            if (preset != null)
            {
                if (filtered)
                {
                    throw new AnkiException(AnkiErrors.FilteredDeck,
                        $"The deck '{CollectionJson.ReadString(deck["name"])}' is a filtered deck, which has no options preset.", name);
                }

                var config = DeckConfigs.Find(State.Json, preset) ?? throw DeckConfigs.NotFound(State.Json, preset);
                configId = CollectionJson.ReadLong(config["id"]);
            }

            bool change = (description != null && CollectionJson.ReadString(deck["desc"]) != description)
                || (configId != null && CollectionJson.ReadLong(deck["conf"], 1) != configId.Value);
            if (!change)
            {
                return State.Decks.ToPublic(deck, Package);
            }

            Changed();
            if (description != null)
            {
                deck["desc"] = description;
            }

            if (configId != null)
            {
                deck["conf"] = configId.Value;
            }

            Touch(deck, CollectionState.NowSeconds());
            return State.Decks.ToPublic(deck, Package);
        }

        // ---------------------------------------------------------------- deck options presets

        /// <summary>Adds a deck options preset with Anki's defaults and the given settings; its id is derived from its name.</summary>
        public AnkiDeckConfig AddDeckConfig(string name, DeckConfigChange change)
        {
            ThrowIfFinished();
            string cleaned = (name ?? "").Trim();
            if (cleaned.Length == 0)
            {
                throw new AnkiException(AnkiErrors.InvalidDeckConfig, "A deck options preset needs a name.", name);
            }

            if (DeckConfigs.Find(State.Json, cleaned) != null)
            {
                throw new AnkiException(AnkiErrors.DeckConfigExists, $"The package already has a deck options preset named '{cleaned}'.", name);
            }

            DeckConfigs.Validate(change);
            long id = StableIds.DeckConfigId(cleaned);
            while (State.Json.DeckConfigs.ContainsKey(id.ToString(CultureInfo.InvariantCulture)) || id == CollectionDefaults.DefaultDeckConfigId)
            {
                id++;
            }

            var config = CollectionDefaults.DeckConfig(id, cleaned, CollectionState.NowSeconds());
            config["usn"] = -1;
            DeckConfigs.Apply(config, change);
            Changed();
            State.Json.DeckConfigs[id.ToString(CultureInfo.InvariantCulture)] = config;
            return DeckConfigs.ToPublic(config, Package);
        }

        /// <summary>Changes the settings of a deck options preset; settings left null keep their value.</summary>
        public AnkiDeckConfig SetDeckConfig(string name, DeckConfigChange change)
        {
            ThrowIfFinished();
            var config = DeckConfigs.Find(State.Json, name) ?? throw DeckConfigs.NotFound(State.Json, name);
            DeckConfigs.Validate(change);
            var copy = (JsonObject)JsonNode.Parse(config.ToJsonString())!;
            if (DeckConfigs.Apply(copy, change))
            {
                Changed();
                DeckConfigs.Apply(config, change);
                config["mod"] = CollectionState.NowSeconds();
                config["usn"] = -1;
            }

            return DeckConfigs.ToPublic(config, Package);
        }

        // ---------------------------------------------------------------- note types

        /// <summary>
        /// Changes a note type (rslib notetype: prepare_for_update, update_notes_for_changed_fields,
        /// update_cards_for_changed_templates): fields and templates renamed, removed, added and reordered, template
        /// sides, styling, sort field and name. Renamed and removed fields are rewritten in the templates; notes'
        /// fields follow their fields (csum and sfld recomputed); removed templates' cards are deleted, moved ones
        /// follow; cards new or changed templates make are generated. A template defined here that names a field the
        /// note type lacks, or does not parse, is refused, as is removing the last field or template.
        /// </summary>
        public AnkiNoteType EditNoteType(string name, NoteTypeChange change, out StructureChangeSummary summary)
        {
            ThrowIfFinished();
            var model = State.FindNoteType(name) ?? throw UnknownNoteType(name);
            var plan = NoteTypePlan.Create(model, change, State);
            summary = new StructureChangeSummary();
            if (!plan.HasChanges)
            {
                return model.ToPublic(Package);
            }

            long mod = CollectionState.NowSeconds();
            plan.Json["mod"] = mod;
            plan.Json["usn"] = -1;
            Changed();
            try
            {
                var updated = State.ReplaceNoteType(plan.Json);
                var db = State.Db;
                if (plan.FieldsMoved || plan.SortFieldMoved || plan.TemplatesMoved)
                {
                    MarkSchemaChanged();
                    summary.SchemaChanged = true;
                }

                if (plan.FieldsMoved || plan.SortFieldMoved)
                {
                    summary.NotesChanged = RewriteNotes(model.Id, updated, plan.FieldSources, mod);
                    summary.DroppedFields = model.FieldNames.Where((_, ord) => !plan.FieldSources.Contains(ord)).ToList();
                }

                if (plan.RemovedTemplateOrds.Count > 0)
                {
                    string ords = string.Join(",", plan.RemovedTemplateOrds);
                    string where = $"nid in (select id from notes where mid = $mid) and ord in ({ords})";
                    db.Execute($"insert into graves (usn, oid, type) select -1, id, 0 from cards where {where}", ("$mid", model.Id));
                    summary.CardsRemoved = db.Execute($"delete from cards where {where}", ("$mid", model.Id));
                }

                if (plan.MovedTemplateOrds.Count > 0)
                {
                    var cases = string.Join(" ", plan.MovedTemplateOrds.Select(p => $"when {p.Key} then {p.Value}"));
                    db.Execute($"update cards set ord = case ord {cases} end, mod = $mod, usn = -1 where nid in (select id from notes where mid = $mid) and ord in ({string.Join(",", plan.MovedTemplateOrds.Keys)})",
                        ("$mod", mod), ("$mid", model.Id));
                }

                if (plan.GenerateCards)
                {
                    summary.CardsAdded = generation.GenerateForNoteType(updated, mod);
                }

                return updated.ToPublic(Package);
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }
        }

        /// <summary>
        /// Removes a note type with its notes and cards, recorded in graves (rslib notetype: remove_notetype_inner). The
        /// schema changes. When it was the last note type, Anki's stock Basic is added, as Anki does.
        /// </summary>
        public StructureChangeSummary RemoveNoteType(string name)
        {
            ThrowIfFinished();
            var model = State.FindNoteType(name) ?? throw UnknownNoteType(name);
            var summary = new StructureChangeSummary { SchemaChanged = true };
            Changed();
            try
            {
                var db = State.Db;
                const string Cards = "nid in (select id from notes where mid = $mid)";
                db.Execute($"insert into graves (usn, oid, type) select -1, id, 0 from cards where {Cards}", ("$mid", model.Id));
                summary.CardsRemoved = db.Execute($"delete from cards where {Cards}", ("$mid", model.Id));
                using (var command = db.Command("select guid from notes where mid = $mid", ("$mid", model.Id)))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        State.ForgetGuid(RowReader.TextOrEmpty(reader, 0));
                    }
                }

                db.Execute("insert into graves (usn, oid, type) select -1, id, 1 from notes where mid = $mid", ("$mid", model.Id));
                summary.NotesRemoved = db.Execute("delete from notes where mid = $mid", ("$mid", model.Id));
                MarkSchemaChanged();
                State.ForgetNoteType(model.Id);
                RemoveConfigPrefix($"_nt_{model.Id.ToString(CultureInfo.InvariantCulture)}_");
                var remaining = State.NoteTypes.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault()
                    ?? State.AddStockNoteType("Basic");
                State.Json.Conf["curModel"] = remaining.Id;
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            return summary;
        }

        // ---------------------------------------------------------------- helpers

        private void Changed() => changed++;

        private void MarkSchemaChanged()
        {
            SchemaChanged = true;
            State.SchemaModified();
        }

        private static AnkiException UnknownNoteType(string name)
            => new AnkiException(AnkiErrors.UnknownNoteType, $"There is no note type named '{name}'.", name);

        private JsonObject FindDeck(string name)
        {
            if (!State.Decks.TryFind(name, out long id))
            {
                throw new AnkiException(AnkiErrors.DeckNotFound, $"There is no deck named '{name}'.", name);
            }

            return DeckJson(id);
        }

        private JsonObject DeckJson(long id)
            => State.Json.Decks[id.ToString(CultureInfo.InvariantCulture)] as JsonObject
               ?? State.Decks.All.First(d => CollectionJson.ReadLong(d["id"]) == id);

        private static void Touch(JsonObject deck, long mod)
        {
            deck["mod"] = mod;
            deck["usn"] = -1;
        }

        /// <summary>Deletes, with graves, those of <paramref name="noteIds"/> that no longer have a card (Anki's orphaned notes).</summary>
        private int RemoveOrphanNotes(IEnumerable<long> noteIds)
        {
            var db = State.Db;
            int removed = 0;
            using var read = db.Prepare("select guid from notes where id = $id and not exists (select 1 from cards where nid = $id)", "$id");
            using var grave = db.Prepare("insert into graves (usn, oid, type) values (-1, $id, 1)", "$id");
            using var delete = db.Prepare("delete from notes where id = $id", "$id");
            foreach (long id in noteIds)
            {
                read.Parameters[0].Value = id;
                object? guid = read.ExecuteScalar();
                if (guid == null)
                {
                    continue;
                }

                State.ForgetGuid(Convert.ToString(guid, CultureInfo.InvariantCulture) ?? "");
                grave.Parameters[0].Value = id;
                grave.ExecuteNonQuery();
                delete.Parameters[0].Value = id;
                delete.ExecuteNonQuery();
                removed++;
            }

            return removed;
        }

        private void RemoveConfigPrefix(string prefix)
        {
            foreach (string key in State.Json.Conf.Select(p => p.Key).Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                State.Json.Conf.Remove(key);
            }
        }

        /// <summary>Moves every note's values to its fields' new positions; csum and sfld recomputed. Returns the notes changed.</summary>
        private int RewriteNotes(long noteTypeId, NoteTypeModel noteType, IReadOnlyList<int?> sources, long mod)
        {
            var updates = new List<(long Id, string Fields, string Sort, long Checksum)>();
            using (var command = State.Db.Command("select id, flds, sfld, csum from notes where mid = $mid", ("$mid", noteTypeId)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    string[] old = RowReader.TextOrEmpty(reader, 1).Split('\u001f');
                    var values = sources.Select(s => s is int i && i < old.Length ? old[i] : "").ToArray();
                    string fields = string.Join("\u001f", values);
                    string sort = HtmlText.StripHtmlPreservingMediaFilenames(values[noteType.SortIndex]);
                    long checksum = FieldChecksum.Compute(values[0]);
                    bool same = fields == RowReader.TextOrEmpty(reader, 1) && sort == RowReader.TextOrEmpty(reader, 2)
                        && !reader.IsDBNull(3) && reader.GetValue(3) is long stored && stored == checksum;
                    if (!same)
                    {
                        updates.Add((reader.GetInt64(0), fields, sort, checksum));
                    }
                }
            }

            using var update = State.Db.Prepare("update notes set flds = $flds, sfld = $sfld, csum = $csum, mod = $mod, usn = -1 where id = $id", "$flds", "$sfld", "$csum", "$mod", "$id");
            foreach (var row in updates)
            {
                Storage.AnkiDatabase.Bind(update, row.Fields, row.Sort, row.Checksum, mod, row.Id);
                update.ExecuteNonQuery();
            }

            return updates.Count;
        }
    }
}
