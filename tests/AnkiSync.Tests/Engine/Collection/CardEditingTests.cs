using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AnkiSync.Editing;
using AnkiSync.Packages;
using AnkiSync.Scheduling;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Reading;
using AnkiSync.Tests.Validation;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// Card operations on a real Anki package with reviews (schedVer 2, learning and review cards, created
/// 2023-04-11 in UTC+4 with creationOffset -240), each checked against the raw rows of the exported file and the
/// independent rule checker, following rslib scheduler/reviews.rs, new.rs, bury_and_suspend.rs and card/mod.rs.
/// </summary>
public class CardEditingTests
{
    private const string Studied = "anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg";
    private const long ReviewCard = 1681200886280;   // type 2, due day 1, ivl 1, factor 2500
    private const long ReviewCard2 = 1681201601848;  // type 2, due day 3, ivl 3
    private const long LearningCard = 1681200930916; // type 1, queue 1, left 2002

    /// <summary>Noon of the collection's day 10 in its creation offset: today is day 10.</summary>
    private static readonly DateTimeOffset DayTen = new DateTimeOffset(2023, 4, 11, 12, 0, 0, TimeSpan.FromHours(4)).AddDays(10);

    private static readonly AnkiRules.Options RealFile = new() { AllowExtraCards = true, RequireReferencedMedia = false, RequireNextPosition = false, RequirePaddedTags = false };

    private static CardEditOptions At(DateTimeOffset now, int seed = 7) => new() { Now = now, Random = new Random(seed) };

    private static RawFixture ExportAndLoad(ScratchFolder folder, AnkiPackage package, PackageVersion version = PackageVersion.Legacy2)
    {
        string path = folder.Combine($"{Guid.NewGuid():N}.apkg");
        package.Export(path, version);
        AnkiRules.AssertValid(path, RealFile);
        return RawFixture.Load(path);
    }

    [Theory]
    [InlineData("0", 0, 0, false)]
    [InlineData("3", 3, 3, false)]
    [InlineData(" 1-7 ", 1, 7, false)]
    [InlineData("7-1!", 1, 7, true)]
    [InlineData("30!", 30, 30, true)]
    public void ParsesAnkisDueDateSyntax(string text, int min, int max, bool reset)
    {
        var spec = DueDateSpec.Parse(text);
        Assert.Equal((min, max, reset), (spec.Min, spec.Max, spec.ResetInterval));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("x")]
    [InlineData("1-")]
    [InlineData("3!!")]
    [InlineData("99999999999")]
    public void RefusesWhatAnkiRefuses(string text)
        => Assert.Equal("InvalidDueDate", Assert.Throws<AnkiException>(() => DueDateSpec.Parse(text)).Reason);

    [FixtureTheory]
    [InlineData(PackageVersion.Legacy2)]
    [InlineData(PackageVersion.Latest)]
    public void SetDueDateKeepsAReviewIntervalAndLogsAManualRow(PackageVersion version)
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Open(Fixtures.Path(Studied));
        using (var edit = package.BeginCardEdit(At(DayTen)))
        {
            Assert.True(edit.Change(ReviewCard, new CardChange { DueDate = DueDateSpec.Parse("3") }));
            Assert.True(edit.Change(ReviewCard2, new CardChange { DueDate = DueDateSpec.Parse("5!") }));
            Assert.True(edit.Change(LearningCard, new CardChange { DueDate = DueDateSpec.Parse("0") }));
            edit.Complete();
        }

