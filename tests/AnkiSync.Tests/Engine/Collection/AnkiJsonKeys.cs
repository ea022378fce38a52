using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// The keys modern Anki requires in each schema-11 <c>col</c> JSON object (ANKI-FORMAT.md A3: the
/// serde fields without a default), and JSON comparison helpers for the collection tests.
/// </summary>
internal static class AnkiJsonKeys
{
    public static readonly string[] NoteType = { "id", "name", "type", "mod", "usn", "sortf", "did", "tmpls", "flds", "css" };

    public static readonly string[] Field = { "name", "sticky", "rtl", "font", "size" };

    public static readonly string[] Template = { "name", "qfmt" };

    public static readonly string[] NormalDeck =
        { "id", "name", "usn", "collapsed", "dyn", "conf", "lrnToday", "revToday", "newToday", "timeToday" };

    public static readonly string[] DeckConfig = { "id", "mod", "name", "usn", "maxTaken", "autoplay", "timer", "new", "rev", "lapse" };

    public static readonly string[] NewCards = { "delays", "initialFactor", "ints", "order", "perDay" };

    public static readonly string[] Reviews = { "ease4", "ivlFct", "maxIvl", "perDay" };

    public static readonly string[] Lapses = { "delays", "leechAction", "leechFails", "minInt", "mult" };

    public static IReadOnlyCollection<string> KeysOf(JsonNode? node) => node!.AsObject().Select(p => p.Key).ToList();

    public static void AssertHasKeys(JsonNode? node, IEnumerable<string> keys, string what)
    {
        var present = KeysOf(node);
        var missing = keys.Where(k => !present.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"{what} lacks required key(s): {string.Join(", ", missing)}");
    }

    /// <summary>The keys of <paramref name="reference"/> that <paramref name="ours"/> lacks.</summary>
    public static List<string> MissingKeys(JsonNode? ours, JsonNode? reference, params string[] ignored)
        => KeysOf(reference).Except(KeysOf(ours)).Except(ignored).ToList();

    /// <summary>Deep equality where numbers compare by value (Anki writes 1.0 where we write 1).</summary>
    public static bool SameValue(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        switch (a)
        {
            case JsonObject objectA when b is JsonObject objectB:
                return objectA.Count == objectB.Count
                    && objectA.All(p => objectB.ContainsKey(p.Key) && SameValue(p.Value, objectB[p.Key]));
            case JsonArray arrayA when b is JsonArray arrayB:
                return arrayA.Count == arrayB.Count && arrayA.Zip(arrayB, SameValue).All(same => same);
            case JsonValue valueA when b is JsonValue valueB:
                var elementA = JsonSerializer.SerializeToElement(valueA);
                var elementB = JsonSerializer.SerializeToElement(valueB);
                if (elementA.ValueKind == JsonValueKind.Number && elementB.ValueKind == JsonValueKind.Number)
                {
                    return elementA.GetDecimal() == elementB.GetDecimal();
                }

                return elementA.ValueKind == elementB.ValueKind && elementA.GetRawText() == elementB.GetRawText();
            default:
                return false;
        }
    }
}
