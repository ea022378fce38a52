using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AnkiSync.Schema18;
using AnkiSync.Storage;

namespace AnkiSync.Tests.Engine.Schema18;

/// <summary>Schema 11 → 18 (the Latest export path), and 11 → 18 → 11.</summary>
public class SchemaUpgradeTests
{
    public static IEnumerable<object[]> Schema11Collections()
    {
        yield return new object[] { "anki2.1.1x-bare-schema11-two-decks-revlog.anki2", "" };
        yield return new object[] { "anki2.1.2x-bare-schema11-media-refs.anki2", "" };
        yield return new object[] { "ankidroid2.12.1-bare-schema11-empty.anki2", "" };
        yield return new object[] { "anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg", "collection.anki2" };
        yield return new object[] { "anki2.0-legacy-apkg-basic-1note.apkg", "collection.anki2" };
        yield return new object[] { "genanki-legacy-apkg-japanese-kanji-165notes.apkg", "collection.anki2" };
        yield return new object[] { "anki-apkg-export-js-legacy-apkg-image.apkg", "collection.anki2" };
        yield return new object[] { "anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg", "collection.anki21" };
        yield return new object[] { "anki2.1.50plus-legacy2-apkg-anki21-stub-spanish.apkg", "collection.anki21" };
        yield return new object[] { "anki2.1.1x-colpkg-anki21-stub-all-stock-notetypes-media.colpkg", "collection.anki21" };
        yield return new object[] { "ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg", "collection.anki2" };
    }

    private static Schema18Files Open(string fixture, string entry)
        => entry.Length == 0 ? Schema18Files.CopyOf(fixture) : Schema18Files.FromLegacyPackage(fixture, entry);

    [Theory]
    [MemberData(nameof(Schema11Collections))]
    public void Schema11ComesBackEquivalentAfterAnUpgradeAndDowngrade(string fixture, string entry)
    {
        using var files = Open(fixture, entry);
        using var db = files.Open();
        Assert.Equal(11, SchemaConverter.ReadVersion(db));
        var before = ColJson(db);
        var counts = SchemaRoundTripTests.RowCounts(db);

        SchemaConverter.UpgradeToSchema18(db);
        Assert.Equal(18, SchemaConverter.ReadVersion(db));
        Assert.Equal("ok", db.Scalar("pragma integrity_check"));
        SchemaConverter.DowngradeToSchema11(db);
        Assert.Equal(11, SchemaConverter.ReadVersion(db));
        Assert.Equal("ok", db.Scalar("pragma integrity_check"));

        var after = ColJson(db);
        var differences = new List<string>();
        foreach (var (column, json) in before)
        {
            differences.AddRange(LegacyJsonEquivalence.Differences(json, after[column], column));
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.Equal(counts, SchemaRoundTripTests.RowCounts(db));
    }

    private static Dictionary<string, JsonNode?> ColJson(AnkiDatabase db)
        => new[] { "conf", "models", "decks", "dconf", "tags" }
            .ToDictionary(c => c, c => JsonNode.Parse((string)db.Scalar($"select {c} from col")!));
}
