using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.Text;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>Every note type of the collection, by name.</summary>
        public IReadOnlyList<AnkiNoteType> GetNoteTypes()
            => noteTypesById.Values.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Select(m => m.ToPublic(this)).ToList();

        /// <summary>
        /// The note type with this name; a stock name ("Basic", "Cloze", …) the collection lacks is created
        /// with Anki's own definition.
        /// </summary>
        public AnkiNoteType GetOrCreateNoteType(string name)
        {
            try
            {
                return ResolveNoteType(name).ToPublic(this);
            }
            catch (Exception e) when (IsStorageFailure(e))
            {
                ReloadState();
                throw StorageError(e, writing: true);
            }
        }

        /// <summary>Adds a custom note type. Its id is derived from its name, so rebuilds give the same id.</summary>
        public AnkiNoteType AddNoteType(string name, IReadOnlyList<string> fields, IReadOnlyList<TemplateDefinition> templates, string? css = null, bool cloze = false, string? sortField = null)
        {
            int sortIndex = 0;
            if (!string.IsNullOrEmpty(sortField))
            {
                sortIndex = fields.ToList().FindIndex(f => string.Equals(f, sortField, StringComparison.OrdinalIgnoreCase));
                if (sortIndex < 0)
                {
                    throw new AnkiException(AnkiErrors.UnknownField,
                        $"The sort field '{sortField}' is not one of the fields: {string.Join(", ", fields)}.", sortField);
                }
            }

            // A template that names a field the note type lacks is refused now, not on every note later.
            var cleanedFields = fields.Select(NoteTypeJson.CleanFieldName).ToList();
            foreach (var template in cloze ? templates.Take(1) : templates)
            {
                if (template != null)
                {
                    NoteTypePlan.CheckTemplate(name, template.Name, template.Front, template.Back, cleanedFields);
                }
            }

            try
            {
                using var scope = Db.BeginTransaction();
                // Checked inside the transaction: a live collection's note types were just read again.
                if (FindNoteType(name) != null)
                {
                    throw new AnkiException(AnkiErrors.NoteTypeExists, $"The package already has a note type named '{name}'.", name);
                }

                var jsonModel = NoteTypeJson.Create(UnusedNoteTypeId(name), name, fields, templates, css, cloze, sortIndex, NowSeconds());
                var model = Register(jsonModel);
                scope.Complete();
                return model.ToPublic(this);
            }
            catch (Exception e) when (IsStorageFailure(e))
            {
                // The note type may be in memory already; the rolled-back database is what counts.
                ReloadState();
                throw StorageError(e, writing: true);
            }
        }

        internal NoteTypeModel? FindNoteType(string name)
        {
            NoteTypeModel? found = null;
            foreach (var model in noteTypesById.Values)
            {
                if (string.Equals(model.Name, name, StringComparison.Ordinal))
                {
                    return model;
                }

                if (found == null && string.Equals(model.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    found = model;
                }
            }

            return found;
        }

        internal NoteTypeModel? FindNoteType(long id) => noteTypesById.TryGetValue(id, out var model) ? model : null;

        internal NoteTypeModel ResolveNoteType(string name)
        {
            NoteTypeModel? model = FindNoteType(name);
            if (model != null)
            {
                return model;
            }

            string? stockName = StockNoteTypes.Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            if (stockName == null)
            {
                string known = string.Join(", ", noteTypesById.Values.Select(m => m.Name).Concat(StockNoteTypes.Names).Distinct());
                throw new AnkiException(AnkiErrors.UnknownNoteType,
                    $"There is no note type named '{name}'. Create it with New-AnkiNoteType, or use one of: {known}.", name);
            }

            bool outermost = !Db.InTransaction;
            using var scope = Db.BeginTransaction();
            // A live collection's state was just read again: someone else may have added the note type meanwhile.
            model = FindNoteType(name);
            if (model == null)
            {
                model = Register(StockNoteTypes.Create(stockName, UnusedNoteTypeId(stockName), NowSeconds()));
            }
            else if (outermost)
            {
                return model;
            }

            scope.Complete();
            return model;
        }

        /// <summary>
        /// The note type to copy a note of <paramref name="source"/> (another package's note type) into: this
        /// package's note type with the same id, else the one with the same name, else a copy of
        /// <paramref name="source"/> with the same id and definition, added now (in the caller's transaction).
        /// </summary>
        internal NoteTypeModel EnsureNoteTypeLike(NoteTypeModel source)
        {
            NoteTypeModel? model = FindNoteType(source.Id) ?? FindNoteType(source.Name);
            if (model != null)
            {
                return model;
            }

            using var scope = Db.BeginTransaction();
            // A live collection's state was just read again: look once more.
            model = FindNoteType(source.Id) ?? FindNoteType(source.Name);
            if (model == null)
            {
                var copy = (System.Text.Json.Nodes.JsonObject)source.Json.DeepClone();
                copy["id"] = source.Id;
                copy["mod"] = NowSeconds();
                copy["usn"] = -1;
                // Its default deck for adding is a deck of the other package.
                copy["did"] = null;
                model = Register(copy);
            }

            scope.Complete();
            return model;
        }

        /// <summary>Adds a note type to the state and saves it; runs inside the caller's transaction.</summary>
        private NoteTypeModel Register(System.Text.Json.Nodes.JsonObject jsonModel)
        {
            var model = new NoteTypeModel(jsonModel);
            NoteSchemaChanged();
            Json.Models[model.Id.ToString(CultureInfo.InvariantCulture)] = jsonModel;
            noteTypesById[model.Id] = model;
            SaveCollectionJson();
            MarkModified();
            return model;
        }

        private long UnusedNoteTypeId(string name)
        {
            long id = StableIds.NoteTypeId(name);
            while (noteTypesById.ContainsKey(id))
            {
                id++;
            }

            return id;
        }
    }
}
