using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AnkiSync.Storage;
using AnkiSync.Tests.Validation;

namespace AnkiSync.Tests.Module;

/// <summary>
/// Decks, presets and note types changed through the cmdlets on a copy of a real schema-18 desktop collection in place:
/// it stays at schema 18 with integrity_check ok, a backup is taken, every changed row has usn -1, scm is bumped by
/// the schema changes (with the warning), and the result is valid by the independent rule checker.
/// </summary>
public class LiveStructureTests : IDisposable
{
    private readonly string baseFolder = Directory.CreateTempSubdirectory("ankisync-live-structure-").FullName;
    private readonly string collection;

    public LiveStructureTests()
    {
        string profile = Path.Combine(baseFolder, "User 1");
        Directory.CreateDirectory(profile);
        collection = Path.Combine(profile, "collection.anki2");
        File.Copy(Fixtures.Path("anki2.1.50plus-bare-schema18-japanese-studied.anki2"), collection);
    }

    public void Dispose() => Directory.Delete(baseFolder, recursive: true);

    [FixtureFact]
    public void EveryStructureChangeKeepsALiveCollectionAtSchema18AndValid()
    {
        long scmBefore;
        long notesBefore;
        long deckGravesBefore;
        var problemsBefore = AnkiRules.Check(collection, AnkiRulesTests.RealFile);
        using (var db = AnkiDatabase.Open(collection))
        {
            scmBefore = db.ScalarLong("select scm from col");
            notesBefore = db.ScalarLong("select count(*) from notes");
            deckGravesBefore = db.ScalarLong("select count(*) from graves where type = 2");
        }

        using (var host = new ModuleHost())
        {
            var output = host.Run(@"
                $c = Open-AnkiCollection -Path $collection
                try {
                    New-AnkiDeck -Package $c -Name 'Japanese::Words' | Out-Null
                    Get-AnkiNote -Package $c | Set-AnkiNote -NoteType 'Basic (and reversed card)' -WarningVariable +w -WarningAction SilentlyContinue
                    Rename-AnkiDeck -Package $c -Name 'Japanese' -NewName 'Languages::Japanese'
                    New-AnkiDeckConfig -Package $c -Name 'Exam' -NewPerDay 40 -LearningSteps 1, 10, 60 | Out-Null
                    Set-AnkiDeckConfig -Package $c -Name 'Exam' -ReviewsPerDay 400
                    Set-AnkiDeck -Package $c -Name 'Languages::Japanese::Words' -Preset 'Exam' -Description 'words'
                    Set-AnkiNoteType -Package $c -Name 'Basic (and reversed card)' -AddField 'Reading' -RenameField @{ Back = 'Meaning' } -WarningVariable +w -WarningAction SilentlyContinue
                    Set-AnkiNoteType -Package $c -Name 'Cloze' -Css '.card { color: red; }'
                    Remove-AnkiNoteType -Package $c -Name 'Basic (type in the answer)' -Confirm:$false -WarningVariable +w -WarningAction SilentlyContinue
                    Remove-AnkiDeck -Package $c -Name 'Languages' -Confirm:$false
                    [pscustomobject]@{ Schema = @($w | Where-Object { $_ -like '*one-way full sync*' }).Count; Dropped = @($w | Where-Object { $_ -like '*drops the values*am-score*' }).Count; Text = (@($w) -join ' | '); Backup = $c.BackupPath }
                } finally {
                    Close-AnkiPackage -Package $c
                }", new Dictionary<string, object?> { ["collection"] = collection });
            dynamic result = output.Single();
            // One schema warning per changing command (Set-AnkiNote, Set-AnkiNoteType, Remove-AnkiNoteType), and the
            // fixture's note type has add-on fields the reversed type lacks: one warning per distinct set of dropped fields.
            Assert.True(3 == (int)result.Schema && (int)result.Dropped >= 1, (string)result.Text);
            Assert.True(File.Exists((string)result.Backup), "a backup was taken before the first change");
        }

        using (var db = AnkiDatabase.Open(collection))
        {
            Assert.Equal(18L, db.ScalarLong("select ver from col"));
            Assert.Equal("ok", db.Scalar("pragma integrity_check"));
            Assert.True(db.ScalarLong("select scm from col") > scmBefore, "scm bumped by the schema changes");
            Assert.Equal("", db.Scalar("select decks from col"));
            Assert.Equal(0L, db.ScalarLong("select count(*) from decks where name like 'Languages%'"));
            // Languages, Languages::Japanese and Languages::Japanese::Words.
            Assert.Equal(deckGravesBefore + 3, db.ScalarLong("select count(*) from graves where type = 2"));
            Assert.Equal(1L, db.ScalarLong("select count(*) from deck_config where name = 'Exam' and usn = -1"));
            long reversed = db.ScalarLong("select id from notetypes where name = 'Basic (and reversed card)'");
            Assert.Equal(-1L, db.ScalarLong("select usn from notetypes where id = $id", ("$id", reversed)));
            Assert.Equal("Front,Meaning,Reading", string.Join(",", Rows(db, "select name from fields where ntid = $id order by ord", reversed)));
            Assert.Equal(0L, db.ScalarLong("select count(*) from notetypes where name = 'Basic (type in the answer)'"));
            Assert.Equal(notesBefore, db.ScalarLong("select count(*) from notes where mid = $id and usn = -1", ("$id", reversed)));
            // Every note kept its card 1; whether card 2 exists (Meaning non-empty) is checked by the rule checker below.
            Assert.Equal(notesBefore, db.ScalarLong("select count(*) from cards where ord = 0 and nid in (select id from notes where mid = $id)", ("$id", reversed)));
        }

        var problemsAfter = AnkiRules.Check(collection, AnkiRulesTests.RealFile);
        Assert.True(!problemsAfter.Except(problemsBefore).Any(), string.Join("\n", problemsAfter.Except(problemsBefore)));
    }

    private static List<string> Rows(AnkiDatabase db, string sql, long id)
    {
        var rows = new List<string>();
        using var command = db.Command(sql, ("$id", id));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
