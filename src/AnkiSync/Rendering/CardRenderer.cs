using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using AnkiSync.Collection;
using AnkiSync.Text;

namespace AnkiSync.Rendering
{
    /// <summary>The two sides of a card as Anki's renderer produces them (<c>render_card</c>), before the reviewer's AV, LaTeX and type-answer steps.</summary>
    internal readonly struct RenderedCard
    {
        public RenderedCard(string question, string answer, bool isEmpty)
        {
            Question = question;
            Answer = answer;
            IsEmpty = isEmpty;
        }

        public string Question { get; }

        public string Answer { get; }

        /// <summary>True when the front renders blank (Anki's Empty Cards would list the card).</summary>
        public bool IsEmpty { get; }
    }

    /// <summary>What one card is rendered from; captured when the card is read, rendered only when asked.</summary>
    internal sealed class CardRenderSource
    {
        public CardRenderSource(NoteTypeModel noteType, string[] fieldValues, string[] tags, string? deckName, int ordinal, int flags, long cardId)
        {
            NoteType = noteType;
            FieldValues = fieldValues;
            Tags = tags;
            DeckName = deckName;
            Ordinal = ordinal;
            Flags = flags;
            CardId = cardId;
        }

        public NoteTypeModel NoteType { get; }

        public string[] FieldValues { get; }

        public string[] Tags { get; }

        /// <summary>The card's deck, or its original deck while it is in a filtered deck; null when missing.</summary>
        public string? DeckName { get; }

        public int Ordinal { get; }

        public int Flags { get; }

        public long CardId { get; }
    }

    /// <summary>Renders a card from its note type's templates, the way Anki's reviewer does (<c>notetype/render.rs</c>, <c>template.rs</c>).</summary>
    internal static class CardRenderer
    {
        private const string ErrorLink = "https://docs.ankiweb.net/templates/errors.html#template-syntax-error";
        private const string BlankLink = "https://docs.ankiweb.net/templates/errors.html#front-of-card-is-blank";
        private const string BlankClozeLink = "https://docs.ankiweb.net/templates/errors.html#no-cloze-filter-on-cloze-note-type";

        public static RenderedCard Render(CardRenderSource card)
        {
            var noteType = card.NoteType;
            var sides = noteType.ParsedSides(card.Ordinal);
            if (sides == null)
            {
                string missing = $"<div>The note type '{WebUtility.HtmlEncode(noteType.Name)}' has no template for card {card.Ordinal + 1}.</div>";
                return new RenderedCard(missing, missing, true);
            }

            var fields = FieldMap(card);
            var nonEmpty = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pair in fields)
            {
                if (!HtmlText.FieldIsEmpty(pair.Value))
                {
                    nonEmpty.Add(pair.Key);
                }
            }

            var context = new RenderContext(fields, nonEmpty, card.Ordinal);
            string question;
            try
            {
                question = sides.Value.Front.Render(context);
            }
            catch (TemplateRenderException e)
            {
                string error = ErrorHtml("Front template has a problem:", e.Message);
                return new RenderedCard(error, error, false);
            }

            string? blank = null;
            if (noteType.IsCloze)
            {
                if (!Cloze.Numbers(card.FieldValues).Contains(card.Ordinal + 1))
                {
                    blank = $"<div>No cloze {card.Ordinal + 1} found on card.\nPlease either add a cloze deletion, or use the Empty Cards tool.<br><a href='{BlankClozeLink}'>More information</a></div>";
                }
            }
            else if (!sides.Value.Front.RendersWithFields(nonEmpty))
            {
                blank = $"<div>The front of this card is blank.<br><a href='{BlankLink}'>More information</a></div>";
            }

            if (blank != null)
            {
                return new RenderedCard(question + blank, blank, true);
            }

            context.FrontSide = question;
            try
            {
                return new RenderedCard(question, sides.Value.Back.Render(context), false);
            }
            catch (TemplateRenderException e)
            {
                return new RenderedCard(question, ErrorHtml("Back template has a problem:", e.Message), false);
            }
        }

        /// <summary>
        /// Whether Anki's Empty Cards would list this card: a cloze card whose number no field uses, or a standard card
        /// whose front references no non-empty field. Cheaper than rendering: nothing is rendered.
        /// </summary>
        public static bool IsEmpty(NoteTypeModel noteType, string[] fieldValues, int ordinal)
        {
            if (noteType.IsCloze)
            {
                return !Cloze.Numbers(fieldValues).Contains(ordinal + 1);
            }

            var sides = noteType.ParsedSides(ordinal);
            if (sides == null)
            {
                return true;
            }

            var nonEmpty = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < noteType.FieldNames.Count && i < fieldValues.Length; i++)
            {
                if (!HtmlText.FieldIsEmpty(fieldValues[i]))
                {
                    nonEmpty.Add(noteType.FieldNames[i]);
                }
            }

            return !sides.Value.Front.RendersWithFields(nonEmpty);
        }

        /// <summary>Note fields by exact name, then the special fields a note field does not shadow, then <c>c{ord+1}</c>.</summary>
        private static Dictionary<string, string> FieldMap(CardRenderSource card)
        {
            var noteType = card.NoteType;
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < noteType.FieldNames.Count; i++)
            {
                string name = noteType.FieldNames[i];
                if (!map.ContainsKey(name))
                {
                    map[name] = i < card.FieldValues.Length ? card.FieldValues[i] : "";
                }
            }

            string deck = card.DeckName ?? "(Deck)";
            int cut = deck.LastIndexOf("::", StringComparison.Ordinal);
            AddSpecial("Tags", string.Join(" ", card.Tags));
            AddSpecial("Type", noteType.Name);
            AddSpecial("Subdeck", cut < 0 ? deck : deck.Substring(cut + 2));
            AddSpecial("Deck", deck);
            AddSpecial("CardFlag", "flag" + (card.Flags & 0b111).ToString(CultureInfo.InvariantCulture));
            AddSpecial("Card", noteType.RenderedTemplateName(card.Ordinal));
            AddSpecial("CardID", card.CardId.ToString(CultureInfo.InvariantCulture));
            AddSpecial("c" + (card.Ordinal + 1).ToString(CultureInfo.InvariantCulture), "1");
            return map;

            void AddSpecial(string name, string value)
            {
                if (!map.ContainsKey(name))
                {
                    map[name] = value;
                }
            }
        }

        private static string ErrorHtml(string header, string details)
            => $"{header}<br>{EncodeMinimal(details)}<br><a href='{ErrorLink}'>More information</a>";

        /// <summary>htmlescape's <c>encode_minimal</c>: &amp; &lt; &gt; and the double quote.</summary>
        private static string EncodeMinimal(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
    }
}
