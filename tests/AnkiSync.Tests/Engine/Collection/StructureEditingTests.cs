using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// Decks, presets and note types changed through <see cref="CollectionEditor"/> on a package built here (no corpus):
/// what each change stores, what it refuses and with which message, and that a change counts only once committed.
/// </summary>
public class StructureEditingTests
{
    /// <summary>Decks Lang and Lang::Spanish (one Basic note in the subdeck), a preset Slow, a note type Vocab.</summary>
    private static AnkiPackage Package()
    {
        var package = AnkiPackage.Create();
        package.AddDeck("Lang::Spanish", "words");
        package.AddNote(new NoteInput { Deck = "Lang::Spanish", Values = new[] { "hola", "hello" } });
        using (var editor = package.BeginCollectionEdit())
        {
            editor.AddDeckConfig("Slow", new DeckConfigChange { NewPerDay = 5 });
            editor.Complete();
        }

        package.AddNoteType("Vocab", new[] { "Word", "Meaning", "Example" },
            new[] { new TemplateDefinition("Recognise", "{{Word}}", "{{Meaning}}"), new TemplateDefinition("Recall", "{{Meaning}}", "{{Word}}") });
        package.AddNote(new NoteInput { NoteType = "Vocab", Deck = "Lang", Values = new[] { "<b>perro</b>", "dog", "el perro" } });
        package.State.MarkSaved();
        return package;
    }

    /// <summary>Everything a structure change can touch, as the package's cached state reports it.</summary>
    private static string Snapshot(AnkiPackage package)
        => string.Join("\n", package.GetDecks().OrderBy(d => d.Id).Select(d => $"deck {d.Id} {d.Name} '{d.Description}' {d.IsFiltered}"))
           + "\n" + string.Join("\n", package.GetDeckConfigs().OrderBy(c => c.Id).Select(c => $"preset {c.Id} {c.Name} {c.NewPerDay} {string.Join("/", c.Decks)}"))
           + "\n" + string.Join("\n", package.GetNoteTypes().OrderBy(t => t.Id).Select(t => $"type {t.Id} {t.Name} {string.Join("/", t.Fields)} {string.Join("/", t.Templates.Select(x => x.Name + ":" + x.Front))} {t.SortField}"))
           + $"\nnotes {package.NoteCount} cards {package.CardCount}";

    /// <summary>The stored JSON of the deck named <paramref name="name"/> in the package's cached state.</summary>
    internal static JsonObject DeckJson(AnkiPackage package, string name)
        => package.Json.Decks.Select(p => (JsonObject)p.Value!).Single(d => (string?)d["name"] == name);

    private static JsonObject PresetJson(AnkiPackage package, string name)
        => package.Json.DeckConfigs.Select(p => (JsonObject)p.Value!).Single(c => (string?)c["name"] == name);

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Each kind of structure change, as a change that really changes something.</summary>
    public static IEnumerable<object[]> Changes() => new[]
    {
        "RenameDeck", "RemoveDeck", "SetDeck", "AddDeckConfig", "SetDeckConfig", "EditNoteType", "RemoveNoteType",
    }.Select(c => new object[] { c });

