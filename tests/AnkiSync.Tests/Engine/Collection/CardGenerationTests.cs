using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Packages;
using AnkiSync.Tests.Engine.BadInput;
using AnkiSync.Tests.Engine.Packages;
using AnkiSync.Tests.Engine.Reading;
using AnkiSync.Tests.Validation;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// Where and at which position an edited note's new cards go, as rslib notetype/cardgen.rs places them: a template's
/// deck override (when it names a normal deck), else the one deck all the note's cards live in (a card in a filtered
/// deck counts by its home deck), else the Default deck; the position of the note's first new card, else the next
/// new-card position after both conf.nextPos and the highest new card. Each collection is built from an engine-written
/// package changed with plain SQL, as Anki itself would have left it (filtered decks, reviews, template decks).
/// </summary>
public class CardGenerationTests
{
    private const long FilteredDeckId = 1_500_000_000_000;
    private const long MissingDeckId = 1_600_000_000_000;

    private sealed class Collection : IDisposable
    {
        public readonly TempFolder Temp = new();
        public readonly Dictionary<string, long> Notes = new();
        public readonly Dictionary<string, long> Decks = new();
        public byte[] Sqlite = Array.Empty<byte>();

        public void Dispose() => Temp.Dispose();

        /// <summary>The note's id by its first field.</summary>
        public long this[string word] => Notes[word];

        public void Sql(params string[] statements) => Sqlite = BadInputFiles.Edit(Temp, Sqlite, statements);

        public void Json(string column, Action<JsonObject> change)
            => Sqlite = BadInputFiles.EditColJson(Temp, Sqlite, column, json =>
            {
                change(json);
                return json.ToJsonString();
            });

        /// <summary>Adds a filtered deck ("Cram") as Anki stores one, and moves the note's cards into it.</summary>
        public void MoveToFilteredDeck(string word)
        {
            Json("decks", decks =>
            {
                var deck = decks["1"]!.DeepClone().AsObject();
                deck["id"] = FilteredDeckId;
                deck["name"] = "Cram";
                deck["dyn"] = 1;
                deck.Remove("conf");
                deck["resched"] = true;
                deck["terms"] = new JsonArray(new JsonArray("deck:Home", 100, 0));
                decks[FilteredDeckId.ToString(System.Globalization.CultureInfo.InvariantCulture)] = deck;
            });
            Sql($"update cards set odid = did, odue = due, did = {FilteredDeckId}, due = -100000 where nid = {this[word]}");
        }

        /// <summary>Points template <paramref name="ord"/> of <paramref name="noteType"/> at a deck (Anki's "deck override").</summary>
        public void OverrideTemplateDeck(string noteType, int ord, long deckId)
            => Json("models", models =>
            {
                var model = models.Select(m => m.Value!.AsObject()).Single(m => (string)m["name"]! == noteType);
                model["tmpls"]!.AsArray()[ord]!["did"] = deckId;
            });

        public AnkiPackage Open() => AnkiPackage.Open(BadInputFiles.LegacyPackage(Temp, Guid.NewGuid().ToString("N") + ".apkg", Sqlite));
    }

    /// <summary>
    /// "Tri": Word always gives card 0, Meaning card 1, Notes card 2 (conditional on Notes); decks Home and Other;
    /// each note starts in Home with its cards at new positions 1, 2, ... in the order given.
    /// </summary>
    private static Collection Build(params (string Word, string Meaning)[] notes)
    {
        var collection = new Collection();
        using (var package = AnkiPackage.Create())
        {
            package.AddNoteType(
                "Tri",
                new[] { "Word", "Meaning", "Notes" },
                new[]
                {
                    new TemplateDefinition("Word", "{{Word}}", "{{FrontSide}}<hr id=answer>{{Meaning}}"),
                    new TemplateDefinition("Meaning", "{{Meaning}}", "{{FrontSide}}<hr id=answer>{{Word}}"),
                    new TemplateDefinition("Notes", "{{#Notes}}{{Word}}: {{Notes}}{{/Notes}}", "{{FrontSide}}<hr id=answer>{{Meaning}}"),
                });
            collection.Decks["Home"] = package.AddDeck("Home").Id;
            collection.Decks["Other"] = package.AddDeck("Other").Id;
            foreach (var (word, meaning) in notes)
            {
                var note = package.AddNote(new NoteInput { NoteType = "Tri", Deck = "Home", Values = new[] { word, meaning, "" } });
                collection.Notes[word] = note.Id;
            }

            package.AddNote(new NoteInput { NoteType = "Cloze", Deck = "Home", Values = new[] { "{{c1::cloze}} one", "" } });
            string path = collection.Temp.Path("built.apkg");
            package.Export(path, PackageVersion.Legacy1);
            collection.Sqlite = PackageTestFiles.ReadEntry(path, "collection.anki2");
        }

        return collection;
    }

