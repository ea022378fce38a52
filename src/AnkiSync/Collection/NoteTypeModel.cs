using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
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

        public NoteTypeModel(JsonObject json)
        {
            Json = json;
            Id = CollectionJson.ReadLong(json["id"]);
            Name = CollectionJson.ReadString(json["name"]);
            IsCloze = CollectionJson.ReadLong(json["type"]) == 1;
            FieldNames = (json["flds"] as JsonArray ?? new JsonArray())
                .OrderBy(f => CollectionJson.ReadLong(f?["ord"]))
                .Select(f => CollectionJson.ReadString(f?["name"]))
                .ToArray();
            Templates = (json["tmpls"] as JsonArray ?? new JsonArray())
                .OrderBy(t => CollectionJson.ReadLong(t?["ord"]))
                .Select(t => new AnkiTemplate(CollectionJson.ReadString(t?["name"]), CollectionJson.ReadString(t?["qfmt"]), CollectionJson.ReadString(t?["afmt"])))
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

        public JsonObject Json { get; }

        public long Id { get; }

        public string Name { get; }

        public bool IsCloze { get; }

        public IReadOnlyList<string> FieldNames { get; }

        public IReadOnlyList<AnkiTemplate> Templates { get; }

        public int SortIndex { get; }

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
            var nonEmpty = new HashSet<string>(StringComparer.Ordinal);
            if (hasTags)
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

            return ordinals;
        }

        public string TemplateName(int ordinal)
        {
            if (IsCloze)
            {
                return Templates.Count > 0 ? $"{Templates[0].Name} {ordinal + 1}" : $"Cloze {ordinal + 1}";
            }

            return ordinal >= 0 && ordinal < Templates.Count ? Templates[ordinal].Name : $"Card {ordinal + 1}";
        }

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
