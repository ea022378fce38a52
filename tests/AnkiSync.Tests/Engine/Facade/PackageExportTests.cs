using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using AnkiSync.Packages;
using AnkiSync.SchemaConversion;
using AnkiSync.Session;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.Facade;

/// <summary>
/// <c>Export-AnkiPackage</c>'s engine call around the writing itself: what it refuses before writing, the warnings it
/// returns, replacing a file or folder, the path a new package takes, and a cancel that leaves nothing.
/// </summary>
public sealed class PackageExportTests
{
    private static AnkiPackage OneNote()
    {
        var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "front <img src=\"used.jpg\">", "back" } });
        package.AddMedia("used.jpg", new MemoryStream(new byte[] { 1 }));
        return package;
    }

    [Fact]
    public void ANewPackageTakesThePathOfItsFirstExportAndIsSaved()
    {
        using var temp = new TempFolder();
        using var package = OneNote();

        var warnings = package.Export(temp.Path("deck.apkg"));

        Assert.Empty(warnings);
        Assert.Equal(temp.Path("deck.apkg"), package.Path);
        Assert.False(package.IsModified);

        package.Export(temp.Path("copy.apkg"));

        Assert.Equal(temp.Path("deck.apkg"), package.Path);
        Assert.Equal(new[] { "copy.apkg", "deck.apkg" }, Directory.EnumerateFileSystemEntries(temp.Root).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void AnExistingFileNeedsOverwriteAndIsThenReplaced()
    {
        using var temp = new TempFolder();
        string path = temp.File("deck.apkg", Encoding.UTF8.GetBytes("old"));
        using var package = OneNote();

        var error = Assert.Throws<AnkiException>(() => package.Export(path));

        Assert.Equal(AnkiErrors.FileExists, error.Error);
        Assert.Equal(path, error.Target);
        Assert.Equal($"'{path}' already exists. Use -Force to overwrite it.", error.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.True(package.IsModified);

        package.Export(path, overwrite: true);

        using var reopened = AnkiPackage.Open(path);
        Assert.Equal(1, reopened.NoteCount);
        Assert.Single(Directory.EnumerateFileSystemEntries(temp.Root));
    }

    [Fact]
    public void AFolderIsNotReplacedByAFileNorAFileByAFolder()
    {
        using var temp = new TempFolder();
        string folder = Directory.CreateDirectory(temp.Path("deck.apkg")).FullName;
        string file = temp.File("unpacked", Encoding.UTF8.GetBytes("old"));
        using var package = OneNote();

        var toFolder = Assert.Throws<AnkiException>(() => package.Export(folder, overwrite: true));
        var toFile = Assert.Throws<AnkiException>(() => package.Export(file, overwrite: true, asDirectory: true));

        Assert.Equal(AnkiErrors.FileExists, toFolder.Error);
        Assert.Equal($"'{folder}' is a folder. Give a file path such as deck.apkg.", toFolder.Message);
        Assert.Equal(AnkiErrors.FileExists, toFile.Error);
        Assert.Equal($"'{file}' is a file; -AsDirectory writes a folder.", toFile.Message);
        Assert.True(Directory.Exists(folder));
        Assert.Equal("old", File.ReadAllText(file));
    }

    [Fact]
    public void AFileIsNotWrittenOverAFolderEvenWhenOverwriteIsNotAsked()
    {
        using var temp = new TempFolder();
        string folder = Directory.CreateDirectory(temp.Path("deck.apkg")).FullName;
        using var package = OneNote();

        var error = Assert.Throws<AnkiException>(() => package.Export(folder));

        Assert.Equal(AnkiErrors.FileExists, error.Error);
        Assert.Equal($"'{folder}' is a folder. Give a file path such as deck.apkg.", error.Message);
    }

    [Fact]
    public void AnExistingFolderNeedsOverwriteToBeWrittenAsAFolder()
    {
        using var temp = new TempFolder();
        string folder = Directory.CreateDirectory(temp.Path("unpacked")).FullName;
        File.WriteAllText(Path.Combine(folder, "stale.txt"), "stale");
        using var package = OneNote();

        var error = Assert.Throws<AnkiException>(() => package.Export(folder, asDirectory: true));
        Assert.Equal(AnkiErrors.FileExists, error.Error);
        Assert.True(File.Exists(Path.Combine(folder, "stale.txt")));

        package.Export(folder, overwrite: true, asDirectory: true);

        Assert.False(File.Exists(Path.Combine(folder, "stale.txt")));
        using var reopened = AnkiPackage.Open(folder);
        Assert.Equal(1, reopened.NoteCount);
        Assert.Equal(new[] { "used.jpg" }, reopened.GetMedia().Select(m => m.Name));
    }

    [Fact]
    public void AMissingFolderIsDirectoryNotFound()
    {
        using var temp = new TempFolder();
        string path = temp.Path("missing", "deck.apkg");
        using var package = OneNote();

        var error = Assert.Throws<AnkiException>(() => package.Export(path));

        Assert.Equal(AnkiErrors.DirectoryNotFound, error.Error);
        Assert.Equal(path, error.Target);
        Assert.Equal($"The folder of '{path}' does not exist.", error.Message);
        Assert.False(Directory.Exists(temp.Path("missing")));
    }

    [Fact]
    public void ANameAnkiTakesForAWholeCollectionIsWarnedAbout()
    {
        using var temp = new TempFolder();
        using var package = OneNote();

        var warnings = package.Export(temp.Path("Collection.APKG"));

        Assert.Contains("'collection.apkg' as a whole-collection backup", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void UnreferencedMediaIsWarnedAboutUnlessItsNameStartsWithAnUnderscore()
    {
        using var temp = new TempFolder();
        using var package = OneNote();
        package.AddMedia("stray.png", new MemoryStream(new byte[] { 2 }));
        package.AddMedia("_styling.css", new MemoryStream(new byte[] { 3 }));

        var warnings = package.Export(temp.Path("deck.apkg"));

        Assert.Equal(
            "No note field references the media file 'stray.png', so Anki will drop it on import. Reference it from a field, or start its name with '_' if a template or the styling uses it.",
            Assert.Single(warnings));
        using var reopened = AnkiPackage.Open(temp.Path("deck.apkg"));
        Assert.Equal(new[] { "_styling.css", "stray.png", "used.jpg" }, reopened.GetMedia().Select(m => m.Name));
    }

    [Fact]
    public void ATableMadeByRawSqlIsDroppedFromTheExportWithAWarning()
    {
        using var temp = new TempFolder();
        using var package = OneNote();
        package.ExecuteSql("create table planted (x)", new Dictionary<string, object?>(), out _, out _);

        var warnings = package.Export(temp.Path("deck.apkg"));

        Assert.Contains(warnings, w => w.Contains("planted", StringComparison.Ordinal));
        using var reopened = AnkiPackage.Open(temp.Path("deck.apkg"));
        Assert.Empty(reopened.TakeWarnings());
    }

    [Fact]
    public void MediaIsNumberedInOrdinalNameOrder()
    {
        using var temp = new TempFolder();
        using var package = OneNote();
        package.AddMedia("b.jpg", new MemoryStream(new byte[] { 2 }));
        package.AddMedia("C.jpg", new MemoryStream(new byte[] { 3 }));
        package.AddMedia("a.jpg", new MemoryStream(new byte[] { 4 }));

        package.Export(temp.Path("deck.apkg"));

        var map = JsonSerializer.Deserialize<Dictionary<string, string>>(PackageTestFiles.ReadEntry(temp.Path("deck.apkg"), "media"))!;
        Assert.Equal(new[] { "C.jpg", "a.jpg", "b.jpg", "used.jpg" }, Enumerable.Range(0, map.Count).Select(i => map[i.ToString(CultureInfo.InvariantCulture)]));
        Assert.Equal(new byte[] { 3 }, PackageTestFiles.ReadEntry(temp.Path("deck.apkg"), "0"));
    }

    [Fact]
    public void TheSpaceOfDroppedTablesDoesNotTravelInTheExport()
    {
        using var temp = new TempFolder();
        using var package = OneNote();
        RawSql.Run(package, "create table planted (x)");
        RawSql.Run(package, "insert into planted values (randomblob(2000000))");

        var warnings = package.Export(temp.Path("deck.apkg"));

        Assert.Equal("Removed the table 'planted' from the exported file: Anki does not define it.", Assert.Single(warnings));
        // Random bytes do not compress: had the freed pages travelled, the collection would hold them.
        Assert.True(PackageTestFiles.ReadEntry(temp.Path("deck.apkg"), "collection.anki21").Length < 500_000);
    }

    [Theory]
    [InlineData("ord")]
    [InlineData("type")]
    [InlineData("queue")]
    [InlineData("flags")]
    public void ACardNumberBeyondThirtyTwoBitsIsDamageAndNothingIsWritten(string column)
    {
        using var temp = new TempFolder();
        using var package = OneNote();
        RawSql.Run(package, $"update cards set {column} = 4294967296");

        var error = Assert.Throws<AnkiException>(() => package.Export(temp.Path("deck.apkg")));

        Assert.Equal(AnkiErrors.CorruptCollection, error.Error);
        Assert.StartsWith("The collection of '", error.Message, StringComparison.Ordinal);
        Assert.Contains("is damaged: 1 note(s) or card(s) hold empty (NULL) or out-of-range values", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Root));
    }

    [Fact]
    public void ALiveSchema18CollectionIsWrittenAsSchema11WithoutAnkiSyncsOwnKeys()
    {
        using var temp = new TempFolder();
        string path = temp.Path("collection.anki2");
        using (var db = NewCollection.Create(path))
        {
            SchemaConverter.UpgradeToSchema18(db);
        }

        using (var live = AnkiPackage.OpenCollection(path, null))
        {
            Assert.Equal((18, PackageVersion.Latest), (live.Schema, live.Format));
            live.Export(temp.Path("deck.apkg"));
        }

        File.WriteAllBytes(temp.Path("exported.anki21"), PackageTestFiles.ReadEntry(temp.Path("deck.apkg"), "collection.anki21"));
        using var exported = AnkiDatabase.Open(temp.Path("exported.anki21"));
        Assert.Equal(11L, exported.ScalarLong("select ver from col"));
        string json = Convert.ToString(exported.Scalar("select conf || models || decks || dconf || tags from col"), CultureInfo.InvariantCulture)!;
        Assert.Contains("\"Default\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(PrivateKeys.Prefix, json, StringComparison.Ordinal);
    }

    [Fact]
    public void ANoteTypeRequirementAnkiWouldIgnoreDoesNotStopALatestExport()
    {
        using var temp = new TempFolder();
        using var package = OneNote();
        RawSql.Run(package, "update col set models = (select json_group_object(key, json_set(value, '$.req', json('[[\"0\",\"any\",[0]]]'))) from json_each(col.models))");

        package.Export(temp.Path("deck.apkg"), PackageVersion.Latest);

        using var reopened = AnkiPackage.Open(temp.Path("deck.apkg"));
        Assert.Equal(1, reopened.NoteCount);
    }

    [Fact]
    public void AConversionThatFailsNamesThePackageNotItsThrowawayCopy()
    {
        using var temp = new TempFolder();
        using var package = SavedPackage.Reopened(p => p.AddNote(new NoteInput { Values = new[] { "front", "back" } }));
        // Without the graves table schema 11 requires, the upgrade has nothing to move into schema 18's graves.
        RawSql.Run(package, "drop table graves");

        var error = Assert.Throws<AnkiException>(() => package.Export(temp.Path("deck.apkg"), PackageVersion.Latest));

        Assert.Equal(AnkiErrors.InvalidCollection, error.Error);
        Assert.Equal(package.Path, error.Target);
        Assert.StartsWith($"The collection '{package.Path}' could not be converted between schema 11 and 18: ", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Root));
    }

    [Fact]
    public void ProgressRunsFromZeroToOne()
    {
        using var temp = new TempFolder();
        using var package = OneNote();
        var reported = new List<double>();

        package.Export(temp.Path("deck.apkg"), PackageVersion.Latest, progress: new SynchronousProgress(reported.Add));

        Assert.Equal(0, reported.First());
        Assert.Equal(1, reported.Last());
        Assert.Contains(0.25, reported);
        Assert.Contains(0.35, reported);
        Assert.Equal(reported.OrderBy(p => p), reported);
    }

    [Fact]
    public void ACancelledExportLeavesNothingAndChangesNothing()
    {
        using var temp = new TempFolder();
        using var package = OneNote();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => package.Export(temp.Path("deck.apkg"), cancellation: cancelled.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Root));
        Assert.Null(package.Path);
        Assert.True(package.IsModified);
    }

    private sealed class SynchronousProgress : IProgress<double>
    {
        private readonly Action<double> report;

        public SynchronousProgress(Action<double> report) => this.report = report;

        public void Report(double value) => report(value);
    }
}
