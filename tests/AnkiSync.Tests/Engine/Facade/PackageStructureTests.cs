using System;
using System.Linq;
using AnkiSync.Collection;

namespace AnkiSync.Tests.Engine.Facade;

/// <summary>
/// The facade's own structure calls: tags with their counts and spelling, decks added with their parents, and custom
/// note types checked before anything is written.
/// </summary>
public sealed class PackageStructureTests
{
    [Fact]
    public void TagsAreEveryTagTheNotesUseSortedIgnoringCase()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "a", "" }, Tags = new[] { "beta", "Alpha" } });
        package.AddNote(new NoteInput { Values = new[] { "b", "" }, Tags = new[] { "alpha", "gamma" } });
        package.AddNote(new NoteInput { Values = new[] { "c", "" } });

        var tags = package.GetTags();

        Assert.Equal(3, tags.Count);
        Assert.Equal("alpha", tags[0], StringComparer.OrdinalIgnoreCase);
        Assert.Equal(new[] { "beta", "gamma" }, tags.Skip(1));
    }

    [Fact]
    public void TagCountsCountNotesOnceAndSpellATagAsTheRegistryDoes()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "a", "" }, Tags = new[] { "mixed", "first" } });
        package.AddNote(new NoteInput { Values = new[] { "b", "" }, Tags = new[] { "MIXED" } });
        RawSql.Run(package, "update notes set tags = ' first FIRST ' where sfld = 'b'");
        RawSql.Run(package, "update col set tags = '{\"Mixed\": 0, \"Unused\": 0}'");

        var counts = package.GetTagCounts();

        Assert.Equal(new[] { ("first", 2L), ("Mixed", 1L), ("Unused", 0L) }, counts.Select(t => (t.Name, t.NoteCount)));
        Assert.All(counts, t => Assert.Same(package, t.Package));
    }

    [Fact]
    public void WithoutARegistryATagIsSpelledAsTheFirstNoteSpellsIt()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "a", "" }, Tags = new[] { "Zebra" } });
        package.AddNote(new NoteInput { Values = new[] { "b", "" }, Tags = new[] { "zebra", "apple" } });
        RawSql.Run(package, "update col set tags = '{}'");

        Assert.Equal(new[] { ("apple", 1L), ("Zebra", 2L) }, package.GetTagCounts().Select(t => (t.Name, t.NoteCount)));
    }

    [Fact]
    public void AddingADeckAddsItsMissingParentsAndReturnsIt()
    {
        using var package = AnkiPackage.Create();

        var deck = package.AddDeck("Languages::French", "Vocabulary");

        Assert.Equal("Languages::French", deck.Name);
        Assert.Equal(new[] { "Default", "Languages", "Languages::French" }, package.GetDecks().Select(d => d.Name));
        Assert.Equal(deck.Id, package.GetDecks().Single(d => d.Name == "Languages::French").Id);
        Assert.True(package.IsModified);
    }

    [Fact]
    public void DecksAreListedByNameIgnoringCase()
    {
        using var package = AnkiPackage.Create();
        package.AddDeck("beta");
        package.AddDeck("Alpha");
        package.AddDeck("Charlie");

        Assert.Equal(new[] { "Alpha", "beta", "Charlie", "Default" }, package.GetDecks().Select(d => d.Name));
    }

    [Fact]
    public void AddingADeckThatExistsIsDeckExistsAndChangesNothing()
    {
        using var package = AnkiPackage.Create();
        package.AddDeck("Spanish");
        int decks = package.GetDecks().Count;

        var error = Assert.Throws<AnkiException>(() => package.AddDeck("Spanish"));

        Assert.Equal(AnkiErrors.DeckExists, error.Error);
        Assert.Equal("Spanish", error.Target);
        Assert.Equal("The package already has a deck named 'Spanish'.", error.Message);
        Assert.Equal(decks, package.GetDecks().Count);
    }

    [Fact]
    public void TheSortFieldIsFoundIgnoringCase()
    {
        using var package = AnkiPackage.Create();

        var noteType = package.AddNoteType("Vocab", new[] { "Word", "Meaning" }, new[] { new TemplateDefinition("Card 1", "{{Word}}", "{{Meaning}}") }, sortField: "meaning");

        Assert.Equal("Meaning", noteType.SortField);
        Assert.Equal(new[] { "Word", "Meaning" }, noteType.Fields);
    }

    [Fact]
    public void WithoutASortFieldTheFirstFieldSorts()
    {
        using var package = AnkiPackage.Create();

        var noteType = package.AddNoteType("Vocab", new[] { "Word", "Meaning" }, new[] { new TemplateDefinition("Card 1", "{{Word}}", "{{Meaning}}") }, sortField: "");

        Assert.Equal("Word", noteType.SortField);
    }

    [Fact]
    public void AnUnknownSortFieldIsUnknownFieldNamingTheFields()
    {
        using var package = AnkiPackage.Create();

        var error = Assert.Throws<AnkiException>(() => package.AddNoteType("Vocab", new[] { "Word", "Meaning" },
            new[] { new TemplateDefinition("Card 1", "{{Word}}", "{{Meaning}}") }, sortField: "Reading"));

        Assert.Equal(AnkiErrors.UnknownField, error.Error);
        Assert.Equal("Reading", error.Target);
        Assert.Equal("The sort field 'Reading' is not one of the fields: Word, Meaning.", error.Message);
        Assert.DoesNotContain(package.GetNoteTypes(), n => n.Name == "Vocab");
        Assert.False(package.IsModified);
    }

    [Fact]
    public void ATemplateNamingAMissingFieldIsRefusedBeforeAnythingIsWritten()
    {
        using var package = AnkiPackage.Create();

        var error = Assert.Throws<AnkiException>(() => package.AddNoteType("Vocab", new[] { "Word" },
            new[] { new TemplateDefinition("Card 1", "{{Word}}", "{{Word}}"), new TemplateDefinition("Card 2", "{{Missing}}", "{{Word}}") }));

        Assert.Contains("Missing", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(package.GetNoteTypes(), n => n.Name == "Vocab");
    }

    [Fact]
    public void AClozeNoteTypeChecksOnlyItsOneTemplate()
    {
        using var package = AnkiPackage.Create();

        var noteType = package.AddNoteType("My Cloze", new[] { "Text", "Extra" },
            new[] { new TemplateDefinition("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>{{Extra}}"), new TemplateDefinition("Ignored", "{{Missing}}", "") },
            cloze: true);

        Assert.Equal(NoteTypeKind.Cloze, noteType.Kind);
        Assert.Equal(new[] { "Cloze" }, noteType.Templates.Select(t => t.Name));
    }

    [Fact]
    public void AnAddedNoteTypeIsInTheCollectionAtOnce()
    {
        using var package = AnkiPackage.Create();

        var noteType = package.AddNoteType("Vocab", new[] { "Word" }, new[] { new TemplateDefinition("Card 1", "{{Word}}", "") });

        string models = (string)RawSql.Row(package, "select models from col")["models"]!;
        Assert.Contains($"\"{noteType.Id}\":", models, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"Vocab\"", models, StringComparison.Ordinal);
    }

    [Fact]
    public void DeckOptionPresetsAreListedByNameIgnoringCase()
    {
        using var package = AnkiPackage.Create();
        RawSql.Run(package, "update col set dconf = json_set(dconf, '$.\"7\"', json_set(json_extract(dconf, '$.\"1\"'), '$.id', 7, '$.name', 'alpha'))");
        RawSql.Run(package, "update col set dconf = json_set(dconf, '$.\"8\"', json_set(json_extract(dconf, '$.\"1\"'), '$.id', 8, '$.name', 'Zeta'))");

        Assert.Equal(new[] { "alpha", "Default", "Zeta" }, package.GetDeckConfigs().Select(c => c.Name));
    }

    [Fact]
    public void ANoteTypeNameThatExistsIsNoteTypeExists()
    {
        using var package = AnkiPackage.Create();
        package.AddNoteType("Vocab", new[] { "Word" }, new[] { new TemplateDefinition("Card 1", "{{Word}}", "") });

        var error = Assert.Throws<AnkiException>(() => package.AddNoteType("Vocab", new[] { "Word" }, new[] { new TemplateDefinition("Card 1", "{{Word}}", "") }));

        Assert.Equal(AnkiErrors.NoteTypeExists, error.Error);
        Assert.Equal("Vocab", error.Target);
        Assert.Equal("The package already has a note type named 'Vocab'.", error.Message);
    }

    [Fact]
    public void AStockNoteTypeIsCreatedOnFirstUseAndNoteTypesAreListedByName()
    {
        using var package = AnkiPackage.Create();
        Assert.Empty(package.GetNoteTypes());

        var cloze = package.GetOrCreateNoteType("Cloze");
        var basic = package.GetOrCreateNoteType("Basic");

        Assert.Equal(NoteTypeKind.Cloze, cloze.Kind);
        Assert.Equal(basic.Id, package.GetOrCreateNoteType("Basic").Id);
        Assert.Equal(new[] { "Basic", "Cloze" }, package.GetNoteTypes().Select(n => n.Name));
    }
}
