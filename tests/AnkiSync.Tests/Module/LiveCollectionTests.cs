using System;
using System.Collections.Generic;
using System.IO;
using AnkiSync.Storage;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Tests.Module;

/// <summary>Editing a copy of a real schema-18 desktop collection in place, as Open-AnkiCollection does.</summary>
public class LiveCollectionTests : IDisposable
{
    private readonly string baseFolder = Directory.CreateTempSubdirectory("ankisync-anki2-").FullName;
    private readonly string collection;

    public LiveCollectionTests()
    {
        string profile = Path.Combine(baseFolder, "User 1");
        Directory.CreateDirectory(profile);
        collection = Path.Combine(profile, "collection.anki2");
        File.Copy(Fixtures.Path("anki2.1.50plus-bare-schema18-suspended.anki2"), collection);
    }

    public void Dispose() => Directory.Delete(baseFolder, recursive: true);

    [FixtureFact]
    public void RefusedWhileAnotherConnectionHoldsTheLock()
    {
        SqliteNative.EnsureProvider();
        using var anki = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = collection, Pooling = false }.ToString());
        anki.Open();
        using (var command = anki.CreateCommand())
        {
            // What Anki does while a profile is open.
            command.CommandText = "pragma locking_mode = exclusive; begin exclusive;";
            command.ExecuteNonQuery();
        }

        using var host = new ModuleHost();
        var error = host.Throws("Open-AnkiCollection -Path $collection", new Dictionary<string, object?> { ["collection"] = collection });
        Assert.Equal("AnkiSync.CollectionInUse,AnkiSync.PowerShell.Commands.OpenAnkiCollectionCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
    }

    [FixtureFact]
    public void ChangesAreBackedUpCommittedWithUsnMinusOneAndANewerModAndKeepSchema18()
    {
        long modBefore;
        long notesBefore;
        using (var db = AnkiDatabase.Open(collection))
        {
            modBefore = db.ScalarLong("select mod from col");
            notesBefore = db.ScalarLong("select count(*) from notes");
        }

        using (var host = new ModuleHost())
        {
            host.Run(@"
                $env:ANKI_BASE = $base
                $c = Open-AnkiCollection
                try {
                    Add-AnkiNote -Package $c -Deck 'Default' -Fields @{ Front = 'live front'; Back = 'live back' } -Tags 'from-script'
                    Get-AnkiNote -Package $c -NoteType Basic | Where-Object Front -eq 'live front' | Set-AnkiNote -AddTag edited
                } finally {
                    Close-AnkiPackage -Package $c
                    $env:ANKI_BASE = $null
                }", new Dictionary<string, object?> { ["base"] = baseFolder });
        }

        var backups = Directory.GetFiles(Path.Combine(baseFolder, "User 1", "backups"), "backup-*.colpkg");
        Assert.Single(backups);
        using (var backup = AnkiPackage.Open(backups[0]))
        {
            Assert.Equal(notesBefore, backup.NoteCount);
        }

        using var after = AnkiDatabase.Open(collection);
        Assert.Equal(18L, after.ScalarLong("select ver from col"));
        Assert.True(after.ScalarLong("select mod from col") > modBefore, "col.mod is bumped");
        Assert.Equal(notesBefore + 1, after.ScalarLong("select count(*) from notes"));
        Assert.Equal(" edited from-script ", after.Scalar("select tags from notes where flds like 'live front%'"));
        Assert.Equal(-1L, after.ScalarLong("select usn from notes where flds like 'live front%'"));
        Assert.Equal(-1L, after.ScalarLong("select usn from cards where nid = (select id from notes where flds like 'live front%')"));
        Assert.True(after.ScalarLong("select count(*) from notetypes") > 0, "the schema-18 note type table is intact");
        Assert.Equal("", after.Scalar("select models from col"));
        Assert.Equal("ok", after.Scalar("pragma integrity_check"));
    }

    [FixtureFact]
    public void NoBackupSkipsTheBackupAndReadingChangesNothing()
    {
        byte[] before = File.ReadAllBytes(collection);
        using var host = new ModuleHost();
        var cards = host.Run(@"
            $c = Open-AnkiCollection -Path $collection -NoBackup
            try { Get-AnkiCard -Package $c -State Suspended } finally { Close-AnkiPackage -Package $c }",
            new Dictionary<string, object?> { ["collection"] = collection });
        Assert.Single(cards);
        Assert.False(Directory.Exists(Path.Combine(baseFolder, "User 1", "backups")));
        Assert.Equal(before, File.ReadAllBytes(collection));
    }
}
