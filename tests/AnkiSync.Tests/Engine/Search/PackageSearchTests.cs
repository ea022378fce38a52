using System;
using System.Linq;
using AnkiSync.Tests.Engine.Collection;

namespace AnkiSync.Tests.Engine.Search;

/// <summary>What a search reads from the package itself: presets of decks, the current deck, the accent preference.</summary>
public class PackageSearchTests
{
    [Fact]
    public void AFilteredDeckHasNoPresetSoPresetFollowsEachCardsHomeDeck()
    {
        using var package = AnkiPackage.Create();
        package.AddDeck("Slow deck");
        using (var editor = package.BeginCollectionEdit())
        {
            editor.AddDeckConfig("Slow", new DeckConfigChange { NewPerDay = 5 });
            editor.SetDeck("Slow deck", null, "Slow");
            editor.Complete();
        }

        var borrowed = package.AddNote(new NoteInput { Deck = "Slow deck", Values = new[] { "borrowed", "" } });
        var home = package.AddNote(new NoteInput { Deck = "Slow deck", Values = new[] { "home", "" } });
        var plain = package.AddNote(new NoteInput { Values = new[] { "plain", "" } });
        long cram = StructureEditingTests.AddFilteredDeck(package, "Cram");
        package.Db.Execute("update cards set odid = did, did = $cram where nid = $nid", ("$cram", cram), ("$nid", borrowed.Id));

        Assert.Equal(new[] { borrowed.Id, home.Id }, Notes(package, "preset:Slow"));
        Assert.Equal(new[] { plain.Id }, Notes(package, "preset:Default"));
    }

    [Fact]
    public void CurrentDeckAndAccentPreferenceComeFromTheCollectionConfig()
    {
        using var package = AnkiPackage.Create();
        var coffee = package.AddNote(new NoteInput { Deck = "Drinks", Values = new[] { "café", "coffee" } });
        var tea = package.AddNote(new NoteInput { Values = new[] { "té", "tea" } });
        long drinks = package.GetDecks().Single(d => d.Name == "Drinks").Id;

        Assert.Equal(new[] { tea.Id }, Notes(package, "deck:current"));
        Assert.Empty(Notes(package, "cafe"));

        package.Json.Conf["curDeck"] = drinks;
        package.Json.Conf["ignoreAccentsInSearch"] = true;
        Assert.Equal(new[] { coffee.Id }, Notes(package, "deck:current"));
        Assert.Equal(new[] { coffee.Id }, Notes(package, "cafe"));
    }

    [Fact]
    public void DayTermsUseTheCollectionsSchedulerTiming()
    {
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { Values = new[] { "a", "" } });
        long card = package.GetCards().Single().Id;
        long created = Convert.ToInt64(package.Db.Scalar("select crt from col"));
        package.Json.Conf["schedVer"] = 1;
        package.Json.Conf["collapseTime"] = 600;

        // v1: days count from the creation time; a learning card is due within the learn-ahead limit (collapseTime).
        var now = DateTimeOffset.FromUnixTimeSeconds(created + (86_400 * 10) + 3600);
        package.Db.Execute("update cards set type = 1, queue = 1, due = $due where id = $id", ("$due", now.ToUnixTimeSeconds() + 500), ("$id", card));
        Assert.Equal(new[] { note.Id }, Notes(package, "is:due", now));
        package.Db.Execute("update cards set due = $due where id = $id", ("$due", now.ToUnixTimeSeconds() + 700), ("$id", card));
        Assert.Empty(Notes(package, "is:due", now));

        package.Db.Execute("update cards set type = 2, queue = 2, due = 10 where id = $id", ("$id", card));
        Assert.Equal(new[] { note.Id }, Notes(package, "is:due", now));
        Assert.Equal(new[] { note.Id }, Notes(package, "prop:due=0", now));
        package.Db.Execute("update cards set due = 11 where id = $id", ("$id", card));
        Assert.Empty(Notes(package, "is:due", now));
        Assert.Equal(new[] { note.Id }, Notes(package, "prop:due=1", now));
    }

    private static long[] Notes(AnkiPackage package, string query, DateTimeOffset? now = null)
        => package.GetNotes(new NoteFilter { Query = query, Now = now }).Select(n => n.Id).OrderBy(id => id).ToArray();
}
