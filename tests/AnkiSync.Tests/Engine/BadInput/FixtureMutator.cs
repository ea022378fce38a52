using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.BadInput;

/// <summary>
/// A deterministic generator of damaged fixtures. Each case draws one mutation family — the file as stored,
/// the ZIP's entries (bytes, truncation, names, order, duplicates), the media map, the SQLite file's bytes
/// (header, page boundaries, the col JSON and protobuf blobs) or the collection's SQL (wrong types, NULLs,
/// huge numbers, extra columns, missing tables) — and a mutation within it, all from one <see cref="Random"/>
/// seeded per case, so any case replays from its seed alone. The collection is decompressed before being
/// damaged and compressed again after, so the damage reaches the readers behind the container checks.
/// </summary>
internal static class FixtureMutator
{
    private const int MaxRange = 4096;

    private static readonly string[] Families = { "outer", "entry", "entry name", "media map", "sqlite bytes", "sqlite bytes", "sql", "sql", "sql" };

    private static readonly string[] HostileNames =
    {
        "../escape", "/absolute", "C:\\drive", "a/b", "a\\b", ".", "..", "CON", "collection.anki21", "collection.anki2",
        "collection.anki21b", "meta", "media", "0", "1", "99999999999999999999", "-1", "01", " 0", "\u00e9", "e\u0301", new string('x', 300),
    };

    /// <summary>Statements that break the collection at the SQL level; those a schema lacks the tables for are skipped.</summary>
    private static readonly string[] Statements =
    {
        "update notes set flds = null", "update notes set flds = 12345", "update notes set flds = x'00ff1f'", "update notes set mid = 9223372036854775807",
        "update notes set mid = 'abc'", "update notes set guid = null", "update notes set tags = 42", "update notes set id = -1 where rowid = (select min(rowid) from notes)",
        "update notes set sfld = x'ff'", "update notes set flds = flds || char(31) || 'extra'", "update notes set flds = ''", "update notes set usn = 1e300",
        "update cards set did = 'x'", "update cards set nid = null", "update cards set ord = 99999", "update cards set due = 9223372036854775807",
        "update cards set ivl = -9223372036854775808", "update cards set type = 7, queue = -9", "update cards set factor = 'abc'", "update cards set data = x'00'",
        "update cards set odid = 123456789", "update cards set nid = 1", "delete from notes where rowid % 2 = 0",
        "update col set models = '{}'", "update col set models = '[]'", "update col set models = 'null'", "update col set models = '{\"1\": 5}'",
        "update col set decks = '{}'", "update col set decks = '{\"1\": {}}'", "update col set dconf = '{\"1\": null}'", "update col set conf = '5'",
        "update col set tags = 'x'", "update col set ver = 99", "update col set ver = null", "update col set crt = 'soon'", "update col set mod = 1e308",
        "update col set models = replace(models, '\"flds\"', '\"fldz\"')", "update col set models = replace(models, '\"tmpls\"', '\"tmplz\"')",
        "update col set models = replace(models, '\"ord\": 0', '\"ord\": 9999999999')", "update col set decks = replace(decks, '\"name\"', '\"nam\"')",
        "update col set models = replace(models, '\"type\": 0', '\"type\": \"cloze\"')", "update col set models = replace(models, '{{', '{{#')",
        "alter table notes add column extra text default 'x'", "alter table cards add column extra blob", "alter table col add column extra",
        "drop table cards", "drop table revlog", "drop table graves", "drop table notes", "drop table col",
        "drop table decks", "drop table notetypes", "drop table fields", "drop table templates", "drop table deck_config", "drop table config", "drop table tags",
        "update notetypes set config = randomblob(24)", "update notetypes set config = null", "update notetypes set name = null", "update notetypes set id = 0",
        "update fields set config = randomblob(12)", "update fields set ord = 1000000", "update fields set name = ''", "delete from fields where ord = 0",
        "update templates set config = substr(config, 1, length(config) / 2)", "update templates set ord = -1", "delete from templates",
        "update decks set common = randomblob(16)", "update decks set kind = x'0a0208ff'", "update decks set name = 'a' || char(31) || 'b'", "delete from decks",
        "update deck_config set config = x'ffffffff'", "update config set val = x'7b'", "update tags set tag = null",
        "insert into notes select id + 1, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data from notes limit 1",
        "update notes set csum = 'x', flags = 1e10",
    };

