using System;
using System.Linq;
using AnkiSync.Collection;

namespace AnkiSync.Tests.Engine.Facade;

/// <summary>
/// <c>Get-AnkiCard</c>'s engine call on states set directly in the cards table: the due date of each queue, flags,
/// suspension and burying, out-of-range values, and each filter.
/// </summary>
public sealed class PackageCardsTests
{
    private const long Created = 1_600_000_000;

    /// <summary>A package whose collection was created at <see cref="Created"/>, with one Basic card.</summary>
    private static (AnkiPackage Package, long CardId) OneCard()
    {
        var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "front", "back" } });
        RawSql.Run(package, $"update col set crt = {Created}");
        return (package, package.GetCards().Single().Id);
    }

    private static AnkiCard WithState(int type, int queue, long due, int flags = 0)
    {
        var (package, id) = OneCard();
        using (package)
        {
            RawSql.Run(package, $"update cards set type = {type}, queue = {queue}, due = {due}, flags = {flags} where id = {id}");
            return package.GetCards().Single();
        }
    }

    private static DateTime DayZero => DateTimeOffset.FromUnixTimeSeconds(Created).LocalDateTime.Date;

    [Fact]
    public void ANewCardHasNoDueDate()
    {
        var card = WithState(0, 0, 5);

        Assert.Equal(CardState.New, card.State);
        Assert.Equal(0, card.Queue);
        Assert.Equal(5, card.Due);
        Assert.Null(card.DueDate);
        Assert.False(card.Suspended);
        Assert.False(card.Buried);
    }

    [Fact]
    public void TheNewQueueHasNoDueDateWhateverTheType()
    {
        Assert.Null(WithState(2, 0, 5).DueDate);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    public void LearningQueuesHoldEpochSeconds(int type, int queue)
    {
        var card = WithState(type, queue, 1_700_000_000);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).LocalDateTime, card.DueDate);
    }

    [Theory]
    [InlineData(2, 2, 100)]
    [InlineData(1, 3, 7)]
    [InlineData(2, -1, 30)]
    [InlineData(3, -2, 0)]
    [InlineData(2, -3, -3)]
    public void ReviewAndDayLearningQueuesHoldDaysSinceTheCollectionWasCreated(int type, int queue, long due)
    {
        var card = WithState(type, queue, due);

        Assert.Equal(DayZero.AddDays(due), card.DueDate);
    }

    [Fact]
    public void ASuspendedOrBuriedCardThatIsNotAReviewHasNoDueDate()
    {
        Assert.Null(WithState(0, -1, 3).DueDate);
        Assert.Null(WithState(1, -2, 1_700_000_000).DueDate);
    }

    [Fact]
    public void ARelearningCardWithEpochSecondsInADayQueueReadsThemAsATime()
    {
        var card = WithState(3, 3, 1_700_000_000);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).LocalDateTime, card.DueDate);
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(-100_000)]
    [InlineData(2_000_000_000)]
    public void ADayNumberBeyondAnyCalendarHasNoDueDate(long due)
    {
        Assert.Null(WithState(2, 2, due).DueDate);
    }

    [Fact]
    public void ADayNumberJustInsideTheRangeHasADate()
    {
        Assert.Equal(DayZero.AddDays(99_999), WithState(2, 2, 99_999).DueDate);
        Assert.Equal(DayZero.AddDays(-99_999), WithState(2, 2, -99_999).DueDate);
    }

    [Theory]
    [InlineData(-1, true, false)]
    [InlineData(-2, false, true)]
    [InlineData(-3, false, true)]
    [InlineData(2, false, false)]
    public void SuspendedAndBuriedFollowTheQueue(int queue, bool suspended, bool buried)
    {
        var card = WithState(2, queue, 10);

        Assert.Equal(suspended, card.Suspended);
        Assert.Equal(buried, card.Buried);
    }

    [Theory]
    [InlineData(0, CardState.New)]
    [InlineData(1, CardState.Learning)]
    [InlineData(2, CardState.Review)]
    [InlineData(3, CardState.Relearning)]
    [InlineData(4, CardState.New)]
    [InlineData(-1, CardState.New)]
    public void TheStateIsTheStoredTypeOrNewWhenUnknown(int type, CardState state)
    {
        Assert.Equal(state, WithState(type, 0, 1).State);
    }

    [Theory]
    [InlineData(0, CardFlag.None)]
    [InlineData(1, CardFlag.Red)]
    [InlineData(7, CardFlag.Purple)]
    [InlineData(0b1010, CardFlag.Orange)]
    public void TheFlagIsTheLowThreeBits(int flags, CardFlag flag)
    {
        Assert.Equal(flag, WithState(0, 0, 1, flags).Flag);
    }

    [Fact]
    public void ColumnsReadAsStored()
    {
        var (package, id) = OneCard();
        using (package)
        {
            RawSql.Run(package, $"update cards set ivl = 12, factor = 2350, reps = 9, lapses = 2, mod = 1650000000 where id = {id}");
            var card = package.GetCards().Single();

            Assert.Equal(12, card.Interval);
            Assert.Equal(2.35, card.Ease);
            Assert.Equal(9, card.Reviews);
            Assert.Equal(2, card.Lapses);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_650_000_000).LocalDateTime, card.Modified);
            Assert.Equal("Basic", card.NoteType);
            Assert.Equal("Card 1", card.Template);
            Assert.Equal("Default", card.Deck);
            Assert.Equal(1, card.DeckId);
            Assert.Equal(0, card.Ordinal);
            Assert.Equal("front", card.Fields["Front"]);
            Assert.Same(package, card.Package);
        }
    }

    [Fact]
    public void FiltersSelectByIdNoteNoteTypeDeckAndTags()
    {
        using var package = AnkiPackage.Create();
        var first = package.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { "a", "b" }, Tags = new[] { "x" } });
        var second = package.AddNote(new NoteInput { Values = new[] { "c", "d" }, Deck = "Other" });
        var cards = package.GetCards().ToList();
        long other = package.GetDecks().Single(d => d.Name == "Other").Id;

        Assert.Equal(3, cards.Count);
        Assert.Equal(new[] { cards[1].Id }, package.GetCards(new CardFilter { Ids = new[] { cards[1].Id } }).Select(c => c.Id));
        Assert.Equal(2, package.GetCards(new CardFilter { NoteIds = new[] { first.Id } }).Count());
        Assert.Equal(new[] { second.Id }, package.GetCards(new CardFilter { NoteTypeIds = new[] { second.NoteTypeId } }).Select(c => c.NoteId));
        Assert.Equal(new[] { second.Id }, package.GetCards(new CardFilter { DeckIds = new[] { other } }).Select(c => c.NoteId));
        Assert.Equal(2, package.GetCards(new CardFilter { Tags = tags => tags.Contains("x") }).Count());
        Assert.Equal(new[] { second.Id }, package.GetCards(new CardFilter { Query = "deck:Other" }).Select(c => c.NoteId));
        Assert.Equal(3, package.GetCards(new CardFilter { Query = "  " }).Count());
    }

    [Fact]
    public void NotesFilterByIdAndNoteTypeAndNameTheDeckOfTheirFirstCard()
    {
        using var package = AnkiPackage.Create();
        var first = package.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { "a", "b" }, Deck = "Words" });
        var second = package.AddNote(new NoteInput { Values = new[] { "c", "d" } });
        RawSql.Run(package, $"update cards set did = (select did from cards where nid = {second.Id}) where nid = {first.Id} and ord = 1");

        Assert.Equal(new[] { first.Id }, package.GetNotes(new NoteFilter { Ids = new[] { first.Id } }).Select(n => n.Id));
        Assert.Equal(new[] { second.Id }, package.GetNotes(new NoteFilter { NoteTypeIds = new[] { second.NoteTypeId } }).Select(n => n.Id));
        Assert.Equal(new[] { "Words", "Default" }, package.GetNotes().Select(n => n.Deck));
    }

    [Fact]
    public void ANoteWithoutCardsHasNoDeck()
    {
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { Values = new[] { "a", "b" } });
        RawSql.Run(package, "delete from cards");

        Assert.Null(package.GetNotes(new NoteFilter { Ids = new[] { note.Id } }).Single().Deck);
    }

    [Fact]
    public void ACardLentToAFilteredDeckRendersItsHomeDeckName()
    {
        using var package = AnkiPackage.Create();
        package.AddNoteType("Decked", new[] { "Front" }, new[] { new TemplateDefinition("Card 1", "{{Front}} in {{Deck}}", "{{FrontSide}}") });
        package.AddNote(new NoteInput { NoteType = "Decked", Values = new[] { "word" }, Deck = "Home" });
        Assert.Equal("word in Home", package.GetCards().Single().QuestionText);

        RawSql.Run(package, "update cards set odid = did, did = 12345");

        var lent = package.GetCards().Single();
        Assert.Equal("word in Home", lent.QuestionText);
        Assert.Null(lent.Deck);
    }

    [Fact]
    public void ACollectionCreatedNearTheCalendarsEndLeavesOnlyTheDaysBeforeIt()
    {
        var (package, id) = OneCard();
        using (package)
        {
            // 9999-12-01 (in milliseconds, as a number this large is read): thirty days of calendar remain after day
            // zero, and about 3.65 million before it.
            RawSql.Run(package, "update col set crt = 253399622400000");
            RawSql.Run(package, $"update cards set type = 2, queue = 2, due = 20 where id = {id}");
            var dayZero = DateTimeOffset.FromUnixTimeSeconds(253_399_622_400).LocalDateTime.Date;
            Assert.Equal(dayZero.AddDays(20), package.GetCards().Single().DueDate);

            RawSql.Run(package, $"update cards set due = 40 where id = {id}");
            Assert.Null(package.GetCards().Single().DueDate);

            RawSql.Run(package, $"update cards set due = -99999 where id = {id}");
            Assert.NotNull(package.GetCards().Single().DueDate);
        }
    }

    [Fact]
    public void ADeckFilterFindsCardsLentToAFilteredDeckByTheirHomeDeck()
    {
        var (package, id) = OneCard();
        using (package)
        {
            RawSql.Run(package, $"update cards set odid = did, did = 12345 where id = {id}");

            Assert.Equal(new[] { id }, package.GetCards(new CardFilter { DeckIds = new[] { 1L } }).Select(c => c.Id));
            Assert.Equal(new[] { id }, package.GetCards(new CardFilter { DeckIds = new[] { 12345L } }).Select(c => c.Id));
            Assert.Empty(package.GetCards(new CardFilter { DeckIds = new[] { 777L } }));
        }
    }

    [Fact]
    public void NotesFilterByDeckThroughTheirCardsAndLentCards()
    {
        var (package, id) = OneCard();
        using (package)
        {
            long note = package.GetNotes().Single().Id;
            RawSql.Run(package, $"update cards set odid = did, did = 12345 where id = {id}");

            Assert.Equal(new[] { note }, package.GetNotes(new NoteFilter { DeckIds = new[] { 1L } }).Select(n => n.Id));
            Assert.Equal(new[] { note }, package.GetNotes(new NoteFilter { DeckIds = new[] { 12345L } }).Select(n => n.Id));
            Assert.Empty(package.GetNotes(new NoteFilter { DeckIds = new[] { 777L } }));
        }
    }

    [Fact]
    public void ANoteMatchesACardSearchWhenAnyOfItsCardsDoes()
    {
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { "a", "b" } });
        package.AddNote(new NoteInput { Values = new[] { "c", "d" } });
        long reverse = package.GetCards(new CardFilter { NoteIds = new[] { note.Id } }).Single(c => c.Ordinal == 1).Id;
        RawSql.Run(package, $"update cards set queue = -1 where id = {reverse}");

        Assert.Equal(new[] { note.Id }, package.GetNotes(new NoteFilter { Query = "is:suspended" }).Select(n => n.Id));
        Assert.Equal(new[] { note.Id }, package.GetNotes(new NoteFilter { Query = "a" }).Select(n => n.Id));
    }
}
