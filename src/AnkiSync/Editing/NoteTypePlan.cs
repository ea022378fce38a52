using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Rendering;

namespace AnkiSync.Editing
{
    /// <summary>
    /// A note type change worked out before anything is written: the new schema-11 JSON, where each field's values
    /// come from, which template ordinals were removed or moved, and whether Anki would call it a schema change
    /// (rslib notetype/schemachange.rs). Every check happens here, so a refused change writes nothing.
    /// </summary>
    internal sealed class NoteTypePlan
    {
        private NoteTypePlan(JsonObject json)
        {
            Json = json;
        }

        public JsonObject Json { get; }

        public bool HasChanges { get; private set; }

        /// <summary>For each new field, the position of the old field whose values it takes (null: a new, empty field).</summary>
        public IReadOnlyList<int?> FieldSources { get; private set; } = Array.Empty<int?>();

        /// <summary>Fields added, removed or reordered.</summary>
        public bool FieldsMoved { get; private set; }

        /// <summary>The sort field is another one.</summary>
        public bool SortFieldMoved { get; private set; }

        /// <summary>Templates added, removed or reordered.</summary>
        public bool TemplatesMoved { get; private set; }

        public IReadOnlyList<int> RemovedTemplateOrds { get; private set; } = Array.Empty<int>();

        /// <summary>Old ordinal → new ordinal of templates that moved.</summary>
        public IReadOnlyDictionary<int, int> MovedTemplateOrds { get; private set; } = new Dictionary<int, int>();

        /// <summary>Templates were added or a front changed: cards are generated for the notes (Anki's should_generate_cards).</summary>
        public bool GenerateCards { get; private set; }

