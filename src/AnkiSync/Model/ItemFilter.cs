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
    }

    /// <summary>Which cards to read.</summary>
    public sealed class CardFilter : NoteFilter
    {
        public IReadOnlyCollection<long>? NoteIds { get; set; }
    }
}
