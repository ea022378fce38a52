using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using AnkiSync.Collection;
using AnkiSync.Merge;
using AnkiSync.Packages;
using AnkiSync.Scheduling;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Collection;
using AnkiSync.Tests.Engine.Packages;
using AnkiSync.Tests.Engine.Reading;
using AnkiSync.Tests.Validation;

namespace AnkiSync.Tests.Engine.Merge;

/// <summary>
/// Import-AnkiPackage's engine, rule by rule, against Anki's importer (rslib import_export/package/apkg/import/
/// notes.rs, cards.rs, decks.rs, media.rs and gather.rs): every written result is exported (or, for a live collection,
/// read as it is) and checked by the independent rule checker and SQLite's integrity check.
/// </summary>
public sealed class PackageMergerTests : IDisposable
{
    private static readonly AnkiRules.Options RealFile = new() { AllowExtraCards = true, RequireReferencedMedia = false, RequireNextPosition = false, RequirePaddedTags = false };

    private readonly TempFolder temp = new TempFolder();

    public void Dispose() => temp.Dispose();

    private static Dictionary<string, string?> Fields(string front, string back) => new() { ["Front"] = front, ["Back"] = back };

    private static NoteInput Note(string guid, string front, string back, string deck = "Lang::Spanish", params string[] tags)
        => new NoteInput { NoteType = "Basic", Deck = deck, NamedValues = Fields(front, back), Guid = guid, Tags = tags };

    private static void Sql(AnkiPackage package, string sql, params (string Name, object? Value)[] parameters)
        => package.ExecuteSql(sql, parameters.ToDictionary(p => p.Name, p => p.Value), out _, out _);

    /// <summary>A package built by <paramref name="fill"/>, exported as .apkg; returns its path.</summary>
    private string Build(Action<AnkiPackage> fill, PackageVersion version = PackageVersion.Legacy2)
    {
        string path = temp.Path(Guid.NewGuid().ToString("N") + ".apkg");
        using var package = AnkiPackage.Create(path);
        fill(package);
        package.Export(path, version);
        return path;
    }

    private static void AddMedia(AnkiPackage package, string name, string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        package.AddMedia(name, stream);
    }

    /// <summary>Exports the target, checks it by the rules and SQLite's integrity check, and loads its raw rows.</summary>
    private RawFixture Written(AnkiPackage target, AnkiRules.Options? rules = null)
    {
        Assert.Equal("ok", target.Db.Scalar("pragma integrity_check"));
        string path = temp.Path(Guid.NewGuid().ToString("N") + ".apkg");
        target.Export(path, PackageVersion.Legacy2);
        AnkiRules.AssertValid(path, rules ?? new AnkiRules.Options { RequireNextPosition = true });
        return RawFixture.Load(path);
    }

    private static AnkiImportResult Import(AnkiPackage target, string path, UpdateCondition update = UpdateCondition.IfNewer, bool scheduling = false, bool whatIf = false, bool mergeTypes = false)
        => PackageMerger.Import(target, path, new PackageImportOptions { UpdateNotes = update, WithScheduling = scheduling, WhatIf = whatIf, UpdateNoteTypes = mergeTypes, IncludeNotes = true });

    private static (int New, int Updated, int Unchanged, int Conflicting) Counts(AnkiImportResult r) => (r.New, r.Updated, r.Unchanged, r.Conflicting);

