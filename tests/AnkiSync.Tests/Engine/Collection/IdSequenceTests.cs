using System;
using AnkiSync.Editing;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>Anki's millisecond ids: now, or one past the last when rows come faster; never past long.MaxValue.</summary>
public class IdSequenceTests
{
    [Fact]
    public void IdsAreNowOrOnePastTheLargestSeen()
    {
        long future = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1_000_000;
        var ids = new IdSequence(5, "note", "x", null);
        long first = ids.Next();
        Assert.True(first >= DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000);
        ids.Observe(future);
        ids.Observe(7);
        Assert.Equal(future + 1, ids.Next());
        Assert.Equal(future + 2, ids.Next());
    }

    [Fact]
    public void TheLastIdIsRefusedBeforeItWraps()
    {
        var ids = new IdSequence(long.MaxValue - 1, "card", "my.apkg", "/tmp/my.apkg");
        ids.EnsureRoom(1);
        Assert.Equal(long.MaxValue, ids.Next());
        var error = Assert.Throws<AnkiException>(() => ids.Next());
        Assert.Equal(("CorruptCollection", $"The collection of 'my.apkg' is damaged: its largest card id ({long.MaxValue}) leaves no room for a new card id."), (error.Reason, error.Message));
        Assert.Equal("/tmp/my.apkg", error.Target);
        Assert.Throws<AnkiException>(() => new IdSequence(long.MaxValue - 1, "card", "my.apkg", null).EnsureRoom(2));
    }
}
