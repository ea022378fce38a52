using System;
using System.Linq;

namespace AnkiSync.Tests.Engine.Facade;

/// <summary>
/// The review log as <c>Get-AnkiReview</c> reads it: each column, the button rules of the V1 and V2 schedulers,
/// out-of-range values, and the card and time filters.
/// </summary>
public sealed class PackageReviewsTests
{
    private const long Base = 1_700_000_000_000;

    /// <summary>A package with one Basic note (one card) and the given revlog rows: (id offset, ease, type).</summary>
    private static (AnkiPackage Package, long CardId, long NoteId) WithReviews(int schedVer, params (long Offset, int Ease, int Type)[] rows)
    {
        var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { Values = new[] { "front", "back" } });
        long card = package.GetCards().Single().Id;
        foreach (var (offset, ease, type) in rows)
        {
            RawSql.Run(package, "insert into revlog values ($id, $cid, -1, $ease, 10, 4, 2500, 8000, $type)",
                ("id", Base + offset), ("cid", card), ("ease", ease), ("type", type));
        }

        RawSql.Run(package, "update col set conf = json_set(conf, '$.schedVer', $v)", ("v", schedVer));
        return (package, card, note.Id);
    }

    [Fact]
    public void EachColumnReadsAsStored()
    {
        var (package, card, note) = WithReviews(2, (0, 3, 1));
        using (package)
        {
            var review = Assert.Single(package.GetReviews());

            Assert.Equal(Base, review.Id);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Base).LocalDateTime, review.Time);
            Assert.Equal(card, review.CardId);
            Assert.Equal(note, review.NoteId);
            Assert.Equal(ReviewButton.Good, review.Button);
            Assert.Equal(ReviewKind.Review, review.Kind);
            Assert.Equal(10, review.Interval);
            Assert.Equal(4, review.LastInterval);
            Assert.Equal(2.5, review.Ease);
            Assert.Equal(TimeSpan.FromSeconds(8), review.Duration);
            Assert.Same(package, review.Package);
        }
    }

    [Fact]
    public void AReviewOfACardThatIsGoneHasNoNoteAndANegativeDurationIsZero()
    {
        using var package = AnkiPackage.Create();
        RawSql.Run(package, "insert into revlog values (1700000000000, 42, -1, 1, -600, 0, 0, -5, 0)");

        var review = Assert.Single(package.GetReviews());

        Assert.Equal(42, review.CardId);
        Assert.Equal(0, review.NoteId);
        Assert.Equal(-600, review.Interval);
        Assert.Equal(TimeSpan.Zero, review.Duration);
        Assert.Equal(ReviewButton.Again, review.Button);
    }

    [Fact]
    public void V2ButtonsAreTheStoredEase()
    {
        var (package, _, _) = WithReviews(2, (0, 1, 0), (1, 2, 0), (2, 3, 0), (3, 4, 0), (4, 2, 2), (5, 3, 2));
        using (package)
        {
            Assert.Equal(
                new[] { ReviewButton.Again, ReviewButton.Hard, ReviewButton.Good, ReviewButton.Easy, ReviewButton.Hard, ReviewButton.Good },
                package.GetReviews().Select(r => r.Button));
        }
    }

    [Fact]
    public void V1LearningAndRelearningRowsHadThreeButtons()
    {
        // V1's learning screens showed Again, Good, Easy: their 2 is Good and 3 is Easy. Review and filtered rows had four.
        var (package, _, _) = WithReviews(1,
            (0, 1, 0), (1, 2, 0), (2, 3, 0), (3, 2, 2), (4, 3, 2), (5, 2, 1), (6, 3, 1), (7, 4, 1), (8, 2, 3), (9, 3, 3));
        using (package)
        {
            Assert.Equal(
                new[]
                {
                    ReviewButton.Again, ReviewButton.Good, ReviewButton.Easy, ReviewButton.Good, ReviewButton.Easy,
                    ReviewButton.Hard, ReviewButton.Good, ReviewButton.Easy, ReviewButton.Hard, ReviewButton.Good,
                },
                package.GetReviews().Select(r => r.Button));
        }
    }

    [Fact]
    public void ASchedulerVersionOtherThanTwoReadsAsV1()
    {
        var (package, _, _) = WithReviews(3, (0, 2, 0));
        using (package)
        {
            Assert.Equal(ReviewButton.Good, Assert.Single(package.GetReviews()).Button);
        }
    }

    [Fact]
    public void AnEaseOutsideOneToFourIsAManualReschedule()
    {
        var (package, _, _) = WithReviews(1, (0, 0, 4), (1, 5, 1), (2, -1, 0), (3, 4, 0));
        using (package)
        {
            Assert.Equal(new[] { ReviewButton.Manual, ReviewButton.Manual, ReviewButton.Manual, ReviewButton.Easy },
                package.GetReviews().Select(r => r.Button));
        }
    }

    [Fact]
    public void KindsBeyondAnkisAreManual()
    {
        var (package, _, _) = WithReviews(2, (0, 3, 0), (1, 3, 1), (2, 3, 2), (3, 3, 3), (4, 0, 4), (5, 0, 5), (6, 0, 6), (7, 0, -1));
        using (package)
        {
            Assert.Equal(
                new[]
                {
                    ReviewKind.Learn, ReviewKind.Review, ReviewKind.Relearn, ReviewKind.Filtered, ReviewKind.Manual,
                    ReviewKind.Rescheduled, ReviewKind.Manual, ReviewKind.Manual,
                },
                package.GetReviews().Select(r => r.Kind));
        }
    }

    [Fact]
    public void ReviewsComeOldestFirstAndFilterByCard()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "a", "b" } });
        package.AddNote(new NoteInput { Values = new[] { "c", "d" } });
        var cards = package.GetCards().Select(c => c.Id).ToList();
        RawSql.Run(package, "insert into revlog values (1700000000300, $c, -1, 3, 1, 0, 2500, 1000, 1)", ("c", cards[1]));
        RawSql.Run(package, "insert into revlog values (1700000000100, $c, -1, 3, 1, 0, 2500, 1000, 1)", ("c", cards[0]));
        RawSql.Run(package, "insert into revlog values (1700000000200, $c, -1, 3, 1, 0, 2500, 1000, 1)", ("c", cards[1]));

        Assert.Equal(new[] { 1700000000100L, 1700000000200, 1700000000300 }, package.GetReviews().Select(r => r.Id));
        Assert.Equal(new[] { 1700000000200L, 1700000000300 },
            package.GetReviews(new ReviewFilter { CardIds = new[] { cards[1] } }).Select(r => r.Id));
        Assert.Empty(package.GetReviews(new ReviewFilter { CardIds = new[] { 99L } }));
    }

    [Fact]
    public void AfterIsInclusiveAndBeforeIsExclusiveInUtcOrLocalTime()
    {
        var (package, _, _) = WithReviews(2, (0, 3, 1), (1000, 3, 1), (2000, 3, 1));
        using (package)
        {
            var middleUtc = DateTimeOffset.FromUnixTimeMilliseconds(Base + 1000).UtcDateTime;
            var middleUnspecified = DateTime.SpecifyKind(middleUtc.ToLocalTime(), DateTimeKind.Unspecified);

            foreach (var middle in new[] { middleUtc, middleUtc.ToLocalTime(), middleUnspecified })
            {
                Assert.Equal(new[] { Base + 1000, Base + 2000 }, package.GetReviews(new ReviewFilter { After = middle }).Select(r => r.Id));
                Assert.Equal(new[] { Base }, package.GetReviews(new ReviewFilter { Before = middle }).Select(r => r.Id));
            }

            Assert.Equal(new[] { Base + 1000 }, package.GetReviews(new ReviewFilter
            {
                After = middleUtc,
                Before = middleUtc.AddMilliseconds(1),
            }).Select(r => r.Id));
        }
    }
}