    /// <summary>Sets the fields named on each note (by first field), commits, and returns the exported file's rows.</summary>
    private static RawFixture Edit(Collection collection, AnkiPackage package, params (long NoteId, string Field, string Value)[] edits)
    {
        using (var editor = package.BeginNoteEdit())
        {
            foreach (var (noteId, field, value) in edits)
            {
                editor.Update(noteId, new NoteChange { Fields = new Dictionary<string, string?> { [field] = value } });
            }

            editor.Complete();
        }

        string path = collection.Temp.Path(Guid.NewGuid().ToString("N") + ".apkg");
        package.Export(path, PackageVersion.Legacy2);
        AnkiRules.AssertValid(path);
        return RawFixture.Load(path);
    }

    private static RawCard Card(RawFixture raw, long noteId, int ord) => raw.Cards.Single(c => c.NoteId == noteId && c.Ord == ord);

    [Fact]
    public void ACardInAFilteredDeckCountsByItsHomeDeckAndItsOriginalPosition()
    {
        using var collection = Build(("uno", ""), ("dos", ""));
        collection.MoveToFilteredDeck("uno");
        using var package = collection.Open();

        using var raw = Edit(collection, package, (collection["uno"], "Notes", "masculine"));

        var generated = Card(raw, collection["uno"], 2);
        // Home, not the filtered deck and not Default; the position uno's first card had before it went to Cram (1).
        Assert.Equal((collection.Decks["Home"], 0L, 0L, 1L, 0), (generated.DeckId, generated.OriginalDeckId, generated.OriginalDue, generated.Due, generated.Type));
        var inCram = Card(raw, collection["uno"], 0);
        Assert.Equal((FilteredDeckId, collection.Decks["Home"], 1L), (inCram.DeckId, inCram.OriginalDeckId, inCram.OriginalDue));
    }

    [Fact]
    public void ANoteWhoseCardsLiveInTwoDecksGetsItsNewCardInDefault()
    {
        using var collection = Build(("uno", "one"), ("dos", "two"));
        collection.Sql($"update cards set did = {collection.Decks["Other"]} where nid = {collection["uno"]} and ord = 1");
        using var package = collection.Open();

        using var raw = Edit(collection, package, (collection["uno"], "Notes", "x"), (collection["dos"], "Notes", "y"));

        Assert.Equal(1L, Card(raw, collection["uno"], 2).DeckId);
        Assert.Equal(collection.Decks["Home"], Card(raw, collection["dos"], 2).DeckId);
    }

    [Fact]
    public void ANewCardTakesThePositionOfTheNotesFirstNewCard()
    {
        // uno's cards are new at position 1; dos's first card is a review, its second new at position 2.
        using var collection = Build(("uno", "one"), ("dos", "two"));
        collection.Sql($"update cards set type = 2, queue = 2, due = 30, ivl = 3, factor = 2500 where nid = {collection["dos"]} and ord = 0");
        using var package = collection.Open();

        using var raw = Edit(collection, package, (collection["uno"], "Notes", "x"), (collection["dos"], "Notes", "y"));

        Assert.Equal(Card(raw, collection["uno"], 0).Due, Card(raw, collection["uno"], 2).Due);
        Assert.Equal(Card(raw, collection["dos"], 1).Due, Card(raw, collection["dos"], 2).Due);
        Assert.NotEqual(Card(raw, collection["uno"], 2).Due, Card(raw, collection["dos"], 2).Due);
    }

