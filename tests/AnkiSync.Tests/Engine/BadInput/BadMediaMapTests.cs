using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using AnkiSync.Tests.Engine.Packages;
using AnkiSync.Text;
using static AnkiSync.Tests.Engine.BadInput.BadInputFiles;

namespace AnkiSync.Tests.Engine.BadInput;

/// <summary>
/// Invalid or inconsistent media maps and zip-slip names, opened with <see cref="AnkiPackage.Open"/> around
/// a real collection: each is refused before any media file is written, and nothing lands outside the work folder.
/// </summary>
[Collection(BadInputCollection.Name)]
public sealed class BadMediaMapTests
{
    private static readonly byte[] Picture = Encoding.ASCII.GetBytes("not really a picture");

    /// <summary>Name templates: {m} becomes a unique marker, {tmp} the system temp folder.</summary>
    public static TheoryData<string> SlipNames => new TheoryData<string>
    {
        "../{m}",
        "../../{m}",
        "../../../{m}",
        "../../../../{m}",
        "../../../../../../../../{m}",
        "..\\..\\..\\..\\{m}",
        "sub/../../{m}",
        "{tmp}{m}",
        "/{m}",
        "C:\\{m}",
        "C:{m}",
        "..",
        "\u0000",
    };

    [FixtureTheory]
    [InlineData("[]")]
    [InlineData("[\"a.jpg\"]")]
    [InlineData("\"a.jpg\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{\"0\": ")]
    [InlineData("{\"0\": 5}")]
    [InlineData("{\"0\": null}")]
    [InlineData("{\"0\": {\"name\": \"a.jpg\"}}")]
    [InlineData("{\"first\": \"a.jpg\"}")]
    [InlineData("{\"-1\": \"a.jpg\"}")]
    [InlineData("{\"0\": \"a.jpg\", \"0\": \"b.jpg\"}")]
    public void ALegacyMapThatIsNotAnObjectOfNumberedNamesIsInvalid(string map)
    {
        using var temp = new TempFolder();
        var path = LegacyPackage(temp, "map.apkg", Schema11Collection(), map, ("0", Picture, false));

        BadInputAssert.OpenFails(path, "InvalidMediaMap");
    }

    [FixtureFact]
    public void ALegacyIndexWithoutItsEntryIsLeftOutNamingTheFile()
    {
        using var temp = new TempFolder();
        var path = LegacyPackage(temp, "missing.apkg", Schema11Collection(), "{\"0\": \"a.jpg\", \"1\": \"b.jpg\"}", ("0", Picture, false));

        var finding = OpensWithOneFinding(path, "MissingMediaFile", "a.jpg");
        Assert.Contains("b.jpg", finding.Message);
    }

    [FixtureTheory]
    [InlineData("a.jpg", "a.jpg")]
    [InlineData("caf\u00e9.jpg", "cafe\u0301.jpg")] // the same name once normalised to NFC
    [InlineData("a?.jpg", "a.jpg")] // '?' is removed by Anki's normalisation
    public void LegacyNamesThatMeetKeepTheFirstFile(string first, string second)
    {
        using var temp = new TempFolder();
        var map = JsonSerializer.Serialize(new Dictionary<string, string> { ["0"] = first, ["1"] = second });
        var path = LegacyPackage(temp, "dup.apkg", Schema11Collection(), map, ("0", Picture, false), ("1", Picture, false));

        OpensWithOneFinding(path, "DuplicateMediaName", MediaNames.Normalize(first));
    }

