using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using AnkiSync.Rendering;

namespace AnkiSync.Collection
{
    /// <summary>
    /// Builds a note type as a schema-11 <c>col.models</c> entry, in the complete shape modern Anki
    /// writes (rslib notetype/schema11.rs), after checking what Anki's importer would otherwise reject or
    /// silently rewrite.
    /// </summary>
    internal static class NoteTypeJson
    {
        /// <summary>Anki's styling for a new standard note type (Anki 24.11 and later).</summary>
        public const string DefaultCss =
            ".card {\n" +
            "    font-family: arial;\n" +
            "    font-size: 20px;\n" +
            "    line-height: 1.5;\n" +
            "    text-align: center;\n" +
            "    color: black;\n" +
            "    background-color: white;\n" +
            "}\n";

        /// <summary>Anki's styling for a new cloze note type: the card rule plus the cloze highlight.</summary>
        public const string DefaultClozeCss = DefaultCss +
            ".cloze {\n" +
            "    font-weight: bold;\n" +
            "    color: blue;\n" +
            "}\n" +
            ".nightMode .cloze {\n" +
            "    color: lightblue;\n" +
            "}\n";

        /// <summary>Anki's LaTeX preamble for new note types.</summary>
        public const string DefaultLatexPre =
            "\\documentclass[12pt]{article}\n" +
            "\\special{papersize=3in,5in}\n" +
            "\\usepackage[utf8]{inputenc}\n" +
            "\\usepackage{amssymb,amsmath}\n" +
            "\\pagestyle{empty}\n" +
            "\\setlength{\\parindent}{0in}\n" +
            "\\begin{document}\n";

        /// <summary>Anki's LaTeX postamble for new note types.</summary>
        public const string DefaultLatexPost = "\\end{document}";

        /// <summary>
        /// A custom note type in the same complete shape as the stock ones. Names are written the way
        /// Anki would store them (NFC; <c>"</c> removed; field names also lose <c>: { }</c> and
        /// leading <c># / ^</c> and surrounding whitespace). A cloze note type keeps only its first
        /// template; given none, it gets Anki's cloze template over the first field.
        /// </summary>
        /// <param name="id">The note type id (positive; conventionally epoch milliseconds).</param>
        /// <param name="name">The note type name.</param>
        /// <param name="fieldNames">The field names, in order; at least one.</param>
        /// <param name="templates">The card templates, in order; at least one unless <paramref name="isCloze"/>.</param>
        /// <param name="css">The styling; null for Anki's default (<see cref="DefaultCss"/> or <see cref="DefaultClozeCss"/>).</param>
        /// <param name="isCloze">True for a cloze note type (Anki's <c>type</c> 1).</param>
        /// <param name="sortFieldIndex">The index of the field the browser sorts by.</param>
        /// <param name="modSeconds">The modification time, in seconds since the epoch.</param>
        /// <exception cref="AnkiException">Reason <c>InvalidNoteType</c> when the definition cannot be imported as given.</exception>
        public static JsonObject Create(
            long id,
            string name,
            IReadOnlyList<string> fieldNames,
            IReadOnlyList<TemplateDefinition> templates,
            string? css,
            bool isCloze,
            int sortFieldIndex,
            long modSeconds)
        {
            var noteTypeName = CleanNoteTypeName(name);
            if (id <= 0)
            {
                throw Invalid(noteTypeName, $"Note type '{noteTypeName}' needs a positive id, not {id}.");
            }

            var fields = CleanFieldNames(noteTypeName, fieldNames);
            var usedTemplates = CleanTemplates(noteTypeName, templates, isCloze, fields);
            if (sortFieldIndex < 0 || sortFieldIndex >= fields.Count)
            {
                throw Invalid(noteTypeName,
                    $"Note type '{noteTypeName}' has {fields.Count} field(s); sort field index {sortFieldIndex} is out of range.");
            }

            var fieldArray = new JsonArray();
            for (var ord = 0; ord < fields.Count; ord++)
            {
                fieldArray.Add(FieldJson(fields[ord], ord));
            }

            var templateArray = new JsonArray();
            for (var ord = 0; ord < usedTemplates.Count; ord++)
            {
                templateArray.Add(TemplateJson(usedTemplates[ord], ord));
            }

            // Key order follows Anki's own serializer.
            return new JsonObject
            {
                ["id"] = id,
                ["name"] = noteTypeName,
                ["type"] = isCloze ? 1 : 0,
                ["mod"] = modSeconds,
                // A note type made in an existing collection is a local change: Anki's sync uploads what has -1.
                ["usn"] = -1,
                ["sortf"] = sortFieldIndex,
                ["did"] = null,
                ["tmpls"] = templateArray,
                ["flds"] = fieldArray,
                ["css"] = css ?? (isCloze ? DefaultClozeCss : DefaultCss),
                ["latexPre"] = DefaultLatexPre,
                ["latexPost"] = DefaultLatexPost,
                ["latexsvg"] = false,
                ["req"] = TemplateRequirements.ForTemplates(usedTemplates, fields),
            };
        }

        private static JsonObject FieldJson(string name, int ord) => new JsonObject
        {
            ["name"] = name,
            ["ord"] = ord,
            ["sticky"] = false,
            ["rtl"] = false,
            ["font"] = "Arial",
            ["size"] = 20,
            ["description"] = "",
            ["plainText"] = false,
            ["collapsed"] = false,
            ["excludeFromSearch"] = false,
            ["tag"] = null,
            ["preventDeletion"] = false,
        };

