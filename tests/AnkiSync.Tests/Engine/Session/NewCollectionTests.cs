using System;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Session;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Reading;

namespace AnkiSync.Tests.Engine.Session;

/// <summary>A brand-new collection as Anki initialises one, and the stub collection newer packages carry for old clients.</summary>
public class NewCollectionTests
{
    [Theory]
    [InlineData("2024-03-10T04:00:00+02:00", "2024-03-10T04:00:00+02:00")] // at 4 a.m.: that day
    [InlineData("2024-03-10T23:59:00+02:00", "2024-03-10T04:00:00+02:00")]
    [InlineData("2024-03-10T03:59:59+02:00", "2024-03-09T04:00:00+02:00")] // before 4 a.m.: the day before
    [InlineData("2024-03-01T00:30:00-05:00", "2024-02-29T04:00:00-05:00")]
    public void TheCreationDayStartsAtFourInTheMorningLocalTime(string now, string start)
        => Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
            NewCollection.CreationDay(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void ANewCollectionHasAnkisDefaultsStampedNow()
    {
        using var folder = new ScratchFolder();
        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var db = NewCollection.Create(folder.Combine("collection.anki2"));
        long after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal("delete", db.Scalar("pragma journal_mode"));
        Assert.False(db.InTransaction);
        Assert.Equal((11L, 0L, 0L, 0L), (db.ScalarLong("select ver from col"), db.ScalarLong("select usn from col"), db.ScalarLong("select ls from col"), db.ScalarLong("select dty from col")));
        Assert.InRange(db.ScalarLong("select mod from col"), before, after);
        Assert.Equal(db.ScalarLong("select mod from col"), db.ScalarLong("select scm from col"));
        Assert.Equal(NewCollection.CreationDay(DateTimeOffset.Now), db.ScalarLong("select crt from col"));
        Assert.Equal("{}", db.Scalar("select models from col"));
        Assert.Equal("{}", db.Scalar("select tags from col"));

        var json = CollectionJson.Load(db, "new");
        long westOfUtc = -(long)TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow).TotalMinutes;
        Assert.Equal(westOfUtc, CollectionJson.ReadLong(json.Conf["creationOffset"]));
        var deck = json.Decks["1"]!.AsObject();
        Assert.Equal("Default", (string)deck["name"]!);
        Assert.InRange(CollectionJson.ReadLong(deck["mod"]), before / 1000, after / 1000);
        var preset = json.DeckConfigs["1"]!.AsObject();
        Assert.Equal("Default", (string)preset["name"]!);
        Assert.InRange(CollectionJson.ReadLong(preset["mod"]), before / 1000, after / 1000);
        Assert.Equal(0L, db.ScalarLong("select count(*) from notes"));
    }

    [Fact]
    public void TheStubHoldsOneBasicNoteAskingToUpdateAnki()
    {
        using var folder = new ScratchFolder();
        string stub = folder.Combine("collection.anki2");
        NewCollection.WriteStub(stub);
        using var db = AnkiDatabase.Open(stub, readOnly: true);
        Assert.Equal(512L, db.ScalarLong("pragma page_size"));
        Assert.Equal(1L, db.ScalarLong("select count(*) from notes"));
        Assert.Equal(NewCollection.StubMessage + "\u001f", db.Scalar("select flds from notes"));
        Assert.Equal(1L, db.ScalarLong("select count(*) from cards"));
        var models = JsonNode.Parse((string)db.Scalar("select models from col")!)!.AsObject();
        Assert.Contains(models, m => (string)m.Value!["name"]! == "Basic");
    }
}
