using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using AnkiSync.Packages;
using AnkiSync.Storage;
using static AnkiSync.Tests.Engine.Packages.PackageTestFiles;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// Files from the wild break small rules Anki tolerates. Each synthetic package below has one such fault: it opens,
/// the open warns once for that kind of fault, Check lists each instance, and the rest of the package reads normally.
/// </summary>
public sealed class ToleranceTests
{
    private static readonly byte[] Cat = { 1, 2, 3 };
    private static readonly byte[] Dog = { 4, 5, 6, 7 };

    [Fact]
    public void MediaNameListedTwiceKeepsTheFirstFileAndWarns()
    {
        using var temp = new TempFolder();
        var path = LegacyWith(temp, "twice.apkg", "{\"0\":\"cat.jpg\",\"1\":\"cat.jpg\"}", new[] { Cat, Dog });

        using var package = AnkiPackage.Open(path);

        var warning = Assert.Single(package.TakeWarnings());
        Assert.Contains("'cat.jpg'", warning, StringComparison.Ordinal);
        Assert.Equal(Cat, File.ReadAllBytes(package.GetMediaPath("cat.jpg")!));
        Assert.Equal(new[] { "cat.jpg" }, package.GetMedia().Where(m => !m.IsMissing).Select(m => m.Name));
        var problem = Assert.Single(package.Check(), p => p.Kind == "DuplicateMediaName");
        Assert.Equal("cat.jpg", problem.Target);
    }

    [Fact]
    public void MediaNamesEqualAfterNormalisationCountAsTheSameName()
    {
        using var temp = new TempFolder();
        // "cat?.jpg" loses its '?' on import and becomes "cat.jpg".
        var path = LegacyWith(temp, "normalised.apkg", "{\"0\":\"cat.jpg\",\"1\":\"cat?.jpg\"}", new[] { Cat, Dog });

        using var package = AnkiPackage.Open(path);

        Assert.Single(package.TakeWarnings());
        Assert.Equal(Cat, File.ReadAllBytes(package.GetMediaPath("cat.jpg")!));
    }

    [Fact]
    public void LatestMapNamingAFileTwiceKeepsTheFirst()
    {
        using var temp = new TempFolder();
        var sqlite = File.ReadAllBytes(WrittenCollection(temp, PackageVersion.Latest, out var collection));
        var path = Zip(
            temp.Path("latest-twice.apkg"),
            Entry("meta", new byte[] { 0x08, 0x03 }),
            Entry("collection.anki21b", ZstdCompress(sqlite)),
            Entry("0", ZstdCompress(Cat)),
            Entry("1", ZstdCompress(Dog)),
            Entry("media", ZstdCompress(MediaEntries(("cat.jpg", (uint)Cat.Length, Sha1(Cat)), ("cat.jpg", (uint)Dog.Length, Sha1(Dog))))));

        using var package = AnkiPackage.Open(path);

        Assert.Single(package.TakeWarnings());
        Assert.Equal(Cat, File.ReadAllBytes(package.GetMediaPath("cat.jpg")!));
        Assert.Equal(3, package.NoteCount);
    }

