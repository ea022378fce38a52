using System;
using System.Collections.Generic;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.Storage;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>Every note type of the collection, by name.</summary>
        public IReadOnlyList<AnkiNoteType> GetNoteTypes()
            => State.NoteTypes.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Select(m => m.ToPublic(this)).ToList();

        /// <summary>
        /// The note type with this name; a stock name ("Basic", "Cloze", …) the collection lacks is created
        /// with Anki's own definition.
        /// </summary>
        public AnkiNoteType GetOrCreateNoteType(string name)
        {
            try
            {
                return State.ResolveNoteType(name).ToPublic(this);
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                State.Reload();
                throw State.StorageError(e, writing: true);
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
                if (State.FindNoteType(name) != null)
                {
                    throw new AnkiException(AnkiErrors.NoteTypeExists, $"The package already has a note type named '{name}'.", name);
                }

                var jsonModel = NoteTypeJson.Create(State.UnusedNoteTypeId(name), name, fields, templates, css, cloze, sortIndex, CollectionState.NowSeconds());
                var model = State.Register(jsonModel);
                scope.Complete();
                return model.ToPublic(this);
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                // The note type may be in memory already; the rolled-back database is what counts.
                State.Reload();
                throw State.StorageError(e, writing: true);
            }
        }
    }
}
