using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// A live collection changed by someone else (Anki between two commands, or a second AnkiSync session) between
/// two writes keeps that change: each write re-reads the state inside its transaction instead of saving what the
/// session cached when it opened.
/// </summary>
public sealed class LiveWriteStalenessTests : IDisposable
{
    public const string Schema18Live = "anki2.1.50plus-bare-schema18-suspended.anki2";
    public const string Schema11Live = "anki2.1.1x-bare-schema11-two-decks-revlog.anki2";

    private readonly TempFolder temp = new TempFolder();

    public void Dispose() => temp.Dispose();

    private string Copy(string fixture)
    {
        string path = temp.Path(Guid.NewGuid().ToString("N") + ".anki2");
        File.Copy(Fixtures.Path(fixture), path);
        return path;
    }

    /// <summary>Deck names as Anki sees them: the decks table (schema 18) or the col JSON (schema 11).</summary>
    internal static HashSet<string> DeckNames(string path)
    {
        using var db = AnkiDatabase.Open(path, readOnly: true);
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (db.ScalarLong("select ver from col") == 18)
        {
            using var command = db.Command("select name from decks");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0).Replace("\u001f", "::"));
            }
        }
        else
        {
            var decks = JsonNode.Parse((string)db.Scalar("select decks from col")!)!.AsObject();
            foreach (var pair in decks)
            {
                names.Add((string)pair.Value!["name"]!);
            }
        }

        return names;
    }

    /// <summary>Cards whose deck does not exist: what a reverted deck leaves behind.</summary>
    internal static long CardsInMissingDecks(string path)
    {
        using var db = AnkiDatabase.Open(path, readOnly: true);
        if (db.ScalarLong("select ver from col") == 18)
        {
            return db.ScalarLong("select count(*) from cards where did not in (select id from decks)");
        }

        var decks = JsonNode.Parse((string)db.Scalar("select decks from col")!)!.AsObject();
        string ids = string.Join(",", decks.Select(p => p.Key));
        return db.ScalarLong($"select count(*) from cards where did not in ({ids})");
    }

    private static Dictionary<string, string?> Front(string front) => new Dictionary<string, string?> { ["Front"] = front, ["Back"] = "back" };

    [FixtureTheory]
    [InlineData(Schema18Live)]
    [InlineData(Schema11Live)]
    public void TwoSessionsAddingDecksKeepBothDecks(string fixture)
    {
        string path = Copy(fixture);
        using (var first = AnkiPackage.OpenCollection(path, null))
        using (var second = AnkiPackage.OpenCollection(path, null))
        {
            second.AddNote(new NoteInput { NoteType = "Basic", Deck = "From second", NamedValues = Front("second front") });
            first.AddNote(new NoteInput { NoteType = "Basic", Deck = "From first", NamedValues = Front("first front") });
            second.AddDeck("Second again");
        }

        var names = DeckNames(path);
        Assert.Contains("From first", names);
        Assert.Contains("From second", names);
        Assert.Contains("Second again", names);
        Assert.Equal(0, CardsInMissingDecks(path));
        using var check = AnkiDatabase.Open(path, readOnly: true);
        Assert.Equal("ok", check.Scalar("pragma integrity_check"));
    }

    /// <summary>
    /// Anki's sync uploads the decks and note types whose usn is -1: what a session creates in a live collection
    /// carries it, or it would stay on this computer while its cards went to AnkiWeb.
    /// </summary>
    [FixtureTheory]
    [InlineData(Schema18Live)]
    [InlineData(Schema11Live)]
    public void DecksAndNoteTypesMadeInALiveCollectionAreMarkedForSync(string fixture)
    {
        string path = Copy(fixture);
        using (var session = AnkiPackage.OpenCollection(path, null))
        {
            session.AddNote(new NoteInput { NoteType = "Basic", Deck = "Made here::Child", NamedValues = Front("front") });
            session.AddDeck("Also made here");
            session.AddNoteType("Made here", new[] { "Word", "Meaning" }, new[] { new AnkiSync.Collection.TemplateDefinition("Card 1", "{{Word}}", "{{Meaning}}") });
        }

        using var db = AnkiDatabase.Open(path, readOnly: true);
        var made = new[] { "Made here", "Made here::Child", "Also made here" };
        if (db.ScalarLong("select ver from col") == 18)
        {
            using (var command = db.Command("select name, usn from decks"))
            using (var reader = command.ExecuteReader())
            {
                var usnByName = new Dictionary<string, long>();
                while (reader.Read())
                {
                    usnByName[reader.GetString(0).Replace("\u001f", "::")] = reader.GetInt64(1);
                }

                Assert.All(made, name => Assert.Equal(-1, usnByName[name]));
            }

            Assert.Equal(-1L, db.ScalarLong("select usn from notetypes where name = 'Made here'"));
        }
        else
        {
            var decks = JsonNode.Parse((string)db.Scalar("select decks from col")!)!.AsObject().Select(p => p.Value!).ToList();
            Assert.All(made, name => Assert.Equal(-1, (int)decks.Single(d => (string)d!["name"]! == name)!["usn"]!));
            var models = JsonNode.Parse((string)db.Scalar("select models from col")!)!.AsObject().Select(p => p.Value!).ToList();
            Assert.Equal(-1, (int)models.Single(m => (string)m!["name"]! == "Made here")!["usn"]!);
        }
    }

    [FixtureFact]
    public void ANoteTypeRenamedByAnkiBetweenTwoCommandsStaysRenamed()
    {
        string path = Copy(Schema18Live);
        using (var session = AnkiPackage.OpenCollection(path, null))
        {
            session.AddDeck("Before the rename");
            // Anki renames a note type while the session is open between two commands.
            using (var anki = AnkiDatabase.Open(path))
            {
                Assert.Equal(1, anki.Execute("update notetypes set name = 'Renamed by Anki', mtime_secs = mtime_secs + 1 where name = 'Basic'"));
                anki.Execute("update col set mod = mod + 1000");
            }

            session.AddDeck("After the rename");
            Assert.Contains(session.GetNoteTypes(), t => t.Name == "Renamed by Anki");
        }

        using var db = AnkiDatabase.Open(path, readOnly: true);
        Assert.Equal(1L, db.ScalarLong("select count(*) from notetypes where name = 'Renamed by Anki'"));
        Assert.Equal(0L, db.ScalarLong("select count(*) from notetypes where name = 'Basic'"));
        Assert.Contains("After the rename", DeckNames(path));
    }

    [FixtureFact]
    public void ASchema11DeckAddedByAnkiBetweenTwoCommandsIsKept()
    {
        string path = Copy(Schema11Live);
        using var session = AnkiPackage.OpenCollection(path, null);
        session.AddDeck("Ours before");
        using (var anki = AnkiDatabase.Open(path))
        {
            var decks = JsonNode.Parse((string)anki.Scalar("select decks from col")!)!.AsObject();
            var copy = JsonNode.Parse(decks.First().Value!.ToJsonString())!.AsObject();
            copy["id"] = 1234567890123;
            copy["name"] = "Added by Anki";
            decks["1234567890123"] = copy;
            anki.Execute("update col set decks = $d, mod = mod + 1000", ("$d", decks.ToJsonString()));
        }

        session.AddNote(new NoteInput { NoteType = "Basic", Deck = "Ours after", NamedValues = Front("f") });
        session.Close();
        var names = DeckNames(path);
        Assert.Contains("Added by Anki", names);
        Assert.Contains("Ours before", names);
        Assert.Contains("Ours after", names);
    }

    [FixtureFact]
    public void NoteIdsPickedAfterAnotherSessionAddedNotesDoNotCollide()
    {
        string path = Copy(Schema18Live);
        using var first = AnkiPackage.OpenCollection(path, null);
        using var second = AnkiPackage.OpenCollection(path, null);
        first.AddNote(new NoteInput { NoteType = "Basic", NamedValues = Front("first 1") });
        // Another writer fills the ids of the next 20 seconds, right where the first session's cached sequence goes next.
        long start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var anki = AnkiDatabase.Open(path))
        {
            anki.Execute("with recursive r(i) as (select 0 union all select i + 1 from r where i < 20000) "
                + "insert into notes select $start + i, 'other ' || i, mid, mod, usn, tags, flds, sfld, csum, flags, data from r, (select * from notes limit 1)",
                ("$start", start));
            anki.Execute("update col set mod = mod + 1000");
        }

        first.AddNote(new NoteInput { NoteType = "Basic", NamedValues = Front("first 2") });
        first.AddNote(new NoteInput { NoteType = "Basic", NamedValues = Front("first 3") });
        Assert.Equal(3, first.GetNotes().Count(n => ((string)n.Fields["Front"]!).StartsWith("first", StringComparison.Ordinal)));
        Assert.Equal(20001, first.GetNotes().Count(n => n.Guid.StartsWith("other ", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Two sessions race to add decks and notes. Each write either succeeds and is kept, or fails with
    /// CollectionInUse; nothing that succeeded is lost.
    /// </summary>
    [FixtureFact]
    public void TwoRacingSessionsKeepEveryWriteThatSucceeded()
    {
        string path = Copy(Schema18Live);
        var kept = new System.Collections.Concurrent.ConcurrentBag<string>();
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        using var start = new ManualResetEventSlim();
        using var left = AnkiPackage.OpenCollection(path, null);
        using var right = AnkiPackage.OpenCollection(path, null);
        Thread Writer(AnkiPackage session, string side) => new Thread(() =>
        {
            start.Wait();
            for (int i = 0; i < 8; i++)
            {
                string deck = $"{side} {i}";
                try
                {
                    session.AddNote(new NoteInput { NoteType = "Basic", Deck = deck, NamedValues = Front(deck + " front") });
                    kept.Add(deck);
                }
                catch (AnkiException e) when (e.Reason == "CollectionInUse")
                {
                }
                catch (Exception e)
                {
                    // Collected, not thrown: an exception escaping a thread would end the test host.
                    failures.Add(e);
                }

                // Leave the other writer a chance between two transactions.
                Thread.Sleep(30);
            }
        });

        var writers = new[] { Writer(left, "left"), Writer(right, "right") };
        foreach (var writer in writers)
        {
            writer.Start();
        }

        start.Set();
        foreach (var writer in writers)
        {
            writer.Join();
        }

        Assert.Empty(failures);
        Assert.NotEmpty(kept);
        var names = DeckNames(path);
        foreach (string deck in kept)
        {
            Assert.Contains(deck, names);
        }

        Assert.Equal(0, CardsInMissingDecks(path));
        using var db = AnkiDatabase.Open(path, readOnly: true);
        Assert.Equal((long)kept.Count, db.ScalarLong("select count(*) from notes where flds like 'left %' or flds like 'right %'"));
        Assert.Equal("ok", db.Scalar("pragma integrity_check"));
    }
}
