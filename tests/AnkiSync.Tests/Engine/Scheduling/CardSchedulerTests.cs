using System;
using AnkiSync.Scheduling;

namespace AnkiSync.Tests.Engine.Scheduling;

/// <summary>
/// Each browser operation's effect on one card row, checked field by field against rslib's rules (scheduler/reviews.rs
/// <c>set_due_date</c>, scheduler/new.rs <c>schedule_as_new</c>, scheduler/bury_and_suspend.rs, card/mod.rs
/// <c>set_deck</c> and <c>set_flag</c>, scheduler/filtered/card.rs) without a collection around it.
/// </summary>
public class CardSchedulerTests
{
    private const long Today = 100;
    private const long NextDayAt = 1_700_000_000;

    private static CardRow Review(long interval = 10, long due = 95, long factor = 2300) => new()
    {
        Id = 1,
        NoteId = 2,
        DeckId = 5,
        Type = 2,
        Queue = 2,
        Due = due,
        Interval = interval,
        Factor = factor,
        Reps = 4,
        Lapses = 1,
    };

    private static CardRow New(long due = 7) => new() { Id = 1, NoteId = 2, DeckId = 5, Type = 0, Queue = 0, Due = due };

    private static CardRow InFilteredDeck(CardRow card, long filteredDeck = 9, long originalDue = 0)
    {
        card.OriginalDeckId = card.DeckId;
        card.OriginalDue = originalDue;
        card.DeckId = filteredDeck;
        return card;
    }

    [Theory]
    [InlineData(1_000_000_000L, false)]
    [InlineData(1_000_000_001L, true)]
    [InlineData(365L, false)]
    [InlineData(-5L, false)]
    public void ADueAboveOneBillionIsATimestamp(long due, bool timestamp) => Assert.Equal(timestamp, CardScheduler.IsEpochTimestamp(due));

    [Theory]
    [InlineData(2L, 10L, 3L, false, 10L)] // a review card keeps its interval
    [InlineData(3L, 10L, 3L, false, 10L)] // so does a relearning card
    [InlineData(2L, 0L, 3L, false, 1L)]   // at least one day
    [InlineData(2L, 10L, 3L, true, 3L)]   // '!' sets it to the distance
    [InlineData(2L, 10L, 0L, true, 1L)]   // which is at least one day
    [InlineData(1L, 0L, 4L, false, 4L)]   // a learning card takes the distance
    [InlineData(1L, 0L, 0L, false, 1L)]   // at least one day
    [InlineData(0L, 0L, 6L, false, 6L)]   // so does a new card
    public void WithoutFsrsSetDueDateKeepsOrSetsTheInterval(long type, long interval, long days, bool reset, long expected)
    {
        var card = new CardRow { Type = type, Queue = type == 2 || type == 3 ? 2 : type, Due = 50, Interval = interval, Factor = 2100 };
        CardScheduler.SetDueDate(card, Today, NextDayAt, days, initialEase: 2500, resetInterval: reset, fsrs: false);
        Assert.Equal((expected, Today + days, 2L, 2L), (card.Interval, card.Due, card.Type, card.Queue));
    }

    [Fact]
    public void SetDueDateGivesTheDecksStartingEaseOnlyToACardWithoutOne()
    {
        var fresh = New();
        CardScheduler.SetDueDate(fresh, Today, NextDayAt, 1, initialEase: 2700, resetInterval: false, fsrs: false);
        Assert.Equal(2700L, fresh.Factor);
        var studied = Review(factor: 1300);
        CardScheduler.SetDueDate(studied, Today, NextDayAt, 1, initialEase: 2700, resetInterval: false, fsrs: false);
        Assert.Equal(1300L, studied.Factor);
    }

    [Fact]
    public void SetDueDateRemembersANewCardsPositionAndKeepsTheCounts()
    {
        var card = New(due: 42);
        card.Reps = 3;
        CardScheduler.SetDueDate(card, Today, NextDayAt, 2, initialEase: 2500, resetInterval: false, fsrs: false);
        Assert.Equal((42L, 3L, 5L), (card.OriginalPosition, card.Reps, card.DeckId));
        Assert.Equal("{\"pos\":42}", card.DataText());
    }

    [Fact]
    public void SetDueDateKeepsAReviewCardsEarlierPosition()
    {
        var card = Review();
        card.OriginalPosition = 12;
        CardScheduler.SetDueDate(card, Today, NextDayAt, 2, initialEase: 2500, resetInterval: false, fsrs: false);
        Assert.Equal(12L, card.OriginalPosition);
        var unknown = Review();
        CardScheduler.SetDueDate(unknown, Today, NextDayAt, 2, initialEase: 2500, resetInterval: false, fsrs: false);
        Assert.Null(unknown.OriginalPosition);
    }

