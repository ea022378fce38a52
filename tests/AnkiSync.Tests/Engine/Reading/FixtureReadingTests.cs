using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using AnkiSync.Packages;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>
/// Every real file in shared/fixtures/real opens through <see cref="AnkiPackage.Open"/> and reads exactly what
/// the file holds: checked against MANIFEST.md, and against the file's own rows read straight from its SQLite.
/// </summary>
public class FixtureReadingTests
{
    private static readonly string[] StubTexts =
    {
        "Please update to the latest Anki version",
        "This file requires a newer version of Anki",
    };

    public static IEnumerable<object[]> EveryFixture() => FixtureFiles.AllAsTheoryData();

    public static IEnumerable<object[]> ManifestFixtures() => FixtureManifest.Files.OrderBy(f => f, StringComparer.Ordinal).Select(f => new object[] { f });

    [FixtureFact]
    public void EveryFileTheManifestListsIsInTheFixtureFolder()
    {
        var present = FixtureFiles.All();
        Assert.All(FixtureManifest.Files, f => Assert.Contains(f, present));
        Assert.Equal(24, FixtureManifest.Files.Count);
    }

    [FixtureTheory]
    [MemberData(nameof(ManifestFixtures))]
    public void OpensWithWhatTheManifestSays(string fixture)
    {
        var expected = FixtureManifest.Of(fixture);
        using var package = AnkiPackage.Open(Fixtures.Path(fixture));

        Assert.Equal(expected.Format, package.Format);
        Assert.Equal(expected.Schema, package.Schema);
        Assert.Equal(expected.Notes, package.NoteCount);
        Assert.Equal(expected.Cards, package.CardCount);

        var decks = package.GetDecks();
        Assert.Equal(expected.Decks.Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal), decks.Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(expected.Decks.Where(d => d.IsFiltered).Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal),
            decks.Where(d => d.IsFiltered).Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(expected.Decks.Length, package.DeckCount);

        var noteTypes = package.GetNoteTypes();
        Assert.Equal(expected.NoteTypesDefined, noteTypes.Count);
        Assert.Equal(expected.ClozeKinds, noteTypes.Count(t => t.Kind == NoteTypeKind.Cloze));
        var notes = package.GetNotes().ToList();
        var used = notes.GroupBy(n => n.NoteType).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected.NoteTypesUsed.ToDictionary(u => u.Name, u => u.Notes), used);
        foreach (var type in expected.NoteTypesUsed)
        {
            var typeIds = notes.Where(n => n.NoteType == type.Name).Select(n => n.NoteTypeId).Distinct();
            Assert.All(typeIds, id => Assert.Equal(type.IsCloze, noteTypes.Single(t => t.Id == id).Kind == NoteTypeKind.Cloze));
        }

        var media = package.GetMedia().Where(m => !m.IsMissing).Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(expected.Media.OrderBy(n => n, StringComparer.Ordinal), media);
        Assert.Equal(expected.Media.Length, package.MediaCount);

