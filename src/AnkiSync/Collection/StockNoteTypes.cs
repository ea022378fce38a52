using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace AnkiSync.Collection
{
    /// <summary>
    /// Anki's five built-in note types (English names), as schema-11 <c>col.models</c> entries
    /// identical to the ones a new Anki collection holds.
    /// </summary>
    internal static class StockNoteTypes
    {
        public const string Basic = "Basic";
        public const string BasicAndReversed = "Basic (and reversed card)";
        public const string BasicOptionalReversed = "Basic (optional reversed card)";
        public const string BasicTyping = "Basic (type in the answer)";
        public const string Cloze = "Cloze";

        private const string FrontField = "Front";
        private const string BackField = "Back";
        private const string AddReverseField = "Add Reverse";
        private const string TextField = "Text";
        private const string BackExtraField = "Back Extra";
        private const string Card1 = "Card 1";
        private const string Card2 = "Card 2";

        // The values Anki stores in originalStockKind. For the three types derived from Basic, Anki
        // stores its stock-kind number (one lower than the original-stock-kind enum); we write what
        // Anki writes so that our note types behave exactly like ones Anki created.
        private const int BasicKind = 1;
        private const int BasicAndReversedKind = 1;
        private const int BasicOptionalReversedKind = 2;
        private const int BasicTypingKind = 3;
        private const int ClozeKind = 5;

        // Anki's ClozeField tags for the stock cloze fields.
        private const int ClozeTextTag = 0;
        private const int ClozeBackExtraTag = 1;

        private static readonly IReadOnlyList<string> AllNames =
            Array.AsReadOnly(new[] { Basic, BasicAndReversed, BasicOptionalReversed, BasicTyping, Cloze });

        /// <summary>The stock note type names, in Anki's order.</summary>
        public static IReadOnlyList<string> Names => AllNames;

        /// <summary>True when <paramref name="name"/> is exactly (ordinal) one of <see cref="Names"/>.</summary>
        public static bool IsStock(string name) => AllNames.Contains(name, StringComparer.Ordinal);

        /// <summary>The stock note type <paramref name="name"/> with the given id and modification time.</summary>
        /// <exception cref="AnkiException">Reason <c>UnknownNoteType</c> when the name is not a stock note type.</exception>
        public static JsonObject Create(string name, long id, long modSeconds)
        {
            var frontThenBack = FrontSideThen(Field(BackField));
            switch (name)
            {
                case Basic:
                    return Stock(BasicKind, NoteTypeJson.Create(id, Basic,
                        new[] { FrontField, BackField },
                        new[] { new TemplateDefinition(Card1, Field(FrontField), frontThenBack) },
                        null, false, 0, modSeconds));
                case BasicAndReversed:
                    return Stock(BasicAndReversedKind, NoteTypeJson.Create(id, BasicAndReversed,
                        new[] { FrontField, BackField },
                        new[]
                        {
                            new TemplateDefinition(Card1, Field(FrontField), frontThenBack),
                            new TemplateDefinition(Card2, Field(BackField), FrontSideThen(Field(FrontField))),
                        },
                        null, false, 0, modSeconds));
                case BasicOptionalReversed:
                    return Stock(BasicOptionalReversedKind, NoteTypeJson.Create(id, BasicOptionalReversed,
                        new[] { FrontField, BackField, AddReverseField },
                        new[]
                        {
                            new TemplateDefinition(Card1, Field(FrontField), frontThenBack),
                            new TemplateDefinition(Card2,
                                "{{#" + AddReverseField + "}}" + Field(BackField) + "{{/" + AddReverseField + "}}",
                                FrontSideThen(Field(FrontField))),
                        },
                        null, false, 0, modSeconds));
                case BasicTyping:
                    var typedBack = "{{type:" + BackField + "}}";
                    return Stock(BasicTypingKind, NoteTypeJson.Create(id, BasicTyping,
                        new[] { FrontField, BackField },
                        new[]
                        {
                            // The back repeats the front itself (not {{FrontSide}}) so the typing box is not shown twice.
                            new TemplateDefinition(Card1, Field(FrontField) + "\n\n" + typedBack,
                                Field(FrontField) + "\n\n<hr id=answer>\n\n" + typedBack),
                        },
                        null, false, 0, modSeconds));
                case Cloze:
                    var cloze = Stock(ClozeKind, NoteTypeJson.Create(id, Cloze,
                        new[] { TextField, BackExtraField },
                        Array.Empty<TemplateDefinition>(),
                        null, true, 0, modSeconds));
                    var fields = (JsonArray)cloze["flds"]!;
                    fields[0]!["tag"] = ClozeTextTag;
                    fields[0]!["preventDeletion"] = true;
                    fields[1]!["tag"] = ClozeBackExtraTag;
                    return cloze;
                default:
                    throw new AnkiException(AnkiErrors.UnknownNoteType,
                        $"'{name}' is not a stock note type; the stock ones are: {string.Join(", ", AllNames)}.", name);
            }
        }

        private static string Field(string name) => "{{" + name + "}}";

        /// <summary>Anki's standard answer side: the rendered front, the answer rule, then the answer.</summary>
        private static string FrontSideThen(string answer) => "{{FrontSide}}\n\n<hr id=answer>\n\n" + answer;

        private static JsonObject Stock(int originalStockKind, JsonObject noteType)
        {
            noteType["originalStockKind"] = originalStockKind;
            return noteType;
        }
    }
}
