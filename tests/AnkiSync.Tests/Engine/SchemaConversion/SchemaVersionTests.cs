using AnkiSync.SchemaConversion;

namespace AnkiSync.Tests.Engine.SchemaConversion;

public class SchemaVersionTests
{
    [FixtureTheory]
    [InlineData("anki2.1.1x-bare-schema11-two-decks-revlog.anki2", 11)]
    [InlineData("anki2.1.4x-bare-schema16-empty.anki2", 16)]
    [InlineData("anki2.1.50plus-bare-schema18-japanese-studied.anki2", 18)]
    public void ReadsColVer(string fixture, int expected)
    {
        using var files = Schema18Files.CopyOf(fixture);
        using var db = files.Open();
        Assert.Equal(expected, SchemaConverter.ReadVersion(db));
    }

    [FixtureTheory]
    [InlineData("anki2.1.50plus-bare-schema18-japanese-studied.anki2", 12)]
    [InlineData("anki2.1.50plus-bare-schema18-japanese-studied.anki2", 13)]
    [InlineData("anki2.1.50plus-bare-schema18-japanese-studied.anki2", 19)]
    [InlineData("anki2.1.1x-bare-schema11-two-decks-revlog.anki2", 10)]
    public void RefusesSchemasAnkiCannotOpenAndLeavesTheFileAlone(string fixture, int version)
    {
        using var files = Schema18Files.CopyOf(fixture);
        using var db = files.Open();
        db.Execute("update col set ver = $v", ("$v", version));
        var tables = db.ScalarLong("select count(*) from sqlite_master");

        var down = Assert.Throws<AnkiException>(() => SchemaConverter.DowngradeToSchema11(db));
        var up = Assert.Throws<AnkiException>(() => SchemaConverter.UpgradeToSchema18(db));

        foreach (var error in new[] { down, up })
        {
            Assert.Equal("UnsupportedSchema", error.Reason);
            Assert.Equal(AnkiErrorKind.InvalidData, error.Kind);
            Assert.Equal(files.Path, error.Target);
            Assert.Contains($"schema {version}", error.Message);
            Assert.Contains("supports 11 and 14-18", error.Message);
            if (version != 10)
            {
                Assert.Contains("too new / unsupported", error.Message);
            }
        }

        Assert.Equal(version, SchemaConverter.ReadVersion(db));
        Assert.Equal(tables, db.ScalarLong("select count(*) from sqlite_master"));
    }

    [FixtureFact]
    public void DowngradeOfSchema11AndUpgradeOfSchema18ChangeNothing()
    {
        using (var files = Schema18Files.CopyOf("anki2.1.1x-bare-schema11-two-decks-revlog.anki2"))
        using (var db = files.Open())
        {
            var json = db.Scalar("select conf || models || decks || dconf || tags from col");
            SchemaConverter.DowngradeToSchema11(db);
            Assert.Equal(11, SchemaConverter.ReadVersion(db));
            Assert.Equal(json, db.Scalar("select conf || models || decks || dconf || tags from col"));
        }

        using (var files = Schema18Files.CopyOf("anki2.1.50plus-bare-schema18-suspended.anki2"))
        using (var db = files.Open())
        {
            var before = Schema18Snapshot.Read(db);
            SchemaConverter.UpgradeToSchema18(db);
            Assert.Equal(18, SchemaConverter.ReadVersion(db));
            before.AssertSame(Schema18Snapshot.Read(db), exactBlobs: true);
        }
    }

    [FixtureFact]
    public void AFileWithoutAColTableIsAnInvalidCollection()
    {
        using var files = Schema18Files.CopyOf("anki2.1.1x-bare-schema11-two-decks-revlog.anki2");
        using var db = files.Open();
        db.Execute("drop table col");
        var error = Assert.Throws<AnkiException>(() => SchemaConverter.ReadVersion(db));
        Assert.Equal("InvalidCollection", error.Reason);
    }
}