    [Fact]
    public void MapEntryWithoutItsFileIsLeftOutWithAWarning()
    {
        using var temp = new TempFolder();
        var path = LegacyWith(temp, "absent.apkg", "{\"0\":\"cat.jpg\",\"1\":\"dog.jpg\",\"2\":\"bird.jpg\"}", new[] { Cat, Dog });

        using var package = AnkiPackage.Open(path);

        var warning = Assert.Single(package.TakeWarnings());
        Assert.Contains("'bird.jpg'", warning, StringComparison.Ordinal);
        Assert.Equal(new[] { "cat.jpg", "dog.jpg" }, package.GetMedia().Where(m => !m.IsMissing).Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
        var problem = Assert.Single(package.Check(), p => p.Kind == "MissingMediaFile");
        Assert.Equal("bird.jpg", problem.Target);
    }

    [Fact]
    public void AMissingFileThatAFieldUsesIsAlsoReportedAsMissingMedia()
    {
        using var temp = new TempFolder();
        // The map lists dog.jpg, which the second note shows, but the package lacks the file.
        var path = LegacyWith(temp, "used-absent.apkg", "{\"0\":\"cat.jpg\",\"1\":\"dog.jpg\"}", new[] { Cat });

        using var package = AnkiPackage.Open(path);

        var kinds = package.Check().Select(p => (p.Kind, p.Target)).ToList();
        Assert.Contains(("MissingMediaFile", (object?)"dog.jpg"), kinds);
        Assert.Contains(("MissingMedia", (object?)"dog.jpg"), kinds);
    }

    [Fact]
    public void CardsInADeckThatIsGoneReadWithAWarning()
    {
        using var temp = new TempFolder();
        var path = LegacyWithCollectionEdit(temp, "gone-deck.apkg", "update cards set did = 4242 where nid = (select min(id) from notes)");

        using var package = AnkiPackage.Open(path);

        var warning = Assert.Single(package.TakeWarnings());
        Assert.Equal("1 card is in deck 4242, which does not exist; Anki would move them to a recovered deck. Move them with Set-AnkiCard -Deck.", warning);
        Assert.Equal(3, package.GetCards().Count());
        Assert.Single(package.Check(), p => p.Kind == "CardWithoutDeck");
    }

    [Fact]
    public void NotesWithTheWrongNumberOfFieldsReadWithOneWarning()
    {
        using var temp = new TempFolder();
        var path = LegacyWithCollectionEdit(
            temp,
            "field-count.apkg",
            "update notes set flds = flds || char(31) || 'extra' where id = (select min(id) from notes)",
            "update notes set flds = 'alone' where id = (select max(id) from notes)");

        using var package = AnkiPackage.Open(path);

        var warning = Assert.Single(package.TakeWarnings());
        long first = package.GetNotes().Min(n => n.Id);
        Assert.Equal($"2 notes have more or fewer fields than their note type 'Basic' has (2) (first: note {first}); Anki's importer refuses them, and its Check Database pads or joins their fields.", warning);
        Assert.Contains(package.GetNotes(), n => (string?)n.Fields["Front"] == "alone");
        Assert.Equal(2, package.Check().Count(p => p.Kind == "FieldCountMismatch"));
    }

    [Fact]
    public void NotesOfACollectionWithoutNoteTypesReadWithAWarning()
    {
        using var temp = new TempFolder();
        var path = LegacyWithCollectionEdit(temp, "no-types.apkg", "update col set models = '{}'");

        using var package = AnkiPackage.Open(path);

        Assert.Empty(package.GetNoteTypes());
        long first = package.GetNotes().Min(n => n.Id);
        long noteType = package.GetNotes().First().NoteTypeId;
        Assert.Contains($"{package.NoteCount} notes use note type {noteType}, which the collection lacks (first: note {first}); Anki's importer refuses them.", package.TakeWarnings());
    }

    [Theory]
    [InlineData(PackageVersion.Legacy2)]
    [InlineData(PackageVersion.Latest)]
    public void AnEmptyPackageOpensAgainAfterItsExport(PackageVersion version)
    {
        // An export holds only the note types its notes use: none at all here.
        using var temp = new TempFolder();
        string path = temp.Path("empty.apkg");
        using (var empty = AnkiPackage.Create())
        {
            empty.Export(path, version);
        }

        using var package = AnkiPackage.Open(path);

        Assert.Equal(0, package.NoteCount);
        Assert.Empty(package.TakeWarnings());
    }

    [Theory]
    [InlineData(" x X y ", "the tag 'X' twice")]
    [InlineData(" a::::b ", "empty '::' level")]
    public void UntidyTagsReadWithAWarning(string stored, string expected)
    {
        using var temp = new TempFolder();
        var path = LegacyWithCollectionEdit(temp, "tags.apkg", $"update notes set tags = '{stored}' where id = (select min(id) from notes)");

        using var package = AnkiPackage.Open(path);

        long first = package.GetNotes().Min(n => n.Id);
        var warning = Assert.Single(package.TakeWarnings());
        Assert.StartsWith($"1 note has tags Anki would tidy on import (first: note {first}, ", warning, StringComparison.Ordinal);
        Assert.Contains(expected, warning, StringComparison.Ordinal);
        var problem = Assert.Single(package.Check(), p => p.Kind == "UntidyTags");
        Assert.Equal(package.GetNotes().Min(n => n.Id), problem.Target);
    }

    [Fact]
    public void ATidyPackageOpensWithoutWarnings()
    {
        using var temp = new TempFolder();
        var path = LegacyWith(temp, "tidy.apkg", "{\"0\":\"cat.jpg\",\"1\":\"dog.jpg\"}", new[] { Cat, Dog });

        using var package = AnkiPackage.Open(path);

        Assert.Empty(package.TakeWarnings());
        Assert.DoesNotContain(package.Check(), p => p.Kind is "DuplicateMediaName" or "MissingMediaFile" or "UntidyTags" or "CardWithoutDeck" or "FieldCountMismatch");
    }

    [Fact]
    public void AStreamingReadWithoutVerificationStillReportsWhatExtractionWorkedAround()
    {
        using var temp = new TempFolder();
        var path = LegacyWith(temp, "stream.apkg", "{\"0\":\"cat.jpg\",\"1\":\"cat.jpg\"}", new[] { Cat, Dog });

        using var package = AnkiPackage.Open(path, verify: false);

        Assert.Single(package.TakeWarnings());
    }

    /// <summary>
    /// A Legacy2 package holding the engine's three-note collection (the first note shows cat.jpg, the second
    /// dog.jpg), or <paramref name="collection"/>, with <paramref name="map"/> as its media map and
    /// <paramref name="files"/> as media entries 0, 1, ...
    /// </summary>
    private static string LegacyWith(TempFolder temp, string name, string map, byte[][] files, string? collection = null)
    {
        var entries = new List<(string, byte[], bool)>
        {
            Entry("collection.anki21", File.ReadAllBytes(collection ?? WrittenCollection(temp, PackageVersion.Legacy2, out _)), deflate: true),
            Entry("collection.anki2", Encoding.UTF8.GetBytes("stub"), deflate: true),
        };
        entries.AddRange(files.Select((data, i) => Entry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), data)));
        entries.Add(Entry("media", map));
        return Zip(temp.Path(name), entries.ToArray());
    }

    /// <summary>The engine's three-note package with <paramref name="statements"/> run on its collection.</summary>
    private static string LegacyWithCollectionEdit(TempFolder temp, string name, params string[] statements)
    {
        var collection = WrittenCollection(temp, PackageVersion.Legacy2, out _);
        using (var db = AnkiDatabase.Open(collection))
        {
            db.Execute("pragma journal_mode = delete");
            foreach (var statement in statements)
            {
                db.Execute(statement);
            }
        }

        return LegacyWith(temp, name, "{\"0\":\"cat.jpg\",\"1\":\"dog.jpg\"}", new[] { Cat, Dog }, collection);
    }

    /// <summary>Writes the three-note package in <paramref name="version"/> and returns its extracted collection file.</summary>
    private static string WrittenCollection(TempFolder temp, PackageVersion version, out string packagePath)
    {
        packagePath = temp.Path($"written-{Guid.NewGuid():N}.apkg");
        using (var package = AnkiPackage.Create())
        {
            package.AddMedia("cat.jpg", new MemoryStream(Cat));
            package.AddMedia("dog.jpg", new MemoryStream(Dog));
            using (var batch = package.BeginNoteBatch())
            {
                batch.Add(new NoteInput { Values = new[] { "one <img src=\"cat.jpg\">", "1" }, Tags = new[] { "x" }, Deck = "D1" });
                batch.Add(new NoteInput { Values = new[] { "two <img src=\"dog.jpg\">", "2" }, Deck = "D2" });
                batch.Add(new NoteInput { Values = new[] { "three", "3" }, Deck = "D2" });
                batch.Complete();
            }

            package.Export(packagePath, version);
        }

        var entry = version == PackageVersion.Latest ? "collection.anki21b" : "collection.anki21";
        var bytes = ReadEntry(packagePath, entry);
        var collection = temp.Path($"collection-{Guid.NewGuid():N}.sqlite");
        File.WriteAllBytes(collection, version == PackageVersion.Latest ? ZstdDecompress(bytes) : bytes);
        return collection;
    }

    private static byte[] ZstdDecompress(byte[] data)
    {
        using var decompressor = new ZstdSharp.Decompressor();
        return decompressor.Unwrap(data).ToArray();
    }

    private static byte[] Sha1(byte[] data)
    {
        using var sha1 = SHA1.Create();
        return sha1.ComputeHash(data);
    }
}