    [Theory]
    [InlineData(50, 50)]  // conf.nextPos ahead of every new card: it is used as is.
    [InlineData(2, 10)]   // conf.nextPos behind (an export that did not keep it): after the highest new card (9).
    [InlineData(0, 10)]   // a nonsense nextPos changes nothing either.
    public void ANoteWithNoNewCardGetsTheNextPositionsOnePerNote(long storedNextPosition, long expected)
    {
        using var collection = Build(("uno", "one"), ("dos", "two"), ("tres", "three"));
        collection.Sql(
            $"update cards set type = 2, queue = 2, due = 30, ivl = 3, factor = 2500 where nid in ({collection["uno"]}, {collection["dos"]})",
            $"update cards set due = 9 where nid = {collection["tres"]}");
        collection.Json("conf", conf => conf["nextPos"] = storedNextPosition);
        using var package = collection.Open();

        using var raw = Edit(collection, package, (collection["uno"], "Notes", "x"), (collection["dos"], "Notes", "y"));

        var first = Card(raw, collection["uno"], 2);
        var second = Card(raw, collection["dos"], 2);
        Assert.Equal((expected, expected + 1), (first.Due, second.Due));
        Assert.Equal((0, 0), (first.Type, second.Type));
        using var conf = System.Text.Json.JsonDocument.Parse(raw.ColJson["conf"]);
        Assert.Equal(expected + 2, conf.RootElement.GetProperty("nextPos").GetInt64());
    }

    [Fact]
    public void ATemplatesDeckOverrideWinsWhenItNamesANormalDeck()
    {
        using var collection = Build(("uno", "one"));
        collection.OverrideTemplateDeck("Tri", 2, collection.Decks["Other"]);
        using var package = collection.Open();

        using var raw = Edit(collection, package, (collection["uno"], "Notes", "x"));

        Assert.Equal(collection.Decks["Other"], Card(raw, collection["uno"], 2).DeckId);
    }

    [Theory]
    [InlineData(FilteredDeckId)]
    [InlineData(MissingDeckId)]
    [InlineData(-5)]
    public void ATemplatesDeckOverrideIsIgnoredWhenItIsNotANormalDeck(long overrideDeck)
    {
        using var collection = Build(("uno", "one"), ("dos", "two"));
        collection.MoveToFilteredDeck("dos");
        collection.OverrideTemplateDeck("Tri", 2, overrideDeck);
        using var package = collection.Open();

        using var raw = Edit(collection, package, (collection["uno"], "Notes", "x"));

        Assert.Equal(collection.Decks["Home"], Card(raw, collection["uno"], 2).DeckId);
    }

    [Fact]
    public void ANewClozeNumberGoesWhereTheClozeTemplatePointsOrBesideTheNotesFirstCard()
    {
        using var collection = Build(("uno", "one"));
        using (var package = collection.Open())
        {
            long cloze = package.Db.ScalarLong("select id from notes where flds like '{{c1::cloze}}%'");
            using var raw = Edit(collection, package, (cloze, "Text", "{{c1::cloze}} {{c3::three}}"));
            var third = Card(raw, cloze, 2);
            Assert.Equal((collection.Decks["Home"], Card(raw, cloze, 0).Due), (third.DeckId, third.Due));
        }

        collection.OverrideTemplateDeck("Cloze", 0, collection.Decks["Other"]);
        using (var package = collection.Open())
        {
            long cloze = package.Db.ScalarLong("select id from notes where flds like '{{c1::cloze}}%'");
            using var raw = Edit(collection, package, (cloze, "Text", "{{c1::cloze}} {{c2::two}}"));
            Assert.Equal(collection.Decks["Other"], Card(raw, cloze, 1).DeckId);
            Assert.Equal(collection.Decks["Home"], Card(raw, cloze, 0).DeckId);
        }
    }