    [Fact]
    public void SetDueDateTakesACardHomeFromItsFilteredDeck()
    {
        var card = InFilteredDeck(New(due: -3), originalDue: 33);
        card.Queue = 0;
        CardScheduler.SetDueDate(card, Today, NextDayAt, 2, initialEase: 2500, resetInterval: false, fsrs: false);
        Assert.Equal((5L, 0L, 0L, Today + 2), (card.DeckId, card.OriginalDeckId, card.OriginalDue, card.Due));
        Assert.Equal(33L, card.OriginalPosition); // the position it had at home, not its due in the filtered deck
    }

    [Fact]
    public void UnderFsrsANewCardOrOneWithoutAnIntervalKeepsIntervalZero()
    {
        var fresh = New();
        CardScheduler.SetDueDate(fresh, Today, NextDayAt, 5, initialEase: 2500, resetInterval: true, fsrs: true);
        Assert.Equal((0L, Today + 5), (fresh.Interval, fresh.Due));

        var noInterval = Review(interval: 0);
        noInterval.Data["lrt"] = NextDayAt - (3 * 86_400);
        CardScheduler.SetDueDate(noInterval, Today, NextDayAt, 5, initialEase: 2500, resetInterval: false, fsrs: true);
        Assert.Equal(0L, noInterval.Interval);

        // Queue new decides even when the card has an interval (a forgotten card keeps none, but a hand-edited row may).
        var newQueue = Review();
        newQueue.Queue = 0;
        CardScheduler.SetDueDate(newQueue, Today, NextDayAt, 5, initialEase: 2500, resetInterval: false, fsrs: true);
        Assert.Equal(0L, newQueue.Interval);
    }

    [Theory]
    [InlineData(3 * 86_400L, 2L, 5L)]          // three whole days since the last review, plus two
    [InlineData((3 * 86_400L) + 86_399, 2L, 5L)] // part of a day does not count
    [InlineData(-86_400L, 2L, 2L)]             // a review after the next rollover counts as none
    [InlineData(0L, 0L, 0L)]
    public void UnderFsrsTheIntervalCountsFromTheLastReview(long secondsBeforeNextDay, long days, long expected)
    {
        var card = Review(interval: 40);
        card.Data["lrt"] = NextDayAt - secondsBeforeNextDay;
        CardScheduler.SetDueDate(card, Today, NextDayAt, days, initialEase: 2500, resetInterval: false, fsrs: true);
        Assert.Equal(expected, card.Interval);
    }

    [Theory]
    [InlineData(95L, 3L, 10L + 8L)]  // due 5 days ago, now due in 3: 8 more days
    [InlineData(110L, 3L, 10L - 7L)] // due in 10 days, now in 3: 7 fewer
    [InlineData(130L, 0L, 0L)]       // never below zero
    public void UnderFsrsWithoutALastReviewTheIntervalMovesWithTheDueDay(long due, long days, long expected)
    {
        var card = Review(interval: 10, due: due);
        CardScheduler.SetDueDate(card, Today, NextDayAt, days, initialEase: 2500, resetInterval: false, fsrs: true);
        Assert.Equal(expected, card.Interval);
    }

    [Fact]
    public void UnderFsrsAFilteredCardsDueIsItsHomeDue()
    {
        var card = InFilteredDeck(Review(interval: 10, due: -20), originalDue: 95);
        CardScheduler.SetDueDate(card, Today, NextDayAt, 3, initialEase: 2500, resetInterval: false, fsrs: true);
        Assert.Equal((18L, 5L, 0L), (card.Interval, card.DeckId, card.OriginalDeckId));
    }

    [Fact]
    public void UnderFsrsALearningTimestampBecomesADayFirst()
    {
        // Due two days after the next rollover: day 102 in day numbers.
        var card = new CardRow { Type = 3, Queue = 1, Interval = 10, Due = NextDayAt + (2 * 86_400) + 600 };
        CardScheduler.SetDueDate(card, Today, NextDayAt, 5, initialEase: 2500, resetInterval: false, fsrs: true);
        Assert.Equal((13L, Today + 5), (card.Interval, card.Due));
    }

