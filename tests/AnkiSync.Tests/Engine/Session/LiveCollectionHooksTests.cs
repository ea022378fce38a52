using System;
using System.IO;
using AnkiSync.Session;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Reading;

namespace AnkiSync.Tests.Engine.Session;

/// <summary>
/// What happens around each write to a learner's live collection: one backup before the first, the state read
/// again at the start, <c>col.mod</c> (and <c>col.scm</c> after a structural change) bumped before the commit,
/// and a schema-18 collection worked on as schema 11 and put back.
/// </summary>
public class LiveCollectionHooksTests
{
    private static AnkiDatabase NewLive(ScratchFolder folder) => NewCollection.Create(folder.Combine("collection.anki2"));

    [Fact]
    public void WithoutABackupFolderNothingIsWritten()
    {
        using var folder = new ScratchFolder();
        using var db = NewLive(folder);
        var hooks = new LiveCollectionHooks(db, 11, null, () => { });
        hooks.BeforeBegin();
        Assert.Null(hooks.BackupPath);
        Assert.Single(Directory.GetFileSystemEntries(folder.Root));
    }

    [Fact]
    public void TheFirstWriteIsBackedUpOnceAsAReadableColpkg()
    {
        using var folder = new ScratchFolder();
        using var db = NewLive(folder);
        db.Execute("update col set mod = 12345");
        string backups = folder.Combine("profile", "backups");
        var hooks = new LiveCollectionHooks(db, 11, backups, () => { });
        hooks.BeforeBegin();
        string backup = Assert.Single(Directory.GetFiles(backups));
        Assert.Equal(backup, hooks.BackupPath);
        Assert.Matches(@"^backup-\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.\d{2}\.colpkg$", Path.GetFileName(backup));

        using (var restored = AnkiPackage.Open(backup))
        {
            Assert.Contains(restored.GetDecks(), d => d.Name == "Default");
        }

        File.Delete(backup);
        hooks.BeforeBegin(); // one backup per session: the first write's
        Assert.Empty(Directory.GetFiles(backups));
        Assert.Equal(backup, hooks.BackupPath);
    }

    [Fact]
    public void ABackupThatCannotBeWrittenStopsTheWriteWithBackupFailed()
    {
        using var folder = new ScratchFolder();
        using var db = NewLive(folder);
        string notAFolder = folder.Combine("backups");
        File.WriteAllText(notAFolder, "a file where the folder should be");
        var hooks = new LiveCollectionHooks(db, 11, notAFolder, () => { });
        var error = Assert.Throws<AnkiException>(hooks.BeforeBegin);
        Assert.Equal("BackupFailed", error.Reason);
        Assert.StartsWith($"Could not back up the collection to '{notAFolder}{Path.DirectorySeparatorChar}backup-", error.Message);
        Assert.Null(hooks.BackupPath);
    }

    [Fact]
    public void EachWriteReadsTheStateAgainButRawSqlDoesNot()
    {
        using var folder = new ScratchFolder();
        using var db = NewLive(folder);
        int refreshed = 0;
        var hooks = new LiveCollectionHooks(db, 11, null, () => refreshed++);
        hooks.SchemaChanged = true;
        hooks.AfterBegin(raw: true);
        Assert.Equal(0, refreshed);
        Assert.True(hooks.SchemaChanged);
        hooks.AfterBegin(raw: false);
        Assert.Equal(1, refreshed);
        Assert.False(hooks.SchemaChanged);
    }

    [Fact]
    public void TheCommitBumpsModAndScmOnlyAfterAStructuralChange()
    {
        using var folder = new ScratchFolder();
        using var db = NewLive(folder);
        db.Execute("update col set mod = 1000, scm = 2000");
        var hooks = new LiveCollectionHooks(db, 11, null, () => { });
        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        hooks.BeforeCommit(raw: false);
        Assert.InRange(db.ScalarLong("select mod from col"), before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(2000L, db.ScalarLong("select scm from col"));

        hooks.SchemaChanged = true;
        hooks.BeforeCommit(raw: true);
        long mod = db.ScalarLong("select mod from col");
        Assert.Equal(mod, db.ScalarLong("select scm from col"));
        Assert.False(hooks.SchemaChanged);
        Assert.Equal(11L, db.ScalarLong("select ver from col"));
    }

    [FixtureFact]
    public void ASchema18CollectionIsWorkedOnAsSchema11AndPutBack()
    {
        using var folder = new ScratchFolder();
        string path = folder.Combine("collection.anki2");
        File.Copy(Fixtures.Path("anki2.1.50plus-bare-schema18-japanese-studied.anki2"), path);
        using var db = AnkiDatabase.Open(path);
        var hooks = new LiveCollectionHooks(db, 18, null, () => { });

        hooks.AfterBegin(raw: true);
        Assert.Equal(18L, db.ScalarLong("select ver from col"));
        hooks.BeforeCommit(raw: true);
        Assert.Equal(18L, db.ScalarLong("select ver from col"));

        hooks.AfterBegin(raw: false);
        Assert.Equal(11L, db.ScalarLong("select ver from col"));
        Assert.NotEqual("{}", (string)db.Scalar("select models from col")!);
        hooks.BeforeCommit(raw: false);
        Assert.Equal(18L, db.ScalarLong("select ver from col"));
        Assert.Equal("ok", db.Scalar("pragma integrity_check"));
    }
}

/// <summary>The backup's temporary files, watched in a temp folder of their own (so these run alone).</summary>
[Collection(AnkiSync.Tests.Engine.Collection.TempFolderAloneCollection.Name)]
public class LiveCollectionBackupTempFilesTests
{
    [Fact]
    public void ABackupLeavesNoTemporaryFile()
    {
        using var folder = new ScratchFolder();
        using var db = NewCollection.Create(folder.Combine("collection.anki2"));
        using var watch = new WorkFolderWatch();
        var hooks = new LiveCollectionHooks(db, 11, folder.Combine("backups"), () => { });
        hooks.BeforeBegin();
        Assert.True(File.Exists(hooks.BackupPath));
        watch.AssertNoneLeft("A backup");
    }
}