    [Fact]
    public void SpecialFieldsCountAsFilledUnlessANoteFieldOfTheSameNameIsEmpty()
    {
        using var temp = new TempFolder();
        using var package = AnkiPackage.Create();
        package.AddNoteType("Special", new[] { "Front", "Deck" }, new[]
        {
            new TemplateDefinition("Front", "{{Front}}", "x"),
            new TemplateDefinition("Card name", "{{Card}} {{#Front}}{{Front}}{{/Front}}", "x"),
            new TemplateDefinition("Tagged", "{{#Tags}}{{Tags}}{{/Tags}}", "x"),
            new TemplateDefinition("Own Deck field", "{{Deck}}", "x"),
            new TemplateDefinition("FrontSide", "{{FrontSide}}", "x"),
        });
        var untagged = package.AddNote(new NoteInput { NoteType = "Special", Values = new[] { "", "" }, Guid = "untagged" });
        var tagged = package.AddNote(new NoteInput { NoteType = "Special", Values = new[] { "", "" }, Tags = new[] { "t" }, Guid = "tagged" });
        var deckFilled = package.AddNote(new NoteInput { NoteType = "Special", Values = new[] { "", "d" }, Guid = "deck" });

        string path = temp.Path("special.apkg");
        package.Export(path, PackageVersion.Legacy2);
        AnkiRules.AssertValid(path);
        using var raw = RawFixture.Load(path);
        int[] Ords(long id) => raw.Cards.Where(c => c.NoteId == id).Select(c => c.Ord).OrderBy(o => o).ToArray();
        // {{Card}} is filled by Anki; {{Tags}} only with tags; the note's own (empty) Deck field hides the special one.
        Assert.Equal(new[] { 1 }, Ords(untagged.Id));
        Assert.Equal(new[] { 1, 2 }, Ords(tagged.Id));
        Assert.Equal(new[] { 1, 3 }, Ords(deckFilled.Id));
    }

    [Fact]
    public void AnEditThatMakesNoCardUsesNoPosition()
    {
        using var collection = Build(("uno", "one"));
        collection.Sql($"update cards set type = 2, queue = 2, due = 30, ivl = 3, factor = 2500 where nid = {collection["uno"]}");
        collection.Json("conf", conf => conf["nextPos"] = 40);
        using var package = collection.Open();

        using var raw = Edit(collection, package, (collection["uno"], "Meaning", "still two cards"));

        Assert.Equal(2, raw.Cards.Count(c => c.NoteId == collection["uno"]));
        using var conf = System.Text.Json.JsonDocument.Parse(raw.ColJson["conf"]);
        Assert.Equal(40, conf.RootElement.GetProperty("nextPos").GetInt64());
    }

    [Fact]
    public void NullOrOutOfRangeColumnsOfTheNotesCardsAreReadAsNothingAndStopNoGeneration()
    {
        // uno: card 0 without a type (so not new) or home-deck column; dos: new cards without due, odue or odid;
        // tres: card 0's ordinal past 32 bits (which must not read as 0); cuatro: card 1 without an ordinal.
        using var collection = Build(("uno", "one"), ("dos", "two"), ("tres", "three"), ("cuatro", "four"));
        // A collection some tool rebuilt without Anki's NOT NULL constraints.
        collection.Sql(
            "create table loose (id integer primary key, nid integer, did integer, ord integer, mod integer, usn integer, type integer, queue integer, due integer, ivl integer, factor integer, reps integer, lapses integer, left integer, odue integer, odid integer, flags integer, data text)",
            "insert into loose select * from cards",
            "drop table cards",
            "alter table loose rename to cards",
            "create index ix_cards_nid on cards (nid)");
        collection.Sql(
            $"update cards set type = null, odid = null where nid = {collection["uno"]} and ord = 0",
            $"update cards set due = null, odue = null, odid = null where nid = {collection["dos"]}",
            $"update cards set ord = 4294967296 where nid = {collection["tres"]} and ord = 0",
            $"update cards set ord = null where nid = {collection["cuatro"]} and ord = 1");
        using var package = collection.Open();
        long firstNewOfUno = package.Db.ScalarLong($"select due from cards where nid = {collection["uno"]} and ord = 1");

        using (var editor = package.BeginNoteEdit())
        {
            foreach (string word in new[] { "uno", "dos", "tres", "cuatro" })
            {
                editor.Update(collection[word], new NoteChange { Fields = new Dictionary<string, string?> { ["Notes"] = "x" } });
            }

            editor.Complete();
        }

        (long Deck, long Due) New(string word, int ord)
        {
            string where = $"from cards where nid = {collection[word]} and ord = {ord}";
            Assert.Equal(1, package.Db.ScalarLong("select count(*) " + where));
            return (package.Db.ScalarLong("select did " + where), package.Db.ScalarLong("select due " + where));
        }

        Assert.Equal((collection.Decks["Home"], firstNewOfUno), New("uno", 2));
        Assert.Equal((collection.Decks["Home"], 0L), New("dos", 2));
        Assert.Equal(collection.Decks["Home"], New("tres", 0).Deck);
        Assert.Equal(collection.Decks["Home"], New("cuatro", 2).Deck);
    }
}
