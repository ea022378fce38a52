using System;
using System.Text.Json.Nodes;
using AnkiSync.Collection;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// Deck options presets in the <c>dconf</c> JSON: read with Anki's defaults for what is missing, found by name,
/// checked against the bounds Anki's options screen keeps (rslib <c>ensure_deck_config_values_valid</c>) and changed
/// in place with every other key kept.
/// </summary>
public class DeckConfigsTests
{
    private static JsonObject Preset(string json = "{}") => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void APresetReadsItsSettingsAndTheNormalDecksUsingIt()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "a", "b" }, Deck = "b::Two" });
        package.AddNote(new NoteInput { Values = new[] { "c", "d" }, Deck = "A one" });
        var config = Preset("""
            { "id": 1, "name": "Default", "new": { "perDay": 15, "delays": [1, 10.5, "x"], "initialFactor": 2300 },
              "rev": { "perDay": 150, "maxIvl": 3650 }, "lapse": { "delays": [20] } }
            """);
        var preset = DeckConfigs.ToPublic(config, package);
        Assert.Equal((1L, "Default", 15, 150, 3650, 2.3), (preset.Id, preset.Name, preset.NewPerDay, preset.ReviewsPerDay, preset.MaximumInterval, preset.StartingEase));
        Assert.Equal(new[] { 1.0, 10.5 }, preset.LearningSteps);
        Assert.Equal(new[] { 20.0 }, preset.RelearningSteps);
        Assert.Equal(new[] { "A one", "b", "b::Two", "Default" }, preset.Decks);
        Assert.Same(package, preset.Package);
    }

    [Fact]
    public void MissingSectionsReadAsAnkisDefaults()
    {
        using var package = AnkiPackage.Create();
        var preset = DeckConfigs.ToPublic(Preset("""{ "id": 7, "name": "Bare", "new": [1], "rev": "x" }"""), package);
        Assert.Equal((20, 200, 36500, 2.5), (preset.NewPerDay, preset.ReviewsPerDay, preset.MaximumInterval, preset.StartingEase));
        Assert.Empty(preset.LearningSteps);
        Assert.Empty(preset.RelearningSteps);
        Assert.Empty(preset.Decks); // no deck uses preset 7
    }

    [Fact]
    public void AnExactNameWinsOverOneInAnotherCase()
    {
        using var package = AnkiPackage.Create();
        var json = package.State.Json;
        json.DeckConfigs["2"] = Preset("""{ "id": 2, "name": "spanish" }""");
        json.DeckConfigs["3"] = Preset("""{ "id": 3, "name": "Spanish" }""");
        json.DeckConfigs["4"] = JsonValue.Create(5);
        Assert.Equal(3L, CollectionJson.ReadLong(DeckConfigs.Find(json, "Spanish")!["id"]));
        Assert.Equal(2L, CollectionJson.ReadLong(DeckConfigs.Find(json, "SPANISH")!["id"]));
        Assert.Equal(1L, CollectionJson.ReadLong(DeckConfigs.Find(json, "default")!["id"]));
        Assert.Null(DeckConfigs.Find(json, "French"));

        var error = DeckConfigs.NotFound(json, "French");
        Assert.Equal("DeckConfigNotFound", error.Reason);
        Assert.Equal("There is no deck options preset named 'French'. The presets are: 'Default', 'spanish', 'Spanish'. Create one with New-AnkiDeckConfig.", error.Message);
    }

    public static TheoryData<DeckConfigChange> Allowed() => new()
    {
        new DeckConfigChange(),
        new DeckConfigChange { NewPerDay = 0, ReviewsPerDay = 0, MaximumInterval = 1, StartingEase = 1.31 },
        new DeckConfigChange { NewPerDay = 9999, ReviewsPerDay = 9999, MaximumInterval = 36500, StartingEase = 5.0 },
        new DeckConfigChange { LearningSteps = new[] { 0.5, 65535 * 60.0 }, RelearningSteps = Array.Empty<double>() },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void ValuesAtTheBoundsAreKept(DeckConfigChange change) => DeckConfigs.Validate(change);

    public static TheoryData<DeckConfigChange, string> Refused() => new()
    {
        { new DeckConfigChange { NewPerDay = -1 }, "NewPerDay must be between 0 and 9999, not -1." },
        { new DeckConfigChange { NewPerDay = 10000 }, "NewPerDay must be between 0 and 9999, not 10000." },
        { new DeckConfigChange { ReviewsPerDay = -1 }, "ReviewsPerDay must be between 0 and 9999, not -1." },
        { new DeckConfigChange { ReviewsPerDay = 10000 }, "ReviewsPerDay must be between 0 and 9999, not 10000." },
        { new DeckConfigChange { MaximumInterval = 0 }, "MaximumInterval must be between 1 and 36500, not 0." },
        { new DeckConfigChange { MaximumInterval = 36501 }, "MaximumInterval must be between 1 and 36500, not 36501." },
        { new DeckConfigChange { StartingEase = 1.3 }, "StartingEase must be between 1.31 and 5 (2.5 is 250%), not 1.3." },
        { new DeckConfigChange { StartingEase = 5.01 }, "StartingEase must be between 1.31 and 5 (2.5 is 250%), not 5.01." },
        { new DeckConfigChange { StartingEase = double.NaN }, "StartingEase must be between 1.31 and 5 (2.5 is 250%), not NaN." },
        { new DeckConfigChange { LearningSteps = new[] { 1.0, 0 } }, "LearningSteps are minutes above 0 (e.g. 1, 10 or 1440 for a day), not 0." },
        { new DeckConfigChange { LearningSteps = new[] { -5.0 } }, "LearningSteps are minutes above 0 (e.g. 1, 10 or 1440 for a day), not -5." },
        { new DeckConfigChange { RelearningSteps = new[] { double.NaN } }, "RelearningSteps are minutes above 0 (e.g. 1, 10 or 1440 for a day), not NaN." },
        { new DeckConfigChange { RelearningSteps = new[] { double.PositiveInfinity } }, "RelearningSteps are minutes above 0 (e.g. 1, 10 or 1440 for a day), not Infinity." },
        { new DeckConfigChange { RelearningSteps = new[] { (65535 * 60.0) + 1 } }, "RelearningSteps are minutes above 0 (e.g. 1, 10 or 1440 for a day), not 3932101." },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void ValuesAnkiWouldNotKeepAreRefused(DeckConfigChange change, string message)
    {
        var error = Assert.Throws<AnkiException>(() => DeckConfigs.Validate(change));
        Assert.Equal("InvalidDeckConfig", error.Reason);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void ApplyChangesOnlyWhatDiffersAndKeepsOtherKeys()
    {
        var config = Preset("""
            { "id": 1, "name": "Default", "other": true,
              "new": { "perDay": 20, "delays": [1, 10], "initialFactor": 2500, "bury": false },
              "rev": { "perDay": 200, "maxIvl": 36500 }, "lapse": { "delays": [10] } }
            """);
        Assert.False(DeckConfigs.Apply(config, new DeckConfigChange()));
        Assert.False(DeckConfigs.Apply(config, new DeckConfigChange { NewPerDay = 20, ReviewsPerDay = 200, MaximumInterval = 36500, StartingEase = 2.5, LearningSteps = new[] { 1.0, 10 }, RelearningSteps = new[] { 10.0 } }));

        Assert.True(DeckConfigs.Apply(config, new DeckConfigChange { NewPerDay = 5 }));
        Assert.True(DeckConfigs.Apply(config, new DeckConfigChange { ReviewsPerDay = 50 }));
        Assert.True(DeckConfigs.Apply(config, new DeckConfigChange { MaximumInterval = 365 }));
        Assert.True(DeckConfigs.Apply(config, new DeckConfigChange { StartingEase = 2.3149 }));
        Assert.True(DeckConfigs.Apply(config, new DeckConfigChange { LearningSteps = new[] { 2.0 } }));
        Assert.True(DeckConfigs.Apply(config, new DeckConfigChange { RelearningSteps = Array.Empty<double>() }));
        Assert.Equal(
            """{"id":1,"name":"Default","other":true,"new":{"perDay":5,"delays":[2],"initialFactor":2315,"bury":false},"rev":{"perDay":50,"maxIvl":365},"lapse":{"delays":[]}}""",
            CollectionJson.Write(config));
    }

    [Fact]
    public void AMalformedSectionIsRewrittenFromAnkisDefaultsBeforeTheChange()
    {
        var config = Preset("""{ "id": 1, "name": "Default", "new": [1, 2], "rev": { "perDay": "200" } }""");
        Assert.True(DeckConfigs.Apply(config, new DeckConfigChange { NewPerDay = 9 }));
        var newCards = config["new"]!.AsObject();
        Assert.Equal(9L, CollectionJson.ReadLong(newCards["perDay"]));
        Assert.Equal(2500L, CollectionJson.ReadLong(newCards["initialFactor"]));
        Assert.Equal(2, newCards["delays"]!.AsArray().Count);

        // A number stored as text reads as that number: the same value changes nothing, another is written as a number.
        Assert.False(DeckConfigs.Apply(config, new DeckConfigChange { ReviewsPerDay = 200 }));
        Assert.True(DeckConfigs.Apply(config, new DeckConfigChange { ReviewsPerDay = 201 }));
        Assert.Equal("{\"perDay\":201}", CollectionJson.Write(config["rev"]!));
        Assert.Null(config["lapse"]);
    }
}