        var queues = package.GetCards().GroupBy(c => c.Queue).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected.Queues.OrderBy(q => q.Key), queues.OrderBy(q => q.Key));
        Assert.Equal(expected.Revlog, package.Db.ScalarLong("select count(*) from revlog"));
    }

    [FixtureTheory]
    [MemberData(nameof(EveryFixture))]
    public void FormatAndSchemaAreThoseOfTheCollectionAnkiWouldRead(string fixture)
    {
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        using var package = AnkiPackage.Open(raw.FilePath);

        Assert.Equal(raw.Format, package.Format);
        Assert.Equal(raw.Schema, package.Schema);
        Assert.Equal(raw.IsBareCollection ? PackageContainer.Collection : ZipContainerOf(fixture), package.Container);
        Assert.Equal(raw.Notes.Count, package.NoteCount);
        Assert.Equal(raw.Cards.Count, package.CardCount);
    }

    [FixtureTheory]
    [MemberData(nameof(EveryFixture))]
    public void NotesReadExactlyWhatTheFileStores(string fixture)
    {
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        using var package = AnkiPackage.Open(raw.FilePath);
        var notes = package.GetNotes().ToList();

        Assert.Equal(raw.Notes.Select(n => n.Id), notes.Select(n => n.Id));
        foreach (var (note, rawNote) in notes.Zip(raw.Notes))
        {
            var type = raw.NoteType(rawNote.NoteTypeId)!;
            Assert.Equal(rawNote.Guid, note.Guid);
            Assert.Equal(rawNote.NoteTypeId, note.NoteTypeId);
            Assert.Equal(type.Name, note.NoteType);
            Assert.Equal(rawNote.TagList, note.Tags);
            Assert.Equal(RawTime.Local(rawNote.Modified), note.Modified);
            // Unicode, entities and HTML exactly as stored; field names in the note type's order.
            Assert.Equal(rawNote.FieldValues, note.Fields.Values.Cast<string>().ToArray());
            Assert.Equal(type.Fields.Take(rawNote.FieldValues.Length), note.Fields.Keys.Cast<string>().Take(type.Fields.Length));
            var firstCard = raw.Cards.Where(c => c.NoteId == rawNote.Id).OrderBy(c => c.Ord).FirstOrDefault();
            Assert.Equal(firstCard == null ? null : raw.Deck(firstCard.DeckId)?.Name, note.Deck);
        }

        if (raw.HasStub)
        {
            // The "please update" stub must never be what was read.
            Assert.DoesNotContain(notes, n => n.Fields.Values.Cast<string>().Any(v => StubTexts.Any(s => v.Contains(s, StringComparison.OrdinalIgnoreCase))));
        }
    }

    [FixtureTheory]
    [MemberData(nameof(EveryFixture))]
    public void CardsCarryTheirSchedulingAsStored(string fixture)
    {
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        using var package = AnkiPackage.Open(raw.FilePath);
        var cards = package.GetCards().ToList();
        DateTime dayZero = DateTimeOffset.FromUnixTimeSeconds(raw.CreatedSeconds).LocalDateTime.Date;

        var notes = raw.Notes.ToDictionary(n => n.Id);

        Assert.Equal(raw.Cards.Select(c => c.Id), cards.Select(c => c.Id));
        foreach (var (card, rawCard) in cards.Zip(raw.Cards))
        {
            var because = $"card {rawCard.Id} of {fixture}";
            var note = notes[rawCard.NoteId];
            var type = raw.NoteType(note.NoteTypeId)!;
            Assert.True(rawCard.NoteId == card.NoteId, because);
            Assert.True(rawCard.DeckId == card.DeckId, because);
            Assert.Equal(raw.Deck(rawCard.DeckId)?.Name, card.Deck);
            Assert.Equal(rawCard.Ord, card.Ordinal);
            Assert.Equal((CardState)rawCard.Type, card.State);
            Assert.Equal(rawCard.Queue, card.Queue);
            Assert.Equal(rawCard.Queue == -1, card.Suspended);
            Assert.Equal(rawCard.Queue == -2 || rawCard.Queue == -3, card.Buried);
            Assert.Equal(rawCard.Due, card.Due);
            Assert.Equal(rawCard.Interval, card.Interval);
            Assert.Equal(rawCard.Factor / 1000.0, card.Ease);
            Assert.Equal(rawCard.Reps, card.Reviews);
            Assert.Equal(rawCard.Lapses, card.Lapses);
            Assert.Equal((CardFlag)(rawCard.Flags & 0b111), card.Flag);
            Assert.Equal(type.Name, card.NoteType);
            Assert.Equal(note.FieldValues, card.Fields.Values.Cast<string>().ToArray());
            Assert.Equal(note.TagList, card.Tags);
            Assert.Equal(RawTime.Local(rawCard.Modified), card.Modified);
            if (type.IsCloze)
            {
                Assert.EndsWith(" " + (rawCard.Ord + 1), card.Template, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(type.Templates[rawCard.Ord].Name, card.Template);
            }

            switch (rawCard.Queue)
            {
                case 0:
                    Assert.Null(card.DueDate);
                    break;
                case 1:
                case 4:
                    // Learning: due is a moment, in epoch seconds.
                    Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(rawCard.Due).LocalDateTime, card.DueDate);
                    break;
                case 2:
                case 3:
                    // Review and day-learning: due counts days from the collection's creation day.
                    Assert.Equal(dayZero.AddDays(rawCard.Due), card.DueDate);
                    break;
                default:
                    if (rawCard.Type == 2)
                    {
                        Assert.Equal(dayZero.AddDays(rawCard.Due), card.DueDate);
                    }
                    else if (rawCard.Type == 0)
                    {
                        Assert.Null(card.DueDate);
                    }

                    break;
            }
        }
    }

    [FixtureTheory]
    [MemberData(nameof(EveryFixture))]
    public void DecksAndNoteTypesAreThoseOfTheFile(string fixture)
    {
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        using var package = AnkiPackage.Open(raw.FilePath);

        var decks = package.GetDecks().OrderBy(d => d.Id).ToList();
        Assert.Equal(raw.Decks.OrderBy(d => d.Id).Select(d => (d.Id, d.Name, d.IsFiltered)), decks.Select(d => (d.Id, d.Name, d.IsFiltered)));
        Assert.All(decks, d => Assert.Equal(d.Name.Contains("::", StringComparison.Ordinal) ? d.Name.Substring(0, d.Name.LastIndexOf("::", StringComparison.Ordinal)) : null, d.ParentName));

        var types = package.GetNoteTypes().OrderBy(t => t.Id).ToList();
        Assert.Equal(raw.NoteTypes.OrderBy(t => t.Id).Select(t => (t.Id, t.Name, t.IsCloze)), types.Select(t => (t.Id, t.Name, t.Kind == NoteTypeKind.Cloze)));
        foreach (var (type, rawType) in types.Zip(raw.NoteTypes.OrderBy(t => t.Id)))
        {
            Assert.Equal(rawType.Fields, type.Fields);
            Assert.Equal(rawType.Templates.Select(t => (t.Name, t.Front, t.Back)), type.Templates.Select(t => (t.Name, t.Front, t.Back)));
            Assert.Equal(rawType.Css, type.Css);
        }
    }

    [FixtureTheory]
    [MemberData(nameof(EveryFixture))]
    public void MediaIsListedAndExtractedByteForByte(string fixture)
    {
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        using var package = AnkiPackage.Open(raw.FilePath);
        var media = package.GetMedia().Where(m => !m.IsMissing).ToList();

        Assert.Equal(raw.Media.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal), media.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(raw.Media.Count, package.MediaCount);
        foreach (var rawMedia in raw.Media)
        {
            var item = media.Single(m => m.Name == rawMedia.Name);
            string? path = package.GetMediaPath(rawMedia.Name);
            Assert.NotNull(path);
            byte[] extracted = File.ReadAllBytes(path!);
            // Legacy: the ZIP entry's bytes; latest: what the map's SHA-1 and size describe (and the decoded entry).
            Assert.Equal(rawMedia.Sha1, RawFixture.Hex(SHA1.HashData(extracted)));
            Assert.Equal(rawMedia.Size, extracted.LongLength);
            Assert.Equal(rawMedia.Bytes, extracted);
            Assert.Equal(rawMedia.Sha1, item.Hash);
            Assert.Equal(rawMedia.Size, item.Length);
            Assert.StartsWith(Path.GetTempPath(), path!, StringComparison.Ordinal);
        }
    }

    [FixtureFact]
    public void UnicodeAndHtmlFieldsReadAsWritten()
    {
        // Values copied from the files by hand, so a decoding mistake shared by every SQLite reader still shows.
        AssertNote("ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg", 1565440697460, new[] { "où est la poste ?", "yūbinkyoku wa doko desu ka" }, Array.Empty<string>());
        AssertNote("anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg", 1554689900910, new[] { "Basic with image&nbsp;<img src=\"favicon.ico\">", "Basic back, no image" }, new[] { "OtherTag" });
        AssertNote("anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg", 1554689672054, new[] { "Basic Front", "Basic Back" }, new[] { "Basic", "Tag" });

        using var chinese = AnkiPackage.Open(Fixtures.Path("anki2.1.50plus-latest-apkg-anki21b-chinese-custom-notetype.apkg"));
        var vector = chinese.GetNotes(new NoteFilter { Ids = new[] { 1725781822743L } }).Single();
        Assert.Equal("向量", vector.Fields["Simplified"]);
        Assert.Equal("<mark class=\"tone-4\">向</mark><mark class=\"tone-4\">量</mark>", vector.Fields["SimplifiedColored"]);
        Assert.Equal("xiàng liàng", vector.Fields["Pinyin"]);
        Assert.Equal("Zhongwen", vector.NoteType);
        Assert.Equal("Chinese", vector.Deck);

        using var japanese = AnkiPackage.Open(Fixtures.Path("anki2.1.50plus-bare-schema18-japanese-studied.anki2"));
        var ore = japanese.GetNotes(new NoteFilter { Ids = new[] { 1720279486989L } }).Single();
        Assert.Equal("俺 は...", ore.Fields[0]);
        Assert.Equal(new[] { "am-fresh-morphs" }, ore.Tags);
    }

    [FixtureFact]
    public void TimesWrittenInMillisecondsReadAsTheirDate()
    {
        // anki-apkg-export stores note and card mod in milliseconds (1482680798652 = 2016-12-25), not seconds.
        using var package = AnkiPackage.Open(Fixtures.Path("anki-apkg-export-js-legacy-apkg-image.apkg"));
        Assert.All(package.GetNotes(), n => Assert.Equal(2016, n.Modified.Year));
        Assert.All(package.GetCards(), c => Assert.Equal(2016, c.Modified.Year));
    }

    [FixtureFact]
    public void CardsInAFilteredDeckAreFoundThroughItAndThroughTheirHomeDeck()
    {
        const string fixture = "anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg";
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        using var package = AnkiPackage.Open(raw.FilePath);
        var moved = raw.Cards.Where(c => c.OriginalDeckId != 0).ToList();
        Assert.Equal(16, moved.Count);

        var filtered = package.GetDecks().Where(d => d.IsFiltered).ToList();
        Assert.Equal(2, filtered.Count);
        var inFiltered = package.GetCards(new CardFilter { DeckIds = filtered.Select(d => d.Id).ToList() }).ToList();
        Assert.Equal(moved.Select(c => c.Id).OrderBy(id => id), inFiltered.Select(c => c.Id).OrderBy(id => id));
        Assert.All(inFiltered, c => Assert.True(filtered.Any(d => d.Name == c.Deck), $"card {c.Id} shows its filtered deck, not '{c.Deck}'"));

        var homeDecks = moved.Select(c => c.OriginalDeckId).Distinct().ToList();
        var viaHome = package.GetCards(new CardFilter { DeckIds = homeDecks }).Select(c => c.Id).ToHashSet();
        Assert.Superset(moved.Select(c => c.Id).ToHashSet(), viaHome);
    }

    [FixtureFact]
    public void TheLegacy2AndLatestExportsOfOneDeckReadAlike()
    {
        // MANIFEST.md: the same small deck exported twice by one user, first "for older versions", later as latest.
        using var legacy = AnkiPackage.Open(Fixtures.Path("anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg"));
        using var latest = AnkiPackage.Open(Fixtures.Path("anki2.1.50plus-latest-apkg-anki21b-media-revlog.apkg"));

        Assert.Equal(legacy.GetNotes().Select(n => (n.Guid, n.NoteType, string.Join("|", n.Fields.Values.Cast<string>()))),
            latest.GetNotes().Select(n => (n.Guid, n.NoteType, string.Join("|", n.Fields.Values.Cast<string>()))));
        Assert.Equal(legacy.GetNoteTypes().Select(t => (t.Name, t.Kind, string.Join("|", t.Fields))), latest.GetNoteTypes().Select(t => (t.Name, t.Kind, string.Join("|", t.Fields))));
        Assert.Equal(legacy.GetDecks().Select(d => d.Name), latest.GetDecks().Select(d => d.Name));
        Assert.Equal(legacy.GetMedia().Select(m => (m.Name, m.Hash)), latest.GetMedia().Select(m => (m.Name, m.Hash)));
    }

    private static void AssertNote(string fixture, long id, string[] fields, string[] tags)
    {
        using var package = AnkiPackage.Open(Fixtures.Path(fixture));
        var note = package.GetNotes(new NoteFilter { Ids = new[] { id } }).Single();
        Assert.Equal(fields, note.Fields.Values.Cast<string>().ToArray());
        Assert.Equal(tags, note.Tags);
    }

    private static PackageContainer ZipContainerOf(string fixture)
        => fixture.EndsWith(".colpkg", StringComparison.OrdinalIgnoreCase) ? PackageContainer.Colpkg : PackageContainer.Apkg;
}
