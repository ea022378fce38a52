using System;
using System.Collections.Generic;

namespace AnkiSync
{
    /// <summary>Which notes or cards to read; every criterion given must hold. Null means "any".</summary>
    public class NoteFilter
    {
        public IReadOnlyCollection<long>? Ids { get; set; }

        public IReadOnlyCollection<long>? NoteTypeIds { get; set; }

        /// <summary>Decks whose cards qualify (a note qualifies when any of its cards is in one).</summary>
        public IReadOnlyCollection<long>? DeckIds { get; set; }

        /// <summary>A test on the note's tags.</summary>
        public Func<IReadOnlyList<string>, bool>? Tags { get; set; }

        /// <summary>An Anki search (the browser's syntax), evaluated inside SQLite; null or empty means no restriction.</summary>
        public string? Query { get; set; }

        /// <summary>"Now" for the day-relative search terms (is:due, prop:due, rated:, added:, edited:, introduced:); null: the current time.</summary>
        public DateTimeOffset? Now { get; set; }
    }

    /// <summary>Which cards to read.</summary>
    public sealed class CardFilter : NoteFilter
    {
        public IReadOnlyCollection<long>? NoteIds { get; set; }
    }
}