    [Fact]
    public void NewNotesComeInWithTheirIdsGuidsAndCardsAsNewAfterTheTargetsNewCards()
    {
        long sourceNoteId = 0;
        string update = Build(p =>
        {
            sourceNoteId = p.AddNote(Note("g1", "uno", "one")).Id;
            p.AddNote(Note("g2", "dos", "two"));
            p.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Deck = "Lang::Spanish::Verbs", NamedValues = Fields("ir", "to go"), Guid = "g3" });
        });
        using var target = AnkiPackage.Create();
        target.AddNote(Note("t1", "existing", "card", "Other"));
        target.AddNote(Note("t2", "existing 2", "card", "Other"));

        var result = Import(target, update);

        Assert.Equal((3, 0, 0, 0), Counts(result));
        Assert.Equal(4, result.CardsAdded);
        Assert.Equal(3, result.Notes.Length);
        using var raw = Written(target);
        Assert.Equal(5, raw.Notes.Count);
        Assert.Contains(raw.Notes, n => n.Id == sourceNoteId && n.Guid == "g1");
        var imported = raw.Notes.Where(n => n.Guid.StartsWith("g", StringComparison.Ordinal)).Select(n => n.Id).ToHashSet();
        var cards = raw.Cards.Where(c => imported.Contains(c.NoteId)).ToList();
        Assert.All(cards, c => Assert.Equal((0, 0, -1L), (c.Type, c.Queue, c.Usn)));
        long targetMax = raw.Cards.Where(c => !imported.Contains(c.NoteId)).Max(c => c.Due);
        Assert.All(cards, c => Assert.True(c.Due > targetMax, $"card {c.Id} at position {c.Due}, the target's new cards end at {targetMax}"));
        var reversed = raw.Notes.Single(n => n.Guid == "g3");
        Assert.Equal(2, raw.Cards.Count(c => c.NoteId == reversed.Id));
        var verbs = raw.Decks.Single(d => d.Name == "Lang::Spanish::Verbs");
        Assert.Contains(raw.Decks, d => d.Name == "Lang::Spanish");
        Assert.All(raw.Cards.Where(c => c.NoteId == reversed.Id), c => Assert.Equal(verbs.Id, c.DeckId));
    }

    private string Rebuild(long mod, string back = "one (new)", params string[] tags) => Build(p =>
    {
        p.AddNote(Note("g1", "uno", back, "Lang::Spanish", tags));
        Sql(p, "update notes set mod = $mod", ("$mod", mod));
    });

    private static long NoteMod(AnkiPackage package, string guid) => package.Db.ScalarLong("select mod from notes where guid = $g", ("$g", guid));

    [Theory]
    [InlineData(UpdateCondition.IfNewer, +100, true)]
    [InlineData(UpdateCondition.IfNewer, -100, false)]
    [InlineData(UpdateCondition.IfNewer, 0, false)]
    [InlineData(UpdateCondition.Always, -100, true)]
    [InlineData(UpdateCondition.Always, 0, false)]
    [InlineData(UpdateCondition.Never, +100, false)]
    public void ANoteWithAKnownGuidIsUpdatedAsTheConditionSays(UpdateCondition condition, long modDelta, bool updated)
    {
        using var target = AnkiPackage.Create();
        var original = target.AddNote(Note("g1", "uno", "one", "Lang::Spanish", "old"));
        long existingMod = NoteMod(target, "g1");
        string update = Rebuild(existingMod + modDelta, "one (new)", "new", "marked");

        var result = Import(target, update, condition);

        Assert.Equal(updated ? (0, 1, 0, 0) : (0, 0, 1, 0), Counts(result));
        using var raw = Written(target);
        var note = Assert.Single(raw.Notes);
        Assert.Equal(original.Id, note.Id);
        Assert.Equal(updated ? "uno\u001fone (new)" : "uno\u001fone", note.Fields);
        // Without scheduling Anki drops the "marked" and "leech" tags; an update keeps the incoming mod so exports chain.
        Assert.Equal(updated ? new[] { "new" } : new[] { "old" }, note.TagList);
        Assert.Equal(updated ? existingMod + modDelta : existingMod, note.Modified);
        Assert.Single(raw.Cards);
    }

    /// <summary>A note type sorted by its second field, so the sort field and the checksum's first field differ.</summary>
    private static void AddSortedByBack(AnkiPackage package)
        => package.AddNoteType("Sorted by back", new[] { "Front", "Back" }, new[] { new AnkiSync.Collection.TemplateDefinition("Card 1", "{{Front}}", "{{Back}}") }, sortField: "Back");

    /// <summary>Fields as a deck's builder wrote them with raw SQL (HTML, a stray control character, a decomposed accent), and as Anki stores them.</summary>
    private const string RawFields = "<i>dos</i>\u0001\u001fcafe\u0301 <b>two</b>";
    private const string StoredFields = "<i>dos</i>\u001fcaf\u00e9 <b>two</b>";

    [Fact]
    public void ANewNoteComesInNormalisedWithTheSortFieldAndChecksumOfItsValues()
    {
        // A note type sorted by its second field, and fields a deck's builder wrote with raw SQL.
        string update = Build(p =>
        {
            AddSortedByBack(p);
            p.AddNote(new NoteInput { NoteType = "Sorted by back", NamedValues = Fields("x", "y"), Guid = "n1" });
            Sql(p, "update notes set flds = $f", ("$f", RawFields));
        });
        string start = temp.Path("empty.apkg");
        using (var empty = AnkiPackage.Create())
        {
            empty.Export(start, PackageVersion.Legacy2);
        }

        using var target = AnkiPackage.Open(start);
        var result = Import(target, update);

        Assert.Equal((1, 0, 0, 0), Counts(result));
        Assert.True(target.IsModified);
        using var raw = Written(target);
        var note = Assert.Single(raw.Notes);
        Assert.Equal(StoredFields, note.Fields);
        Assert.Equal("caf\u00e9 two", note.SortFieldText);
        Assert.Equal(AnkiRules.Checksum("dos"), note.Checksum);
    }

    [Fact]
    public void AnUpdatedNoteIsNormalisedAndGetsTheSortFieldAndChecksumOfItsNewValues()
    {
        // A note type sorted by its second field, so the sort field and the checksum's first field differ.
        using var target = AnkiPackage.Create();
        AddSortedByBack(target);
        target.AddNote(new NoteInput { NoteType = "Sorted by back", NamedValues = Fields("<b>uno</b>", "one"), Guid = "g1" });
        long existingMod = NoteMod(target, "g1");
        string start = temp.Path("start.apkg");
        target.Export(start, PackageVersion.Legacy2);

        // The deck's builder changed the note with raw SQL: HTML in both fields, a decomposed accent, a stray control character.
        string update = temp.Path("update.apkg");
        using (var source = AnkiPackage.Open(start))
        {
            Sql(source, "update notes set flds = $f, mod = $m", ("$f", RawFields), ("$m", existingMod + 100));
            source.Export(update, PackageVersion.Legacy2);
        }

        bool modifiedBefore = target.IsModified;
        var result = Import(target, update);

        Assert.Equal((0, 1, 0, 0), Counts(result));
        Assert.Equal((false, true), (modifiedBefore, target.IsModified));
        using var raw = Written(target);
        var note = Assert.Single(raw.Notes);
        Assert.Equal(StoredFields, note.Fields);
        Assert.Equal("caf\u00e9 two", note.SortFieldText);
        Assert.Equal(AnkiRules.Checksum("dos"), note.Checksum);
        Assert.Equal(existingMod + 100, note.Modified);
    }

    [Fact]
    public void ANoteTypeWhoseFieldsDifferIsAddedAsACopyAndItsKnownNotesConflict()
    {
        using var target = AnkiPackage.Create();
        target.AddNote(Note("g1", "uno", "one"));
        long basicId = target.GetNoteTypes().Single(t => t.Name == "Basic").Id;
        string update = Build(p =>
        {
            p.AddNote(Note("g1", "uno", "one (new)"));
            p.AddNote(Note("g2", "dos", "two"));
            // The deck's builder added a field to the note type (same id, another shape).
            Sql(p, "update notes set mod = mod + 100");
            using var edit = p.BeginCollectionEdit();
            edit.EditNoteType("Basic", new NoteTypeChange { AddFields = new[] { "Example" } }, out _);
            edit.Complete();
        });

        var result = Import(target, update);

        Assert.Equal((1, 0, 0, 1), Counts(result));
        Assert.Equal(1, result.NoteTypesAdded);
        using var raw = Written(target);
        var copy = raw.NoteTypes.Single(t => t.Name == "Basic+");
        Assert.NotEqual(basicId, copy.Id);
        Assert.Equal(new[] { "Front", "Back", "Example" }, copy.Fields);
        Assert.Equal("uno\u001fone", raw.Notes.Single(n => n.Guid == "g1").Fields);
        Assert.Equal(copy.Id, raw.Notes.Single(n => n.Guid == "g2").NoteTypeId);

        // The next import of the same shape reuses that copy (Anki finds it by its original id) instead of adding another.
        var again = Import(target, update);
        Assert.Equal((0, 0, 1, 1), Counts(again));
        Assert.Equal(0, again.NoteTypesAdded);
    }

    [Fact]
    public void UpdateNoteTypesMergesTheFieldsSoTheKnownNoteIsUpdated()
    {
        using var target = AnkiPackage.Create();
        target.AddNote(Note("g1", "uno", "one"));
        target.AddNote(Note("t1", "target only", "x"));
        long basicId = target.GetNoteTypes().Single(t => t.Name == "Basic").Id;
        string update = Build(p =>
        {
            p.AddNote(Note("g1", "uno", "one (new)"));
            using (var edit = p.BeginCollectionEdit())
            {
                edit.EditNoteType("Basic", new NoteTypeChange { AddFields = new[] { "Example" } }, out _);
                edit.Complete();
            }

            Sql(p, "update notes set flds = flds || 'el ejemplo', mod = mod + 100");
        });

        var result = Import(target, update, mergeTypes: true);

        Assert.Equal((0, 1, 0, 0), Counts(result));
        Assert.Equal((0, 1), (result.NoteTypesAdded, result.NoteTypesUpdated));
        using var raw = Written(target);
        var basic = Assert.Single(raw.NoteTypes, t => t.Id == basicId);
        Assert.Equal(new[] { "Front", "Back", "Example" }, basic.Fields);
        Assert.Equal("uno\u001fone (new)\u001fel ejemplo", raw.Notes.Single(n => n.Guid == "g1").Fields);
        Assert.Equal("target only\u001fx\u001f", raw.Notes.Single(n => n.Guid == "t1").Fields);
    }

    [Fact]
    public void DecksAreMatchedByNameNotIdAndMissingOnesAreAddedWithTheirParents()
    {
        using var target = AnkiPackage.Create();
        target.AddNote(Note("t1", "existing", "card", "Lang::Spanish"));
        long targetDeck = target.GetDecks().Single(d => d.Name == "Lang::Spanish").Id;
        long packageDeck = 0;
        string update = Build(p =>
        {
            p.AddNote(Note("g1", "uno", "one", "Lang::Spanish"));
            p.AddNote(Note("g2", "dos", "two", "Travel::Words"));
            // The package's "Lang::Spanish" gets another id than the target's: the old one is renamed away.
            using (var edit = p.BeginCollectionEdit())
            {
                edit.RenameDeck("Lang::Spanish", "Lang::Old");
                edit.Complete();
            }

            packageDeck = p.AddDeck("Lang::Spanish").Id;
            Sql(p, "update cards set did = $did where nid = (select id from notes where guid = 'g1')", ("$did", packageDeck));
        });
        Assert.NotEqual(targetDeck, packageDeck);

        var result = Import(target, update);

        Assert.Equal(2, result.New);
        using var raw = Written(target);
        Assert.Single(raw.Decks, d => d.Name == "Lang::Spanish");
        Assert.Equal(targetDeck, raw.Cards.Single(c => c.NoteId == raw.Notes.Single(n => n.Guid == "g1").Id).DeckId);
        Assert.Contains(raw.Decks, d => d.Name == "Travel");
        Assert.Contains(raw.Decks, d => d.Name == "Lang::Old");
        long words = raw.Decks.Single(d => d.Name == "Travel::Words").Id;
        Assert.Equal(words, raw.Cards.Single(c => c.NoteId == raw.Notes.Single(n => n.Guid == "g2").Id).DeckId);
    }

    [Fact]
    public void MediaWithTheSameNameAndContentIsReusedAndOtherContentIsRenamedWithItsReferences()
    {
        using var target = AnkiPackage.Create();
        AddMedia(target, "same.jpg", "same bytes");
        AddMedia(target, "pic.jpg", "old picture");
        target.AddNote(Note("t1", "uses", "<img src=\"same.jpg\"><img src=\"pic.jpg\">"));
        string update = Build(p =>
        {
            AddMedia(p, "same.jpg", "same bytes");
            AddMedia(p, "pic.jpg", "new picture");
            AddMedia(p, "fresh.mp3", "sound");
            AddMedia(p, "unused.jpg", "nobody refers to me");
            AddMedia(p, "_static.css", "kept anyway");
            p.AddNote(Note("g1", "uno", "<img src=\"same.jpg\"> <img src='pic.jpg'> [sound:fresh.mp3] [sound:pic.jpg]"));
        });

        var result = Import(target, update);

        string renamed = $"pic-{Sha1("new picture")}.jpg";
        Assert.Equal((3, 1), (result.MediaAdded, result.MediaRenamed));
        Assert.Equal(renamed, result.RenamedMedia["pic.jpg"]);
        using var raw = Written(target);
        Assert.Equal($"uno\u001f<img src=\"same.jpg\"> <img src='{renamed}'> [sound:fresh.mp3] [sound:{renamed}]", raw.Notes.Single(n => n.Guid == "g1").Fields);
        Assert.Equal("uses\u001f<img src=\"same.jpg\"><img src=\"pic.jpg\">", raw.Notes.Single(n => n.Guid == "t1").Fields);
        var media = raw.Media.ToDictionary(m => m.Name, m => Encoding.UTF8.GetString(m.Bytes!));
        Assert.Equal(new[] { "_static.css", "fresh.mp3", "pic.jpg", renamed, "same.jpg" }.OrderBy(n => n, StringComparer.Ordinal), media.Keys.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("old picture", media["pic.jpg"]);
        Assert.Equal("new picture", media[renamed]);
    }

    [Fact]
    public void ARenamedFilesReferencesAreRewrittenInTheirOwnSpellingAndOnlyThere()
    {
        using var target = AnkiPackage.Create();
        AddMedia(target, "a&b.jpg", "old");
        AddMedia(target, "noext", "old");
        string update = Build(p =>
        {
            AddMedia(p, "a&b.jpg", "new");
            AddMedia(p, "noext", "new");
            p.AddNote(Note("g1", "<img src=\"a&amp;b.jpg\"><img src=\"a&b.jpg\"><img src=\"https://example.com/a&amp;b.jpg\">", "[sound:noext] plain a&b.jpg"));
        });

        var result = Import(target, update);

        string renamed = $"a&b-{Sha1("new")}.jpg";
        string bare = $"noext-{Sha1("new")}."; // Anki's add_hash_suffix_to_file_stem keeps the dot of an empty extension
        Assert.Equal((renamed, bare), (result.RenamedMedia["a&b.jpg"], result.RenamedMedia["noext"]));
        var fields = target.GetNotes().Single(n => n.Guid == "g1").Fields;
        Assert.Equal($"<img src=\"a&amp;b-{Sha1("new")}.jpg\"><img src=\"{renamed}\"><img src=\"https://example.com/a&amp;b.jpg\">", fields["Front"]);
        Assert.Equal($"[sound:{bare}] plain a&b.jpg", fields["Back"]);
    }

    private static string Sha1(string content)
        => Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(content))).ToLowerInvariant();

    [Fact]
    public void HashSuffixedNamesFitAnkisLengthLimit()
    {
        string sha1 = new string('a', 40);
        Assert.Equal("pic-" + sha1 + ".jpg", MediaImport.HashSuffixedName("pic.jpg", sha1));
        string longName = new string('x', 200) + ".jpeg";
        string suffixed = MediaImport.HashSuffixedName(longName, sha1);
        Assert.Equal(120 - 40 - 1 - 4 - 2 + 1 + 40 + 1 + 4, Encoding.UTF8.GetByteCount(suffixed));
        Assert.EndsWith("-" + sha1 + ".jpeg", suffixed, StringComparison.Ordinal);
    }

    /// <summary>A review card of the target, scheduled by the learner.</summary>
    private static long Study(AnkiPackage target, string guid, long due)
    {
        long card = target.Db.ScalarLong("select c.id from cards c join notes n on n.id = c.nid where n.guid = $g", ("$g", guid));
        Sql(target, "update cards set type = 2, queue = 2, due = $due, ivl = 12, factor = 2500, reps = 5, lapses = 1 where id = $id", ("$due", due), ("$id", card));
        return card;
    }

    [Fact]
    public void ExistingCardsKeepTheirSchedulingWhenTheirNoteIsUpdated()
    {
        using var target = AnkiPackage.Create();
        target.AddNote(Note("g1", "uno", "one"));
        long card = Study(target, "g1", 40);
        string update = Rebuild(NoteMod(target, "g1") + 100);

        var result = Import(target, update, scheduling: true);

        Assert.Equal((0, 1, 0, 0), Counts(result));
        Assert.Equal(0, result.CardsAdded);
        using var raw = Written(target);
        var kept = raw.Cards.Single(c => c.Id == card);
        Assert.Equal((2, 2, 40L, 12L, 2500L, 5L, 1L), (kept.Type, kept.Queue, kept.Due, kept.Interval, kept.Factor, kept.Reps, kept.Lapses));
    }

    [Fact]
    public void WithSchedulingCardsKeepTheirStateAndReviewLogWithDueDaysShiftedBetweenTheCollections()
    {
        long sourceCard = 0;
        long crtShift = 10 * 86_400;
        string update = Build(p =>
        {
            p.AddNote(Note("g1", "uno", "one"));
            p.AddNote(Note("g2", "dos", "two"));
            // The package's collection was created ten days before the target's: its day numbers are ten larger.
            Sql(p, "update col set crt = crt - $shift", ("$shift", crtShift));
            sourceCard = Study(p, "g1", 30);
            Sql(p, "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (1700000000000, $cid, 0, 3, 12, 4, 2500, 6000, 1)", ("$cid", sourceCard));
            Sql(p, "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (1700000000001, 99, 0, 3, 12, 4, 2500, 6000, 1)");
        });
        using var target = AnkiPackage.Create();
        long delta;
        using (var source = AnkiPackage.Open(update))
        {
            var now = DateTimeOffset.Now;
            delta = SchedulerTiming.For(source.Json, now).DaysElapsed - SchedulerTiming.For(target.Json, now).DaysElapsed;
        }

        Assert.Equal(10, delta);
        var result = Import(target, update, scheduling: true);

        Assert.Equal((2, 2, 1), (result.New, result.CardsAdded, result.ReviewsAdded));
        using var raw = Written(target);
        var card = raw.Cards.Single(c => c.Id == sourceCard);
        Assert.Equal((2, 2, 30 - delta, 12L, 2500L, 5L), (card.Type, card.Queue, card.Due, card.Interval, card.Factor, card.Reps));
        var review = Assert.Single(raw.Revlog);
        Assert.Equal((1700000000000L, sourceCard, -1L), (review.Id, review.CardId, review.Usn));
    }

    [Fact]
    public void WhatIfCountsWithoutWritingAnything()
    {
        string update = Build(p =>
        {
            AddMedia(p, "pic.jpg", "picture");
            p.AddNote(Note("g1", "uno", "<img src=\"pic.jpg\">"));
        });
        using var target = AnkiPackage.Create();
        target.AddNote(Note("t1", "existing", "card", "Other"));
        var before = target.IsModified;
        string beforeJson = (string)target.Db.Scalar("select decks || models || conf from col")!;

        var result = Import(target, update, whatIf: true);

        Assert.True(result.WhatIf);
        Assert.Equal((1, 0, 0, 0), Counts(result));
        Assert.Equal(1, result.MediaAdded);
        Assert.Equal(1, target.NoteCount);
        Assert.Equal(0, target.MediaCount);
        Assert.Equal(beforeJson, (string)target.Db.Scalar("select decks || models || conf from col")!);
        Assert.DoesNotContain(target.GetDecks(), d => d.Name.StartsWith("Lang", StringComparison.Ordinal));
        Assert.Equal(before, target.IsModified);

        // The real import after a dry run gives the same counts.
        Assert.Equal(Counts(result), Counts(Import(target, update)));
    }

    [Fact]
    public void AFailureMidwayKeepsNothingAndRemovesTheMediaCopied()
    {
        string update = Build(p =>
        {
            AddMedia(p, "a.jpg", "first");
            AddMedia(p, "b.jpg", "second");
            p.AddNote(Note("g1", "uno", "<img src=\"a.jpg\"><img src=\"b.jpg\">"));
        });
        using var target = AnkiPackage.Create();
        target.AddNote(Note("t1", "existing", "card", "Other"));
        // A folder where the second file would go: copying it fails after the first was copied.
        Directory.CreateDirectory(Path.Combine(target.MediaDirectory, "b.jpg"));

        var error = Assert.Throws<AnkiException>(() => Import(target, update));

        Assert.Equal("WriteFailed", error.Reason);
        Assert.Equal(1, target.NoteCount);
        Assert.False(File.Exists(Path.Combine(target.MediaDirectory, "a.jpg")));
        Assert.DoesNotContain(target.GetDecks(), d => d.Name.StartsWith("Lang", StringComparison.Ordinal));
        Directory.Delete(Path.Combine(target.MediaDirectory, "b.jpg"));
        Assert.Equal(1, Import(target, update).New);
        using var raw = Written(target);
        Assert.Equal(2, raw.Notes.Count);
    }

    [Fact]
    public void AStopKeepsNothing()
    {
        string update = Build(p =>
        {
            for (int i = 0; i < 20; i++)
            {
                p.AddNote(Note("g" + i, "word " + i, "back"));
            }
        });
        using var target = AnkiPackage.Create();
        using var stop = new CancellationTokenSource();
        var options = new PackageImportOptions
        {
            Cancellation = stop.Token,
            Progress = new Stopper(stop, 0.6),
        };

        Assert.ThrowsAny<OperationCanceledException>(() => PackageMerger.Import(target, update, options));
        Assert.Equal(0, target.NoteCount);
        Assert.Equal(0, target.CardCount);
        Assert.False(target.IsModified);
        Assert.Equal(20, Import(target, update).New);
    }

    private sealed class Stopper(CancellationTokenSource stop, double at) : IProgress<double>
    {
        public void Report(double value)
        {
            if (value >= at)
            {
                stop.Cancel();
            }
        }
    }

    [FixtureFact]
    public void ALiveSchema18CollectionTakesTheImportAndStaysSchema18()
    {
        string path = temp.Path("collection.anki2");
        File.Copy(Fixtures.Path(LiveWriteStalenessTests.Schema18Live), path);
        string update = Build(p =>
        {
            AddMedia(p, "pic.jpg", "picture");
            p.AddNote(Note("g1", "uno", "<img src=\"pic.jpg\">"));
            p.AddNote(Note("g2", "dos", "two"));
        }, PackageVersion.Latest);
        long notesBefore;
        using (var db = AnkiDatabase.Open(path, readOnly: true))
        {
            notesBefore = db.ScalarLong("select count(*) from notes");
        }

        using (var live = AnkiPackage.OpenCollection(path, null))
        {
            var result = Import(live, update);
            Assert.Equal((2, 0, 0, 0), Counts(result));
            Assert.Equal(1, result.MediaAdded);
            Assert.Equal((0, 0, 2, 0), Counts(Import(live, update)));
        }

        Assert.Equal("picture", File.ReadAllText(Path.Combine(temp.Root, "collection.media", "pic.jpg")));
        AnkiRules.AssertValid(path, RealFile);
        using var check = AnkiDatabase.Open(path, readOnly: true);
        Assert.Equal("ok", check.Scalar("pragma integrity_check"));
        Assert.Equal(18L, check.ScalarLong("select ver from col"));
        Assert.Equal(notesBefore + 2, check.ScalarLong("select count(*) from notes"));
        Assert.Equal(0L, check.ScalarLong("select count(*) from notes where guid in ('g1', 'g2') and usn != -1"));
        Assert.Equal(0L, check.ScalarLong("select count(*) from cards where nid in (select id from notes where guid in ('g1', 'g2')) and usn != -1"));
        Assert.Equal(1L, check.ScalarLong("select count(*) from decks where name = 'Lang' || char(31) || 'Spanish'"));
    }

    /// <summary>
    /// Real packages of each format (legacy, anki21b with a custom note type and media, a .colpkg with a filtered deck,
    /// genanki output), imported as new cards and, where the file's own new-card positions are Anki's, with scheduling.
    /// </summary>
    public static IEnumerable<object[]> RealPackages() => new (string File, bool Scheduling)[]
    {
        ("anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg", false),
        ("anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg", true),
        ("anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg", false),
        ("anki2.1.50plus-latest-apkg-anki21b-chinese-custom-notetype.apkg", false),
        ("anki2.1.50plus-latest-apkg-anki21b-media-revlog.apkg", false),
        ("anki2.1.50plus-latest-apkg-anki21b-media-revlog.apkg", true),
        ("anki2.1.50plus-latest-colpkg-anki21b-revlog-filtered-deck.colpkg", true),
        ("genanki-legacy-apkg-japanese-kanji-165notes.apkg", false),
    }.Select(f => new object[] { f.File, f.Scheduling });

    [FixtureTheory]
    [MemberData(nameof(RealPackages))]
    public void ARealPackageImportsWholeIntoAFreshPackage(string fixture, bool scheduling)
    {
        string path = Fixtures.Path(fixture);
        long notes;
        long cards;
        long reviews;
        using (var source = AnkiPackage.Open(path))
        {
            notes = source.NoteCount;
            cards = source.CardCount;
            reviews = source.Db.ScalarLong("select count(*) from revlog where cid in (select id from cards)");
        }

        using var target = AnkiPackage.Create();
        var result = Import(target, path, scheduling: scheduling);

        Assert.Equal(((int)notes, 0, 0, 0), Counts(result));
        Assert.Equal((int)cards, result.CardsAdded);
        Assert.Equal(scheduling ? (int)reviews : 0, result.ReviewsAdded);
        Assert.Empty(result.Skipped);
        Assert.Equal(notes, target.NoteCount);
        Written(target, RealFile).Dispose();

        // Importing it again changes nothing.
        var again = Import(target, path, scheduling: scheduling);
        Assert.Equal((0, 0, (int)notes, 0), Counts(again));
        Assert.Equal((0, 0), (again.CardsAdded, again.MediaAdded));
    }

    [Fact]
    public void ThePackageImportedAgainChangesNothingAndLeavesTheTargetUnmodified()
    {
        string update = Build(p =>
        {
            p.AddDeck("Lang::Spanish", "Spanish words");
            p.AddNote(Note("g1", "uno", "one"));
            p.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Deck = "Travel", NamedValues = Fields("ir", "to go"), Guid = "g2" });
        });
        using var target = AnkiPackage.Create();
        var first = Import(target, update);
        Assert.Equal((2, 3, 3, 2), (first.New, first.CardsAdded, first.DecksAdded, first.NoteTypesAdded));
        Assert.True(target.IsModified);
        target.State.MarkSaved();

        var again = Import(target, update);

        Assert.Equal((0, 0, 2, 0), Counts(again));
        Assert.Equal((0, 0, 0, 0), (again.CardsAdded, again.DecksAdded, again.NoteTypesAdded, again.NoteTypesUpdated));
        Assert.False(target.IsModified);
    }

    [Fact]
    public void ADeckDescriptionComesInUnlessThePackagesIsEmptyOrTheSame()
    {
        string update = Build(p =>
        {
            p.AddDeck("Lang", "from the package");
            p.AddDeck("Fresh", "a new deck");
            p.AddDeck("Keep");
            p.AddDeck("Same", "same words");
            foreach (string deck in new[] { "Lang", "Fresh", "Keep", "Same" })
            {
                p.AddNote(Note("g-" + deck, deck, "back", deck));
            }
        });
        using var target = AnkiPackage.Create();
        target.AddDeck("Lang");
        target.AddDeck("Keep", "mine");
        target.AddDeck("Same", "same words");
        foreach (string deck in new[] { "Lang", "Keep", "Same" })
        {
            StructureEditingTests.DeckJson(target, deck)["mod"] = 5;
            StructureEditingTests.DeckJson(target, deck)["usn"] = 0;
        }

        long start = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var result = Import(target, update);

        Assert.Equal(1, result.DecksAdded);
        var lang = StructureEditingTests.DeckJson(target, "Lang");
        Assert.Equal(("from the package", -1L), ((string?)lang["desc"], AnkiSync.Collection.CollectionJson.ReadLong(lang["usn"])));
        Assert.True(AnkiSync.Collection.CollectionJson.ReadLong(lang["mod"]) >= start);
        Assert.Equal("a new deck", (string?)StructureEditingTests.DeckJson(target, "Fresh")["desc"]);
        foreach (var (deck, description) in new[] { ("Keep", "mine"), ("Same", "same words") })
        {
            var json = StructureEditingTests.DeckJson(target, deck);
            Assert.Equal((description, 5L, 0L), ((string?)json["desc"], AnkiSync.Collection.CollectionJson.ReadLong(json["mod"]), AnkiSync.Collection.CollectionJson.ReadLong(json["usn"])));
        }
    }

    [Fact]
    public void ANormalDeckMeetingAFilteredOneOfItsNameComesInUnderANewNameWithItsSubdecks()
    {
        string update = Build(p =>
        {
            p.AddNote(Note("g1", "uno", "one", "Cram"));
            p.AddNote(Note("g2", "dos", "two", "Cram::Verbs"));
        });
        using var target = AnkiPackage.Create();
        StructureEditingTests.AddFilteredDeck(target, "Cram");

        var result = Import(target, update);

        Assert.Equal(2, result.New);
        var renamed = target.GetDecks().Where(d => d.Name.StartsWith("Cram ", StringComparison.Ordinal)).Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, renamed.Count);
        Assert.Matches("^Cram [0-9]+$", renamed[0]);
        Assert.Equal(renamed[0] + "::Verbs", renamed[1]);
        Assert.Equal(0, target.Db.ScalarLong("select count(*) from cards where did = $cram", ("$cram", target.GetDecks().Single(d => d.Name == "Cram").Id)));
        Assert.Equal(2, result.DecksAdded);
    }

    [Fact]
    public void AnAddedNoteTypeIsUnsyncedAndPointsAtTheTargetsDecks()
    {
        long sourceDeck = 0;
        string update = Build(p =>
        {
            // The package's "Lang" gets another id than the target's will: the first one is renamed away.
            p.AddDeck("Lang");
            using (var edit = p.BeginCollectionEdit())
            {
                edit.RenameDeck("Lang", "Old");
                edit.Complete();
            }

            sourceDeck = p.AddDeck("Lang").Id;
            p.AddNote(Note("g1", "uno", "one", "Lang"));
            var model = p.State.FindNoteType("Basic")!.Json;
            model["did"] = sourceDeck;
            ((System.Text.Json.Nodes.JsonObject)((System.Text.Json.Nodes.JsonArray)model["tmpls"]!)[0]!)["did"] = sourceDeck;
            model["usn"] = 4;
            p.State.SaveJson();
        });
        using var target = AnkiPackage.Create();
        target.AddDeck("Other");
        target.AddDeck("Lang");
        long targetLang = target.GetDecks().Single(d => d.Name == "Lang").Id;
        Assert.NotEqual(sourceDeck, targetLang);

        var result = Import(target, update);

        Assert.Equal(1, result.NoteTypesAdded);
        var added = target.State.FindNoteType("Basic")!.Json;
        Assert.Equal(-1, AnkiSync.Collection.CollectionJson.ReadLong(added["usn"]));
        Assert.Equal(targetLang, AnkiSync.Collection.CollectionJson.ReadLong(added["did"]));
        Assert.Equal(targetLang, AnkiSync.Collection.CollectionJson.ReadLong(((System.Text.Json.Nodes.JsonArray)added["tmpls"]!)[0]!["did"]));
    }

    [Fact]
    public void ANoteTypeOfTheSameIdButAnotherKindIsRefused()
    {
        long id = 0;
        string update = Build(p =>
        {
            p.AddNote(Note("g1", "uno", "one"));
            id = p.State.FindNoteType("Basic")!.Id;
        });
        using var target = AnkiPackage.Create();
        target.AddNote(new NoteInput { NoteType = "Cloze", Values = new[] { "{{c1::x}}", "" } });
        long cloze = target.State.FindNoteType("Cloze")!.Id;
        Sql(target, "update notes set mid = $id", ("$id", id));
        Sql(target, $"update col set models = replace(models, '{cloze}', '{id}')");
        target.State.Reload();
        target.State.MarkSaved();

        var error = Assert.Throws<AnkiException>(() => Import(target, update, mergeTypes: true));

        Assert.Equal("NoteTypeKindConflict", error.Reason);
        Assert.Contains($"The note type 'Basic' (id {id}) of '{update}' is a normal", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, target.NoteCount);
        Assert.False(target.IsModified);
    }

    [Fact]
    public void NotesThatCannotBeMatchedAreSkippedWithTheReason()
    {
        string update = Build(p =>
        {
            p.AddNote(Note("g1", "uno", "one"));
            p.AddNote(Note("g2", "dos", "two"));
            p.AddNote(Note("g3", "tres", "three"));
            Sql(p, "update notes set guid = '' where guid = 'g2'");
            Sql(p, "update notes set mid = 42 where guid = 'g3'");
        });
        using var target = AnkiPackage.Create();

        var result = Import(target, update);

        Assert.Equal(1, result.New);
        Assert.Contains(result.Skipped, s => s.EndsWith(": it has no guid, so it cannot be matched", StringComparison.Ordinal));
        Assert.Contains(result.Skipped, s => s.EndsWith(": its note type 42 is not in the package", StringComparison.Ordinal));
        // What opening the package tolerated is reported with the skips too.
        Assert.Contains(result.Skipped, s => s.StartsWith("1 note uses note type 42, which the collection lacks", StringComparison.Ordinal));
        Assert.Equal(new[] { "g1" }, target.GetNotes().Select(n => n.Guid));
    }

    [Fact]
    public void ProgressRisesFromZeroToOneAsTheNotesComeIn()
    {
        string update = Build(p =>
        {
            for (int i = 0; i < 20; i++)
            {
                p.AddNote(Note("g" + i, "front " + i, "back"));
            }
        });
        using var target = AnkiPackage.Create();
        var seen = new List<double>();
        PackageMerger.Import(target, update, new PackageImportOptions { IncludeNotes = true, Progress = new Recorder(seen) });

        Assert.Equal(1.0, seen[^1]);
        Assert.True(seen.Zip(seen.Skip(1), (a, b) => a <= b).All(up => up), string.Join(", ", seen));
        Assert.Contains(seen, v => v > 0.3 && v < 0.7);
        Assert.True(seen.Count(v => v > 0.3 && v <= 0.7) >= 10, string.Join(", ", seen));
        // Opening the package takes the first 30%, the cards the last part before the end.
        Assert.Contains(seen, v => v > 0 && v <= 0.3);
        Assert.Contains(seen, v => v > 0.7 && v < 1);
    }

    private sealed class Recorder(List<double> seen) : IProgress<double>
    {
        public void Report(double value) => seen.Add(value);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(-100, false)]
    public void ANoteTypeOfTheSameShapeIsReplacedOnlyWhenThePackagesIsNewerAndKeepsItsNameUnique(long modDelta, bool updated)
    {
        using var target = AnkiPackage.Create();
        target.AddNote(Note("t1", "existing", "card"));
        target.GetOrCreateNoteType("Cloze");
        var existing = target.State.FindNoteType("Basic")!.Json;
        existing["css"] = ".old {}";
        existing["mod"] = 1_000_000;
        target.State.ReplaceNoteType(existing);
        string update = Build(p =>
        {
            p.AddNote(Note("g1", "uno", "one"));
            var model = p.State.FindNoteType("Basic")!.Json;
            model["css"] = ".new {}";
            model["name"] = "cloze";
            model["mod"] = 1_000_000 + modDelta;
            p.State.SaveJson();
        });

        var result = Import(target, update);

        Assert.Equal((updated ? 1 : 0, 0), (result.NoteTypesUpdated, result.NoteTypesAdded));
        var basic = target.GetNoteTypes().Single(t => t.Id == target.GetNotes().Single(n => n.Guid == "t1").NoteTypeId);
        Assert.Equal(updated ? (".new {}", "cloze+") : (".old {}", "Basic"), (basic.Css, basic.Name));
        Assert.Equal(2, target.NoteCount);
    }

    private static List<object?[]> Rows(AnkiPackage package, string sql)
    {
        var rows = new List<object?[]>();
        using var command = package.Db.Command(sql);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }

        return rows;
    }

    private static void SetCard(AnkiPackage package, string guid, string assignments, params (string Name, object? Value)[] parameters)
        => Sql(package, $"update cards set {assignments} where nid = (select id from notes where guid = $g)", parameters.Append(("$g", (object?)guid)).ToArray());

    [Fact]
    public void WithSchedulingCardsInFilteredDecksComeHomeWithTheirQueueRestoredAndDaysShifted()
    {
        string[] guids = { "review", "learn", "relearn", "suspended", "new", "odd-odue", "queue0", "no-odue", "buried" };
        string update = Build(p =>
        {
            p.AddDeck("Home");
            foreach (string guid in guids)
            {
                p.AddNote(Note(guid, guid, "x", "Home"));
            }

            long home = p.GetDecks().Single(d => d.Name == "Home").Id;
            long cram = StructureEditingTests.AddFilteredDeck(p, "Cram");
            // The package's collection is ten days older than the target's: its day numbers are ten larger.
            Sql(p, "update col set crt = crt - 864000");
            (string Guid, int Type, int Queue, long Due, long Odue)[] filtered =
            {
                ("review", 2, 2, -100_000, 30), ("learn", 1, 1, -100_000, 1_700_000_500), ("relearn", 3, 3, -100_000, 25), ("suspended", 2, -1, -100_000, 40),
                ("new", 0, 0, -100_000, 7), ("queue0", 2, 0, -100_000, 12), ("no-odue", 2, 2, 33, 0), ("buried", 2, -2, -100_000, 44),
            };
            foreach (var card in filtered)
            {
                SetCard(p, card.Guid, "did = $cram, odid = $home, type = $type, queue = $queue, due = $due, odue = $odue, ivl = case when $type = 0 then 0 else 5 end",
                    ("$cram", cram), ("$home", home), ("$type", card.Type), ("$queue", card.Queue), ("$due", card.Due), ("$odue", card.Odue));
            }

            // Not in a filtered deck, yet with an original due: a review card's is shifted too (rslib shift_collection_relative_dates).
            SetCard(p, "odd-odue", "type = 2, queue = 2, due = 50, odue = 50, ivl = 5");
        });
        using var target = AnkiPackage.Create();

        var result = Import(target, update, scheduling: true);

        Assert.Equal(guids.Length, result.CardsAdded);
        var deckOf = target.GetDecks().ToDictionary(d => d.Id, d => d.Name);
        var cards = Rows(target, "select n.guid, c.did, c.type, c.queue, c.due, c.odue, c.odid from cards c join notes n on n.id = c.nid")
            .ToDictionary(r => (string)r[0]!, r => (Deck: deckOf[(long)r[1]!], Type: (long)r[2]!, Queue: (long)r[3]!, Due: (long)r[4]!, Odue: (long)r[5]!, Odid: (long)r[6]!));
        Assert.Equal(("Home", 2L, 2L, 20L, 0L, 0L), cards["review"]);
        Assert.Equal(("Home", 1L, 1L, 1_700_000_500L, 0L, 0L), cards["learn"]);
        Assert.Equal(("Home", 3L, 3L, 15L, 0L, 0L), cards["relearn"]);
        Assert.Equal(("Home", 2L, -1L, 30L, 0L, 0L), cards["suspended"]);
        Assert.Equal(("Home", 0L, 0L, 7L, 0L, 0L), cards["new"]);
        Assert.Equal(("Home", 2L, 2L, 40L, 40L, 0L), cards["odd-odue"]);
        Assert.Equal(("Home", 2L, 2L, 2L, 0L, 0L), cards["queue0"]);
        Assert.Equal(("Home", 2L, 2L, 23L, 0L, 0L), cards["no-odue"]);
        Assert.Equal(("Home", 2L, -2L, 34L, 0L, 0L), cards["buried"]);
        // The filtered deck comes in as a normal deck, and empty.
        Assert.Contains("Cram", deckOf.Values);
        Assert.DoesNotContain(cards.Values, c => c.Deck == "Cram");

        // The new card's position is taken: the next new card goes after it.
        target.AddNote(Note("later", "later", "x", "Home"));
        Assert.Equal(8, target.Db.ScalarLong("select c.due from cards c join notes n on n.id = c.nid where n.guid = 'later'"));
        Written(target, RealFile);
    }

    [Fact]
    public void WithoutSchedulingCardsComeInAsNewWithOnePositionPerNoteAfterTheTargets()
    {
        string update = Build(p =>
        {
            p.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Deck = "Lang::Spanish", NamedValues = Fields("ir", "to go"), Guid = "pair" });
            p.AddNote(Note("single", "uno", "one", "Lang::Other"));
            SetCard(p, "pair", "type = 2, queue = 2, due = 5 - ord * 2, ivl = 9, factor = 2500, reps = 4, lapses = 1, left = 2, flags = 3, data = '{\"s\":1.5}'");
            SetCard(p, "single", "due = 1");
        });
        using var target = AnkiPackage.Create();
        target.AddNote(Note("t1", "existing", "card"));
        long targetPosition = target.Db.ScalarLong("select due from cards");

        var result = Import(target, update, scheduling: false);

        var cards = Rows(target, "select n.guid, c.ord, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.left, c.flags, c.data from cards c join notes n on n.id = c.nid where n.guid != 't1' order by c.due, c.ord")
            .Select(r => string.Join(" ", r.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        long p1 = targetPosition + 1;
        Assert.Equal(new[]
        {
            $"single 0 0 0 {p1} 0 0 0 0 0 0 ",
            $"pair 0 0 0 {p1 + 1} 0 0 0 0 0 0 ",
            $"pair 1 0 0 {p1 + 1} 0 0 0 0 0 0 ",
        }, cards);
        Assert.Equal("Lang::Spanish", result.Notes.Single(n => n.Guid == "pair").Deck);
        Assert.Equal("Lang::Other", result.Notes.Single(n => n.Guid == "single").Deck);
        Written(target);
    }

    [Fact]
    public void NoteAndCardIdsInTheFutureOrTakenAreReplacedAndModificationTimesOutOfRangeAreNow()
    {
        using var target = AnkiPackage.Create();
        target.AddNote(Note("t1", "existing", "card"));
        long takenNote = target.Db.ScalarLong("select id from notes");
        long takenCard = target.Db.ScalarLong("select id from cards");
        long futureMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (3 * 86_400_000L);
        string update = Build(p =>
        {
            (string Guid, long NoteId, long CardId, long Mod)[] rows =
            {
                ("future", futureMs, futureMs + 1, 0), ("taken", takenNote, takenCard, futureMs), ("next", takenNote + 999, takenCard + 999, 1_600_000_000),
            };
            foreach (var row in rows)
            {
                p.AddNote(Note(row.Guid, row.Guid, "x"));
                Sql(p, "update cards set id = $cid, nid = $nid where nid = (select id from notes where guid = $g)", ("$cid", row.CardId), ("$nid", row.NoteId), ("$g", row.Guid));
                Sql(p, "update notes set id = $nid, mod = $mod where guid = $g", ("$nid", row.NoteId), ("$mod", row.Mod), ("$g", row.Guid));
            }
        });
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var result = Import(target, update, scheduling: true);

        Assert.Equal(3, result.New);
        var notes = Rows(target, "select guid, id, mod from notes").ToDictionary(r => (string)r[0]!, r => (Id: (long)r[1]!, Mod: (long)r[2]!));
        var cards = Rows(target, "select n.guid, c.id from cards c join notes n on n.id = c.nid").ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        // A replaced id is a fresh one: from now on, past the ids already taken (so a few steps of 999 ms ahead at most).
        long tomorrowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 86_400_000;
        Assert.InRange(notes["future"].Id, before * 1000, tomorrowMs);
        Assert.InRange(cards["future"], before * 1000, tomorrowMs);
        Assert.InRange(notes["future"].Mod, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(takenNote + 999, notes["taken"].Id);
        Assert.Equal(takenCard + 999, cards["taken"]);
        Assert.InRange(notes["taken"].Mod, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(takenNote + 1998, notes["next"].Id);
        Assert.Equal(takenCard + 1998, cards["next"]);
        Assert.Equal(1_600_000_000, notes["next"].Mod);
        Written(target);
    }

    [Theory]
    [InlineData("deck")]
    [InlineData("note type")]
    [InlineData("note type update")]
    public void AnythingAddedOnItsOwnMarksTheTargetModified(string addition)
    {
        string first = Build(p => p.AddNote(Note("g1", "uno", "one")));
        using var target = AnkiPackage.Create();
        Import(target, first);
        target.State.MarkSaved();
        string second = temp.Path("second.apkg");
        using (var source = AnkiPackage.Open(first))
        {
            switch (addition)
            {
                case "deck":
                    source.AddDeck("Empty deck");
                    break;
                case "note type":
                    source.AddNoteType("Unused", new[] { "A" }, new[] { new TemplateDefinition("Card 1", "{{A}}", "") });
                    break;
                default:
                    var basic = source.State.FindNoteType("Basic")!.Json;
                    basic["mod"] = CollectionJson.ReadLong(basic["mod"]) + 100;
                    basic["css"] = ".newer {}";
                    source.State.ReplaceNoteType(basic);
                    break;
            }

            source.Export(second, PackageVersion.Legacy2);
        }

        var result = Import(target, second);

        Assert.Equal(addition, (result.DecksAdded, result.MediaAdded, result.NoteTypesAdded, result.NoteTypesUpdated) switch
        {
            (1, 0, 0, 0) => "deck",
            (0, 0, 1, 0) => "note type",
            (0, 0, 0, 1) => "note type update",
            var other => other.ToString(),
        });
        Assert.Equal((0, 0, 0), (result.New, result.Updated, result.CardsAdded));
        Assert.True(target.IsModified);
    }

    private static JsonObject Shape(string fields, string templates)
    {
        static JsonArray Items(string spec) => new JsonArray(spec.Split(',').Select((item, ord) =>
        {
            var parts = item.Split('#');
            var json = new JsonObject { ["name"] = parts[0], ["ord"] = ord };
            if (parts.Length > 1)
            {
                json["id"] = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            }

            return (JsonNode)json;
        }).ToArray());

        return new JsonObject { ["flds"] = Items(fields), ["tmpls"] = Items(templates) };
    }

    [Theory]
    [InlineData("Front,Back", "Card 1", "Front,Back", "Card 1", true)]
    [InlineData("Front,Back", "Card 1", "Front,Back,Extra", "Card 1", false)]
    [InlineData("Front,Back", "Card 1", "Front,Other", "Card 1", false)]
    [InlineData("Front,Back", "Card 1", "Other,Back", "Card 1", false)]
    [InlineData("Front,Back", "Card 1", "Front,Back", "Card 2", false)]
    [InlineData("Front,Back", "Card 1,Card 2", "Front,Back", "Card 1,Other", false)]
    [InlineData("Front,Back", "Card 1", "Front,Back", "Card 1,Card 2", false)]
    [InlineData("Front#1,Back#2", "Card 1#3", "Renamed#1,Back#2", "Renamed#3", true)]
    [InlineData("Front#1,Back#2", "Card 1", "Front#9,Back#2", "Card 1", false)]
    [InlineData("Front#1,Back", "Card 1", "Front,Back#2", "Card 1", true)]
    [InlineData("Front#1,Back", "Card 1", "Other,Back#2", "Card 1", false)]
    public void EqualSchemaComparesFieldsAndTemplatesByIdWhenBothHaveOneElseByName(string fieldsA, string templatesA, string fieldsB, string templatesB, bool equal)
    {
        Assert.Equal(equal, PackageMerger.EqualSchema(Shape(fieldsA, templatesA), Shape(fieldsB, templatesB)));
        Assert.Equal(equal, PackageMerger.EqualSchema(Shape(fieldsB, templatesB), Shape(fieldsA, templatesA)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MergedNoteTypesTakeThePackagesDefinitionsOnlyWhenItIsNewer(bool newer)
    {
        using var target = AnkiPackage.Create();
        target.AddNote(Note("t1", "target", "x"));
        Study(target, "t1", 40);
        var basic = target.State.FindNoteType("Basic")!.Json;
        basic["mod"] = 1_000_000;
        basic["css"] = ".old {}";
        target.State.ReplaceNoteType(basic);
        long basicId = CollectionJson.ReadLong(basic["id"]);
        string update = Build(p =>
        {
            p.AddNote(Note("g1", "uno", "one"));
            using (var edit = p.BeginCollectionEdit())
            {
                edit.EditNoteType("Basic", new NoteTypeChange
                {
                    AddFields = new[] { "Example" },
                    AddTemplates = new[] { new TemplateDefinition("Reverse", "{{Back}}", "{{Front}}") },
                    SetTemplates = new[] { new TemplateChange("Card 1", "<b>{{Front}}</b>", null) },
                    Css = ".new {}",
                }, out _);
                edit.Complete();
            }

            var model = p.State.FindNoteType("Basic")!.Json;
            model["id"] = basicId;
            model["name"] = "Basic renamed";
            model["mod"] = newer ? 1_000_100 : 999_900;
            p.State.SaveJson();
            Sql(p, "update notes set mid = $id", ("$id", basicId));
        });

        var result = Import(target, update, mergeTypes: true);

        Assert.Equal((0, 1), (result.NoteTypesAdded, result.NoteTypesUpdated));
        // The target's own note gets a card from the new template (Anki's notetype update generates it), the package's two come in.
        Assert.Equal(3, result.CardsAdded);
        Assert.Equal(new long[] { 0, 1 }, Rows(target, "select c.ord from cards c join notes n on n.id = c.nid where n.guid = 't1' order by c.ord").Select(r => (long)r[0]!).ToArray());
        // The new card made for the studied note and the imported note's new cards have positions of their own.
        var positions = Rows(target, "select n.guid, c.due from cards c join notes n on n.id = c.nid where c.type = 0").Select(r => ((string)r[0]!, (long)r[1]!)).ToList();
        Assert.Equal(3, positions.Count);
        Assert.DoesNotContain(positions.Where(p => p.Item1 == "g1"), p => p.Item2 == positions.Single(t => t.Item1 == "t1").Item2);
        var merged = target.State.FindNoteType(basicId)!;
        Assert.Equal(new[] { "Front", "Back", "Example" }, merged.FieldNames);
        Assert.Equal(new[] { "Card 1", "Reverse" }, merged.Templates.Select(t => t.Name).ToArray());
        Assert.Equal(newer ? "<b>{{Front}}</b>" : "{{Front}}", merged.Templates[0].Front);
        Assert.Equal(newer ? (".new {}", "Basic renamed") : (".old {}", "Basic"), (merged.Css, merged.Name));
        Assert.Equal(new long[] { 0, 1, 2 }, Items(merged.Json, "flds").Select(f => CollectionJson.ReadLong(f["ord"])).ToArray());
        Assert.Equal(new long[] { 0, 1 }, Items(merged.Json, "tmpls").Select(f => CollectionJson.ReadLong(f["ord"])).ToArray());
        Assert.Equal(-1, CollectionJson.ReadLong(merged.Json["usn"]));
        Assert.True(CollectionJson.ReadLong(merged.Json["mod"]) > 1_000_100);
        Assert.Equal("target\u001fx\u001f", target.Db.Scalar("select flds from notes where guid = 't1'"));
        Written(target, RealFile);
    }

    private static List<JsonObject> Items(JsonObject noteType, string key)
        => ((JsonArray)noteType[key]!).OfType<JsonObject>().ToList();

    [Fact]
    public void ACopyMadeByAnEarlierImportIsFoundAgainAndReplacedWhenThePackagesIsNewer()
    {
        using var target = AnkiPackage.Create();
        target.AddNote(Note("t1", "target", "x"));
        long basicId = target.GetNoteTypes().Single(t => t.Name == "Basic").Id;
        string first = Build(p =>
        {
            p.AddNote(Note("g1", "uno", "one"));
            using (var edit = p.BeginCollectionEdit())
            {
                edit.EditNoteType("Basic", new NoteTypeChange { AddFields = new[] { "Example" } }, out _);
                edit.Complete();
            }

            var model = p.State.FindNoteType("Basic")!.Json;
            model["id"] = basicId;
            model["mod"] = 1_000_000;
            p.State.SaveJson();
            Sql(p, "update notes set mid = $id", ("$id", basicId));
        });

        var added = Import(target, first);
        var copy = target.GetNoteTypes().Single(t => t.Name == "Basic+");
        Assert.Equal((1, 0, 1), (added.NoteTypesAdded, added.NoteTypesUpdated, added.New));

        string second = temp.Path("second.apkg");
        using (var source = AnkiPackage.Open(first))
        {
            var model = source.State.FindNoteType(basicId)!.Json;
            model["mod"] = 1_000_100;
            model["css"] = ".newer {}";
            source.State.ReplaceNoteType(model);
            source.Export(second, PackageVersion.Legacy2);
        }

        var again = Import(target, second);

        Assert.Equal((0, 1), (again.NoteTypesAdded, again.NoteTypesUpdated));
        Assert.Single(target.GetNoteTypes(), t => t.Name == "Basic+");
        Assert.Equal(".newer {}", target.GetNoteTypes().Single(t => t.Id == copy.Id).Css);
        Assert.NotEqual(".newer {}", target.GetNoteTypes().Single(t => t.Id == basicId).Css);
        Assert.Equal(copy.Id, target.GetNotes().Single(n => n.Guid == "g1").NoteTypeId);
        Written(target);
    }

    [Fact]
    public void SchedulingIsNotImportedIntoACollectionOnTheV1Scheduler()
    {
        string update = Build(p => p.AddNote(Note("g1", "uno", "one")));
        using var target = AnkiPackage.Create();
        target.AddNote(Note("t1", "target", "x"));
        target.Json.Conf["schedVer"] = 1;

        var error = Assert.Throws<AnkiException>(() => Import(target, update, scheduling: true));

        Assert.Equal("SchedulerUpgradeRequired", error.Reason);
        Assert.StartsWith($"'{target}' still uses Anki's old V1 scheduler", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, target.NoteCount);
        Assert.Equal(1, Import(target, update).New);
    }

    [Fact]
    public void ACardAnUpdatedNoteGainsFromThePackageAndTheNewNotesCardsHavePositionsOfTheirOwn()
    {
        using var target = AnkiPackage.Create();
        target.AddNote(new NoteInput { NoteType = "Basic (optional reversed card)", Values = new[] { "uno", "one", "" }, Guid = "t1" });
        Study(target, "t1", 40);
        long mod = NoteMod(target, "t1");
        long noteType = target.GetNoteTypes().Single(t => t.Name == "Basic (optional reversed card)").Id;
        string update = Build(p =>
        {
            p.AddNote(new NoteInput { NoteType = "Basic (optional reversed card)", Values = new[] { "uno", "one", "y" }, Guid = "t1" });
            p.AddNote(Note("g2", "dos", "two"));
            var model = p.State.FindNoteType("Basic (optional reversed card)")!.Json;
            long own = CollectionJson.ReadLong(model["id"]);
            model["id"] = noteType;
            p.State.SaveJson();
            Sql(p, "update notes set mid = $id, mod = $mod where mid = $own", ("$id", noteType), ("$mod", mod + 100), ("$own", own));
        });

        var result = Import(target, update);

        Assert.Equal((1, 1), (result.New, result.Updated));
        var fresh = Rows(target, "select n.guid, c.due from cards c join notes n on n.id = c.nid where c.type = 0").Select(r => ((string)r[0]!, (long)r[1]!)).ToList();
        Assert.Equal(2, fresh.Count);
        Assert.NotEqual(fresh[0].Item2, fresh[1].Item2);
        Written(target);
    }
}
