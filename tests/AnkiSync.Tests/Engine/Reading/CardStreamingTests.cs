using System;
using System.Diagnostics;
using System.Linq;
using SQLitePCL;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>
/// <see cref="AnkiPackage.GetCards"/> streams: the first cards come without reading the whole table, and the
/// memory held while enumerating does not grow with the number of cards.
/// </summary>
[Collection(ReadingAloneCollection.Name)]
public class CardStreamingTests
{
    /// <summary>Holding half of the 100,000 cards takes about 45 MB; streaming holds one page of them.</summary>
    private const long MaxGrowthBytes = 30L * 1024 * 1024;

    private readonly LargePackage large;

    public CardStreamingTests(LargePackage large) => this.large = large;

    [Fact]
    public void TheFirstCardsArriveWithoutReadingTheWholeTable()
    {
        using var package = AnkiPackage.Open(large.Path);
        Assert.Equal(LargePackage.CardCount, package.CardCount);

        // SQLite's progress handler counts virtual-machine steps: the work done on the database, whatever the timing.
        long steps = 0;
        raw.sqlite3_progress_handler(package.Db.Connection.Handle, 100, _ => { steps++; return 0; }, null);
        try
        {
            var watch = Stopwatch.StartNew();
            var first = package.GetCards().Take(10).ToList();
            var firstTime = watch.Elapsed;
            long firstSteps = steps;

            steps = 0;
            watch.Restart();
            int all = package.GetCards().Count();
            var allTime = watch.Elapsed;
            long allSteps = steps;

            Assert.Equal(10, first.Count);
            Assert.Equal(LargePackage.CardCount, all);
            Assert.True(firstSteps * 20 < allSteps, $"taking 10 cards took {firstSteps} steps, reading all {allSteps}");
            Assert.True(firstTime * 5 < allTime, $"taking 10 cards took {firstTime}, reading all {allTime}");
        }
        finally
        {
            raw.sqlite3_progress_handler(package.Db.Connection.Handle, 0, null, null);
        }
    }

    [Fact]
    public void MemoryDoesNotGrowWithTheCardsRead()
    {
        using var package = AnkiPackage.Open(large.Path);
        using var cards = package.GetCards().GetEnumerator();
        Assert.True(cards.MoveNext());
        long atStart = GC.GetTotalMemory(forceFullCollection: true);

        int read = 1;
        int lapsed = 0;
        long halfway = 0;
        long peak = 0;
        while (cards.MoveNext())
        {
            read++;
            if (cards.Current.Lapses > 3)
            {
                lapsed++;
            }

            if (read % (LargePackage.CardCount / 4) == 0)
            {
                long now = GC.GetTotalMemory(forceFullCollection: true);
                peak = Math.Max(peak, now);
                if (read == LargePackage.CardCount / 2)
                {
                    halfway = now;
                }
            }
        }

        Assert.Equal(LargePackage.CardCount, read);
        Assert.Equal(LargePackage.LapsedCount, lapsed);
        Assert.True(halfway - atStart < MaxGrowthBytes, $"halfway through, {(halfway - atStart) / 1024} KB more were held than at the start");
        Assert.True(peak - atStart < MaxGrowthBytes, $"while reading, up to {(peak - atStart) / 1024} KB more were held than at the start");
    }

    [Fact]
    public void HoldingTheCardsWouldExceedTheBoundTheStreamingTestUses()
    {
        // Shows the memory test can fail: the first half of the cards, kept in a list, is well above its bound (~45 MB).
        using var package = AnkiPackage.Open(large.Path);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var held = package.GetCards().Take(LargePackage.CardCount / 2).ToList();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(LargePackage.CardCount / 2, held.Count);
        Assert.True(after - before > MaxGrowthBytes, $"holding every card took only {(after - before) / 1024} KB");
        GC.KeepAlive(held);
    }
}