        private static JsonObject TemplateJson(TemplateDefinition template, int ord) => new JsonObject
        {
            ["name"] = template.Name,
            ["ord"] = ord,
            ["qfmt"] = template.Front,
            ["afmt"] = template.Back,
            ["bqfmt"] = "",
            ["bafmt"] = "",
            ["did"] = null,
            ["bfont"] = "",
            ["bsize"] = 0,
        };

        private static string CleanNoteTypeName(string? name)
        {
            var cleaned = (name ?? "").Normalize(NormalizationForm.FormC).Replace("\"", "");
            if (cleaned.Trim().Length == 0)
            {
                throw Invalid(name, $"Note type name '{name}' is empty once quote characters are removed.");
            }

            return cleaned;
        }

        private static List<string> CleanFieldNames(string noteTypeName, IReadOnlyList<string>? fieldNames)
        {
            if (fieldNames == null || fieldNames.Count == 0)
            {
                throw Invalid(noteTypeName, $"Note type '{noteTypeName}' needs at least one field.");
            }

            var cleaned = new List<string>(fieldNames.Count);
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var original in fieldNames)
            {
                var name = CleanFieldName(original);
                if (name.Length == 0)
                {
                    throw Invalid(noteTypeName,
                        $"Field name '{original}' of note type '{noteTypeName}' is empty once Anki removes : {{ }} \" and leading # / ^ and whitespace.");
                }

                // Anki compares case-insensitively and would append '+' to a duplicate.
                if (seen.TryGetValue(name, out var earlier))
                {
                    throw Invalid(noteTypeName, $"Note type '{noteTypeName}' has two fields named {Spellings(earlier, name)} (names ignore case).");
                }

                seen.Add(name, name);
                cleaned.Add(name);
            }

            return cleaned;
        }

        /// <summary>Anki's field-name rule: drop <c>: { } "</c>, trim, then drop leading <c># / ^</c> and whitespace.</summary>
        internal static string CleanFieldName(string? name)
        {
            var builder = new StringBuilder();
            foreach (var c in (name ?? "").Normalize(NormalizationForm.FormC))
            {
                if (c != ':' && c != '{' && c != '}' && c != '"')
                {
                    builder.Append(c);
                }
            }

            var trimmed = builder.ToString().Trim();
            var start = 0;
            while (start < trimmed.Length && (trimmed[start] == '#' || trimmed[start] == '/' || trimmed[start] == '^' || char.IsWhiteSpace(trimmed[start])))
            {
                start++;
            }

            return trimmed.Substring(start);
        }

        private static List<TemplateDefinition> CleanTemplates(
            string noteTypeName, IReadOnlyList<TemplateDefinition>? templates, bool isCloze, IReadOnlyList<string> fields)
        {
            var given = (templates ?? Array.Empty<TemplateDefinition>()).ToList();
            if (given.Any(t => t == null))
            {
                throw Invalid(noteTypeName, $"Note type '{noteTypeName}' has a missing (null) template.");
            }

            if (isCloze)
            {
                // Anki only ever renders a cloze note type's first template.
                given = given.Count == 0 ? new List<TemplateDefinition> { DefaultClozeTemplate(fields) } : given.Take(1).ToList();
            }
            else if (given.Count == 0)
            {
                throw Invalid(noteTypeName, $"Note type '{noteTypeName}' needs at least one card template.");
            }

            var cleaned = new List<TemplateDefinition>(given.Count);
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var template in given)
            {
                var name = template.Name.Normalize(NormalizationForm.FormC).Replace("\"", "");
                if (name.Trim().Length == 0)
                {
                    throw Invalid(noteTypeName,
                        $"Template name '{template.Name}' of note type '{noteTypeName}' is empty once quote characters are removed.");
                }

                if (seen.TryGetValue(name, out var earlier))
                {
                    throw Invalid(noteTypeName, $"Note type '{noteTypeName}' has two templates named {Spellings(earlier, name)} (names ignore case).");
                }

                seen.Add(name, name);

                cleaned.Add(new TemplateDefinition(name, template.Front, template.Back));
            }

            return cleaned;
        }

        /// <summary>The shape of Anki's stock cloze template: the cloze of the first field, the second field as back extra.</summary>
        private static TemplateDefinition DefaultClozeTemplate(IReadOnlyList<string> fields)
        {
            var front = "{{cloze:" + fields[0] + "}}";
            var back = fields.Count > 1 ? front + "<br>\n{{" + fields[1] + "}}" : front;
            return new TemplateDefinition("Cloze", front, back);
        }

        private static string Spellings(string earlier, string later)
            => earlier == later ? $"'{earlier}'" : $"'{earlier}' and '{later}'";

        private static AnkiException Invalid(object? target, string message)
            => new AnkiException(AnkiErrors.InvalidNoteType, message, target);

        /// <summary>
        /// Anki's legacy <c>req</c> cache: for each template, which fields must be non-empty for its front to render
        /// (<see cref="ParsedTemplate.Requirements"/>, the same parser card generation and rendering use). Modern Anki
        /// ignores it on import, but writes it, and Anki before 2.1.28 generated cards from it.
        /// </summary>
        private static class TemplateRequirements
        {
            public static JsonArray ForTemplates(IReadOnlyList<TemplateDefinition> templates, IReadOnlyList<string> fields)
            {
                var result = new JsonArray();
                for (var ord = 0; ord < templates.Count; ord++)
                {
                    var (kind, ords) = ParsedTemplate.Parse(templates[ord].Front).Requirements(fields);
                    var ordArray = new JsonArray();
                    foreach (var fieldOrd in ords)
                    {
                        ordArray.Add(fieldOrd);
                    }

                    result.Add(new JsonArray(ord, kind, ordArray));
                }

                return result;
            }
        }
    }
}