    /// <summary>Case <paramref name="caseSeed"/>'s mutation of <paramref name="original"/>, and what it did.</summary>
    public static (byte[] Bytes, string Description) Mutate(int caseSeed, string fileName, byte[] original, byte[] other, TempFolder temp)
    {
        var random = new Random(caseSeed);
        var isZip = !fileName.EndsWith(".anki2", StringComparison.OrdinalIgnoreCase) && !fileName.EndsWith(".anki21b", StringComparison.OrdinalIgnoreCase);
        var family = Families[random.Next(Families.Length)];
        if (!isZip && (family == "entry" || family == "entry name" || family == "media map"))
        {
            family = "outer";
        }

        switch (family)
        {
            case "outer":
                return Outer(random, original, other);
            case "entry":
                return WithEntries(original, temp, entries => MutateEntry(random, entries));
            case "entry name":
                return WithEntries(original, temp, entries => MutateEntryNames(random, entries));
            case "media map":
                return WithEntries(original, temp, entries => MutateMediaMap(random, entries));
            case "sqlite bytes":
                return WithCollection(fileName, original, temp, bytes => SqliteBytes(random, bytes));
            default:
                return WithCollection(fileName, original, temp, bytes => Sql(random, bytes, temp));
        }
    }

    private static (byte[], string) Outer(Random random, byte[] original, byte[] other)
    {
        switch (random.Next(5))
        {
            case 0:
                return Flip(random, original);
            case 1:
                return ZeroRange(random, original);
            case 2:
                return Truncate(random, original);
            case 3:
                return Duplicate(random, original);
            default:
                var cut = random.Next(1, original.Length);
                var from = random.Next(0, other.Length);
                return (original.Take(cut).Concat(other.Skip(from)).ToArray(), $"spliced: first {cut} bytes + another fixture from byte {from}");
        }
    }

    private static string MutateEntry(Random random, List<(string Name, byte[] Data, bool Deflate)> entries)
    {
        var at = random.Next(entries.Count);
        var (name, data, deflate) = entries[at];
        var (damaged, what) = data.Length == 0 ? (new byte[] { (byte)random.Next(256) }, "gave an empty entry a byte") : (random.Next(4)) switch
        {
            0 => Flip(random, data),
            1 => Truncate(random, data),
            2 => ZeroRange(random, data),
            _ => Duplicate(random, data),
        };
        entries[at] = (name, damaged, deflate);
        return $"entry '{name}': {what}";
    }

    private static string MutateEntryNames(Random random, List<(string Name, byte[] Data, bool Deflate)> entries)
    {
        var at = random.Next(entries.Count);
        var (name, data, deflate) = entries[at];
        switch (random.Next(4))
        {
            case 0:
                var hostile = HostileNames[random.Next(HostileNames.Length)];
                entries[at] = (hostile, data, deflate);
                return $"renamed entry '{name}' to '{Printable(hostile)}'";
            case 1:
                entries.RemoveAt(at);
                return $"dropped entry '{name}'";
            case 2:
                entries.Insert(random.Next(entries.Count + 1), (name, data, deflate));
                return $"duplicated entry '{name}'";
            default:
                var other = random.Next(entries.Count);
                (entries[at], entries[other]) = ((entries[other].Name, data, deflate), (name, entries[other].Data, entries[other].Deflate));
                return $"swapped the names of entries '{name}' and '{entries[at].Name}'";
        }
    }

    private static string MutateMediaMap(Random random, List<(string Name, byte[] Data, bool Deflate)> entries)
    {
        var at = entries.FindIndex(e => e.Name == "media");
        if (at < 0)
        {
            entries.Add(("media", Encoding.UTF8.GetBytes("{\"0\": \"../escape\"}"), false));
            return "added a media map naming ../escape";
        }

        var (name, data, deflate) = entries[at];
        var latest = entries.Any(e => e.Name == "collection.anki21b");
        if (latest)
        {
            var map = PackageTestFiles.ZstdDecompress(data);
            var (damaged, what) = map.Length == 0 ? (new byte[] { 0x0a, 0x05, 0x0a, 0x01, 0x2e }, "a map with one entry named '.'") : random.Next(3) switch
            {
                0 => Flip(random, map),
                1 => Truncate(random, map),
                _ => Duplicate(random, map),
            };
            entries[at] = (name, PackageTestFiles.ZstdCompress(damaged), deflate);
            return $"latest media map: {what}";
        }

        var json = Encoding.UTF8.GetString(data);
        var hostile = HostileNames[random.Next(HostileNames.Length)].Replace("\\", "\\\\");
        var variants = new[]
        {
            "{\"0\": \"" + hostile + "\"}", "{\"0\": 5}", "{\"0\": null}", "[\"a\"]", "{\"a\": \"b\"}", "{\"99999999999999999999\": \"x.jpg\"}",
            "{\"0\": \"x.jpg\", \"1\": \"x.jpg\"}", "{\"0\": \"X.JPG\", \"1\": \"x.jpg\"}", "{\"0\": \"\u00e9.jpg\", \"1\": \"e\u0301.jpg\"}", "{",
            json.Length > 2 ? json.Substring(0, random.Next(1, json.Length)) : "{", json.Replace("\"0\"", "\"1\""), "{\"-1\": \"x\"}",
            json.Length > 2 ? json.Insert(json.Length - 1, ", \"0\": \"dup.jpg\"") : "{\"0\": \"dup.jpg\"}",
        };
        var chosen = variants[random.Next(variants.Length)];
        entries[at] = (name, Encoding.UTF8.GetBytes(chosen), deflate);
        return $"legacy media map replaced by {Printable(chosen.Length > 80 ? chosen.Substring(0, 80) + "…" : chosen)}";
    }

