using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Rendering;
using AnkiSync.Text;

namespace AnkiSync.Collection
{
    /// <summary>
    /// A note type read from its schema-11 JSON, with what adding notes needs precomputed: field positions
    /// and parsed front templates (parsed once, evaluated per note).
    /// </summary>
    internal sealed class NoteTypeModel
    {
        private readonly Dictionary<string, int> fieldIndex;
        private ParsedTemplate[]? parsedFronts;

        /// <summary>The special fields Anki fills for every card of this type: those no note field shadows, but FrontSide and Tags.</summary>
        private string[]? filledSpecialFields;
        private (ParsedTemplate Front, ParsedTemplate Back)[]? parsedSides;
        private readonly Dictionary<ulong, int[]> ordinalsByPattern = new Dictionary<ulong, int[]>();
        private FieldLayout? layout;

        public NoteTypeModel(JsonObject json)
        {
            Json = json;
            Id = CollectionJson.ReadLong(json["id"]);
            Name = CollectionJson.ReadString(json["name"]);
            IsCloze = CollectionJson.ReadLong(json["type"]) == 1;
            // Items that are not objects are skipped rather than indexed: JsonNode's indexer throws on a value or an array.
            FieldNames = (json["flds"] as JsonArray ?? new JsonArray())
                .OfType<JsonObject>()
                .OrderBy(f => CollectionJson.ReadLong(f["ord"]))
                .Select(f => CollectionJson.ReadString(f["name"]))
                .ToArray();
            Templates = (json["tmpls"] as JsonArray ?? new JsonArray())
                .OfType<JsonObject>()
                .OrderBy(t => CollectionJson.ReadLong(t["ord"]))
                .Select(t => new AnkiTemplate(CollectionJson.ReadString(t["name"]), CollectionJson.ReadString(t["qfmt"]), CollectionJson.ReadString(t["afmt"])))
                .ToArray();
            ExcludedFromSearch = (json["flds"] as JsonArray ?? new JsonArray())
                .OfType<JsonObject>()
                .OrderBy(f => CollectionJson.ReadLong(f["ord"]))
                .Select(f => f["excludeFromSearch"] is JsonValue v && v.TryGetValue(out bool b) && b)
                .ToArray();
            SortIndex = (int)Math.Max(0, Math.Min(CollectionJson.ReadLong(json["sortf"]), FieldNames.Count - 1));
            Css = CollectionJson.ReadString(json["css"]);
            fieldIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < FieldNames.Count; i++)
            {
                if (!fieldIndex.ContainsKey(FieldNames[i]))
                {
                    fieldIndex.Add(FieldNames[i], i);
                }
            }
        }

        /// <summary>
        /// A note type as stored in a collection's <c>models</c> JSON under <paramref name="key"/>, checked the way Anki
        /// checks it on load: an object with at least one field and one template, each an object with a name.
        /// Anything else is <c>InvalidCollectionJson</c> naming the note type and <paramref name="target"/>.
        /// </summary>
        public static NoteTypeModel FromCollection(string key, JsonNode? node, object target)
        {
            if (node is not JsonObject json)
            {
                throw Invalid(target, $"the note type stored under '{key}' is {Describe(node)}, not a JSON object.");
            }

            string label = $"note type '{CollectionJson.ReadString(json["name"], "?")}' (id {key})";
            RequireItems(json, "flds", "field", label, target);
            RequireItems(json, "tmpls", "template", label, target);
            return new NoteTypeModel(json);
        }

        public JsonObject Json { get; }

        /// <summary>The names of a row of <paramref name="valueCount"/> values, built once and shared by the note type's notes.</summary>
        public FieldLayout LayoutFor(int valueCount)
        {
            var known = layout;
            if (known != null && known.ValueCount == valueCount)
            {
                return known;
            }

            known = FieldLayout.Of(FieldNames, valueCount);
            layout = known;
            return known;
        }

        public long Id { get; }

        public string Name { get; }

        public bool IsCloze { get; }

        public IReadOnlyList<string> FieldNames { get; }

        public IReadOnlyList<AnkiTemplate> Templates { get; }

        public int SortIndex { get; }

        /// <summary>Per field (in order): whether the field is excluded from unqualified searches.</summary>
        public IReadOnlyList<bool> ExcludedFromSearch { get; }

        /// <summary>The parsed front and back of the template that renders card <paramref name="ordinal"/> (a cloze note type's first), or null.</summary>
        internal (ParsedTemplate Front, ParsedTemplate Back)? ParsedSides(int ordinal)
        {
            parsedSides ??= Templates.Select(t => (ParsedTemplate.Parse(t.Front), ParsedTemplate.Parse(t.Back))).ToArray();
            int index = IsCloze ? 0 : ordinal;
            return index >= 0 && index < parsedSides.Length ? parsedSides[index] : ((ParsedTemplate, ParsedTemplate)?)null;
        }

