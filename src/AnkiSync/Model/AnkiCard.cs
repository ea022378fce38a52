using System;

namespace AnkiSync
{
    /// <summary>Where a card is in its learning.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum CardState
    {
        New = 0,
        Learning = 1,
        Review = 2,
        Relearning = 3,
    }

    /// <summary>A card joined with its note, deck and scheduling state.</summary>
    public sealed class AnkiCard
    {
        public long Id { get; internal set; }

        public long NoteId { get; internal set; }

        public string? Deck { get; internal set; }

        public long DeckId { get; internal set; }

        public string NoteType { get; internal set; } = "";

        /// <summary>The template's name (for cloze note types, "Cloze N").</summary>
        public string Template { get; internal set; } = "";

        public int Ordinal { get; internal set; }

        /// <summary>The note's fields, name → value.</summary>
        /// <remarks>
        /// Left out by PowerShell's ConvertTo-Json, which writes each field as a property (the module's type adapter adds
        /// them), as Export-Csv does: the fields appear once.
        /// </remarks>
        [Newtonsoft.Json.JsonIgnore]
        public AnkiFields Fields { get; internal set; } = AnkiFields.Empty;

        public string[] Tags { get; internal set; } = Array.Empty<string>();

        public CardState State { get; internal set; }

        /// <summary>Anki's raw queue: 0 new, 1 learn, 2 review, 3 day-learn, 4 preview, -1 suspended, -2/-3 buried.</summary>
        public int Queue { get; internal set; }

        public bool Suspended { get; internal set; }

        public bool Buried { get; internal set; }

        /// <summary>The raw due value: a position for new cards, epoch seconds for learning cards, a day number for review cards.</summary>
        public long Due { get; internal set; }

        /// <summary>When the card is due (review and learning cards); null for new cards.</summary>
        public DateTime? DueDate { get; internal set; }

        /// <summary>Interval in days (negative: seconds).</summary>
        public long Interval { get; internal set; }

        /// <summary>Ease as a factor (2.5 = 250%); 0 for new cards.</summary>
        public double Ease { get; internal set; }

        public long Reviews { get; internal set; }

        public long Lapses { get; internal set; }

        /// <summary>The card's flag (None, Red, Orange, Green, Blue, Pink, Turquoise, Purple).</summary>
        public CardFlag Flag { get; internal set; }

        public DateTime Modified { get; internal set; }

        public AnkiPackage? Package { get; internal set; }

        /// <summary>The question side's HTML as Anki renders it (fields, sections, filters, clozes, special fields); rendered on first read.</summary>
        public string Question => Rendered().Question;

        /// <summary>The answer side's HTML as Anki renders it ({{FrontSide}} is the rendered question); rendered on first read.</summary>
        public string Answer => Rendered().Answer;

        /// <summary>The question as one line of text, the way Anki's browser column shows it.</summary>
        public string QuestionText => Rendering.CardText.ToTextLine(Rendered().Question);

        /// <summary>The answer as one line of text without the repeated question, the way Anki's browser column shows it.</summary>
        public string AnswerText => Rendering.CardText.AnswerTextLine(Rendered().Answer);

        /// <summary>What the card renders from; set by the reader, used only when a rendered property is read.</summary>
        internal Rendering.CardRenderSource? RenderSource { get; set; }

        private Rendering.RenderedCard? rendered;

        private Rendering.RenderedCard Rendered()
        {
            if (rendered == null)
            {
                rendered = RenderSource == null ? new Rendering.RenderedCard("", "", true) : Rendering.CardRenderer.Render(RenderSource);
            }

            return rendered.Value;
        }
    }
}
