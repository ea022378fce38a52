using System;
using System.Linq;
using AnkiSync.Scheduling;

namespace AnkiSync.Tests.Engine.Scheduling;

/// <summary>
/// The card row the scheduler changes and writes back whole: its <c>data</c> column read and written as rslib's
/// <c>CardData</c> does (known keys in order, anything else dropped), and the comparison that decides whether a
/// card changed at all.
/// </summary>
public class CardRowTests
{
    private static CardRow Sample() => new()
    {
        Id = 1,
        NoteId = 2,
        DeckId = 3,
        Type = 2,
        Queue = 2,
        Due = 40,
        Interval = 9,
        Factor = 2500,
        Reps = 5,
        Lapses = 1,
        Left = 0,
        OriginalDue = 0,
        OriginalDeckId = 0,
        Flags = 0,
        Data = CardRow.ParseData("{\"pos\":4}"),
    };

    [Theory]
    [InlineData("", "{}")]
    [InlineData("   ", "{}")]
    [InlineData("not json", "{}")]
    [InlineData("[1,2]", "{}")]
    [InlineData("{\"cd\":\"{\\\"x\\\":1}\",\"lrt\":5,\"pos\":3,\"extra\":1,\"d\":2.5,\"s\":1.25}", "{\"pos\":3,\"s\":1.25,\"d\":2.5,\"lrt\":5,\"cd\":\"{\\\"x\\\":1}\"}")]
    [InlineData("{\"decay\":0.2,\"dr\":0.9}", "{\"dr\":0.9,\"decay\":0.2}")]
    [InlineData("{\"pos\":null,\"s\":null}", "{}")]
    [InlineData("{\"cd\":\"\"}", "{}")]
    [InlineData("{\"cd\":\"{}\"}", "{}")]
    public void DataIsWrittenWithRslibsKeysInItsOrder(string stored, string written)
        => Assert.Equal(written, new CardRow { Data = CardRow.ParseData(stored) }.DataText());

    [Fact]
    public void ThePositionIsANumberOrNothing()
    {
        var card = new CardRow { Data = CardRow.ParseData("{\"pos\":\"7\"}") };
        Assert.Null(card.OriginalPosition);
        card.OriginalPosition = 12;
        Assert.Equal(12L, card.OriginalPosition);
        Assert.Equal("{\"pos\":12}", card.DataText());
        card.OriginalPosition = null;
        Assert.Equal("{}", card.DataText());
    }

    [Theory]
    [InlineData("{\"s\":3.5,\"d\":6.25}", 6.25)]
    [InlineData("{\"d\":6.25}", null)]
    [InlineData("{\"s\":3.5}", null)]
    [InlineData("{\"s\":\"3.5\",\"d\":6.25}", null)]
    [InlineData("{\"s\":3.5,\"d\":\"6.25\"}", null)]
    [InlineData("{\"s\":3.5,\"d\":1E1}", 10.0)]
    public void DifficultyNeedsAWholeMemoryState(string data, double? difficulty)
        => Assert.Equal(difficulty, new CardRow { Data = CardRow.ParseData(data) }.Difficulty);

    [Theory]
    [InlineData("{\"lrt\":1700000000}", 1_700_000_000L)]
    [InlineData("{\"lrt\":\"1700000000\"}", null)]
    [InlineData("{}", null)]
    public void TheLastReviewTimeIsANumberOrNothing(string data, long? expected)
        => Assert.Equal(expected, new CardRow { Data = CardRow.ParseData(data) }.LastReviewTime);

    [Fact]
    public void ClearingTheMemoryStateKeepsTheRestClearingFsrsDataTakesTheRetentionAndDecayToo()
    {
        const string all = "{\"pos\":1,\"s\":2,\"d\":3,\"dr\":0.9,\"decay\":0.2,\"lrt\":5,\"cd\":\"x\"}";
        var memory = new CardRow { Data = CardRow.ParseData(all) };
        memory.ClearMemoryState();
        Assert.Equal("{\"pos\":1,\"dr\":0.9,\"decay\":0.2,\"lrt\":5,\"cd\":\"x\"}", memory.DataText());
        var fsrs = new CardRow { Data = CardRow.ParseData(all) };
        fsrs.ClearFsrsData();
        Assert.Equal("{\"pos\":1,\"lrt\":5,\"cd\":\"x\"}", fsrs.DataText());
    }

    [Fact]
    public void ACloneIsIndependentOfItsOriginalDataIncluded()
    {
        var card = Sample();
        var copy = card.Clone();
        Assert.True(copy.SameAs(card));
        copy.OriginalPosition = 99;
        copy.Due = 41;
        Assert.Equal((4L, 40L), (card.OriginalPosition, card.Due));
    }

    public static TheoryData<string> EachComparedField() => new()
    {
        "DeckId", "Type", "Queue", "Due", "Interval", "Factor", "Reps", "Lapses", "Left", "OriginalDue", "OriginalDeckId", "Flags", "Data",
    };

    [Theory]
    [MemberData(nameof(EachComparedField))]
    public void ACardDiffersWhenAnyWrittenFieldDiffers(string field)
    {
        var card = Sample();
        var changed = card.Clone();
        if (field == "Data")
        {
            changed.Data["s"] = 1.5;
        }
        else
        {
            var property = typeof(CardRow).GetProperty(field)!;
            property.SetValue(changed, (long)property.GetValue(changed)! + 1);
        }

        Assert.False(card.SameAs(changed));
        Assert.False(changed.SameAs(card));
    }

    [Fact]
    public void DataThatWritesTheSameIsTheSame()
    {
        var card = Sample();
        var changed = card.Clone();
        changed.Data["unknown"] = 1; // dropped when written
        changed.Id = 77;             // not a written field
        changed.NoteId = 78;
        Assert.True(card.SameAs(changed));
    }

    [Theory]
    [InlineData("3", "3")]
    [InlineData("7-1", "1-7")]
    [InlineData("30!", "30!")]
    [InlineData("2-5!", "2-5!")]
    [InlineData("4-4", "4")]
    public void ASpecWritesBackAsAnkiReadsIt(string text, string written) => Assert.Equal(written, DueDateSpec.Parse(text).ToString());

    [Fact]
    public void ARangePicksEachDayInItBothEndsIncluded()
    {
        var spec = DueDateSpec.Parse("2-4");
        var random = new Random(11);
        var picked = Enumerable.Range(0, 200).Select(_ => spec.Pick(random)).Distinct().OrderBy(d => d).ToArray();
        Assert.Equal(new[] { 2, 3, 4 }, picked);
        Assert.Equal(6, DueDateSpec.Parse("6").Pick(random));
    }
}
