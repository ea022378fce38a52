using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// Compares schema-11 col JSON before and after 11 → 18 → 11. Values must be equal (numbers by value); the only
/// differences accepted are the normalisations Anki's own conversion makes, each named here:
/// <list type="bullet">
/// <item>A key Anki always writes may be added, with an empty/default value (e.g. deck <c>browserCollapsed</c>,
///   field <c>description</c>, template <c>bfont</c>, notetype <c>req</c>, deck <c>reviewLimit: null</c>,
///   dconf <c>waitForAudio: true</c>, <c>replayq</c>, <c>hardFactor: 1.2</c>).</item>
/// <item>Ids written as numeric strings come back as numbers; deck <c>dyn</c> true/false comes back as 1/0.</item>
/// <item>dconf <c>new.ints</c> has only two meaningful values; the third comes back as 0.</item>
/// <item>A filtered deck's <c>separate</c> becomes true; its <c>desc</c>/<c>md</c> are not stored; <c>return</c> is dropped.</item>
/// <item>Deck day counters (<c>lrnToday</c> …) from a day other than the latest one come back as that day with 0.</item>
/// <item>Notetype field/template <c>ord</c> is the position.</item>
/// <item>A notetype or deck whose name repeats an earlier one (ignoring case) gets '_' appended, as schema 18's unique
///   name index requires (the anki2.0 fixture has two notetypes called "Basic").</item>
/// </list>
/// AnkiSync's private keys (prefix "ankisync") are ignored.
/// </summary>
internal static class LegacyJsonEquivalence
{
    private static readonly Dictionary<string, JsonNode?> AddedDefaults = new()
    {
        ["waitForAudio"] = true,
        ["replayq"] = false,
        ["hardFactor"] = 1.2,
        ["separate"] = true,
    };

    public static List<string> Differences(JsonNode? before, JsonNode? after, string path)
    {
        var differences = new List<string>();
        Compare(before, after, path, differences);
        return differences;
    }

    private static void Compare(JsonNode? before, JsonNode? after, string path, List<string> differences)
    {
        if (before is JsonObject left && after is JsonObject right)
        {
            CompareObjects(left, right, path, differences);
        }
        else if (before is JsonArray leftArray && after is JsonArray rightArray)
        {
            if (leftArray.Count != rightArray.Count)
            {
                differences.Add($"{path}: {before.ToJsonString()} → {after.ToJsonString()}");
                return;
            }

            for (var i = 0; i < leftArray.Count; i++)
            {
                var expected = leftArray[i];
                if (path.EndsWith(".new.ints") && i == 2)
                {
                    expected = 0;
                }

                Compare(expected, rightArray[i], $"{path}[{i}]", differences);
            }
        }
        else if (!ScalarsEqual(before, after, path))
        {
            differences.Add($"{path}: {before?.ToJsonString() ?? "null"} → {after?.ToJsonString() ?? "missing"}");
        }
    }

    private static void CompareObjects(JsonObject before, JsonObject after, string path, List<string> differences)
    {
        var filteredDeck = IsDeck(path) && Truthy(before["dyn"]);
        foreach (var (key, value) in before)
        {
            if (key.StartsWith("ankisync", StringComparison.Ordinal) || (IsDeck(path) && key == "return"))
            {
                continue;
            }

            if (filteredDeck && (key == "desc" || key == "md" || key == "separate"))
            {
                continue;
            }

            if (!after.ContainsKey(key))
            {
                differences.Add($"{path}.{key}: dropped");
                continue;
            }

            var expected = value;
            if (IsDeck(path) && key.EndsWith("Today") && value is JsonArray counter && counter.Count == 2 && !IsLatestDay(before, counter))
            {
                expected = new JsonArray(after[key]![0]!.DeepClone(), 0);
            }

            if ((path.EndsWith(".flds") || path.EndsWith(".tmpls")) && key == "ord")
            {
                continue;
            }

            if (IsMapEntry(path) && key == "name" && value is JsonValue name && after[key] is JsonValue renamed
                && renamed.ToString() != name.ToString() && renamed.ToString().TrimEnd('_') == name.ToString())
            {
                continue;
            }

            Compare(expected, after[key], $"{path}.{key}", differences);
        }

        foreach (var (key, value) in after)
        {
            if (!before.ContainsKey(key) && !key.StartsWith("ankisync", StringComparison.Ordinal) && !IsDefault(key, value))
            {
                differences.Add($"{path}.{key}: added {value?.ToJsonString()}");
            }
        }
    }

    private static bool IsMapEntry(string path)
        => (path.StartsWith("models.", StringComparison.Ordinal) || path.StartsWith("decks.", StringComparison.Ordinal)) && path.Count(c => c == '.') == 1;

    private static bool IsDeck(string path) => path.StartsWith("decks.", StringComparison.Ordinal) && path.Count(c => c == '.') == 1;

    private static bool IsLatestDay(JsonObject deck, JsonArray counter)
    {
        var latest = new[] { "timeToday", "newToday", "revToday" }
            .Select(k => deck[k] is JsonArray a && a.Count == 2 ? Number(a[0]) ?? 0 : 0)
            .Max();
        return Number(counter[0]) == latest;
    }

    private static bool IsDefault(string key, JsonNode? value)
    {
        if (AddedDefaults.TryGetValue(key, out var expected) && JsonNode.DeepEquals(expected, value))
        {
            return true;
        }

        return value switch
        {
            null => true,
            JsonArray array => array.Count == 0,
            JsonObject obj => obj.Count == 0,
            JsonValue scalar => scalar.GetValueKind() switch
            {
                JsonValueKind.False => true,
                JsonValueKind.String => scalar.GetValue<string>().Length == 0,
                JsonValueKind.Number => Number(scalar) == 0,
                _ => false,
            },
            _ => false,
        };
    }

    private static bool ScalarsEqual(JsonNode? before, JsonNode? after, string path)
    {
        if (before == null || after == null)
        {
            return before == null && after == null;
        }

        var left = Number(before) ?? BoolAsNumber(before, path);
        var right = Number(after) ?? BoolAsNumber(after, path);
        if (left.HasValue && right.HasValue)
        {
            return left.Value == right.Value;
        }

        return JsonNode.DeepEquals(before, after);
    }

    /// <summary>Numbers, and numeric strings where Anki reads a number (ids).</summary>
    private static double? Number(JsonNode? node)
    {
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.Number:
                    return double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
                case JsonValueKind.String when double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                    return parsed;
            }
        }

        return null;
    }

    private static double? BoolAsNumber(JsonNode node, string path)
        => path.EndsWith(".dyn") && node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? (value.GetValue<bool>() ? 1 : 0)
            : null;

    private static bool Truthy(JsonNode? node)
        => node is JsonValue value && (value.GetValueKind() == JsonValueKind.True || (value.GetValueKind() == JsonValueKind.Number && Number(value) == 1));
}