    [Fact]
    public void ForgetPutsTheCardAtTheGivenPositionAndClearsItsSchedule()
    {
        var card = Review();
        card.OriginalPosition = 12;
        card.Data = CardRow.ParseData("{\"pos\":12,\"s\":3.5,\"d\":6.1,\"dr\":0.9,\"lrt\":1600000000}");
        Assert.True(CardScheduler.ScheduleAsNew(card, position: 77, resetCounts: false, restorePosition: false));
        Assert.Equal((0L, 0L, 77L, 0L, 0L, 4L, 1L), (card.Type, card.Queue, card.Due, card.Interval, card.Factor, card.Reps, card.Lapses));
        Assert.Equal("{\"dr\":0.9,\"lrt\":1600000000}", card.DataText()); // the memory state and old position go, the rest stays
    }

    [Fact]
    public void ForgetCanRestoreThePositionAndResetTheCounts()
    {
        var card = Review();
        card.OriginalPosition = 12;
        Assert.False(CardScheduler.ScheduleAsNew(card, position: 77, resetCounts: true, restorePosition: true));
        Assert.Equal((12L, 0L, 0L), (card.Due, card.Reps, card.Lapses));
        Assert.Null(card.OriginalPosition);

        var unknown = Review();
        Assert.True(CardScheduler.ScheduleAsNew(unknown, position: 77, resetCounts: false, restorePosition: true));
        Assert.Equal(77L, unknown.Due);

        var stillNew = New(due: 9);
        Assert.False(CardScheduler.ScheduleAsNew(stillNew, position: 77, resetCounts: false, restorePosition: true));
        Assert.Equal(9L, stillNew.Due);
    }

    [Fact]
    public void ForgetTakesAFilteredCardHomeAndKeepsItsHomePosition()
    {
        var card = InFilteredDeck(New(due: -100_000), originalDue: 21);
        Assert.False(CardScheduler.ScheduleAsNew(card, position: 77, resetCounts: false, restorePosition: true));
        Assert.Equal((5L, 0L, 0L, 21L), (card.DeckId, card.OriginalDeckId, card.OriginalDue, card.Due));
    }

    [Theory]
    [InlineData(0L, 5L, 5L)]
    [InlineData(0L, -1L, 4_294_967_295L)] // rslib reads the due as an unsigned 32-bit number
    [InlineData(2L, 5L, null)]
    public void TheLastPositionOfANewCardIsItsDue(long type, long due, long? expected)
        => Assert.Equal(expected, CardScheduler.LastPosition(new CardRow { Type = type, Due = due }));

    [Fact]
    public void TheLastPositionOfAStudiedCardIsTheRememberedOne()
    {
        var card = Review();
        card.OriginalPosition = 8;
        Assert.Equal(8L, CardScheduler.LastPosition(card));
        Assert.Equal(31L, CardScheduler.LastPosition(InFilteredDeck(New(due: 3), originalDue: 31)));
    }

    [Fact]
    public void SuspendOnlyOnce()
    {
        var card = Review();
        Assert.True(CardScheduler.Suspend(card));
        Assert.Equal(-1L, card.Queue);
        Assert.False(CardScheduler.Suspend(card));
        Assert.Equal(-1L, card.Queue);
    }

    [Theory]
    [InlineData(-1L, 0L, 5L, true, 0L)]
    [InlineData(-2L, 2L, 5L, true, 2L)]
    [InlineData(-3L, 1L, 1_700_000_500L, true, 1L)] // learning with a timestamp: the intraday queue
    [InlineData(-1L, 3L, 120L, true, 3L)]           // relearning with a day number: the day-learning queue
    [InlineData(-1L, 1L, 1_000_000_000L, true, 3L)]
    [InlineData(-1L, 7L, 5L, true, 0L)]             // a type Anki does not know: the new queue
    [InlineData(2L, 2L, 5L, false, 2L)]
    [InlineData(0L, 0L, 5L, false, 0L)]
    [InlineData(1L, 1L, 1_700_000_500L, false, 1L)]
    public void RestoreUnsuspendsAndUnburiesFromTheCardsType(long queue, long type, long due, bool changed, long expectedQueue)
    {
        var card = new CardRow { Queue = queue, Type = type, Due = due };
        Assert.Equal(changed, CardScheduler.Restore(card));
        Assert.Equal(expectedQueue, card.Queue);
    }

    [Theory]
    [InlineData(0L, CardFlag.Red, 1L, true)]
    [InlineData(1L, CardFlag.Red, 1L, false)]
    [InlineData(0b1010_0011L, CardFlag.Purple, 0b1010_0111L, true)] // the upper bits stay
    [InlineData(0b1000_0101L, CardFlag.None, 0b1000_0000L, true)]
    public void SetFlagChangesTheLowThreeBits(long flags, CardFlag flag, long expected, bool changed)
    {
        var card = new CardRow { Flags = flags };
        Assert.Equal(changed, CardScheduler.SetFlag(card, flag));
        Assert.Equal(expected, card.Flags);
    }

