using System.Text;
using AnkiSync.SchemaConversion;
using AnkiSync.Storage;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// The <c>col</c> row's five JSON columns as the converters read them: SQLite does not enforce declared types, so a
/// text column may hold a blob, a number or NULL, and a blob column text.
/// </summary>
public sealed class ColRowTests
{
    [Fact]
    public void EachColumnIsReadUnderItsOwnName()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        db.Execute("create table col (conf, models, decks, dconf, tags)");
        db.Execute("insert into col values ('{\"c\":1}', cast('{\"m\":2}' as blob), 3, null, '{}')");

        var row = ColRow.Read(db);

        Assert.Equal(("{\"c\":1}", "{\"m\":2}", "3", "", "{}"), (row.Conf, row.Models, row.Decks, row.Dconf, row.Tags));
    }

    [Fact]
    public void ACollectionWithoutAColRowIsInvalid()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        db.Execute("create table col (conf, models, decks, dconf, tags)");

        var error = Assert.Throws<AnkiException>(() => ColRow.Read(db));

        Assert.Equal(AnkiErrors.InvalidCollection, error.Error);
        Assert.Equal($"The collection '{db.Path}' has no col row.", error.Message);
    }

    [Fact]
    public void ACellReadsAsTextWhateverItHolds()
    {
        Assert.Equal("text", ColRow.Text("text"));
        Assert.Equal("caf\u00e9", ColRow.Text(Encoding.UTF8.GetBytes("caf\u00e9")));
        Assert.Equal("", ColRow.Text(null));
        Assert.Equal("", ColRow.Text(System.DBNull.Value));
        Assert.Equal("1.5", ColRow.Text(1.5));
        Assert.Equal("-7", ColRow.Text(-7L));
    }

    [Fact]
    public void ACellReadsAsBytesWhenItIsABlobOrText()
    {
        var bytes = new byte[] { 0, 255 };

        Assert.Same(bytes, ColRow.Blob(bytes));
        Assert.Equal(Encoding.UTF8.GetBytes("caf\u00e9"), ColRow.Blob("caf\u00e9"));
        Assert.Empty(ColRow.Blob(null));
        Assert.Empty(ColRow.Blob(42L));
    }
}
