using System.Globalization;

namespace AnkiSync.Bench
{
    /// <summary>The rows every scenario writes and the filter every read applies (SPEC.md "Performance").</summary>
    internal static class Workload
    {
        public const string NoteType = "Basic";
        public const string Tag = "bench";

        /// <summary>100 characters of plain text appended to every back.</summary>
        public const string Padding = " The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs, and 01234567.";

        public static string Front(int i) => "question " + i.ToString(CultureInfo.InvariantCulture);

        public static string Back(int i) => "answer " + i.ToString(CultureInfo.InvariantCulture) + Padding;

        /// <summary>The read filter: fronts ending in "7".</summary>
        public static bool Matches(string front) => front.EndsWith('7');

        /// <summary>How many of the notes 1..N the read filter must find.</summary>
        public static long ExpectedMatches(int n) => n / 10 + (n % 10 >= 7 ? 1 : 0);
    }
}
