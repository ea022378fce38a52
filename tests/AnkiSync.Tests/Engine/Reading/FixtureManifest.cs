using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AnkiSync.Packages;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>
/// What shared/fixtures/real/MANIFEST.md says each real file holds, written down here in the manifest's own
/// notation ("Basic×4; Cloze (cloze)×1", "new=131, learn=15", "A, B [filtered]"), keyed by file name.
/// Media names come from the packages' media maps (the manifest gives their extensions); the one deck list the
/// manifest shortens ("… (11 decks)") is written out in full.
/// </summary>
internal static class FixtureManifest
{
    private static readonly Dictionary<string, FixtureExpectation> Table = new(StringComparer.Ordinal);

    static FixtureManifest()
    {
        const PackageVersion L1 = PackageVersion.Legacy1;
        const PackageVersion L2 = PackageVersion.Legacy2;
        const PackageVersion Latest = PackageVersion.Latest;
        const string AllStockUsed = "Basic×4; Basic (and reversed card)×1; Basic (optional reversed card)×1; Basic (type in the answer)×1; Cloze (cloze)×1";
        const string AllStockMedia = "bloop.wav, favicon.ico, png1.png, png2.png";

        Add("anki-apkg-export-js-legacy-apkg-image.apkg", L1, 11, 3, 3, "deck-name×3", 1, 0, "Default, deck-name", "anki.png", 0, "new=3");
        Add("anki2.0-legacy-apkg-basic-1note.apkg", L1, 11, 1, 1, "Basic×1", 5, 1, "Default", "", 0, "new=1");
        Add("anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg", L1, 11, 48, 146,
            "Conjugations Test Multi-Cloze (cloze)×2; reassign×1; Basic-conditional×1; TypingClozeTest (cloze)×1; Basic-misc×1; NestedClozeTest (cloze)×1; Thaischrift×23; cloze (cloze)×2; Muscle×16",
            9, 4,
            "1-TEMPLATES, 1-TEMPLATES::Anatomy, 1-TEMPLATES::Anatomy::BadOrderSections [filtered], 1-TEMPLATES::Anatomy::BadTemplate [filtered], 1-TEMPLATES::Conditionals, 1-TEMPLATES::Misc, "
            + "1-TEMPLATES::NestedClozes, 1-TEMPLATES::NormalClozes, 1-TEMPLATES::Reassign, 1-TEMPLATES::Typing broken, Default",
            "", 102, "new=131, learn=15");
        Add("anki2.0-legacy-apkg-sound-media.apkg", L1, 11, 1, 1, "Basic×1", 3, 1, "Default", "foo.wav", 0, "new=1");
        Add("anki2.1.1x-bare-schema11-two-decks-revlog.anki2", L1, 11, 7, 12, "Basic (and reversed card)×5; Basic×2", 5, 1, "EnglishGerman, Testing", "", 6, "new=9, review=3");
        Add("anki2.1.1x-colpkg-anki21-stub-all-stock-notetypes-media.colpkg", L2, 11, 8, 10, AllStockUsed, 5, 1, "Default", AllStockMedia, 0, "new=10");
        Add("anki2.1.1x-colpkg-legacy-anki2-all-stock-notetypes-media.colpkg", L1, 11, 8, 10, AllStockUsed, 5, 1, "Default", AllStockMedia, 0, "new=10");
        Add("anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg", L1, 11, 8, 10, AllStockUsed, 5, 1, "Default", AllStockMedia, 0, "new=10");
        Add("anki2.1.2x-bare-schema11-media-refs.anki2", L1, 11, 3, 3, "Basic×3", 5, 1, "Default", "", 2, "new=1, learn=2");
        Add("anki2.1.4x-bare-schema16-empty.anki2", L1, 16, 0, 0, "", 5, 1, "Default, ThisIsSchema16", "", 0, "");
        Add("anki2.1.50plus-bare-schema18-japanese-studied.anki2", L1, 18, 3, 3, "Basic×3", 6, 2, "Default", "", 11, "new=1, review=2");
        Add("anki2.1.50plus-bare-schema18-suspended.anki2", L1, 18, 6, 6, "Basic×6", 6, 2, "Default", "", 3, "suspended=1, new=2, review=3");
        Add("anki2.1.50plus-latest-apkg-anki21b-4notes.apkg", Latest, 18, 4, 4, "Basic×4", 1, 0, "Default, Example Deck", "", 0, "new=4");
        Add("anki2.1.50plus-latest-apkg-anki21b-basic-19notes.apkg", Latest, 18, 19, 19, "Basic×19", 1, 0, "Default, Newly learned words", "", 0, "new=19");
        Add("anki2.1.50plus-latest-apkg-anki21b-chinese-custom-notetype.apkg", Latest, 18, 3, 6, "Zhongwen×3", 1, 0, "Chinese, Default", "", 0, "new=6");
        Add("anki2.1.50plus-latest-apkg-anki21b-jpg-images.apkg", Latest, 18, 2, 2, "Basic×2", 1, 0, "Default, Image test",
            "18ee219f92b9383301587a794ab09fb6.jpg, Image from Facebook (10).jpg", 0, "new=2");
        Add("anki2.1.50plus-latest-apkg-anki21b-media-revlog.apkg", Latest, 18, 5, 6,
            "Basic×2; Basic (optional reversed card)×1; Basic (type in the answer)×1; Cloze (cloze)×1", 4, 1, "Default, Test deck", "download.jpg, cable-car.mp3", 23, "review=6");
        Add("anki2.1.50plus-latest-bare-collection-19notes.anki21b", Latest, 18, 19, 19, "Basic×19", 1, 0, "Default, Newly learned words", "", 0, "new=19");
        Add("anki2.1.50plus-latest-colpkg-anki21b-revlog-filtered-deck.colpkg", Latest, 18, 6, 8,
            "Basic×2; Basic (and reversed card)×1; Basic (optional reversed card)×1; Basic (type in the answer)×1; Cloze (cloze)×1", 9, 1,
            "Custom Study Session [filtered], Default, new_test_deck", "", 88, "new=7, learn=1");
        Add("anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg", L2, 11, 5, 6,
            "Cloze (cloze)×1; Basic×2; Basic (type in the answer)×1; Basic (optional reversed card)×1", 4, 1, "Default, Test deck", "cable-car.mp3, download.jpg", 7, "learn=4, review=2");
        Add("anki2.1.50plus-legacy2-apkg-anki21-stub-spanish.apkg", L2, 11, 5, 5, "Basic×5", 1, 0, "Default, espanol", "", 0, "new=5");
        Add("ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg", L1, 11, 195, 390, "Basic (and reversed card)×195", 4, 1,
            "Default, Vocabulaire japonais, Vocabulaire japonais::01 - Enchanté(e), Vocabulaire japonais::02 - Je suis français(e), "
            + "Vocabulaire japonais::03 - Quelle est votre profession ?, Vocabulaire japonais::07 - Où est la poste ?",
            "", 51, "new=370, review=20");
        Add("ankidroid2.12.1-bare-schema11-empty.anki2", L1, 11, 0, 0, "", 5, 1, "Default", "", 0, "");
        Add("genanki-legacy-apkg-japanese-kanji-165notes.apkg", L1, 11, 165, 165, "foomodel×165", 1, 0, "Default, KanjiList.N4.tanos-chaos", "", 0, "new=165");
    }

