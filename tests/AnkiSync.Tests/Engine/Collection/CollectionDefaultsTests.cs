using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Packages;
using AnkiSync.Tests.Engine.Reading;
using AnkiSync.Tests.Validation;

namespace AnkiSync.Tests.Engine.Collection;

public class CollectionDefaultsTests
{
    [Fact]
    public void ConfHasAnkisNewCollectionDefaults()
    {
        var conf = CollectionDefaults.Conf(-120);

        Assert.Equal("[1]", conf["activeDecks"]!.ToJsonString());
        Assert.Equal(1, (long)conf["curDeck"]!);
        Assert.True(conf.ContainsKey("curModel"));
        Assert.Null(conf["curModel"]);
        Assert.Equal(1, (int)conf["nextPos"]!);
        Assert.Equal(0, (int)conf["newSpread"]!);
        Assert.Equal(1200, (int)conf["collapseTime"]!);
        Assert.Equal(0, (int)conf["timeLim"]!);
        Assert.True((bool)conf["estTimes"]!);
        Assert.True((bool)conf["dueCounts"]!);
        Assert.Equal("noteFld", (string)conf["sortType"]!);
        Assert.False((bool)conf["sortBackwards"]!);
        Assert.True((bool)conf["addToCur"]!);
        Assert.False((bool)conf["dayLearnFirst"]!);
        Assert.Equal(2, (int)conf["schedVer"]!);
        Assert.True((bool)conf["sched2021"]!);
        Assert.Equal(-120, (long)conf["creationOffset"]!);
    }

    [Fact]
    public void DeckHasEveryRequiredKeyAndFreshCounters()
    {
        var deck = CollectionDefaults.Deck(1712345678901, "Languages::Spanish", 1712345678, deckConfigId: 42);

        AnkiJsonKeys.AssertHasKeys(deck, AnkiJsonKeys.NormalDeck, "deck");
        Assert.Equal(1712345678901, (long)deck["id"]!);
        Assert.Equal("Languages::Spanish", (string)deck["name"]!);
        Assert.Equal(1712345678, (long)deck["mod"]!);
        Assert.Equal(0, (int)deck["usn"]!);
        Assert.Equal(42, (long)deck["conf"]!);
        Assert.Equal(0, (int)deck["dyn"]!);
        Assert.False((bool)deck["collapsed"]!);
        Assert.False((bool)deck["browserCollapsed"]!);
        Assert.Equal("", (string)deck["desc"]!);
        Assert.Equal(0, (int)deck["extendNew"]!);
        Assert.Equal(0, (int)deck["extendRev"]!);
        foreach (var key in new[] { "lrnToday", "revToday", "newToday", "timeToday" })
        {
            Assert.Equal("[0,0]", deck[key]!.ToJsonString());
        }

        foreach (var key in new[] { "reviewLimit", "newLimit", "reviewLimitToday", "newLimitToday" })
        {
            Assert.True(deck.ContainsKey(key), key);
            Assert.Null(deck[key]);
        }
    }

    [Fact]
    public void DeckUsesTheDefaultPresetUnlessTold()
    {
        Assert.Equal(1, (long)CollectionDefaults.Deck(1, "Default", 0)["conf"]!);
    }

