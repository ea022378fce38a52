using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AnkiSync.Scheduling
{
    /// <summary>
    /// Anki's "Set Due Date" input (rslib scheduler/reviews.rs): a number of days from today, or a range
    /// <c>min-max</c> from which each card gets a random day, and a trailing <c>!</c> that also sets the interval.
    /// </summary>
    public sealed class DueDateSpec
    {
        private static readonly Regex Syntax = new Regex(@"^(?<min>[0-9]+)(?:-(?<max>[0-9]+))?(?<bang>!)?$", RegexOptions.CultureInvariant);

        private DueDateSpec(int min, int max, bool resetInterval)
        {
            Min = min;
            Max = max;
            ResetInterval = resetInterval;
        }

        /// <summary>The fewest days from today (0 = today).</summary>
        public int Min { get; }

        /// <summary>The most days from today; equal to <see cref="Min"/> for a single number.</summary>
        public int Max { get; }

        /// <summary>The trailing <c>!</c>: review cards get the new distance as their interval instead of keeping theirs.</summary>
        public bool ResetInterval { get; }

        /// <summary>Parses <c>0</c>, <c>3</c>, <c>1-7</c>, <c>7-1</c> (the same range), each with an optional trailing <c>!</c>.</summary>
        public static DueDateSpec Parse(string text)
        {
            var match = Syntax.Match((text ?? "").Trim());
            if (!match.Success
                || !int.TryParse(match.Groups["min"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int min)
                || !TryMax(match, min, out int max))
            {
                throw new AnkiException(AnkiErrors.InvalidDueDate,
                    $"'{text}' is not a due date Anki understands. Give days from today: '0' (today), '3' (in 3 days), '1-7' (a random day in that range); add '!' to also set the interval, e.g. '30!'.", text);
            }

            return new DueDateSpec(Math.Min(min, max), Math.Max(min, max), match.Groups["bang"].Success);
        }

        /// <summary>A day in the range, both ends included.</summary>
        public int Pick(Random random) => Min == Max ? Min : random.Next(Min, Max + 1);

        public override string ToString() => (Min == Max ? Min.ToString(CultureInfo.InvariantCulture) : $"{Min}-{Max}") + (ResetInterval ? "!" : "");

        private static bool TryMax(Match match, int min, out int max)
        {
            max = min;
            var group = match.Groups["max"];
            return !group.Success || int.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out max);
        }
    }
}
