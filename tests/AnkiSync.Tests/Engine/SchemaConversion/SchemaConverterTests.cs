using System;
using AnkiSync.SchemaConversion;
using AnkiSync.Session;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// The schema version and the conversions' entry points on a new collection (no real files needed): what col.ver may
/// hold, which versions convert, and a failed conversion leaving the collection as it was.
/// </summary>
public sealed class SchemaConverterTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly AnkiDatabase db;

    public SchemaConverterTests() => db = NewCollection.Create(temp.Path("collection.anki2"));

    public void Dispose()
    {
        db.Dispose();
        temp.Dispose();
    }

    private string Col() => (string)db.Scalar("select conf || models || decks || dconf || tags from col")!;

    [Theory]
    [InlineData("'eleven'", "'eleven'")]
    [InlineData("11.5", "'11.5'")]
    [InlineData("x'0b00'", "a 2-byte blob")]
    [InlineData("2147483648", "'2147483648'")]
    [InlineData("-2147483649", "'-2147483649'")]
    public void AVersionThatIsNotAWholeNumberIsInvalidCollection(string value, string shown)
    {
        db.Execute($"update col set ver = {value}");

        var error = Assert.Throws<AnkiException>(() => SchemaConverter.ReadVersion(db));

        Assert.Equal(AnkiErrors.InvalidCollection, error.Error);
        Assert.Equal(db.Path, error.Target);
        Assert.Equal($"The collection '{db.Path}' is not a valid Anki collection: its schema version (col.ver) is {shown}, not a whole number.", error.Message);
    }

    [Theory]
    [InlineData(2147483647)]
    [InlineData(-2147483648)]
    [InlineData(11)]
    public void AWholeNumberThatFitsIsTheVersion(long version)
    {
        db.Execute($"update col set ver = {version}");

        Assert.Equal((int)version, SchemaConverter.ReadVersion(db));
    }

    [Fact]
    public void ACollectionWithoutAColRowOrTableIsInvalidCollection()
    {
        db.Execute("delete from col");
        var noRow = Assert.Throws<AnkiException>(() => SchemaConverter.ReadVersion(db));
        db.Execute("drop table col");
        var noTable = Assert.Throws<AnkiException>(() => SchemaConverter.ReadVersion(db));

        Assert.Equal(AnkiErrors.InvalidCollection, noRow.Error);
        Assert.Equal($"The collection '{db.Path}' has no col row.", noRow.Message);
        Assert.Equal(AnkiErrors.InvalidCollection, noTable.Error);
        Assert.StartsWith($"'{db.Path}' is not an Anki collection: ", noTable.Message, StringComparison.Ordinal);
        Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(noTable.InnerException);
    }

    [Fact]
    public void ANewCollectionGoesToSchema18AndBackUnchanged()
    {
        string before = Col();

        SchemaConverter.DowngradeToSchema11(db);
        Assert.Equal(before, Col());
        SchemaConverter.UpgradeToSchema18(db);
        Assert.Equal(18, SchemaConverter.ReadVersion(db));
        Assert.Equal(1L, db.ScalarLong("select count(*) from decks"));
        SchemaConverter.UpgradeToSchema18(db);
        Assert.Equal(18, SchemaConverter.ReadVersion(db));
        SchemaConverter.DowngradeToSchema11(db);

        Assert.Equal(11, SchemaConverter.ReadVersion(db));
        Assert.Equal(0L, db.ScalarLong("select count(*) from sqlite_master where name = 'decks'"));
    }

    [Theory]
    [InlineData(10, "it is older than any collection Anki 2.1 can open")]
    [InlineData(12, "it was made by a newer or unreleased Anki version (too new / unsupported)")]
    [InlineData(13, "it was made by a newer or unreleased Anki version (too new / unsupported)")]
    [InlineData(19, "it was made by a newer or unreleased Anki version (too new / unsupported)")]
    [InlineData(-1, "it is older than any collection Anki 2.1 can open")]
    public void VersionsOutsideElevenAndFourteenToEighteenAreRefusedUntouched(int version, string why)
    {
        db.Execute($"update col set ver = {version}");
        string before = Col();

        foreach (var convert in new Action<AnkiDatabase>[] { SchemaConverter.DowngradeToSchema11, SchemaConverter.UpgradeToSchema18 })
        {
            var error = Assert.Throws<AnkiException>(() => convert(db));
            Assert.Equal(AnkiErrors.UnsupportedSchema, error.Error);
            Assert.Equal($"The collection '{db.Path}' uses schema {version}, which cannot be converted: {why}. AnkiSync supports 11 and 14-18, like Anki.", error.Message);
        }

        Assert.Equal(version, SchemaConverter.ReadVersion(db));
        Assert.Equal(before, Col());
    }

    [Fact]
    public void BadJsonFailsTheUpgradeAsInvalidCollectionAndChangesNothing()
    {
        db.Execute("update col set decks = '{\"1\": '");
        string before = Col();

        var error = Assert.Throws<AnkiException>(() => SchemaConverter.UpgradeToSchema18(db));

        Assert.Equal(AnkiErrors.InvalidCollection, error.Error);
        Assert.Contains("'decks'", error.Message, StringComparison.Ordinal);
        Assert.Equal(11, SchemaConverter.ReadVersion(db));
        Assert.Equal(before, Col());
        Assert.Equal(0L, db.ScalarLong("select count(*) from sqlite_master where name = 'decks'"));
    }
}
