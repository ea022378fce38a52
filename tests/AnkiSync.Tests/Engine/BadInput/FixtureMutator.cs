using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.BadInput;

/// <summary>
/// Deterministic mutations of a fixture's bytes. "Outer" mutations damage the file as stored; "inner" ones
/// damage the SQLite collection inside it (decompressed first, compressed again after) so that the damage
/// reaches the database, JSON and protobuf readers instead of stopping at a ZIP checksum.
/// </summary>
internal static class FixtureMutator
{
    private const int MaxRange = 4096;

    private static readonly string[] Plan =
    {
        "flip bytes", "zero a range", "truncate", "duplicate a range", "splice with another fixture", "flip collection bytes",
        "zero a collection range", "duplicate a collection range", "truncate the collection", "flip collection bytes",
        "flip collection bytes", "flip bytes",
    };

    public static int PlannedCases => Plan.Length;

    /// <summary>Case <paramref name="index"/>'s mutation of <paramref name="original"/>, and what it did.</summary>
    public static (byte[] Bytes, string Description) Mutate(Random random, int index, string fileName, byte[] original, byte[] other)
    {
        var kind = Plan[index % Plan.Length];
        switch (kind)
        {
            case "flip bytes":
                return Flip(random, original);
            case "zero a range":
                return ZeroRange(random, original);
            case "truncate":
                return Truncate(random, original);
            case "duplicate a range":
                return Duplicate(random, original);
            case "splice with another fixture":
                var cut = random.Next(1, original.Length);
                var from = random.Next(0, other.Length);
                return (original.Take(cut).Concat(other.Skip(from)).ToArray(), $"spliced: first {cut} bytes + another fixture from byte {from}");
            default:
                return MutateCollection(random, kind, fileName, original);
        }
    }

    private static (byte[], string) MutateCollection(Random random, string kind, string fileName, byte[] original)
    {
        Func<byte[], (byte[], string)> damage = kind switch
        {
            "flip collection bytes" => bytes => Flip(random, bytes, firstByte: 100),
            "zero a collection range" => bytes => ZeroRange(random, bytes, firstByte: 100),
            "duplicate a collection range" => bytes => Duplicate(random, bytes, firstByte: 100),
            _ => bytes => Truncate(random, bytes, firstByte: 100),
        };

        if (fileName.EndsWith(".anki2", StringComparison.OrdinalIgnoreCase))
        {
            var (damaged, what) = damage(original);
            return (damaged, "collection " + what);
        }

        if (fileName.EndsWith(".anki21b", StringComparison.OrdinalIgnoreCase))
        {
            var (damaged, what) = damage(PackageTestFiles.ZstdDecompress(original));
            return (PackageTestFiles.ZstdCompress(damaged), "zstd collection " + what);
        }

        return MutateZippedCollection(damage, original);
    }

    private static (byte[], string) MutateZippedCollection(Func<byte[], (byte[], string)> damage, byte[] original)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ankisync-mutate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var source = Path.Combine(folder, "in.zip");
            File.WriteAllBytes(source, original);
            var entries = BadInputFiles.ReadZip(source);
            var names = entries.Select(e => e.Name).ToList();
            var target = new[] { "collection.anki21b", "collection.anki21", "collection.anki2" }.First(names.Contains);
            var at = names.IndexOf(target);
            var zstd = target.EndsWith("b", StringComparison.Ordinal);
            var (damaged, what) = damage(zstd ? PackageTestFiles.ZstdDecompress(entries[at].Data) : entries[at].Data);
            entries[at] = (target, zstd ? PackageTestFiles.ZstdCompress(damaged) : damaged, entries[at].Deflate);
            var rebuilt = BadInputFiles.WriteZip(Path.Combine(folder, "out.zip"), entries);
            return (File.ReadAllBytes(rebuilt), $"{target}: {what}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (byte[], string) Flip(Random random, byte[] original, int firstByte = 0)
    {
        var copy = (byte[])original.Clone();
        var count = random.Next(1, 9);
        var positions = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var at = random.Next(Math.Min(firstByte, copy.Length - 1), copy.Length);
            copy[at] ^= (byte)random.Next(1, 256);
            positions.Add(at);
        }

        return (copy, $"flipped bytes at {string.Join(",", positions)}");
    }

    private static (byte[], string) ZeroRange(Random random, byte[] original, int firstByte = 0)
    {
        var copy = (byte[])original.Clone();
        var start = random.Next(Math.Min(firstByte, copy.Length - 1), copy.Length);
        var length = random.Next(1, Math.Min(MaxRange, copy.Length - start) + 1);
        Array.Clear(copy, start, length);
        return (copy, $"zeroed {length} bytes at {start}");
    }

    private static (byte[], string) Truncate(Random random, byte[] original, int firstByte = 0)
    {
        var cut = random.Next(Math.Min(firstByte, original.Length - 1), original.Length);
        return (original.Take(cut).ToArray(), $"truncated to {cut} of {original.Length} bytes");
    }

    private static (byte[], string) Duplicate(Random random, byte[] original, int firstByte = 0)
    {
        var start = random.Next(Math.Min(firstByte, original.Length - 1), original.Length);
        var length = random.Next(1, Math.Min(MaxRange, original.Length - start) + 1);
        var insertAt = random.Next(Math.Min(firstByte, original.Length), original.Length + 1);
        var copy = original.Take(insertAt).Concat(original.Skip(start).Take(length)).Concat(original.Skip(insertAt)).ToArray();
        return (copy, $"copied {length} bytes from {start} to {insertAt}");
    }
}