        public static NoteTypePlan Create(NoteTypeModel model, NoteTypeChange change, CollectionState state)
        {
            var json = (JsonObject)JsonNode.Parse(model.Json.ToJsonString())!;
            var fieldObjects = (json["flds"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().OrderBy(f => CollectionJson.ReadLong(f["ord"])).ToList();
            var templateObjects = (json["tmpls"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().OrderBy(t => CollectionJson.ReadLong(t["ord"])).ToList();
            // Detach the objects from their arrays: the ones kept join the new arrays.
            (json["flds"] as JsonArray)?.Clear();
            (json["tmpls"] as JsonArray)?.Clear();
            var fields = fieldObjects.Select((f, i) => new FieldEntry(f, i, CollectionJson.ReadString(f["name"]))).ToList();
            var templates = templateObjects.Select((t, i) => new TemplateEntry(t, i, CollectionJson.ReadString(t["name"]), CollectionJson.ReadString(t["qfmt"]), CollectionJson.ReadString(t["afmt"]))).ToList();
            string typeName = model.Name;
            var renamed = new Dictionary<string, string?>(StringComparer.Ordinal);

            // Fields: renamed, removed, added, reordered.
            foreach (var pair in change.RenameFields ?? Array.Empty<KeyValuePair<string, string>>())
            {
                var field = FindField(fields, pair.Key, typeName);
                string name = CleanField(pair.Value, typeName);
                if (field.Name != name)
                {
                    if (field.Source != null)
                    {
                        renamed[field.Original] = name;
                    }

                    field.Name = name;
                }
            }

            foreach (string remove in change.RemoveFields ?? Array.Empty<string>())
            {
                var field = FindField(fields, remove, typeName);
                if (fields.Count == 1)
                {
                    throw new AnkiException(AnkiErrors.LastFieldRequired,
                        $"The field '{field.Name}' is the last field of the note type '{typeName}'; a note type needs at least one.", remove);
                }

                fields.Remove(field);
                if (field.Source != null)
                {
                    renamed[field.Original] = null;
                }
            }

            foreach (string add in change.AddFields ?? Array.Empty<string>())
            {
                fields.Add(new FieldEntry(null, null, CleanField(add, typeName)));
            }

            RequireDistinct(fields.Select(f => f.Name), "fields", typeName);
            if (change.FieldOrder != null && change.FieldOrder.Count > 0)
            {
                fields = Reorder(fields, change.FieldOrder, f => f.Name, "field", typeName);
            }

            var fieldNames = fields.Select(f => f.Name).ToList();

            // Templates that use renamed or removed fields are rewritten, as Anki rewrites them.
            if (renamed.Count > 0)
            {
                string first = fieldNames[0];
                foreach (var template in templates)
                {
                    template.Front = TemplateFieldRewriter.Rewrite(template.Front, renamed, first, model.IsCloze) ?? template.Front;
                    template.Back = TemplateFieldRewriter.Rewrite(template.Back, renamed, model.IsCloze ? first : null, model.IsCloze) ?? template.Back;
                    foreach (string key in new[] { "bqfmt", "bafmt" })
                    {
                        string browser = CollectionJson.ReadString(template.Json?[key]);
                        if (browser.Length > 0)
                        {
                            template.Json![key] = TemplateFieldRewriter.Rewrite(browser, renamed, key == "bqfmt" || model.IsCloze ? first : null, model.IsCloze) ?? browser;
                        }
                    }
                }
            }

            // Templates: renamed, removed, added, changed, reordered.
            foreach (var pair in change.RenameTemplates ?? Array.Empty<KeyValuePair<string, string>>())
            {
                FindTemplate(templates, pair.Key, typeName).Name = CleanTemplateName(pair.Value, typeName);
            }

            foreach (string remove in change.RemoveTemplates ?? Array.Empty<string>())
            {
                var template = FindTemplate(templates, remove, typeName);
                if (templates.Count == 1)
                {
                    throw new AnkiException(AnkiErrors.LastTemplateRequired,
                        $"The template '{template.Name}' is the last card template of the note type '{typeName}'; a note type needs at least one.", remove);
                }

                templates.Remove(template);
            }

            var defined = new List<TemplateEntry>();
            foreach (var add in change.AddTemplates ?? Array.Empty<TemplateDefinition>())
            {
                if (model.IsCloze)
                {
                    throw new AnkiException(AnkiErrors.InvalidNoteType,
                        $"The note type '{typeName}' is a cloze note type, which has exactly one card template (Anki makes one card per cloze number).", add.Name);
                }

                var entry = new TemplateEntry(null, null, CleanTemplateName(add.Name, typeName), add.Front, add.Back);
                templates.Add(entry);
                defined.Add(entry);
            }

            foreach (var set in change.SetTemplates ?? Array.Empty<TemplateChange>())
            {
                var template = FindTemplate(templates, set.Name, typeName);
                template.Front = set.Front ?? template.Front;
                template.Back = set.Back ?? template.Back;
                defined.Add(template);
            }

            RequireDistinct(templates.Select(t => t.Name), "templates", typeName);
            if (change.TemplateOrder != null && change.TemplateOrder.Count > 0)
            {
                templates = Reorder(templates, change.TemplateOrder, t => t.Name, "template", typeName);
            }

            foreach (var template in defined.Distinct())
            {
                CheckTemplate(typeName, template.Name, template.Front, template.Back, fieldNames);
            }

            // Name, styling, sort field.
            string newName = typeName;
            if (change.NewName != null)
            {
                newName = change.NewName.Normalize(NormalizationForm.FormC).Replace("\"", "");
                if (newName.Trim().Length == 0)
                {
                    throw new AnkiException(AnkiErrors.InvalidNoteType, $"The note type name '{change.NewName}' is empty once quote characters are removed.", change.NewName);
                }

                var other = state.FindNoteType(newName);
                if (other != null && other.Id != model.Id)
                {
                    throw new AnkiException(AnkiErrors.NoteTypeExists, $"The package already has a note type named '{other.Name}'.", change.NewName);
                }
            }

            int sortIndex;
            if (change.SortField != null)
            {
                sortIndex = fieldNames.FindIndex(n => string.Equals(n, change.SortField, StringComparison.OrdinalIgnoreCase));
                if (sortIndex < 0)
                {
                    throw UnknownField(change.SortField, typeName, fieldNames);
                }
            }
            else
            {
                // Anki's reposition_sort_idx: the sort field follows its field; if it was removed, the old index, capped.
                sortIndex = fields.FindIndex(f => f.Source == model.SortIndex);
                if (sortIndex < 0)
                {
                    sortIndex = Math.Max(0, Math.Min(model.SortIndex, fields.Count - 1));
                }
            }

            string css = change.Css ?? model.Css;

            // Anki's shape for new fields and templates, the legacy req cache, and its checks of names.
            var shaped = NoteTypeJson.Create(model.Id, newName, fieldNames, templates.Select(t => new TemplateDefinition(t.Name, t.Front, t.Back)).ToList(),
                css, model.IsCloze, sortIndex, CollectionJson.ReadLong(json["mod"], 1));
            var shapedFields = (JsonArray)shaped["flds"]!;
            var shapedTemplates = (JsonArray)shaped["tmpls"]!;
            var newFields = new JsonArray();
            for (int i = 0; i < fields.Count; i++)
            {
                var obj = fields[i].Json ?? Clone(shapedFields[i]!);
                obj["name"] = fields[i].Name;
                obj["ord"] = i;
                newFields.Add(obj);
            }

            var newTemplates = new JsonArray();
            for (int i = 0; i < templates.Count; i++)
            {
                var obj = templates[i].Json ?? Clone(shapedTemplates[i]!);
                obj["name"] = templates[i].Name;
                obj["ord"] = i;
                obj["qfmt"] = templates[i].Front;
                obj["afmt"] = templates[i].Back;
                newTemplates.Add(obj);
            }

            json["name"] = newName;
            json["sortf"] = sortIndex;
            json["tmpls"] = newTemplates;
            json["flds"] = newFields;
            json["css"] = css;
            json["req"] = JsonNode.Parse(shaped["req"]!.ToJsonString());

            var plan = new NoteTypePlan(json);
            plan.HasChanges = json.ToJsonString() != model.Json.ToJsonString();
            plan.FieldSources = fields.Select(f => f.Source).ToList();
            plan.FieldsMoved = fields.Count != model.FieldNames.Count || fields.Select((f, i) => f.Source != i).Any(moved => moved);
            plan.SortFieldMoved = sortIndex != model.SortIndex;
            var kept = new HashSet<int>(templates.Where(t => t.Source != null).Select(t => t.Source!.Value));
            plan.RemovedTemplateOrds = Enumerable.Range(0, model.Templates.Count).Where(o => !kept.Contains(o)).ToList();
            plan.MovedTemplateOrds = templates.Select((t, i) => (t.Source, i)).Where(p => p.Source != null && p.Source != p.i).ToDictionary(p => p.Source!.Value, p => p.i);
            bool added = templates.Any(t => t.Source == null);
            plan.TemplatesMoved = added || plan.RemovedTemplateOrds.Count > 0 || plan.MovedTemplateOrds.Count > 0;
            plan.GenerateCards = added || !templates.Select(t => t.Front).SequenceEqual(model.Templates.Select(t => t.Front));
            return plan;
        }

        /// <summary>
        /// Anki's check when a template is saved (rslib notetype: ensure_valid_parsed_card_templates): it must parse,
        /// and every field it names must be one of the note type's fields (exactly, as Anki's renderer looks them up).
        /// </summary>
        internal static void CheckTemplate(string noteTypeName, string templateName, string front, string back, IReadOnlyList<string> fieldNames)
        {
            var known = new HashSet<string>(fieldNames, StringComparer.Ordinal);
            foreach (var (side, text) in new[] { ("front", front), ("back", back) })
            {
                var parsed = ParsedTemplate.Parse(text);
                if (parsed.Error != null)
                {
                    throw new AnkiException(AnkiErrors.InvalidTemplate,
                        $"The {side} of template '{templateName}' of note type '{noteTypeName}' does not parse: {parsed.Error}.", templateName);
                }

                string? unknown = parsed.ReferencedFields.FirstOrDefault(f => !known.Contains(f));
                if (unknown != null)
                {
                    string hint = fieldNames.FirstOrDefault(f => string.Equals(f, unknown, StringComparison.OrdinalIgnoreCase)) is string spelled
                        ? $" (field names are case-sensitive in templates: write '{{{{{spelled}}}}}')"
                        : "";
                    throw new AnkiException(AnkiErrors.UnknownTemplateField,
                        $"The {side} of template '{templateName}' of note type '{noteTypeName}' names the field '{unknown}', which the note type does not have{hint}. Its fields are: {string.Join(", ", fieldNames)}.", unknown);
                }
            }
        }

        private static JsonObject Clone(JsonNode node) => (JsonObject)JsonNode.Parse(node.ToJsonString())!;

        private static FieldEntry FindField(List<FieldEntry> fields, string name, string typeName)
            => fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
               ?? fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
               ?? throw UnknownField(name, typeName, fields.Select(f => f.Name));

        private static TemplateEntry FindTemplate(List<TemplateEntry> templates, string name, string typeName)
            => templates.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal))
               ?? templates.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
               ?? throw new AnkiException(AnkiErrors.UnknownTemplate,
                   $"The note type '{typeName}' has no card template named '{name}'. Its templates are: {string.Join(", ", templates.Select(t => t.Name))}.", name);

        private static AnkiException UnknownField(string name, string typeName, IEnumerable<string> fields)
            => new AnkiException(AnkiErrors.UnknownField,
                $"The note type '{typeName}' has no field named '{name}'. Its fields are: {string.Join(", ", fields)}.", name);

        private static string CleanField(string? name, string typeName)
        {
            string cleaned = NoteTypeJson.CleanFieldName(name);
            if (cleaned.Length == 0)
            {
                throw new AnkiException(AnkiErrors.InvalidNoteType,
                    $"Field name '{name}' of note type '{typeName}' is empty once Anki removes : {{ }} \" and leading # / ^ and whitespace.", name);
            }

            return cleaned;
        }

        private static string CleanTemplateName(string? name, string typeName)
        {
            string cleaned = (name ?? "").Normalize(NormalizationForm.FormC).Replace("\"", "");
            if (cleaned.Trim().Length == 0)
            {
                throw new AnkiException(AnkiErrors.InvalidNoteType, $"Template name '{name}' of note type '{typeName}' is empty once quote characters are removed.", name);
            }

            return cleaned;
        }

        private static void RequireDistinct(IEnumerable<string> names, string what, string typeName)
        {
            var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                throw new AnkiException(AnkiErrors.InvalidNoteType,
                    $"The note type '{typeName}' would have two {what} named '{duplicate.Key}' (names ignore case).", duplicate.Key);
            }
        }

        private static List<T> Reorder<T>(List<T> items, IReadOnlyList<string> order, Func<T, string> nameOf, string what, string typeName)
        {
            var result = new List<T>();
            foreach (string name in order)
            {
                var item = items.FirstOrDefault(i => string.Equals(nameOf(i), name, StringComparison.OrdinalIgnoreCase));
                if (item == null || result.Contains(item))
                {
                    item = default;
                }

                if (item == null)
                {
                    throw new AnkiException(AnkiErrors.InvalidOrder,
                        $"The new {what} order must name each {what} of '{typeName}' once: {string.Join(", ", items.Select(nameOf))}. '{name}' is unknown or repeated.", name);
                }

                result.Add(item);
            }

            if (result.Count != items.Count)
            {
                throw new AnkiException(AnkiErrors.InvalidOrder,
                    $"The new {what} order must name every {what} of '{typeName}': {string.Join(", ", items.Select(nameOf))}.", string.Join(", ", order));
            }

            return result;
        }

        private sealed class FieldEntry
        {
            public FieldEntry(JsonObject? json, int? source, string name)
            {
                Json = json;
                Source = source;
                Name = name;
                Original = name;
            }

            public JsonObject? Json { get; }

            public int? Source { get; }

            public string Original { get; }

            public string Name { get; set; }
        }

        private sealed class TemplateEntry
        {
            public TemplateEntry(JsonObject? json, int? source, string name, string front, string back)
            {
                Json = json;
                Source = source;
                Name = name;
                Front = front;
                Back = back;
            }

            public JsonObject? Json { get; }

            public int? Source { get; }

            public string Name { get; set; }

            public string Front { get; set; }

            public string Back { get; set; }
        }
    }
}
