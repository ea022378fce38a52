using AnkiSync.Storage;

namespace AnkiSync.Tests.Engine;

public class StorageTests
{
    [Fact]
    public void OpensAnInMemoryDatabaseWithTheUnicaseCollation()
    {
        using var db = AnkiDatabase.Open(":memory:", create: true);
        Assert.Equal(1L, db.ScalarLong("select 'ABC' = 'abc' collate unicase"));
    }
}
