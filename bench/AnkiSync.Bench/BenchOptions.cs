using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AnkiSync.Bench
{
    /// <summary>The harness's command line: <c>[--n 1000,10000,100000] [--runs 3] [--only engine,raw,...] [--dir path] [--keep]</c>.</summary>
    internal sealed class BenchOptions
    {
        public IReadOnlyList<int> Counts { get; private set; } = new[] { 1_000, 10_000, 100_000 };

        public int Runs { get; private set; } = 3;

        /// <summary>Scenario names or families (engine, pipeline, raw, floor, write, read); empty means all.</summary>
        public IReadOnlyList<string> Only { get; private set; } = Array.Empty<string>();

        public string Directory { get; private set; } = Path.Combine(Path.GetTempPath(), "ankisync-bench");

        public bool Keep { get; private set; }

        public bool Selects(string scenario)
            => Only.Count == 0 || Only.Any(o => scenario == o || scenario.StartsWith(o + "-", StringComparison.Ordinal) || scenario.EndsWith("-" + o, StringComparison.Ordinal));

        public static BenchOptions Parse(IReadOnlyList<string> args)
        {
            var options = new BenchOptions();
            for (int i = 0; i < args.Count; i++)
            {
                string value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--n":
                        options.Counts = value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseCount).ToArray();
                        break;
                    case "--runs":
                        options.Runs = Math.Max(1, int.Parse(value(), CultureInfo.InvariantCulture));
                        break;
                    case "--only":
                        options.Only = value().Split(',', StringSplitOptions.RemoveEmptyEntries);
                        break;
                    case "--dir":
                        options.Directory = Path.GetFullPath(value());
                        break;
                    case "--keep":
                        options.Keep = true;
                        break;
                    default:
                        throw new ArgumentException($"Unknown option '{args[i]}'. Usage: [--n 1000,10000,100000] [--runs 3] [--only engine,pipeline,raw,floor,write,read] [--dir path] [--keep]");
                }
            }

            return options;
        }

        /// <summary>A count such as 100000, 100k or 1m.</summary>
        private static int ParseCount(string text)
        {
            text = text.Trim().ToLowerInvariant().Replace("_", "");
            int multiplier = text.EndsWith('k') ? 1_000 : text.EndsWith('m') ? 1_000_000 : 1;
            if (multiplier > 1)
            {
                text = text.Substring(0, text.Length - 1);
            }

            return checked(int.Parse(text, CultureInfo.InvariantCulture) * multiplier);
        }
    }
}