        /// <summary>The name of the template that renders card <paramref name="ordinal"/>, as Anki's {{Card}} shows it.</summary>
        internal string RenderedTemplateName(int ordinal)
        {
            int index = IsCloze ? 0 : ordinal;
            return index >= 0 && index < Templates.Count ? Templates[index].Name : "";
        }

        public string Css { get; }

        /// <summary>The position of a field, matched case-insensitively as PowerShell matches property names; -1 if absent.</summary>
        public int FieldIndex(string name) => fieldIndex.TryGetValue(name, out int i) ? i : -1;

        /// <summary>The card ordinals Anki would generate for these field values (A5); a {{Tags}} reference counts when the note has tags.</summary>
        public IReadOnlyList<int> CardOrdinals(IReadOnlyList<string> values, bool hasTags)
        {
            if (IsCloze)
            {
                return ClozeNumbers.CardOrdinals(values);
            }

            parsedFronts ??= Templates.Select(t => ParsedTemplate.Parse(t.Front)).ToArray();

            // Which cards exist depends only on which fields are empty: remember the answer per pattern.
            ulong pattern = hasTags ? 1UL : 0UL;
            bool cacheable = FieldNames.Count < 63;
            for (int i = 0; cacheable && i < values.Count && i < FieldNames.Count; i++)
            {
                if (!HtmlText.FieldIsEmpty(values[i]))
                {
                    pattern |= 1UL << (i + 1);
                }
            }

            if (cacheable && ordinalsByPattern.TryGetValue(pattern, out int[]? known))
            {
                return known;
            }

            // As Anki (rslib cardgen.rs): a special field that no note field shadows counts as filled, except
            // FrontSide, and Tags only when the note has tags.
            filledSpecialFields ??= ParsedTemplate.SpecialFields
                .Where(special => special != "FrontSide" && special != "Tags" && !FieldNames.Contains(special, StringComparer.Ordinal))
                .ToArray();
            var nonEmpty = new HashSet<string>(filledSpecialFields, StringComparer.Ordinal);
            if (hasTags && !FieldNames.Contains("Tags", StringComparer.Ordinal))
            {
                nonEmpty.Add("Tags");
            }

            for (int i = 0; i < values.Count && i < FieldNames.Count; i++)
            {
                if (!HtmlText.FieldIsEmpty(values[i]))
                {
                    nonEmpty.Add(FieldNames[i]);
                }
            }

            var ordinals = new List<int>(parsedFronts.Length);
            for (int ord = 0; ord < parsedFronts.Length; ord++)
            {
                if (parsedFronts[ord].RendersWithFields(nonEmpty))
                {
                    ordinals.Add(ord);
                }
            }

            int[] result = ordinals.ToArray();
            if (cacheable)
            {
                ordinalsByPattern[pattern] = result;
            }

            return result;
        }

        public string TemplateName(int ordinal)
        {
            if (IsCloze)
            {
                return Templates.Count > 0 ? $"{Templates[0].Name} {ordinal + 1}" : $"Cloze {ordinal + 1}";
            }

            return ordinal >= 0 && ordinal < Templates.Count ? Templates[ordinal].Name : $"Card {ordinal + 1}";
        }

        private static void RequireItems(JsonObject json, string key, string noun, string label, object target)
        {
            if (json[key] is not JsonArray items || items.Count == 0)
            {
                throw Invalid(target, $"the {label} has no {noun}s ('{key}' is {Describe(json[key])}); Anki requires at least one.");
            }

            for (int i = 0; i < items.Count; i++)
            {
                if (items[i] is not JsonObject item)
                {
                    throw Invalid(target, $"{noun} {i + 1} of the {label} is {Describe(items[i])}, not a JSON object.");
                }

                if (item["name"] is not JsonValue name || name.GetValueKind() != System.Text.Json.JsonValueKind.String)
                {
                    throw Invalid(target, $"{noun} {i + 1} of the {label} has no name.");
                }
            }
        }

        private static string Describe(JsonNode? node) => node switch
        {
            null => "missing or null",
            JsonArray array => array.Count == 0 ? "an empty list" : "a list",
            JsonObject _ => "an object",
            _ => "a " + node.GetValueKind().ToString().ToLowerInvariant(),
        };

        private static AnkiException Invalid(object target, string detail)
            => new AnkiException(AnkiErrors.InvalidCollectionJson, $"The 'models' JSON of '{target}' is invalid: {detail}", target);

        public AnkiNoteType ToPublic(AnkiPackage package) => new AnkiNoteType
        {
            Id = Id,
            Name = Name,
            Kind = IsCloze ? NoteTypeKind.Cloze : NoteTypeKind.Standard,
            Fields = FieldNames.ToArray(),
            Templates = Templates.ToArray(),
            Css = Css,
            SortField = FieldNames.Count > 0 ? FieldNames[SortIndex] : "",
            Package = package,
        };
    }
}