    private static void Make(CollectionEditor editor, string change)
    {
        switch (change)
        {
            case "RenameDeck":
                editor.RenameDeck("Lang", "Languages");
                break;
            case "RemoveDeck":
                editor.RemoveDeck("Lang::Spanish");
                break;
            case "SetDeck":
                editor.SetDeck("Lang", "all languages", null);
                break;
            case "AddDeckConfig":
                editor.AddDeckConfig("Fast", new DeckConfigChange { NewPerDay = 50 });
                break;
            case "SetDeckConfig":
                editor.SetDeckConfig("Slow", new DeckConfigChange { NewPerDay = 3 });
                break;
            case "EditNoteType":
                editor.EditNoteType("Vocab", new NoteTypeChange { AddFields = new[] { "Notes" } }, out _);
                break;
            case "RemoveNoteType":
                editor.RemoveNoteType("Vocab");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change));
        }
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void AChangeRolledBackLeavesThePackageAsItWasAndUnmodified(string change)
    {
        using var package = Package();
        string before = Snapshot(package);
        using (var editor = package.BeginCollectionEdit())
        {
            Make(editor, change);
            Assert.NotEqual(before, Snapshot(package));
        }

        Assert.Equal(before, Snapshot(package));
        Assert.False(package.IsModified);
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void AChangeCommittedMarksThePackageModifiedAndTheEditorTakesNoMore(string change)
    {
        using var package = Package();
        string before = Snapshot(package);
        using var editor = package.BeginCollectionEdit();
        Make(editor, change);
        editor.Complete();
        Assert.True(package.IsModified);
        Assert.NotEqual(before, Snapshot(package));
        foreach (string next in Changes().Select(c => (string)c[0]))
        {
            Assert.Equal("BatchFinished", Assert.Throws<AnkiException>(() => Make(editor, next)).Reason);
        }
    }

    [Fact]
    public void ChangesToWhatIsAlreadyThereChangeNothing()
    {
        using var package = Package();
        DeckJson(package, "Lang")["mod"] = 5;
        PresetJson(package, "Slow")["mod"] = 5;
        using (var editor = package.BeginCollectionEdit())
        {
            editor.RenameDeck("Lang", "Lang");
            editor.SetDeck("Lang", null, null);
            editor.SetDeck("Lang::Spanish", "words", null);
            editor.SetDeck("Lang", "", "Default");
            editor.SetDeckConfig("Slow", new DeckConfigChange { NewPerDay = 5 });
            var unchanged = editor.EditNoteType("Vocab", new NoteTypeChange(), out var summary);
            Assert.Equal(new[] { "Word", "Meaning", "Example" }, unchanged.Fields);
            Assert.Equal((0, 0, 0, false), (summary.NotesChanged, summary.CardsAdded, summary.CardsRemoved, summary.SchemaChanged));
            editor.Complete();
        }

        Assert.False(package.IsModified);
        Assert.Equal(5, CollectionJson.ReadLong(DeckJson(package, "Lang")["mod"]));
        Assert.Equal(5, CollectionJson.ReadLong(PresetJson(package, "Slow")["mod"]));
    }

    [Fact]
    public void ARenameRefusalNamesTheDeckInTheWay()
    {
        using var package = Package();
        package.AddDeck("French");
        using var editor = package.BeginCollectionEdit();
        var taken = Assert.Throws<AnkiException>(() => editor.RenameDeck("Lang", "FRENCH"));
        Assert.Equal(("DeckExists", "The package already has a deck named 'French'."), (taken.Reason, taken.Message));
        var own = Assert.Throws<AnkiException>(() => editor.RenameDeck("Lang", "lang::Spanish::Lang"));
        Assert.Equal(("InvalidDeckName", "The deck 'Lang' cannot be moved into its own subdeck 'lang::Spanish::Lang'."), (own.Reason, own.Message));
        var missing = Assert.Throws<AnkiException>(() => editor.RenameDeck("Nope", "X"));
        Assert.Equal(("DeckNotFound", "There is no deck named 'Nope'."), (missing.Reason, missing.Message));
    }

    [Fact]
    public void ARenameUnderMissingParentsCreatesThemBelowTheClosestExistingOneInItsSpelling()
    {
        using var package = Package();
        package.AddDeck("Top");
        DeckJson(package, "Top")["usn"] = 0;
        long start = Now();
        using (var editor = package.BeginCollectionEdit())
        {
            Assert.Equal("Top::Mid::Low::Languages", editor.RenameDeck("Lang", "top::Mid::Low::Languages").Name);
            editor.Complete();
        }

        var names = package.GetDecks().Select(d => d.Name).ToList();
        Assert.Contains("Top::Mid", names);
        Assert.Contains("Top::Mid::Low", names);
        Assert.Contains("Top::Mid::Low::Languages::Spanish", names);
        Assert.DoesNotContain(names, n => n.StartsWith("Lang", StringComparison.Ordinal) || n.StartsWith("top", StringComparison.Ordinal));
        foreach (string name in new[] { "Top::Mid", "Top::Mid::Low", "Top::Mid::Low::Languages", "Top::Mid::Low::Languages::Spanish" })
        {
            Assert.Equal(-1, CollectionJson.ReadLong(DeckJson(package, name)["usn"]));
            Assert.True(CollectionJson.ReadLong(DeckJson(package, name)["mod"]) >= start, name);
        }

        Assert.Equal(0, CollectionJson.ReadLong(DeckJson(package, "Top")["usn"]));
    }

    /// <summary>Adds <paramref name="name"/> as an empty filtered deck (the engine makes none itself); returns its id.</summary>
    internal static long AddFilteredDeck(AnkiPackage package, string name)
    {
        long id = package.AddDeck(name).Id;
        DeckJson(package, name)["dyn"] = 1;
        package.State.SaveJson();
        return id;
    }

    /// <summary>Makes <paramref name="name"/> a filtered deck holding every card of <paramref name="home"/>, as Anki's build does.</summary>
    private static long Filter(AnkiPackage package, string name, string home)
    {
        long id = AddFilteredDeck(package, name);
        long homeId = package.GetDecks().Single(d => d.Name == home).Id;
        package.Db.Execute("update cards set odid = did, odue = due, did = $id, due = -100000 + id % 1000, queue = 0 where did = $home", ("$id", id), ("$home", homeId));
        return id;
    }

    [Fact]
    public void NothingGoesUnderAFilteredDeck()
    {
        using var package = Package();
        Filter(package, "Cram", "Lang");
        using var editor = package.BeginCollectionEdit();
        var under = Assert.Throws<AnkiException>(() => editor.RenameDeck("Lang::Spanish", "cram::Spanish"));
        Assert.Equal(("InvalidDeckName", "A deck cannot go under the filtered deck 'Cram': filtered decks have no subdecks."), (under.Reason, under.Message));
        var preset = Assert.Throws<AnkiException>(() => editor.SetDeck("cram", null, "Slow"));
        Assert.Equal(("FilteredDeck", "The deck 'Cram' is a filtered deck, which has no options preset."), (preset.Reason, preset.Message));
        Assert.Equal("Cram", editor.SetDeck("Cram", "for the exam", null).Name);
    }

    [Fact]
    public void RemovingAFilteredDeckSendsItsCardsHome()
    {
        using var package = Package();
        long due = package.Db.ScalarLong("select due from cards where did = (select did from cards limit 1) and nid = (select id from notes where flds like 'perro%' or flds like '<b>perro%') order by ord limit 1");
        long filtered = Filter(package, "Cram", "Lang");
        long start = Now();
        StructureChangeSummary summary;
        using (var editor = package.BeginCollectionEdit())
        {
            summary = editor.RemoveDeck("Cram");
            editor.Complete();
        }

        Assert.Equal((1, 0, 0), (summary.DecksRemoved, summary.CardsRemoved, summary.NotesRemoved));
        long lang = package.GetDecks().Single(d => d.Name == "Lang").Id;
        Assert.Equal(2, package.Db.ScalarLong("select count(*) from cards where did = $lang and odid = 0 and odue = 0 and queue = 0 and usn = -1 and mod >= $start", ("$lang", lang), ("$start", start)));
        Assert.Equal(due, package.Db.ScalarLong("select min(due) from cards where did = $lang", ("$lang", lang)));
        Assert.Equal(1, package.Db.ScalarLong("select count(*) from graves where oid = $id and type = 2 and usn = -1", ("$id", filtered)));
        Assert.Equal(0, package.Db.ScalarLong("select count(*) from graves where type <> 2"));
    }

    [Fact]
    public void RemovingADeckForgetsItsNameAndItsSettings()
    {
        using var package = Package();
        long spanish = package.GetDecks().Single(d => d.Name == "Lang::Spanish").Id;
        package.Json.Conf[$"_deck_{spanish}_lastNotetype"] = 1;
        package.Json.Conf["_deck_1_lastNotetype"] = 1;
        using (var editor = package.BeginCollectionEdit())
        {
            var summary = editor.RemoveDeck("lang::spanish");
            Assert.Equal((1, 1, 1), (summary.DecksRemoved, summary.CardsRemoved, summary.NotesRemoved));
            Assert.Equal("DeckNotFound", Assert.Throws<AnkiException>(() => editor.SetDeck("Lang::Spanish", "x", null)).Reason);
            Assert.Equal("Lang::Spanish", editor.RenameDeck("Lang", "Lang2").Name.Replace("Lang2", "Lang::Spanish", StringComparison.Ordinal));
            editor.Complete();
        }

        Assert.False(package.Json.Conf.ContainsKey($"_deck_{spanish}_lastNotetype"));
        Assert.True(package.Json.Conf.ContainsKey("_deck_1_lastNotetype"));
        Assert.Equal(new[] { "Default", "Lang2" }, package.GetDecks().Select(d => d.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheDefaultDeckIsRefusedAloneAndInsideAnotherDeck()
    {
        using var package = Package();
        using var editor = package.BeginCollectionEdit();
        var alone = Assert.Throws<AnkiException>(() => editor.RemoveDeck("Default"));
        Assert.Equal(("DefaultDeckRequired", "The Default deck (id 1) cannot be removed: Anki requires it. Remove its cards with Remove-AnkiNote instead."), (alone.Reason, alone.Message));
        editor.RenameDeck("Default", "Lang::Default");
        var inside = Assert.Throws<AnkiException>(() => editor.RemoveDeck("Lang"));
        Assert.Equal(("DefaultDeckRequired", "The deck 'Lang' holds the Default deck (id 1), which Anki requires; it cannot be removed."), (inside.Reason, inside.Message));
    }

    [Fact]
    public void SetDeckChangesOnlyWhatItIsGiven()
    {
        using var package = Package();
        long slow = package.GetDeckConfigs().Single(c => c.Name == "Slow").Id;
        long start = Now();
        using (var editor = package.BeginCollectionEdit())
        {
            editor.SetDeck("Lang", "all languages", null);
            editor.SetDeck("Lang::Spanish", null, "slow");
            editor.Complete();
        }

        Assert.True(package.IsModified);
        var lang = DeckJson(package, "Lang");
        var spanish = DeckJson(package, "Lang::Spanish");
        Assert.Equal(("all languages", 1L, -1L), ((string?)lang["desc"], CollectionJson.ReadLong(lang["conf"]), CollectionJson.ReadLong(lang["usn"])));
        Assert.Equal(("words", slow, -1L), ((string?)spanish["desc"], CollectionJson.ReadLong(spanish["conf"]), CollectionJson.ReadLong(spanish["usn"])));
        Assert.True(CollectionJson.ReadLong(spanish["mod"]) >= start);
    }

    [Fact]
    public void APresetIsRefusedWithoutANameOrWithOneTaken()
    {
        using var package = Package();
        using var editor = package.BeginCollectionEdit();
        var empty = Assert.Throws<AnkiException>(() => editor.AddDeckConfig("  ", new DeckConfigChange()));
        Assert.Equal(("InvalidDeckConfig", "A deck options preset needs a name."), (empty.Reason, empty.Message));
        Assert.Equal("InvalidDeckConfig", Assert.Throws<AnkiException>(() => editor.AddDeckConfig(null!, new DeckConfigChange())).Reason);
        var taken = Assert.Throws<AnkiException>(() => editor.AddDeckConfig(" slow ", new DeckConfigChange()));
        Assert.Equal(("DeckConfigExists", "The package already has a deck options preset named 'slow'."), (taken.Reason, taken.Message));
        Assert.Equal("Fast", editor.AddDeckConfig(" Fast ", new DeckConfigChange()).Name);
    }

    [Fact]
    public void ANewPresetTakesTheNextFreeIdAfterItsNamesAndIsUnsynced()
    {
        using var package = Package();
        long id = StableIds.DeckConfigId("Fast");
        // Another preset already holds the id the name derives to (a collection made elsewhere).
        var squatter = (JsonObject)JsonNode.Parse(PresetJson(package, "Slow").ToJsonString())!;
        squatter["id"] = id;
        squatter["name"] = "Squatter";
        package.Json.DeckConfigs[id.ToString(CultureInfo.InvariantCulture)] = squatter;
        AnkiDeckConfig fast;
        using (var editor = package.BeginCollectionEdit())
        {
            fast = editor.AddDeckConfig("Fast", new DeckConfigChange { NewPerDay = 40 });
            editor.Complete();
        }

        Assert.Equal(id + 1, fast.Id);
        var stored = PresetJson(package, "Fast");
        Assert.Equal((id + 1, -1L, 40L), (CollectionJson.ReadLong(stored["id"]), CollectionJson.ReadLong(stored["usn"]), CollectionJson.ReadLong(stored["new"]!["perDay"])));
        Assert.Equal(StableIds.DeckConfigId("Slow"), package.GetDeckConfigs().Single(c => c.Name == "Slow").Id);
    }

    [Fact]
    public void AChangedPresetIsStampedAndUnsynced()
    {
        using var package = Package();
        PresetJson(package, "Slow")["usn"] = 3;
        long start = Now();
        using (var editor = package.BeginCollectionEdit())
        {
            Assert.Equal(8, editor.SetDeckConfig("Slow", new DeckConfigChange { NewPerDay = 8 }).NewPerDay);
            editor.Complete();
        }

        var stored = PresetJson(package, "Slow");
        Assert.Equal((8L, -1L), (CollectionJson.ReadLong(stored["new"]!["perDay"]), CollectionJson.ReadLong(stored["usn"])));
        Assert.True(CollectionJson.ReadLong(stored["mod"]) >= start);
    }

    [Theory]
    [InlineData("sort field", false)]
    [InlineData("template added", false)]
    [InlineData("field order", false)]
    [InlineData("styling", true)]
    public void ANoteTypeChangeIsASchemaChangeUnlessOnlyItsStylingChanges(string what, bool stylingOnly)
    {
        using var package = Package();
        var change = what switch
        {
            "sort field" => new NoteTypeChange { SortField = "Meaning" },
            "template added" => new NoteTypeChange { AddTemplates = new[] { new TemplateDefinition("Use", "{{Example}}", "{{Word}}") } },
            "field order" => new NoteTypeChange { FieldOrder = new[] { "Meaning", "Word", "Example" } },
            _ => new NoteTypeChange { Css = ".card { color: red }" },
        };
        long start = Now();
        using (var editor = package.BeginCollectionEdit())
        {
            editor.EditNoteType("Vocab", change, out var summary);
            Assert.Equal(!stylingOnly, summary.SchemaChanged);
            Assert.Equal(!stylingOnly, editor.SchemaChanged);
            editor.Complete();
        }

        var stored = package.Json.Models.Select(p => (JsonObject)p.Value!).Single(m => (string?)m["name"] == "Vocab");
        Assert.Equal(-1, CollectionJson.ReadLong(stored["usn"]));
        Assert.True(CollectionJson.ReadLong(stored["mod"]) >= start);
        Assert.True(package.IsModified);
    }

    [Fact]
    public void TemplatesReorderedAndRemovedTakeTheirCardsAlong()
    {
        using var package = Package();
        long note = package.Db.ScalarLong("select id from notes where flds like '%perro%'");
        long recall = package.Db.ScalarLong("select id from cards where nid = $n and ord = 1", ("$n", note));
        long recognise = package.Db.ScalarLong("select id from cards where nid = $n and ord = 0", ("$n", note));
        long start = Now();
        using (var editor = package.BeginCollectionEdit())
        {
            editor.EditNoteType("Vocab", new NoteTypeChange { TemplateOrder = new[] { "Recall", "Recognise" } }, out var moved);
            Assert.True(moved.SchemaChanged);
            editor.Complete();
        }

        Assert.Equal(0, package.Db.ScalarLong("select ord from cards where id = $id and usn = -1 and mod >= $start", ("$id", recall), ("$start", start)));
        Assert.Equal(1, package.Db.ScalarLong("select ord from cards where id = $id and usn = -1", ("$id", recognise)));
        Assert.Equal(new[] { "Recall", "Recognise" }, package.GetNoteTypes().Single(t => t.Name == "Vocab").Templates.Select(t => t.Name));

        StructureChangeSummary removed;
        using (var editor = package.BeginCollectionEdit())
        {
            editor.EditNoteType("Vocab", new NoteTypeChange { RemoveTemplates = new[] { "Recognise" } }, out removed);
            editor.Complete();
        }

        Assert.Equal(1, removed.CardsRemoved);
        Assert.Equal(new[] { recall }, package.GetCards().Where(c => c.NoteId == note).Select(c => c.Id));
        Assert.Equal(1, package.Db.ScalarLong("select count(*) from graves where oid = $id and type = 0 and usn = -1", ("$id", recognise)));
    }

    [Fact]
    public void RemovingANoteTypeLeavesGravesForgetsItsGuidsAndPicksTheFirstTypeLeftByName()
    {
        using var package = Package();
        package.AddNoteType("alpha", new[] { "A" }, new[] { new TemplateDefinition("Card 1", "{{A}}", "{{A}}") });
        var vocab = package.GetNoteTypes().Single(t => t.Name == "Vocab");
        string guid = package.GetNotes().Single(n => n.NoteTypeId == vocab.Id).Guid;
        package.Json.Conf[$"_nt_{vocab.Id}_lastDeck"] = 1;
        package.Json.Conf["curModel"] = vocab.Id;
        StructureChangeSummary summary;
        using (var editor = package.BeginCollectionEdit())
        {
            summary = editor.RemoveNoteType("vocab");
            var unknown = Assert.Throws<AnkiException>(() => editor.RemoveNoteType("Vocab"));
            Assert.Equal(("UnknownNoteType", "There is no note type named 'Vocab'."), (unknown.Reason, unknown.Message));
            editor.Complete();
        }

        Assert.Equal((0, 2, 1, true), (summary.DecksRemoved, summary.CardsRemoved, summary.NotesRemoved, summary.SchemaChanged));
        Assert.Equal(2, package.Db.ScalarLong("select count(*) from graves where type = 0 and usn = -1"));
        Assert.Equal(1, package.Db.ScalarLong("select count(*) from graves where type = 1 and usn = -1"));
        Assert.False(package.Json.Conf.ContainsKey($"_nt_{vocab.Id}_lastDeck"));
        Assert.Equal(package.GetNoteTypes().Single(t => t.Name == "alpha").Id, CollectionJson.ReadLong(package.Json.Conf["curModel"]));
        // The removed note's guid is free again: a note with it is added, not matched to the removed one.
        package.AddNote(new NoteInput { Guid = guid, Values = new[] { "again", "back" } });
        Assert.Equal(guid, package.GetNotes().Single(n => n.Guid == guid).Guid);
    }

    [Fact]
    public void RemovingTheLastNoteTypeAddsAnkisStockBasic()
    {
        using var package = AnkiPackage.Create();
        package.AddNoteType("alpha", new[] { "A" }, new[] { new TemplateDefinition("Card 1", "{{A}}", "{{A}}") });
        Assert.Equal("alpha", package.GetNoteTypes().Single().Name);
        using (var editor = package.BeginCollectionEdit())
        {
            editor.RemoveNoteType("alpha");
            editor.Complete();
        }

        var left = package.GetNoteTypes().Single();
        Assert.Equal("Basic", left.Name);
        Assert.Equal(new[] { "Front", "Back" }, left.Fields);
        Assert.Equal(left.Id, CollectionJson.ReadLong(package.Json.Conf["curModel"]));
    }
}