    public static IReadOnlyCollection<string> Files => Table.Keys;

    public static FixtureExpectation? Find(string fileName) => Table.TryGetValue(fileName, out var found) ? found : null;

    public static FixtureExpectation Of(string fileName)
        => Find(fileName) ?? throw new InvalidOperationException($"MANIFEST.md has no row for '{fileName}'.");

    /// <summary>Anki's queue numbers by the names the manifest uses.</summary>
    public static int QueueNumber(string name) => name switch
    {
        "new" => 0,
        "learn" => 1,
        "review" => 2,
        "daylearn" => 3,
        "suspended" => -1,
        "sib-buried" => -2,
        "man-buried" => -3,
        _ => throw new ArgumentException($"Unknown queue name '{name}'.", nameof(name)),
    };

    private static void Add(string file, PackageVersion format, int schema, int notes, int cards, string noteTypesUsed, int noteTypesDefined, int clozeKinds,
        string decks, string media, int revlog, string queues)
    {
        var used = Split(noteTypesUsed, ';').Select(item =>
        {
            int times = item.LastIndexOf('×');
            string name = item.Substring(0, times).Trim();
            bool cloze = name.EndsWith(" (cloze)", StringComparison.Ordinal);
            return new UsedNoteType(cloze ? name.Substring(0, name.Length - " (cloze)".Length) : name, int.Parse(item.Substring(times + 1), CultureInfo.InvariantCulture), cloze);
        }).ToArray();
        var deckList = Split(decks, ',').Select(d => d.EndsWith(" [filtered]", StringComparison.Ordinal)
            ? new ExpectedDeck(d.Substring(0, d.Length - " [filtered]".Length), true)
            : new ExpectedDeck(d, false)).ToArray();
        var queueCounts = Split(queues, ',').ToDictionary(q => QueueNumber(q.Split('=')[0].Trim()), q => int.Parse(q.Split('=')[1], CultureInfo.InvariantCulture));
        Table.Add(file, new FixtureExpectation(format, schema, notes, cards, used, noteTypesDefined, clozeKinds, deckList, Split(media, ',').ToArray(), revlog, queueCounts));
    }

    private static IEnumerable<string> Split(string list, char separator)
        => list.Split(separator).Select(s => s.Trim()).Where(s => s.Length > 0);
}

internal sealed record UsedNoteType(string Name, int Notes, bool IsCloze);

internal sealed record ExpectedDeck(string Name, bool IsFiltered);

internal sealed record FixtureExpectation(
    PackageVersion Format,
    int Schema,
    int Notes,
    int Cards,
    UsedNoteType[] NoteTypesUsed,
    int NoteTypesDefined,
    int ClozeKinds,
    ExpectedDeck[] Decks,
    string[] Media,
    int Revlog,
    IReadOnlyDictionary<int, int> Queues);