        using var raw = ExportAndLoad(folder, package, version);
        var review = raw.Cards.Single(c => c.Id == ReviewCard);
        Assert.Equal((2, 2, 13L, 1L, 2500L, -1L, DayTen.ToUnixTimeSeconds()), (review.Type, review.Queue, review.Due, review.Interval, review.Factor, review.Usn, review.Modified));
        var reset = raw.Cards.Single(c => c.Id == ReviewCard2);
        Assert.Equal((15L, 5L), (reset.Due, reset.Interval));
        // A learning card becomes a review card due today with an interval of at least one day and the preset's starting ease.
        var learning = raw.Cards.Single(c => c.Id == LearningCard);
        Assert.Equal((2, 2, 10L, 1L, 2500L, 2002L), (learning.Type, learning.Queue, learning.Due, learning.Interval, learning.Factor, learning.Left));
        var manual = raw.Revlog.Where(r => r.Type == 4).OrderBy(r => r.Id).ToList();
        Assert.Equal(3, manual.Count);
        Assert.All(manual, r => Assert.Equal((0L, 0L, -1L), (r.Ease, r.Time, r.Usn)));
        Assert.Equal((ReviewCard, 1L, 1L, 2500L), (manual[0].CardId, manual[0].Interval, manual[0].LastInterval, manual[0].Factor));
        Assert.Equal((ReviewCard2, 5L, 3L), (manual[1].CardId, manual[1].Interval, manual[1].LastInterval));
        Assert.Equal((LearningCard, 1L, 0L), (manual[2].CardId, manual[2].Interval, manual[2].LastInterval));
        // Anki's ids are the time in milliseconds; rows of the same millisecond take max(id) + 1.
        Assert.Equal(DayTen.ToUnixTimeMilliseconds(), manual[0].Id);
        Assert.Equal(manual[0].Id + 1, manual[1].Id);
        Assert.Equal(7 + 3, raw.Revlog.Count);
    }

    [FixtureFact]
    public void ARangeDrawsEachCardsDayFromTheInjectedRandom()
    {
        long[] DrawDays(int seed)
        {
            using var package = AnkiPackage.Open(Fixtures.Path(Studied));
            using var edit = package.BeginCardEdit(At(DayTen, seed));
            foreach (var card in package.GetCards().ToList())
            {
                edit.Change(card.Id, new CardChange { DueDate = DueDateSpec.Parse("1-30") });
            }

            return package.GetCards().Select(c => c.Due - 10).ToArray();
        }

        var first = DrawDays(42);
        Assert.Equal(first, DrawDays(42));
        Assert.All(first, days => Assert.InRange(days, 1, 30));
        Assert.True(first.Distinct().Count() > 1, "six cards drawn from 30 days all got the same day");
    }

    [FixtureFact]
    public void ForgetPutsCardsAtTheEndOfTheNewQueueInTheOrderGiven()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Open(Fixtures.Path(Studied));
        using (var edit = package.BeginCardEdit(At(DayTen)))
        {
            edit.Forget(ReviewCard2, restorePosition: false, resetCounts: false);
            edit.Forget(ReviewCard, restorePosition: false, resetCounts: true);
            edit.Complete();
        }

        using var raw = ExportAndLoad(folder, package);
        var first = raw.Cards.Single(c => c.Id == ReviewCard2);
        var second = raw.Cards.Single(c => c.Id == ReviewCard);
        Assert.Equal((0, 0, 1L, 0L, 0L), (first.Type, first.Queue, first.Due, first.Interval, first.Factor));
        Assert.Equal((0, 0, 2L), (second.Type, second.Queue, second.Due));
        Assert.True(first.Reps > 0, "counts are kept without -ResetCounts");
        Assert.Equal((0L, 0L), (second.Reps, second.Lapses));
        Assert.Equal("3", raw.ColJson["conf"] is string conf ? System.Text.Json.JsonDocument.Parse(conf).RootElement.GetProperty("nextPos").ToString() : "");
        // Anki's reset row: Manual, no button, no ease, interval 0, the old interval as the last one.
        var rows = raw.Revlog.Where(r => r.Type == 4).OrderBy(r => r.Id).ToList();
        Assert.Equal(new[] { (ReviewCard2, 0L, 3L, 0L), (ReviewCard, 0L, 1L, 0L) }, rows.Select(r => (r.CardId, r.Interval, r.LastInterval, r.Factor)));
    }

    [Fact]
    public void ForgetRestoresThePositionSetDueDateRecorded()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { NamedValues = new Dictionary<string, string?> { ["Front"] = "one" } });
        package.AddNote(new NoteInput { NamedValues = new Dictionary<string, string?> { ["Front"] = "two" } });
        var cards = package.GetCards().ToList();
        Assert.Equal(new long[] { 1, 2 }, cards.Select(c => c.Due));
        using (var edit = package.BeginCardEdit(At(DateTimeOffset.Now)))
        {
            edit.Change(cards[0].Id, new CardChange { DueDate = DueDateSpec.Parse("2") });
            edit.Complete();
        }

        Assert.Equal("{\"pos\":1}", package.Db.Scalar("select data from cards where id = $id", ("$id", cards[0].Id)));
        using (var edit = package.BeginCardEdit(At(DateTimeOffset.Now)))
        {
            edit.Forget(cards[0].Id, restorePosition: true, resetCounts: false);
            edit.Complete();
        }

        Assert.Equal((0L, 0L, 1L, "{}"), (package.Db.ScalarLong("select type from cards where id = $id", ("$id", cards[0].Id)),
            package.Db.ScalarLong("select queue from cards where id = $id", ("$id", cards[0].Id)),
            package.Db.ScalarLong("select due from cards where id = $id", ("$id", cards[0].Id)),
            (string?)package.Db.Scalar("select data from cards where id = $id", ("$id", cards[0].Id))));
    }

    [FixtureFact]
    public void SuspendResumeAndFlagFollowAnki()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Open(Fixtures.Path(Studied));
        long flagMod = package.Db.ScalarLong("select mod from cards where id = $id", ("$id", ReviewCard2));
        package.Db.Execute("update cards set queue = -3 where id = $id", ("$id", LearningCard));
        using (var edit = package.BeginCardEdit(At(DayTen)))
        {
            Assert.True(edit.Suspend(ReviewCard));
            Assert.False(edit.Suspend(ReviewCard));
            Assert.True(edit.Resume(LearningCard));
            Assert.False(edit.Resume(ReviewCard2));
            Assert.True(edit.Change(ReviewCard2, new CardChange { Flag = CardFlag.Purple }));
            Assert.False(edit.Change(ReviewCard2, new CardChange { Flag = CardFlag.Purple }));
            edit.Complete();
        }

        using var raw = ExportAndLoad(folder, package);
        Assert.Equal((-1, -1L), (raw.Cards.Single(c => c.Id == ReviewCard).Queue, raw.Cards.Single(c => c.Id == ReviewCard).Usn));
        // Unburied: a learning card due at a timestamp goes back to the learning queue.
        Assert.Equal(1, raw.Cards.Single(c => c.Id == LearningCard).Queue);
        var flagged = raw.Cards.Single(c => c.Id == ReviewCard2);
        Assert.Equal((7L, -1L, flagMod, 2), (flagged.Flags, flagged.Usn, flagged.Modified, flagged.Queue));
        Assert.Equal(CardFlag.Purple, package.GetCards(new CardFilter { Ids = new[] { ReviewCard2 } }).Single().Flag);
        Assert.DoesNotContain(raw.Revlog, r => r.Type == 4);
    }

    [FixtureFact]
    public void MovingACardCreatesTheDeckAndBringsFilteredCardsHome()
    {
        using var folder = new ScratchFolder();
        using var package = AnkiPackage.Open(Fixtures.Path(Studied));
        long home = package.Db.ScalarLong("select did from cards where id = $id", ("$id", ReviewCard));
        package.Db.Execute("update cards set odid = did, odue = due, did = 1, due = -100000 where id = $id", ("$id", ReviewCard));
        using (var edit = package.BeginCardEdit(At(DayTen)))
        {
            Assert.True(edit.Change(ReviewCard, new CardChange { Deck = "Moved::Here" }));
            Assert.True(edit.Change(LearningCard, new CardChange { Deck = "Moved::Here" }));
            Assert.False(edit.Change(LearningCard, new CardChange { Deck = "moved::here" }));
            edit.Complete();
        }

        using var raw = ExportAndLoad(folder, package, PackageVersion.Latest);
        long moved = raw.Decks.Single(d => d.Name == "Moved::Here").Id;
        Assert.Contains(raw.Decks, d => d.Name == "Moved");
        var card = raw.Cards.Single(c => c.Id == ReviewCard);
        Assert.Equal((moved, 0L, 0L, 1L, 2), (card.DeckId, card.OriginalDeckId, card.OriginalDue, card.Due, card.Queue));
        Assert.NotEqual(home, moved);
        var learning = raw.Cards.Single(c => c.Id == LearningCard);
        Assert.Equal((moved, 2002L, -1L), (learning.DeckId, learning.Left, learning.Usn));
    }

    [Fact]
    public void RemainingStepsFollowTheNewPresetsSteps()
    {
        // rslib card/mod.rs tests: [1, 10] with 2 left, moved to [1, 10, 100] → 3 left; unchanged steps → no change.
        Assert.Equal(3L, CardScheduler.NewRemainingSteps(2, new[] { 1.0, 10, 100 }, new[] { 1.0, 10 }));
        Assert.Null(CardScheduler.NewRemainingSteps(1002, new[] { 1.0, 10 }, new[] { 1.0, 10 }));
        Assert.Equal(2L, CardScheduler.NewRemainingSteps(1, new[] { 1.0, 5, 10 }, new[] { 1.0, 10 }));
        Assert.Null(CardScheduler.NewRemainingSteps(1, new[] { 5.0 }, new[] { 1.0, 10 }));
        Assert.Null(CardScheduler.NewRemainingSteps(2, new[] { 1.0 }, Array.Empty<double>()));
    }

    [FixtureFact]
    public void AnOldV1CollectionIsRefusedWhereAnkiRefusesIt()
    {
        using var package = AnkiPackage.Open(Fixtures.Path("anki2.1.1x-bare-schema11-two-decks-revlog.anki2"));
        long card = package.GetCards().First().Id;
        using var edit = package.BeginCardEdit();
        Assert.Equal("SchedulerUpgradeRequired", Assert.Throws<AnkiException>(() => edit.Suspend(card)).Reason);
        Assert.Equal("SchedulerUpgradeRequired", Assert.Throws<AnkiException>(() => edit.Change(card, new CardChange { Deck = "X" })).Reason);
        Assert.Equal("CardNotFound", Assert.Throws<AnkiException>(() => edit.Resume(42)).Reason);
    }

    [FixtureFact]
    public void TheReviewLogStreamsWithItsFilters()
    {
        using var package = AnkiPackage.Open(Fixtures.Path(Studied));
        using var raw = RawFixture.Load(Fixtures.Path(Studied));
        var reviews = package.GetReviews().ToList();
        Assert.Equal(raw.Revlog.Select(r => (r.Id, r.CardId, r.Ease, r.Interval, r.LastInterval, r.Factor, r.Time, r.Type)),
            reviews.Select(r => (r.Id, r.CardId, (long)r.Button, r.Interval, r.LastInterval, (long)(r.Ease * 1000), (long)r.Duration.TotalMilliseconds, (long)r.Kind)));
        Assert.All(reviews, r => Assert.Equal(raw.Cards.Single(c => c.Id == r.CardId).NoteId, r.NoteId));
        Assert.All(reviews, r => Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(r.Id / 1000 * 1000).LocalDateTime, r.Time));
        Assert.Equal(raw.Revlog.Count(r => r.CardId == ReviewCard), package.GetReviews(new ReviewFilter { CardIds = new[] { ReviewCard } }).Count());
        var middle = reviews[3].Time;
        Assert.Equal(reviews.Count(r => r.Time >= middle), package.GetReviews(new ReviewFilter { After = middle }).Count());
        Assert.Equal(reviews.Count(r => r.Time < middle), package.GetReviews(new ReviewFilter { Before = middle }).Count());
    }

    [FixtureFact]
    public void LiveSchema18CollectionStaysSchema18WithABackup()
    {
        using var folder = new ScratchFolder();
        string path = folder.Combine("collection.anki2");
        File.Copy(Fixtures.Path("anki2.1.50plus-bare-schema18-japanese-studied.anki2"), path);
        string backups = folder.Combine("backups");
        long revlogBefore;
        using (var db = AnkiDatabase.Open(path, readOnly: true))
        {
            revlogBefore = db.ScalarLong("select count(*) from revlog");
        }

        using (var live = AnkiPackage.OpenCollection(path, backups))
        {
            var cards = live.GetCards().ToList();
            using (var edit = live.BeginCardEdit())
            {
                edit.Suspend(cards[0].Id);
                edit.Change(cards[1].Id, new CardChange { Flag = CardFlag.Green, DueDate = DueDateSpec.Parse("4"), Deck = "Live::Moved" });
                edit.Forget(cards[2].Id, restorePosition: true, resetCounts: false);
                edit.Complete();
            }

            Assert.NotNull(live.BackupPath);
            Assert.True(File.Exists(live.BackupPath));
        }

        using var check = AnkiDatabase.Open(path, readOnly: true);
        Assert.Equal(18L, check.ScalarLong("select ver from col"));
        Assert.Equal("ok", check.Scalar("pragma integrity_check"));
        Assert.Equal(2L, check.ScalarLong("select count(*) from revlog") - revlogBefore);
        Assert.Equal(3L, check.ScalarLong("select count(*) from cards where usn = -1"));
        Assert.Equal(1L, check.ScalarLong("select count(*) from decks where name = 'Live' || char(31) || 'Moved'"));
        Assert.Equal(1L, check.ScalarLong("select count(*) from cards where queue = -1"));
    }

    [Fact]
    public void UnderFsrsSetDueDateCountsTheIntervalFromTheLastReview()
    {
        // rslib reviews.rs: interval = whole days from the last review to the next rollover, plus the distance;
        // a new card (or one with interval 0) keeps interval 0; the revlog ease is the shifted difficulty.
        var card = new CardRow { Id = 1, Type = 2, Queue = 2, Due = 20, Interval = 10, Factor = 2500, Data = CardRow.ParseData("{\"s\":12.5,\"d\":5.5,\"lrt\":1000000}") };
        CardScheduler.SetDueDate(card, today: 30, nextDayAt: 1000000 + (5 * 86_400) + 100, daysFromToday: 2, initialEase: 2500, resetInterval: false, fsrs: true);
        Assert.Equal((32L, 7L, 2500L), (card.Due, card.Interval, card.Factor));
        Assert.Equal(5.5, card.Difficulty);
        var fresh = new CardRow { Id = 2, Type = 0, Queue = 0, Due = 4 };
        CardScheduler.SetDueDate(fresh, today: 30, nextDayAt: 0, daysFromToday: 3, initialEase: 2300, resetInterval: true, fsrs: true);
        Assert.Equal((2L, 33L, 0L, 2300L, "{\"pos\":4}"), (fresh.Type, fresh.Due, fresh.Interval, fresh.Factor, fresh.DataText()));
    }

    [FixtureFact]
    public void UnderFsrsMovingCardsIsRefused()
    {
        using var package = AnkiPackage.Open(Fixtures.Path(Studied));
        package.Json.Conf["fsrs"] = true;
        using var edit = package.BeginCardEdit(At(DayTen));
        Assert.Equal("FsrsNotSupported", Assert.Throws<AnkiException>(() => edit.Change(ReviewCard, new CardChange { Deck = "Elsewhere" })).Reason);
        Assert.True(edit.Change(ReviewCard, new CardChange { Flag = CardFlag.Red }));
    }
}