    [FixtureTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void ALatestMapOfGarbageIsInvalid(int seed)
    {
        using var temp = new TempFolder();
        var garbage = new byte[2048];
        new Random(seed).NextBytes(garbage);
        var path = LatestPackage(temp, "garbage-map.apkg", Schema18Collection(), garbage, Picture);

        BadInputAssert.OpenFails(path, "InvalidMediaMap");
    }

    [FixtureFact]
    public void ALatestMapThatIsNotZstdIsInvalid()
    {
        using var temp = new TempFolder();
        var entries = new List<(string, byte[], bool)>
        {
            ("meta", LatestMeta, false),
            ("collection.anki21b", PackageTestFiles.ZstdCompress(Schema18Collection()), false),
            ("media", PackageTestFiles.MediaEntries(("a.jpg", (uint)Picture.Length, PackageTestFiles.Sha1(Picture))), false),
            ("0", PackageTestFiles.ZstdCompress(Picture), false),
        };

        BadInputAssert.OpenFails(WriteZip(temp.Path("raw-map.apkg"), entries), "InvalidMediaMap");
    }

    [FixtureFact]
    public void ALatestMapListingMoreFilesThanTheZipHoldsLeavesTheMissingOneOut()
    {
        using var temp = new TempFolder();
        var map = PackageTestFiles.MediaEntries(
            ("a.jpg", (uint)Picture.Length, PackageTestFiles.Sha1(Picture)),
            ("b.jpg", (uint)Picture.Length, PackageTestFiles.Sha1(Picture)));
        var path = LatestPackage(temp, "short.apkg", Schema18Collection(), map, Picture);

        var finding = OpensWithOneFinding(path, "MissingMediaFile", "a.jpg");
        Assert.Equal("b.jpg", finding.Target);
    }

    [FixtureFact]
    public void ALatestMapWithTheSameNameTwiceKeepsOne()
    {
        using var temp = new TempFolder();
        var map = PackageTestFiles.MediaEntries(
            ("a.jpg", (uint)Picture.Length, PackageTestFiles.Sha1(Picture)),
            ("a.jpg", (uint)Picture.Length, PackageTestFiles.Sha1(Picture)));
        var path = LatestPackage(temp, "dup.apkg", Schema18Collection(), map, Picture, Picture);

        OpensWithOneFinding(path, "DuplicateMediaName", "a.jpg");
    }

    /// <summary>
    /// Anki tolerates these faults: the package opens with one warning, Check lists the finding, and only
    /// <paramref name="kept"/> is in the media folder.
    /// </summary>
    private static AnkiProblem OpensWithOneFinding(string path, string kind, string kept)
    {
        using var package = AnkiPackage.Open(path);
        Assert.Single(package.TakeWarnings());
        var finding = Assert.Single(package.Check(), p => p.Kind == kind);
        Assert.Equal(new[] { kept }, Directory.GetFiles(package.MediaDirectory).Select(Path.GetFileName));
        return finding;
    }

    [FixtureTheory]
    [MemberData(nameof(SlipNames))]
    public void ZipSlipNamesInALegacyMapAreRefusedAndNothingIsWritten(string template)
    {
        using var temp = new TempFolder();
        var (marker, name) = Slip(template);
        var map = JsonSerializer.Serialize(new Dictionary<string, string> { ["0"] = "safe.jpg", ["1"] = name });
        var path = LegacyPackage(temp, "slip.apkg", Schema11Collection(), map, ("0", Picture, false), ("1", Encoding.ASCII.GetBytes(marker), false));

        // Legacy names are normalised first, as Anki does on import; whatever is still not a plain file name is refused.
        BadInputAssert.OpenFails(path, "UnsafeMediaName");
        AssertNoStray(marker, temp);
    }

    [FixtureTheory]
    [MemberData(nameof(SlipNames))]
    public void ZipSlipNamesInALatestMapAreRefusedAndNothingIsWritten(string template)
    {
        using var temp = new TempFolder();
        var (marker, name) = Slip(template);
        var evil = Encoding.ASCII.GetBytes(marker);
        var map = PackageTestFiles.MediaEntries(
            ("safe.jpg", (uint)Picture.Length, PackageTestFiles.Sha1(Picture)),
            (name, (uint)evil.Length, PackageTestFiles.Sha1(evil)));
        var path = LatestPackage(temp, "slip.apkg", Schema18Collection(), map, Picture, evil);

        BadInputAssert.OpenFails(path, "UnsafeMediaName");
        AssertNoStray(marker, temp);
    }

    [FixtureTheory]
    [InlineData("..*")]
    [InlineData("..\u0001")]
    public void LegacyNamesThatBecomeDotDotOnceNormalisedGetAnUnderscoreAndStayInside(string name)
    {
        using var temp = new TempFolder();
        var map = JsonSerializer.Serialize(new Dictionary<string, string> { ["0"] = name });
        var path = LegacyPackage(temp, "dots.apkg", Schema11Collection(), map, ("0", Picture, false));

        using var watch = new WorkFolderWatch();
        using (var package = AnkiPackage.Open(path))
        {
            // Anki's normalisation removes the character, then appends "_" to a name ending in a dot.
            Assert.Equal(new[] { ".._" }, package.GetMedia().Select(m => m.Name).ToArray());
            Assert.True(File.Exists(Path.Combine(package.MediaDirectory, ".._")));
        }

        watch.AssertNoneLeft("Opening and closing a package with a '.._' media file");
    }

    [FixtureTheory]
    [InlineData("..*")]
    [InlineData("..\u0001")]
    public void LatestNamesThatAreNotNormalisedAreAnInvalidMap(string name)
    {
        using var temp = new TempFolder();
        var map = PackageTestFiles.MediaEntries((name, (uint)Picture.Length, PackageTestFiles.Sha1(Picture)));
        var path = LatestPackage(temp, "dots.apkg", Schema18Collection(), map, Picture);

        BadInputAssert.OpenFails(path, "InvalidMediaMap");
    }

    [FixtureFact]
    public void ZipSlipIndexesInAMapAreRefused()
    {
        using var temp = new TempFolder();
        var marker = "slip-" + Guid.NewGuid().ToString("N");
        var map = JsonSerializer.Serialize(new Dictionary<string, string> { ["../../" + marker] = "a.jpg" });
        var path = LegacyPackage(temp, "slip-key.apkg", Schema11Collection(), map, ("../../" + marker, Picture, false));

        BadInputAssert.OpenFails(path, "InvalidMediaMap");
        AssertNoStray(marker, temp);
    }

    [FixtureFact]
    public void EntriesWithZipSlipNamesThatTheMapDoesNotListAreNeverExtracted()
    {
        using var temp = new TempFolder();
        var marker = "slip-" + Guid.NewGuid().ToString("N");
        var path = LegacyPackage(
            temp,
            "slip-entries.apkg",
            Schema11Collection(),
            "{\"0\": \"a.jpg\"}",
            ("0", Picture, false),
            ("../" + marker, Picture, false),
            ("../../../../" + marker, Picture, true),
            (Path.Combine(Path.GetTempPath(), marker), Picture, false),
            ("media/../../" + marker, Picture, false));

        using (var watch = new WorkFolderWatch())
        {
            using (var package = AnkiPackage.Open(path))
            {
                Assert.Equal(new[] { "a.jpg" }, package.GetMedia().Select(m => m.Name).ToArray());
                var inWorkFolder = Directory.EnumerateFileSystemEntries(package.WorkDirectory, "*", SearchOption.AllDirectories);
                Assert.DoesNotContain(inWorkFolder, entry => entry.Contains(marker, StringComparison.Ordinal));
            }

            watch.AssertNoneLeft("Opening and closing a package with zip-slip entries");
        }

        AssertNoStray(marker, temp);
    }

    private static (string Marker, string Name) Slip(string template)
    {
        var marker = "slip-" + Guid.NewGuid().ToString("N");
        return (marker, template.Replace("{m}", marker).Replace("{tmp}", Path.GetTempPath()));
    }

    /// <summary>
    /// No file named after <paramref name="marker"/> in any folder a zip-slip could reach from a work folder: the
    /// private temp folder of the open is checked by the watch; here the system temp folder and every folder
    /// above it, the package's folder and its parent, and the current directory.
    /// </summary>
    private static void AssertNoStray(string marker, TempFolder temp)
    {
        var folders = new List<string> { temp.Root, Path.GetDirectoryName(temp.Root)!, Directory.GetCurrentDirectory() };
        for (var folder = new DirectoryInfo(Path.GetTempPath()); folder != null; folder = folder.Parent)
        {
            folders.Add(folder.FullName);
        }

        foreach (var folder in folders.Distinct())
        {
            var strays = FilesNamed(folder, marker);
            Assert.True(strays.Count == 0, $"A zip-slip name wrote outside the work folder: {string.Join(", ", strays)}");
        }
    }
}
