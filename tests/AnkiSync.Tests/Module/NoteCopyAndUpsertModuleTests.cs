using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AnkiSync.Storage;
using AnkiSync.Tests.Validation;

namespace AnkiSync.Tests.Module;

/// <summary>Add-AnkiNote driven as a user would: copying piped notes, the once-per-pipeline ExtraProperty error, upsert on a live collection.</summary>
public class NoteCopyAndUpsertModuleTests
{
    [Fact]
    public void NotesPipedFromAnotherPackageAreCopiedWithNoteTypeGuidTagsAndDeck()
    {
        using var host = new ModuleHost();
        string target = host.Temp("copy.apkg");
        var output = host.Run(@"
            $a = New-AnkiPackage
            New-AnkiNoteType -Package $a -Name Vocab -Field Word, Meaning -Template @{ Name = 'Card 1'; Front = '{{Word}}'; Back = '{{Meaning}}' } | Out-Null
            Add-AnkiNote -Package $a -NoteType Vocab -Deck 'Lang::ES' -Fields @{ Word = 'casa'; Meaning = 'house' } -Tags home, noun
            Add-AnkiNote -Package $a -Fields @{ Front = 'uno'; Back = 'one' }
            $b = New-AnkiPackage
            Get-AnkiNote -Package $a | Add-AnkiNote -Package $b
            # Cards copy their note once: the reversed type has two cards per note.
            Add-AnkiNote -Package $a -NoteType 'Basic (and reversed card)' -Fields 'dos', 'two'
            Get-AnkiCard -Package $a -NoteType 'Basic (and reversed card)' | Add-AnkiNote -Package $b -Deck Cards
            Export-AnkiPackage -Package $b -Path $target
            (Get-AnkiNote -Package $a | ForEach-Object { '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.Guid, $_.NoteType, $_.NoteTypeId, ($_.Tags -join ' '), $_.Deck, ($_.Fields.Values -join '/') }) -join ';'
            (Get-AnkiNote -Package $b | ForEach-Object { '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.Guid, $_.NoteType, $_.NoteTypeId, ($_.Tags -join ' '), $_.Deck, ($_.Fields.Values -join '/') }) -join ';'",
            new Dictionary<string, object?> { ["target"] = target });
        // Copied in the source's order; the reversed note went into -Deck Cards, the others kept their decks.
        var source = output[0].ToString().Split(';');
        var copied = output[1].ToString().Split(';');
        Assert.Equal(3, copied.Length);
        Assert.Equal(source[0], copied[0]);
        Assert.Equal(source[1], copied[1]);
        Assert.Equal(source[2].Replace("|Default|", "|Cards|", StringComparison.Ordinal), copied[2]);
        Assert.Contains("|Vocab|", copied[0], StringComparison.Ordinal);
        AnkiRules.AssertValid(target);
    }

    [Fact]
    public void RowsWithExtraPropertiesGiveOneErrorPerPipelineAndAreNotAdded()
    {
        using var host = new ModuleHost();
        var (output, errors, warnings) = host.Invoke(@"
            $p = New-AnkiPackage
            $rows = @(
                [pscustomobject]@{ Front = 'a'; Back = '1'; Notes = 'x'; Extra = 'y' }
                [pscustomobject]@{ Front = 'b'; Back = '2' }
                [pscustomobject]@{ Front = 'c'; Back = '3'; Notes = 'z'; Extra = 'w' }
                [pscustomobject]@{ Front = 'd'; Back = '4'; Notes = 'v'; Extra = 'u' }
            )
            $rows | Add-AnkiNote -Package $p
            (Get-AnkiNote -Package $p).Front -join ','
            $rows | Add-AnkiNote -Package $p -IgnoreExtraProperty -IfExists Skip
            (Get-AnkiNote -Package $p).Front -join ','");
        var error = Assert.Single(errors);
        Assert.Equal("AnkiSync.ExtraProperty,AnkiSync.PowerShell.Commands.AddAnkiNoteCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Notes, Extra", error.Exception.Message);
        Assert.Contains("Front, Back", error.Exception.Message);
        Assert.Contains(warnings, w => w.Message.StartsWith("3 rows", StringComparison.Ordinal));
        Assert.Equal(new[] { "b", "b,a,c,d" }, output.Select(o => o.ToString()).ToArray());
    }

    [Fact]
    public void UpsertPassesThroughEveryResultingNote()
    {
        using var host = new ModuleHost();
        var output = host.Run(@"
            $p = New-AnkiPackage
            Add-AnkiNote -Package $p -Fields @{ Front = 'uno'; Back = 'one' } -Tags t1
            $id = (Get-AnkiNote -Package $p).Id
            $r = [pscustomobject]@{ Front = 'uno'; Back = 'ONE'; Tags = 't2' }, [pscustomobject]@{ Front = 'dos'; Back = 'two' } |
                Add-AnkiNote -Package $p -IfExists Update -PassThru
            ($r | ForEach-Object { '{0}={1}:{2}' -f $_.Front, $_.Back, ($_.Tags -join ' ') }) -join ','
            (Get-AnkiNote -Package $p | Where-Object Front -eq uno).Id -eq $id");
        Assert.Equal(new[] { "uno=ONE:t2,dos=two:", "True" }, output.Select(o => o.ToString()).ToArray());
    }

    [FixtureFact]
    public void UpsertOnALiveSchema18CollectionChangesNotesInPlace()
    {
        string folder = Directory.CreateTempSubdirectory("ankisync-upsert-").FullName;
        try
        {
            string collection = Path.Combine(folder, "collection.anki2");
            File.Copy(Fixtures.Path("anki2.1.50plus-bare-schema18-suspended.anki2"), collection);
            using var host = new ModuleHost();
            var vars = new Dictionary<string, object?> { ["collection"] = collection };
            host.Run(@"
                $c = Open-AnkiCollection -Path $collection -NoBackup
                try { Add-AnkiNote -Package $c -Fields @{ Front = 'weekly'; Back = 'v1' } -Key weekly-1 } finally { Close-AnkiPackage -Package $c }", vars);
            long id;
            long cards;
            using (var db = AnkiDatabase.Open(collection))
            {
                id = db.ScalarLong("select id from notes where flds like 'weekly%'");
                db.Execute("update cards set type = 2, queue = 2, ivl = 7, due = 100 where nid = $id", ("$id", id));
                cards = db.ScalarLong("select count(*) from cards");
            }

            host.Run(@"
                $c = Open-AnkiCollection -Path $collection -NoBackup
                try { [pscustomobject]@{ Front = 'weekly'; Back = 'v2'; Key = 'weekly-1' } | Add-AnkiNote -Package $c -IfExists Update } finally { Close-AnkiPackage -Package $c }", vars);
            using var after = AnkiDatabase.Open(collection);
            Assert.Equal("weekly\u001fv2", after.Scalar("select flds from notes where id = $id", ("$id", id)));
            Assert.Equal(cards, after.ScalarLong("select count(*) from cards"));
            Assert.Equal(7L, after.ScalarLong("select ivl from cards where nid = $id", ("$id", id)));
            Assert.Equal(18L, after.ScalarLong("select ver from col"));
            Assert.Equal("ok", after.Scalar("pragma integrity_check"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
