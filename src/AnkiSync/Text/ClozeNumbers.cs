using System;
using System.Collections.Generic;

namespace AnkiSync.Text
{
    /// <summary>Which cards a cloze note gets (<c>cloze.rs</c>, <c>notetype/cardgen.rs</c>).</summary>
    internal static class ClozeNumbers
    {
        /// <summary>Anki caps cloze card ordinals here (c500 and above all map to card 500).</summary>
        public const int MaxOrdinal = 499;

        /// <summary>Anki opens at most this many nested clozes; deeper openings are ignored.</summary>
        private const int MaxOpenClozes = 10;

        /// <summary>
        /// The card ordinals (cloze number − 1, at most 499) of every cloze in any of the fields,
        /// distinct and ascending; [0] when there is none, since Anki always gives a note a card.
        /// As in Anki, a cloze counts only when it is closed: <c>{{cN::</c> (N decimal digits, below
        /// 65536) opens one, <c>}}</c> closes the innermost open one. <c>{{c0::…}}</c> is ignored,
        /// together with any cloze nested inside it.
        /// </summary>
        public static IReadOnlyList<int> CardOrdinals(IEnumerable<string> fieldValues)
        {
            var ordinals = new SortedSet<int>();
            foreach (var field in fieldValues)
            {
                AddOrdinals(field, ordinals);
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
        public static bool HasAny(IEnumerable<string> fieldValues)
        {
            var ordinals = new SortedSet<int>();
            foreach (var field in fieldValues)
            {
                AddOrdinals(field, ordinals);
                if (ordinals.Count > 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static void AddOrdinals(string text, SortedSet<int> ordinals)
        {
            if (text.IndexOf("{{c", StringComparison.Ordinal) < 0)
            {
                return;
            }

            // Each open cloze remembers the numbers of the closed clozes inside it; they count only
            // if it closes too, and not at all if it is c0.
            var open = new List<(int Number, List<int>? Inner)>();
            var i = 0;
            while (i < text.Length)
            {
                if (TryReadOpening(text, i, out var number, out var next))
                {
                    if (open.Count < MaxOpenClozes)
                    {
                        open.Add((number, null));
                    }

                    i = next;
                }
                else if (text[i] == '}' && i + 1 < text.Length && text[i + 1] == '}')
                {
                    if (open.Count > 0)
                    {
                        var closed = open[open.Count - 1];
                        open.RemoveAt(open.Count - 1);
                        if (closed.Number != 0)
                        {
                            if (open.Count == 0)
                            {
                                ordinals.Add(ToOrdinal(closed.Number));
                                if (closed.Inner != null)
                                {
                                    foreach (var inner in closed.Inner)
                                    {
                                        ordinals.Add(ToOrdinal(inner));
                                    }
                                }
                            }
                            else
                            {
                                var parent = open[open.Count - 1];
                                var inner = parent.Inner ?? new List<int>();
                                inner.Add(closed.Number);
                                if (closed.Inner != null)
                                {
                                    inner.AddRange(closed.Inner);
                                }

                                open[open.Count - 1] = (parent.Number, inner);
                            }
                        }
                    }

                    i += 2;
                }
                else
                {
                    i++;
                }
            }
        }

        /// <summary>Reads <c>{{c</c>, decimal digits forming a number below 65536, and <c>::</c>.</summary>
        private static bool TryReadOpening(string text, int i, out int number, out int next)
        {
            number = 0;
            next = i;
            if (i + 3 > text.Length || text[i] != '{' || text[i + 1] != '{' || text[i + 2] != 'c')
            {
                return false;
            }

            var p = i + 3;
            var digits = 0;
            while (p < text.Length && text[p] >= '0' && text[p] <= '9')
            {
                if (number <= ushort.MaxValue)
                {
                    number = (number * 10) + (text[p] - '0');
                }

                digits++;
                p++;
            }

            if (digits == 0 || number > ushort.MaxValue || p + 2 > text.Length || text[p] != ':' || text[p + 1] != ':')
            {
                return false;
            }

            next = p + 2;
            return true;
        }

        private static int ToOrdinal(int clozeNumber) => Math.Min(clozeNumber - 1, MaxOrdinal);
    }
}
