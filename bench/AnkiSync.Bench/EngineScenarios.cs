using System;
using System.IO;

namespace AnkiSync.Bench
{
    /// <summary>The engine's C# API: one note batch, then Export; reading is Open + GetCards.</summary>
    internal sealed class EngineWrite : Scenario
    {
        public override string Name => "engine-write";

        public override long Run(BenchFiles files)
        {
            var tags = new[] { Workload.Tag };
            using var package = AnkiPackage.Create();
            using (var batch = package.BeginNoteBatch())
            {
                for (int i = 1; i <= files.Count; i++)
                {
                    batch.Insert(new NoteInput { NoteType = Workload.NoteType, Values = new[] { Workload.Front(i), Workload.Back(i) }, Tags = tags });
                }

                batch.Complete();
            }

            package.Export(files.EnginePackage, overwrite: true);
            return files.Count;
        }

        public override void Verify(BenchFiles files, long result) => PackageCheck.RequireCounts(files.EnginePackage, files.Count);
    }

    internal sealed class EngineRead : Scenario
    {
        public override string Name => "engine-read";

        public override void Prepare(BenchFiles files) => PackageCheck.RequireFile(files.ReadInput);

        public override long Run(BenchFiles files)
        {
            long matches = 0;
            using var package = AnkiPackage.Open(files.ReadInput, verify: false);
            foreach (AnkiCard card in package.GetCards())
            {
                if (card.Fields["Front"] is string front && Workload.Matches(front))
                {
                    matches++;
                }
            }

            return matches;
        }

        public override void Verify(BenchFiles files, long result) => PackageCheck.RequireMatches(result, files.Count);
    }

    /// <summary>Checks every scenario's output with the engine, after the measurement.</summary>
    internal static class PackageCheck
    {
        public static void RequireFile(string path)
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"'{path}' is missing: the engine-write measurement of this N makes it; run it first.");
            }
        }

        public static void RequireCounts(string path, int count)
        {
            using var package = AnkiPackage.Open(path);
            if (package.NoteCount != count || package.CardCount != count)
            {
                throw new InvalidOperationException($"'{path}' has {package.NoteCount} notes and {package.CardCount} cards; expected {count} of each.");
            }
        }

        public static void RequireMatches(long matches, int count)
        {
            if (matches != Workload.ExpectedMatches(count))
            {
                throw new InvalidOperationException($"The read found {matches} fronts ending in 7; expected {Workload.ExpectedMatches(count)}.");
            }
        }
    }
}
