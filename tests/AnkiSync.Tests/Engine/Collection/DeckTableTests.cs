using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// The decks of a collection's <c>decks</c> JSON, found by id or by name in any case, and new ones made the way
/// Anki makes them: levels trimmed, parents first, stable ids that step past a taken one, and marked for sync.
/// </summary>
public class DeckTableTests
{
    private static JsonObject Decks() => JsonNode.Parse("""
        {
          "1": { "id": 1, "name": "Default", "dyn": 0 },
          "20": { "id": 20, "name": "Lang::Spanish", "dyn": 0, "desc": "words" },
          "30": { "id": "30", "name": "Cram", "dyn": 1 },
          "40": { "name": "NoId", "dyn": true }
        }
        """)!.AsObject();

    [Fact]
    public void DecksAreFoundByIdAndByNameInAnyCase()
    {
        var table = new DeckTable(Decks(), "test");
        Assert.Equal(4, table.Count);
        Assert.Equal("Lang::Spanish", table.NameOf(20));
        Assert.Equal("Cram", table.NameOf(30));
        Assert.Equal("NoId", table.NameOf(40)); // the key stands in for a missing id
        Assert.Null(table.NameOf(99));
        Assert.True(table.TryFind(" lang :: SPANISH ", out long id));
        Assert.Equal(20L, id);
        Assert.False(table.TryFind("Lang", out _));
        Assert.Equal(4, table.All.Count());
    }

    [Fact]
    public void ADeckThatIsNotAnObjectIsInvalidCollectionJson()
    {
        var decks = JsonNode.Parse("""{ "1": { "id": 1, "name": "Default" }, "2": [1] }""")!.AsObject();
        var error = Assert.Throws<AnkiException>(() => new DeckTable(decks, "pkg.apkg"));
        Assert.Equal("InvalidCollectionJson", error.Reason);
        Assert.Equal("The 'decks' JSON of 'pkg.apkg' is invalid: the deck stored under '2' is not a JSON object.", error.Message);
    }

    [Theory]
    [InlineData("Spanish", "Spanish")]
    [InlineData("  Lang ::  Spanish  ", "Lang::Spanish")]
    [InlineData("A::B::C", "A::B::C")]
    [InlineData("Cafe\u0301", "Caf\u00e9")] // NFC, as Anki stores text
    [InlineData("a:b", "a:b")]
    public void NamesAreTrimmedByLevelAndNormalized(string name, string canonical) => Assert.Equal(canonical, DeckTable.CanonicalName(name));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("A::")]
    [InlineData("::A")]
    [InlineData("A:: ::B")]
    [InlineData("A\u001fB")]
    public void AnEmptyLevelOrAFieldSeparatorIsRefused(string name)
        => Assert.Equal("InvalidDeckName", Assert.Throws<AnkiException>(() => DeckTable.CanonicalName(name)).Reason);

    [Theory]
    [InlineData("A::B::C", "A::B")]
    [InlineData("A::B", "A")]
    [InlineData("A", null)]
    public void TheParentIsEverythingBeforeTheLastSeparator(string name, string? parent) => Assert.Equal(parent, DeckTable.ParentOf(name));

    [Fact]
    public void EnsureMakesTheDeckAndItsMissingParentsMarkedForSync()
    {
        var decks = Decks();
        var table = new DeckTable(decks, "test");
        long id = table.Ensure("Lang::French::Verbs", 1_700_000_000, "conjugations", out bool created);
        Assert.True(created);
        Assert.Equal(StableIds.DeckId("Lang::French::Verbs"), id);
        Assert.True(table.TryFind("Lang::French", out long parent));
        Assert.Equal(StableIds.DeckId("Lang::French"), parent);
        Assert.Equal(7, table.Count);

        var deck = decks[id.ToString(System.Globalization.CultureInfo.InvariantCulture)]!.AsObject();
        Assert.Equal(("Lang::French::Verbs", -1L, 1_700_000_000L, "conjugations"),
            ((string)deck["name"]!, CollectionJson.ReadLong(deck["usn"]), CollectionJson.ReadLong(deck["mod"]), (string)deck["desc"]!));
        var parentDeck = decks[parent.ToString(System.Globalization.CultureInfo.InvariantCulture)]!.AsObject();
        Assert.Equal(("", -1L), ((string)parentDeck["desc"]!, CollectionJson.ReadLong(parentDeck["usn"])));
    }

    [Fact]
    public void EnsureFindsAnExistingDeckWithoutChangingIt()
    {
        var decks = Decks();
        var table = new DeckTable(decks, "test");
        Assert.Equal(20L, table.Ensure("LANG::spanish", 5, "other", out bool created));
        Assert.False(created);
        Assert.Equal("words", (string)decks["20"]!["desc"]!);
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void ATakenIdStepsToTheNextFreeOne()
    {
        long wanted = StableIds.DeckId("New");
        var decks = JsonNode.Parse($$"""
            { "{{wanted}}": { "id": {{wanted}}, "name": "Other" }, "{{wanted + 1}}": { "id": {{wanted + 1}}, "name": "Another" } }
            """)!.AsObject();
        var table = new DeckTable(decks, "test");
        Assert.Equal(wanted + 2, table.Ensure("New", 1, null, out _));
        Assert.Equal("New", table.NameOf(wanted + 2));
    }

    [Fact]
    public void FilteredDecksAreThoseWithDynSet()
    {
        var decks = Decks();
        Assert.False(DeckTable.IsFiltered(decks["1"]!.AsObject()));
        Assert.True(DeckTable.IsFiltered(decks["30"]!.AsObject()));
        Assert.True(DeckTable.IsFiltered(decks["40"]!.AsObject()));
        Assert.False(DeckTable.IsFiltered(new JsonObject()));
        Assert.False(DeckTable.IsFiltered(null));
    }

    [Fact]
    public void APublicDeckCarriesItsNameParentDescriptionAndKind()
    {
        var decks = Decks();
        var table = new DeckTable(decks, "test");
        using var package = AnkiPackage.Create();
        var spanish = table.ToPublic(decks["20"]!.AsObject(), package);
        Assert.Equal((20L, "Lang::Spanish", "Lang", "words", false), (spanish.Id, spanish.Name, spanish.ParentName, spanish.Description, spanish.IsFiltered));
        Assert.Same(package, spanish.Package);
        var cram = table.ToPublic(decks["30"]!.AsObject(), package);
        Assert.Equal((30L, null, "", true), (cram.Id, cram.ParentName, cram.Description, cram.IsFiltered));
    }
}
