using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using AnkiSync.Rendering;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Search
{
    /// <summary>
    /// The SQL functions Anki registers on its connection (<c>storage/sqlite.rs</c>) that search SQL calls:
    /// <c>regexp</c> (for <c>x regexp y</c>), <c>regexp_fields(re, flds, idx…)</c>, <c>regexp_tags(re, tags)</c> and
    /// <c>process_text(text, flags)</c> (1 = without combining marks, 2 = without cloze markup).
    /// </summary>
    internal static class SqlFunctions
    {
        private static readonly ConcurrentDictionary<string, Regex> Cache = new ConcurrentDictionary<string, Regex>(StringComparer.Ordinal);

        /// <summary>Registers the functions on <paramref name="connection"/> (idempotent: registering again replaces them).</summary>
        public static void Register(SqliteConnection connection)
        {
            connection.CreateFunction("regexp", (string? pattern, string? text) => pattern != null && text != null && Compile(pattern).IsMatch(text), isDeterministic: true);
            connection.CreateFunction("regexp_fields", (object?[] args) => RegexpFields(args), isDeterministic: true);
            connection.CreateFunction("regexp_tags", (string? pattern, string? tags) =>
            {
                if (pattern == null || tags == null)
                {
                    return false;
                }

                var regex = Compile(pattern);
                foreach (var tag in tags.Split(' '))
                {
                    if (regex.IsMatch(tag))
                    {
                        return true;
                    }
                }

                return false;
            }, isDeterministic: true);
            connection.CreateFunction("fsrs_retrievability", (string? data, long due, long interval, long daysElapsed) => Retrievability(data, due, interval, daysElapsed), isDeterministic: true);
            connection.CreateFunction("process_text", (string? text, long flags) => text == null ? null : ProcessText(text, flags), isDeterministic: true);
        }

        /// <summary>A compiled pattern (Anki's regex dialect is close to .NET's for what searches use); throws <see cref="ArgumentException"/> when invalid.</summary>
        public static Regex Compile(string pattern)
            => Cache.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2)));

        public static string ProcessText(string text, long flags)
        {
            if ((flags & 2) != 0)
            {
                text = Cloze.Strip(text);
            }

            if ((flags & 1) != 0)
            {
                text = SearchText.WithoutCombining(text);
            }

            return text;
        }

        /// <summary>
        /// FSRS retrievability of a reviewed card: (1 + factor · t / S)^(−decay) with factor = 0.9^(−1/decay) − 1, S and decay
        /// from <c>c.data</c> (decay 0.5 when absent) and t the days since the last review, estimated as today − (due − interval).
        /// Null when the card has no memory state.
        /// </summary>
        private static double? Retrievability(string? data, long due, long interval, long daysElapsed)
        {
            if (string.IsNullOrEmpty(data))
            {
                return null;
            }

            try
            {
                var json = System.Text.Json.Nodes.JsonNode.Parse(data!) as System.Text.Json.Nodes.JsonObject;
                if (json == null || json["s"] is not System.Text.Json.Nodes.JsonValue sValue || !sValue.TryGetValue(out double stability) || stability <= 0)
                {
                    return null;
                }

                double decay = json["decay"] is System.Text.Json.Nodes.JsonValue d && d.TryGetValue(out double dv) && dv > 0 ? dv : 0.5;
                double factor = Math.Pow(0.9, -1.0 / decay) - 1;
                double elapsed = Math.Max(0, daysElapsed - (due - interval));
                return Math.Pow(1 + (factor * elapsed / stability), -decay);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }

        private static bool RegexpFields(object?[] args)
        {
            if (args.Length < 2 || args[0] is not string pattern || args[1] == null)
            {
                return false;
            }

            var regex = Compile(pattern);
            string[] fields = Convert.ToString(args[1], CultureInfo.InvariantCulture)!.Split('\u001f');
            HashSet<long>? indices = null;
            if (args.Length > 2)
            {
                indices = new HashSet<long>();
                for (int i = 2; i < args.Length; i++)
                {
                    indices.Add(Convert.ToInt64(args[i], CultureInfo.InvariantCulture));
                }
            }

            for (int i = 0; i < fields.Length; i++)
            {
                if ((indices == null || indices.Contains(i)) && regex.IsMatch(fields[i]))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
