using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using AnkiSync.Tests.Engine.BadInput;
using AnkiSync.Tests.Engine.Packages;
using static AnkiSync.Tests.Engine.BadInput.BadInputFiles;

namespace AnkiSync.Tests.Module;

/// <summary>
/// Bad input through Open-AnkiPackage: one ErrorRecord with an <c>AnkiSync.&lt;Reason&gt;</c> ErrorId, a fitting
/// category and the file as target — never a raw .NET exception — and no work folder left behind. A bad file in a
/// pipeline is a non-terminating error; the other files still open.
/// </summary>
[Collection(BadInputCollection.Name)]
public sealed class BadInputTests : IClassFixture<ModuleHost>
{
    private readonly ModuleHost host;

    public BadInputTests(ModuleHost host) => this.host = host;

    [FixtureFact]
    public void ACorruptDatabasePageIsCorruptCollectionInvalidData()
    {
        using var temp = new TempFolder();
        var entries = ReadZip(Fixtures.Path(LegacyApkg));
        var at = entries.FindIndex(e => e.Name == "collection.anki2");
        entries[at] = (entries[at].Name, ScramblePage(entries[at].Data, RootPage(temp, entries[at].Data, "notes")), true);
        var path = WriteZip(temp.Path("corrupt.apkg"), entries);

        AssertOpenError(path, "CorruptCollection", ErrorCategory.InvalidData);
    }

    [Fact]
    public void AZipBombIsPackageTooLargeLimitsExceeded()
    {
        using var temp = new TempFolder();
        var path = temp.Path("bomb.apkg");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var stream = archive.CreateEntry("collection.anki2", CompressionLevel.Optimal).Open();
            var zeros = new byte[1024 * 1024];
            // Past the 32 MB below which well-compressed content is not taken for a bomb.
            for (var i = 0; i < 48; i++)
            {
                stream.Write(zeros, 0, zeros.Length);
            }
        }

        AssertOpenError(path, "PackageTooLarge", ErrorCategory.LimitsExceeded);
    }

    [Theory]
    [InlineData("-Path")]
    [InlineData("-LiteralPath")]
    public void AMissingFileIsObjectNotFound(string parameter)
    {
        var path = Path.Combine(host.TempDirectory, "no-such-package.apkg");
        var (output, errors, _) = host.Invoke($"Open-AnkiPackage {parameter} $file", new Dictionary<string, object?> { ["file"] = path });

        Assert.Empty(output);
        var error = Assert.Single(errors);
        Assert.StartsWith("AnkiSync.", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(path, error.TargetObject);
        Assert.IsAssignableFrom<AnkiException>(error.Exception);
    }

    [FixtureFact]
    public void InvalidColJsonIsInvalidCollectionJsonInvalidData()
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema11Collection(), "update col set decks = '{\"1\": '");

        AssertOpenError(LegacyPackage(temp, "json.apkg", sqlite), "InvalidCollectionJson", ErrorCategory.InvalidData);
    }

    [FixtureFact]
    public void AMissingColRowIsInvalidCollectionInvalidData()
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema11Collection(), "delete from col");

        var error = AssertOpenError(LegacyPackage(temp, "norow.apkg", sqlite), "InvalidCollection", ErrorCategory.InvalidData);
        Assert.DoesNotContain("collection.sqlite", error.Exception.Message);
    }

    [FixtureFact]
    public void AMissingNotesTableIsInvalidCollectionInvalidData()
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema11Collection(), "drop table notes");

        var error = AssertOpenError(temp.File("nonotes.anki2", sqlite), "InvalidCollection", ErrorCategory.InvalidData);
        Assert.Contains("'notes'", error.Exception.Message);
    }

    [FixtureFact]
    public void AMediaMapThatIsNotIndexedByNumberIsInvalidMediaMapInvalidData()
    {
        using var temp = new TempFolder();
        // (A map entry whose file is missing is tolerated, as by Anki: ToleranceTests.)
        var path = LegacyPackage(temp, "map.apkg", Schema11Collection(), "{\"zero\": \"a.jpg\"}", ("0", new byte[] { 1, 2, 3 }, false));

        AssertOpenError(path, "InvalidMediaMap", ErrorCategory.InvalidData);
    }

    [FixtureFact]
    public void AZipSlipNameIsUnsafeMediaNameAndWritesNothing()
    {
        using var temp = new TempFolder();
        var marker = "slip-" + Guid.NewGuid().ToString("N");
        var map = JsonSerializer.Serialize(new Dictionary<string, string> { ["0"] = "../../../../" + marker });
        var path = LegacyPackage(temp, "slip.apkg", Schema11Collection(), map, ("0", new byte[] { 1, 2, 3 }, false));

        AssertOpenError(path, "UnsafeMediaName", ErrorCategory.InvalidData);
        for (var folder = new DirectoryInfo(Path.GetTempPath()); folder != null; folder = folder.Parent)
        {
            Assert.Empty(FilesNamed(folder.FullName, marker));
        }

        Assert.Empty(FilesNamed(temp.Root, marker));
        Assert.Empty(FilesNamed(host.TempDirectory, marker));
    }

    [FixtureFact]
    public void ABadFileInAPipelineIsNonTerminatingAndTheOthersOpen()
    {
        using var temp = new TempFolder();
        var good = temp.File("good.anki2", Schema11Collection());
        var bad = temp.File("bad.anki2", Schema11Collection().Take(20_000).ToArray());
        var alsoGood = temp.File("also-good.apkg", File.ReadAllBytes(Fixtures.Path(LegacyApkg)));

        using var watch = new WorkFolderWatch();
        var (output, errors, _) = host.Invoke(
            "$opened = $files | Open-AnkiPackage; $opened | ForEach-Object { $_.Path }; $opened | Close-AnkiPackage",
            new Dictionary<string, object?> { ["files"] = new[] { good, bad, alsoGood } });

        Assert.Equal(new[] { good, alsoGood }, output.Select(o => o.BaseObject).OfType<string>().ToArray());
        var error = Assert.Single(errors);
        Assert.StartsWith("AnkiSync.CorruptCollection,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(bad, error.TargetObject);
        watch.AssertNoneLeft("Opening, then closing, a pipeline of packages");
    }

    /// <summary>Opens <paramref name="path"/> through the module and checks the single ErrorRecord it must give.</summary>
    private ErrorRecord AssertOpenError(string path, string reason, ErrorCategory category)
    {
        using var watch = new WorkFolderWatch();
        var (output, errors, _) = host.Invoke("Open-AnkiPackage -LiteralPath $file", new Dictionary<string, object?> { ["file"] = path });

        Assert.Empty(output);
        var error = Assert.Single(errors);
        Assert.StartsWith($"AnkiSync.{reason},", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal(path, error.TargetObject);
        var exception = Assert.IsAssignableFrom<AnkiException>(error.Exception);
        Assert.Equal(reason, exception.Reason);
        Assert.Contains(Path.GetFileName(path), exception.Message);
        watch.AssertNoneLeft($"Open-AnkiPackage '{Path.GetFileName(path)}'");
        return error;
    }
}