    /// <summary>Byte damage where the SQLite readers look: the header, page starts (b-tree headers), and the col/blob text.</summary>
    private static (byte[], string) SqliteBytes(Random random, byte[] sqlite)
    {
        if (sqlite.Length < 100)
        {
            return Flip(random, sqlite);
        }

        var copy = (byte[])sqlite.Clone();
        var pageSize = BadInputFiles.PageSize(sqlite);
        var pages = Math.Max(1, copy.Length / Math.Max(512, pageSize));
        int at;
        string where;
        switch (random.Next(4))
        {
            case 0:
                at = random.Next(100);
                where = "the file header";
                break;
            case 1:
                var page = random.Next(1, pages);
                at = Math.Min(copy.Length - 1, page * pageSize + random.Next(12));
                where = $"the start of page {page + 1}";
                break;
            case 2:
                var json = FindText(copy, random, "{\"", "\"name\"", "\"flds\"", "\"tmpls\"", "\"conf\"", "\"dyn\"", "{{");
                at = json >= 0 ? Math.Min(copy.Length - 1, json + random.Next(64)) : random.Next(copy.Length);
                where = json >= 0 ? "col JSON text" : "anywhere (no JSON found)";
                break;
            default:
                at = random.Next(100, copy.Length);
                where = "anywhere";
                break;
        }

        var value = (byte)random.Next(1, 256);
        copy[at] ^= value;
        return (copy, $"xor 0x{value:x2} at byte {at} ({where})");
    }

    private static (byte[], string) Sql(Random random, byte[] sqlite, TempFolder temp)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            // randomblob would make the case unrepeatable: the blob comes from the case's own Random.
            var statement = System.Text.RegularExpressions.Regex.Replace(
                Statements[random.Next(Statements.Length)],
                @"randomblob\((\d+)\)",
                m => "x'" + string.Concat(Enumerable.Range(0, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Select(_ => random.Next(256).ToString("x2", System.Globalization.CultureInfo.InvariantCulture))) + "'");
            var path = temp.Path("sql-" + Guid.NewGuid().ToString("N") + ".sqlite");
            File.WriteAllBytes(path, sqlite);
            try
            {
                using (var db = AnkiDatabase.Open(path))
                {
                    db.Execute("pragma journal_mode = delete");
                    db.Execute(statement);
                }

                return (File.ReadAllBytes(path), $"SQL: {statement}");
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // The schema lacks that table or column: draw another statement.
            }
            catch (AnkiException)
            {
            }
            finally
            {
                File.Delete(path);
            }
        }

        return Flip(random, sqlite, firstByte: 100);
    }

    private static (byte[], string) WithEntries(byte[] original, TempFolder temp, Func<List<(string Name, byte[] Data, bool Deflate)>, string> change)
    {
        var source = temp.File("in-" + Guid.NewGuid().ToString("N") + ".zip", original);
        try
        {
            var entries = BadInputFiles.ReadZip(source);
            var what = change(entries);
            var rebuilt = BadInputFiles.WriteZip(temp.Path("out-" + Guid.NewGuid().ToString("N") + ".zip"), entries);
            var bytes = File.ReadAllBytes(rebuilt);
            File.Delete(rebuilt);
            return (bytes, what);
        }
        finally
        {
            File.Delete(source);
        }
    }

    private static (byte[], string) WithCollection(string fileName, byte[] original, TempFolder temp, Func<byte[], (byte[], string)> damage)
    {
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

        string? described = null;
        var result = WithEntries(original, temp, entries =>
        {
            var names = entries.Select(e => e.Name).ToList();
            var target = new[] { "collection.anki21b", "collection.anki21", "collection.anki2" }.First(names.Contains);
            var at = names.IndexOf(target);
            var zstd = target.EndsWith("b", StringComparison.Ordinal);
            var (damaged, what) = damage(zstd ? PackageTestFiles.ZstdDecompress(entries[at].Data) : entries[at].Data);
            entries[at] = (target, zstd ? PackageTestFiles.ZstdCompress(damaged) : damaged, entries[at].Deflate);
            described = $"{target}: {what}";
            return described;
        });
        return result;
    }

    private static int FindText(byte[] data, Random random, params string[] markers)
    {
        var marker = Encoding.UTF8.GetBytes(markers[random.Next(markers.Length)]);
        var hits = new List<int>();
        for (var i = 0; i + marker.Length <= data.Length && hits.Count < 64; i++)
        {
            if (data[i] == marker[0] && data.AsSpan(i, marker.Length).SequenceEqual(marker))
            {
                hits.Add(i);
            }
        }

        return hits.Count == 0 ? -1 : hits[random.Next(hits.Count)];
    }

    private static string Printable(string text)
        => new string(text.Select(c => c < ' ' ? '?' : c).ToArray());

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
