using System;
using System.Collections.Generic;

namespace AnkiSync.Text
{
    /// <summary>
    /// Which cards a cloze note gets (<c>notetype/cardgen.rs</c>): one per cloze number in its fields, as Anki's cloze
    /// parser reads them (<see cref="Rendering.Cloze.Numbers"/>, the one grammar the renderer uses too).
    /// </summary>
    internal static class ClozeNumbers
    {
        /// <summary>Anki caps cloze card ordinals here (c500 and above all map to card 500).</summary>
        public const int MaxOrdinal = 499;

        /// <summary>
        /// The card ordinals (cloze number − 1, at most 499) of every cloze in any of the fields, distinct and
        /// ascending; [0] when there is none, since Anki always gives a note a card. A cloze counts only when it is
        /// closed; <c>{{c1,3::…}}</c> counts 1 and 3; the number 0 never counts, though clozes nested in it do.
        /// </summary>
        public static IReadOnlyList<int> CardOrdinals(IEnumerable<string> fieldValues)
        {
            var ordinals = new SortedSet<int>();
            foreach (int number in Rendering.Cloze.Numbers(fieldValues))
            {
                ordinals.Add(Math.Min(number - 1, MaxOrdinal));
            }

            if (ordinals.Count == 0)
            {
                return new[] { 0 };
            }

            var result = new int[ordinals.Count];
            ordinals.CopyTo(result);
            return result;
        }

        /// <summary>Whether any field holds a cloze Anki counts (closed, numbered 1 or more).</summary>
        public static bool HasAny(IEnumerable<string> fieldValues) => Rendering.Cloze.Numbers(fieldValues).Count > 0;
    }
}