    [Fact]
    public void SetDeckMovesACardAndClearsItsFsrsData()
    {
        var card = Review();
        card.Data = CardRow.ParseData("{\"pos\":3,\"s\":3.5,\"d\":6.1,\"dr\":0.9,\"decay\":0.2,\"lrt\":1600000000}");
        CardScheduler.SetDeck(card, 77, new[] { 1.0 }, new[] { 10.0 });
        Assert.Equal((77L, 2L, 95L), (card.DeckId, card.Queue, card.Due));
        Assert.Equal("{\"pos\":3,\"lrt\":1600000000}", card.DataText());
    }

    [Fact]
    public void SetDeckTakesAFilteredCardHomeFirstRestoringItsQueue()
    {
        var card = InFilteredDeck(Review(due: -50), originalDue: 97);
        card.Queue = 2;
        CardScheduler.SetDeck(card, 77, Array.Empty<double>(), Array.Empty<double>());
        Assert.Equal((77L, 0L, 0L, 97L, 2L), (card.DeckId, card.OriginalDeckId, card.OriginalDue, card.Due, card.Queue));

        // A buried or suspended card stays so; an original due of 0 leaves the due alone.
        var suspended = InFilteredDeck(new CardRow { DeckId = 5, Type = 1, Queue = -1, Due = 1_700_000_300 });
        CardScheduler.SetDeck(suspended, 77, Array.Empty<double>(), Array.Empty<double>());
        Assert.Equal((77L, -1L, 1_700_000_300L), (suspended.DeckId, suspended.Queue, suspended.Due));

        // A learning card that was rescheduled in the filtered deck gets the queue its type and due call for.
        var learning = InFilteredDeck(new CardRow { DeckId = 5, Type = 1, Queue = 4, Due = 1_700_000_300 });
        CardScheduler.SetDeck(learning, 77, Array.Empty<double>(), Array.Empty<double>());
        Assert.Equal(1L, learning.Queue);
    }

    [Theory]
    [InlineData(1L, 2L, 3L)]  // learning: [1, 10] with two left on [1, 10, 100] → three left
    [InlineData(3L, 2L, 3L)]  // relearning too
    [InlineData(1L, 1002L, 3L)] // the thousands (today's steps in the v2 scheduler) are dropped
    [InlineData(1L, 1L, 2L)]
    [InlineData(2L, 2L, 2L)]  // a review card keeps its left
    [InlineData(0L, 2L, 2L)]
    public void SetDeckFitsALearningCardsStepsToTheNewPreset(long type, long left, long expected)
    {
        var card = new CardRow { DeckId = 5, Type = type, Queue = type == 0 ? 0 : 1, Left = left, Due = 1_700_000_300 };
        CardScheduler.SetDeck(card, 77, new[] { 1.0, 10 }, new[] { 1.0, 10, 100 });
        Assert.Equal(expected, card.Left);
    }

    [Fact]
    public void SetDeckLeavesStepsAloneWhenTheyFitAlready()
    {
        var card = new CardRow { DeckId = 5, Type = 1, Queue = 1, Left = 2002, Due = 1_700_000_300 };
        CardScheduler.SetDeck(card, 77, new[] { 1.0, 10 }, new[] { 1.0, 10 });
        Assert.Equal(2002L, card.Left);
    }

    [Theory]
    [InlineData(2L, new[] { 1.0, 10 }, new[] { 1.0, 10, 100 }, 3L)]
    [InlineData(1L, new[] { 1.0, 10 }, new[] { 1.0, 5, 10 }, 2L)]     // past the 1-minute step: the new steps after it remain
    [InlineData(1L, new[] { 1.0, 10 }, new[] { 20.0, 30 }, 2L)]       // no new step is as short: all remain
    [InlineData(3L, new[] { 1.0, 10 }, new[] { 1.0, 10 }, 2L)]        // more left than steps: all new steps
    [InlineData(1L, new[] { 1.0, 10 }, new[] { 10.0 }, null)]         // one remains already
    [InlineData(2L, new[] { 1.0, 10 }, new[] { 1.0 }, 1L)]            // at least one
    [InlineData(5L, new double[0], new[] { 1.0 }, null)]              // no old steps: unchanged
    [InlineData(0L, new[] { 1.0, 10 }, new[] { 1.0, 10, 100 }, 1L)]   // none left after the 10-minute step: the new steps longer than it
    public void RemainingStepsFollowRslib(long left, double[] oldSteps, double[] newSteps, long? expected)
        => Assert.Equal(expected, CardScheduler.NewRemainingSteps(left, newSteps, oldSteps));
}
