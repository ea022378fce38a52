using System;
using System.Collections.Generic;
using System.Linq;
using AnkiSync.Storage;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>Every row of the schema-18 tables, read in a fixed order, to compare a collection before and after a round trip.</summary>
internal sealed class Schema18Snapshot
{
    /// <summary>Table → select listing its columns, blob columns last so they can be compared as protobuf.</summary>
    public static readonly IReadOnlyDictionary<string, string> Queries = new Dictionary<string, string>
    {
        ["notetypes"] = "select id, name, mtime_secs, usn, config from notetypes order by id",
        // Anki's exporter deletes unused notetypes but leaves their fields/templates rows behind; nothing reads
        // those orphans (Anki's own downgrade skips them too), so only rows of existing notetypes count.
        ["fields"] = "select ntid, ord, name, config from fields where ntid in (select id from notetypes) order by ntid, ord",
        ["templates"] = "select ntid, ord, name, mtime_secs, usn, config from templates where ntid in (select id from notetypes) order by ntid, ord",
        ["decks"] = "select id, name, mtime_secs, usn, common, kind from decks order by id",
        ["deck_config"] = "select id, name, mtime_secs, usn, config from deck_config order by id",
        ["config"] = "select key, usn, mtime_secs, val from config order by key",
        // Schema 14-16 tags tables have no collapsed/config columns; Anki's schema-17 upgrade makes every tag collapsed.
        ["tags"] = "select tag, usn, {collapsed}, {config} from tags order by tag",
        ["graves"] = "select oid, type, usn from graves order by oid, type",
    };

    public Dictionary<string, List<object?[]>> Tables { get; } = new();

    public static Schema18Snapshot Read(AnkiDatabase db)
    {
        var snapshot = new Schema18Snapshot();
        foreach (var (table, sql) in Queries)
        {
            var rows = new List<object?[]>();
            var tagColumns = db.Columns("tags").ToList();
            using var command = db.Command(sql
                .Replace("{collapsed}", tagColumns.Contains("collapsed") ? "collapsed" : "1")
                .Replace("{config}", tagColumns.Contains("config") ? "config" : "null"));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            snapshot.Tables[table] = rows;
        }

        return snapshot;
    }

    public List<object?[]> this[string table] => Tables[table];

    /// <summary>
    /// Asserts <paramref name="actual"/> holds the same rows. Protobuf blobs must carry the same fields and values;
    /// <paramref name="exactBlobs"/> additionally demands identical bytes. Config values (JSON bytes) compare byte for byte.
    /// </summary>
    public void AssertSame(Schema18Snapshot actual, bool exactBlobs)
    {
        foreach (var (table, expectedRows) in Tables)
        {
            var actualRows = actual.Tables[table];
            Assert.True(expectedRows.Count == actualRows.Count, $"{table}: {expectedRows.Count} rows before, {actualRows.Count} after");
            for (var r = 0; r < expectedRows.Count; r++)
            {
                for (var c = 0; c < expectedRows[r].Length; c++)
                {
                    var what = $"{table} row {r} ({Describe(expectedRows[r])}) column {c}";
                    var expected = expectedRows[r][c];
                    var value = actualRows[r][c];
                    if (expected is byte[] expectedBlob && value is byte[] actualBlob && table != "config" && table != "tags")
                    {
                        if (exactBlobs)
                        {
                            Assert.True(expectedBlob.SequenceEqual(actualBlob), $"{what}: {WireDump.Describe(WireDump.Fields(expectedBlob))} vs {WireDump.Describe(WireDump.Fields(actualBlob))}");
                        }
                        else
                        {
                            WireDump.AssertSameFields(expectedBlob, actualBlob, what);
                        }
                    }
                    else if (expected is byte[] bytes)
                    {
                        Assert.True(value is byte[] other && bytes.SequenceEqual(other), $"{what}: blob differs");
                    }
                    else
                    {
                        Assert.True(Equals(expected, value), $"{what}: {expected} vs {value}");
                    }
                }
            }
        }
    }

    private static string Describe(object?[] row)
        => string.Join(", ", row.Take(3).Select(v => v is byte[]? "<blob>" : Convert.ToString(v)?.Replace("\u001f", "␟")));
}
