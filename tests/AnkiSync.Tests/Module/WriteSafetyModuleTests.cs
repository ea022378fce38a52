using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using AnkiSync.Tests.Engine.Collection;
using AnkiSync.Tests.Engine.Packages;
using static AnkiSync.Tests.Engine.BadInput.BadInputFiles;

namespace AnkiSync.Tests.Module;

/// <summary>What users see of removed foreign objects, refused raw SQL, odd field names and two writing processes.</summary>
public sealed class WriteSafetyModuleTests : IDisposable
{
    private readonly TempFolder temp = new TempFolder();

    public void Dispose() => temp.Dispose();

    [FixtureFact]
    public void OpenAnkiPackageWarnsAboutTheTriggersViewsAndTablesItRemoved()
    {
        string path = LegacyPackage(temp, "triggers.apkg", Edit(temp, Schema11Collection(),
            "create trigger wipe after insert on notes begin delete from cards; end",
            "create view everything as select * from notes",
            "create table tracking (x)"));
        using var host = new ModuleHost();
        var (_, errors, warnings) = host.Invoke("$p = Open-AnkiPackage -Path $path; Close-AnkiPackage -Package $p", new Dictionary<string, object?> { ["path"] = path });
        Assert.Empty(errors);
        Assert.Contains(warnings, w => w.Message.Contains("trigger 'wipe'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Message.Contains("view 'everything'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Message.Contains("table 'tracking'", StringComparison.Ordinal));
    }

    [Fact]
    public void InvokeAnkiSqlRefusesAttachWithItsOwnErrorId()
    {
        string other = temp.Path("other.sqlite");
        using var host = new ModuleHost();
        var error = host.Throws(@"
            $p = New-AnkiPackage
            try { Invoke-AnkiSql -Package $p -Query 'attach database $f as o; create table o.t (x)' -Parameters @{ f = $other } }
            finally { Close-AnkiPackage -Package $p }", new Dictionary<string, object?> { ["other"] = other });
        Assert.Equal("AnkiSync.SqlNotAllowed,AnkiSync.PowerShell.Commands.InvokeAnkiSqlCommand", error.FullyQualifiedErrorId);
        Assert.False(File.Exists(other) && new FileInfo(other).Length > 0, "the attached file was written");
    }

    [FixtureFact]
    public void AFieldNamedEmptyIsShownByPositionAndNotesCanBeReadAddedAndEdited()
    {
        byte[] sqlite = EditColJson(temp, Schema11Collection(), "models", models =>
        {
            foreach (var pair in models)
            {
                if ((string?)pair.Value!["name"] == "Basic")
                {
                    // The answer field: the front template still makes a card.
                    pair.Value!["flds"]![1]!["name"] = "";
                }
            }

            return models.ToJsonString();
        });
        string path = LegacyPackage(temp, "empty-field.apkg", sqlite);
        using var host = new ModuleHost();
        var output = host.Run(@"
            $p = Open-AnkiPackage -Path $path
            try {
                Add-AnkiNote -Package $p -NoteType Basic -Fields 'first', 'second' | Out-Null
                Get-AnkiNote -Package $p -NoteType Basic | Set-AnkiNote -AddTag seen -PassThru | Out-Null
                Get-AnkiCard -Package $p | Out-Null
                Get-AnkiNote -Package $p -NoteType Basic | Where-Object Front -eq 'first'
            } finally { Close-AnkiPackage -Package $p }", new Dictionary<string, object?> { ["path"] = path });
        Assert.Single(output);
        Assert.Equal("second", output[0].Properties["Field2"].Value);
    }

    /// <summary>
    /// A real second process (the sample runner) adds notes in new decks to a live collection while this process
    /// does the same: every write either is kept or fails with CollectionInUse, and no card points at a lost deck.
    /// </summary>
    [FixtureFact]
    public async System.Threading.Tasks.Task TwoProcessesWritingOneLiveCollectionKeepBothSides()
    {
        string path = temp.Path("collection.anki2");
        File.Copy(Fixtures.Path(LiveWriteStalenessTests.Schema18Live), path);
        string runner = Path.Combine(ModuleHost.RepoRoot, "samples", "AnkiSync.Samples", "AnkiSync.Samples.csproj");
        string script = Path.Combine(ModuleHost.RepoRoot, "tests", "scenarios", "helpers", "Add-LiveDecks.ps1");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--no-build", "--project", runner, "--", script, "-Collection", path, "-Prefix", "child", "-Count", "12" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var kept = new List<string>();
        var unexpected = new List<string>();
        using (var session = AnkiPackage.OpenCollection(path, null))
        using (var child = Process.Start(start)!)
        {
            var childOutput = child.StandardOutput.ReadToEndAsync();
            var childErrors = child.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddSeconds(120);
            for (int i = 0; (i < 12 || !child.HasExited) && DateTime.UtcNow < deadline && i < 400; i++)
            {
                string deck = "parent " + i;
                try
                {
                    session.AddNote(new NoteInput { NoteType = "Basic", Deck = deck, NamedValues = new Dictionary<string, string?> { ["Front"] = deck + " front", ["Back"] = "back" } });
                    kept.Add(deck);
                }
                catch (AnkiException e) when (e.Reason == "CollectionInUse")
                {
                }

                Thread.Sleep(100);
            }

            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
            {
                await child.WaitForExitAsync(timeout.Token);
            }

            string outputText = await childOutput;
            string errorText = await childErrors;
            foreach (string line in outputText.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
            {
                if (line.StartsWith("kept ", StringComparison.Ordinal))
                {
                    kept.Add(line.Substring(5));
                }
                else if (line != "error AnkiSync.CollectionInUse,AnkiSync.PowerShell.Commands.AddAnkiNoteCommand")
                {
                    unexpected.Add(line);
                }
            }

            Assert.True(child.ExitCode == 0 || unexpected.Count == 0, "child: " + errorText);
        }

        Assert.Empty(unexpected);
        Assert.Contains(kept, k => k.StartsWith("child", StringComparison.Ordinal));
        Assert.Contains(kept, k => k.StartsWith("parent", StringComparison.Ordinal));
        var names = LiveWriteStalenessTests.DeckNames(path);
        Assert.All(kept, deck => Assert.Contains(deck, names));
        Assert.Equal(0, LiveWriteStalenessTests.CardsInMissingDecks(path));
        using var db = Storage.AnkiDatabase.Open(path, readOnly: true);
        Assert.Equal((long)kept.Count, db.ScalarLong("select count(*) from notes where flds like 'child %' or flds like 'parent %'"));
        Assert.Equal("ok", db.Scalar("pragma integrity_check"));
    }
}