    [Fact]
    public void DeckConfigHasEveryRequiredKeyAndAnkisDefaults()
    {
        var preset = CollectionDefaults.DeckConfig(1, "Default", 1712345678);

        AnkiJsonKeys.AssertHasKeys(preset, AnkiJsonKeys.DeckConfig, "dconf");
        AnkiJsonKeys.AssertHasKeys(preset["new"], AnkiJsonKeys.NewCards, "dconf.new");
        AnkiJsonKeys.AssertHasKeys(preset["rev"], AnkiJsonKeys.Reviews, "dconf.rev");
        AnkiJsonKeys.AssertHasKeys(preset["lapse"], AnkiJsonKeys.Lapses, "dconf.lapse");

        Assert.Equal(1, (long)preset["id"]!);
        Assert.Equal("Default", (string)preset["name"]!);
        Assert.Equal(1712345678, (long)preset["mod"]!);
        Assert.Equal(60, (int)preset["maxTaken"]!);
        Assert.True((bool)preset["autoplay"]!);
        Assert.Equal(0, (int)preset["timer"]!);
        Assert.True((bool)preset["replayq"]!);
        Assert.False((bool)preset["dyn"]!);

        var newCards = preset["new"]!;
        Assert.Equal(new[] { 1.0, 10.0 }, newCards["delays"]!.AsArray().Select(d => (double)d!));
        Assert.Equal(2500, (int)newCards["initialFactor"]!);
        Assert.Equal("[1,4,0]", newCards["ints"]!.ToJsonString());
        Assert.Equal(1, (int)newCards["order"]!);
        Assert.Equal(20, (int)newCards["perDay"]!);
        Assert.False((bool)newCards["bury"]!);

        var reviews = preset["rev"]!;
        Assert.Equal(1.3, (double)reviews["ease4"]!);
        Assert.Equal(1.0, (double)reviews["ivlFct"]!);
        Assert.Equal(36500, (int)reviews["maxIvl"]!);
        Assert.Equal(200, (int)reviews["perDay"]!);
        Assert.Equal(1.2, (double)reviews["hardFactor"]!);

        var lapses = preset["lapse"]!;
        Assert.Equal(new[] { 10.0 }, lapses["delays"]!.AsArray().Select(d => (double)d!));
        Assert.Equal(1, (int)lapses["leechAction"]!);
        Assert.Equal(8, (int)lapses["leechFails"]!);
        Assert.Equal(1, (int)lapses["minInt"]!);
        Assert.Equal(0.0, (double)lapses["mult"]!);

        Assert.Equal(0.9, (double)preset["desiredRetention"]!);
        Assert.Equal(7, preset["easyDaysPercentages"]!.AsArray().Count);
        Assert.True((bool)preset["waitForAudio"]!);
    }

    [Fact]
    public void AllThreeRoundTripThroughJsonText()
    {
        foreach (var node in new JsonNode[] { CollectionDefaults.Conf(300), CollectionDefaults.Deck(1, "Default", 5), CollectionDefaults.DeckConfig(1, "Default", 5) })
        {
            var text = node.ToJsonString();
            var parsed = JsonNode.Parse(text);
            Assert.True(JsonNode.DeepEquals(node, parsed));
            Assert.Equal(text, parsed!.ToJsonString());
        }
    }

    [Fact]
    public void DeckNamesAreWrittenVerbatim()
    {
        var deck = CollectionDefaults.Deck(5, "Español::Año \"1\"", 0);

        Assert.Equal("Español::Año \"1\"", (string)JsonNode.Parse(deck.ToJsonString())!["name"]!);
    }

    [Fact]
    public void NewCardsGoAfterTheStoredNextPositionEvenWhenTheNewQueueIsEmpty()
    {
        // Anki numbers new cards from conf.nextPos, which only grows: removing the new cards does not give their
        // positions out again (the batch takes the larger of nextPos and the highest new position + 1).
        using var package = AnkiPackage.Create();
        for (int i = 0; i < 3; i++)
        {
            package.AddNote(new NoteInput { NamedValues = new Dictionary<string, string?> { ["Front"] = $"old {i}" } });
        }

        using (var edit = package.BeginNoteEdit())
        {
            foreach (var note in package.GetNotes(new NoteFilter()).ToList())
            {
                edit.Remove(note.Id);
            }

            edit.Complete();
        }

        Assert.Empty(package.GetCards(new CardFilter()));
        package.AddNote(new NoteInput { NamedValues = new Dictionary<string, string?> { ["Front"] = "new" } });
        Assert.Equal(4L, package.GetCards(new CardFilter()).Single().Due);
        using var folder = new ScratchFolder();
        string path = folder.Combine("positions.apkg");
        package.Export(path, PackageVersion.Legacy2);
        AnkiRules.AssertValid(path);
    }
}
