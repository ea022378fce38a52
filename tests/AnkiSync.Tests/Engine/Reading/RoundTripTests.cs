using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using AnkiSync.Packages;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>
/// Open → Export → Open keeps everything, for every real file and every package version written; the source
/// (a writable copy of the fixture, so the check means something) is never changed and gets no sidecar files.
/// </summary>
public class RoundTripTests
{
    private static readonly PackageVersion[] Versions = { PackageVersion.Legacy2, PackageVersion.Legacy1, PackageVersion.Latest };

    public static IEnumerable<object[]> EveryFixture() => FixtureFiles.AllAsTheoryData();

    /// <summary>The fixtures that are packages (a zip with a collection inside), not bare collection files.</summary>
    public static IEnumerable<object[]> EveryPackage()
        => FixtureFiles.All().Where(f => f.EndsWith(".apkg", StringComparison.Ordinal) || f.EndsWith(".colpkg", StringComparison.Ordinal))
            .Select(f => new object[] { f });

    public static IEnumerable<object[]> EveryFixtureAndVersion()
        => FixtureFiles.All().SelectMany(file => Versions.Select(version => new object[] { file, version }));

    [FixtureTheory]
    [MemberData(nameof(EveryFixtureAndVersion))]
    public void ExportThenOpenKeepsEverything(string fixture, PackageVersion version)
    {
        using var scratch = new ScratchFolder();
        string sourceFolder = scratch.Combine("source");
        string source = FixtureFiles.CopyTo(sourceFolder, fixture);
        string hashBefore = FixtureFiles.Sha256(source);
        string[] listingBefore = FixtureFiles.Listing(sourceFolder);
        string output = scratch.Combine("out", "exported" + (fixture.EndsWith(".colpkg", StringComparison.Ordinal) ? ".colpkg" : ".apkg"));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);

        PackageSnapshot original;
        using (var package = AnkiPackage.Open(source))
        {
            original = PackageSnapshot.Of(package);
            package.Export(output, version);
            // Exporting does not change what the session shows.
            PackageSnapshot.Of(package).AssertSameAs(original);
            Assert.Equal(listingBefore, FixtureFiles.Listing(sourceFolder));
        }

        Assert.Equal(hashBefore, FixtureFiles.Sha256(source));
        // The export breaks no rule of Anki's that the source kept (the independent checker, tests/Validation).
        var added = Validation.AnkiRules.Check(output, Validation.AnkiRulesTests.RealFile)
            .Except(Validation.AnkiRules.Check(source, Validation.AnkiRulesTests.RealFile)).ToList();
        Assert.True(added.Count == 0, string.Join("\n", added));
        Assert.Equal(listingBefore, FixtureFiles.Listing(sourceFolder));
        Assert.Equal(new[] { Path.GetFileName(output) }, FixtureFiles.Listing(Path.GetDirectoryName(output)!));

        using (var reopened = AnkiPackage.Open(output))
        {
            Assert.Equal(version, reopened.Format);
            Assert.Equal(version == PackageVersion.Latest ? 18 : 11, reopened.Schema);
            var renamed = NoteTypeRenames.Check(original.NoteTypeNames, reopened.GetNoteTypes().Select(t => (t.Id, t.Name)), version == PackageVersion.Latest);
            if (version != PackageVersion.Latest)
            {
                Assert.Empty(renamed);
            }

            PackageSnapshot.Of(reopened, renamed).AssertSameAs(original);
        }

        Assert.Equal(new[] { Path.GetFileName(output) }, FixtureFiles.Listing(Path.GetDirectoryName(output)!));
        AssertFileHoldsTheSourceRows(source, output, version);
    }

    [FixtureTheory]
    [MemberData(nameof(EveryFixture))]
    public void AnExportedFolderOpensWithEverything(string fixture)
    {
        // An unpacked package folder (Export -AsDirectory) is a package too: latest layout, zstd and all.
        using var scratch = new ScratchFolder();
        string folder = scratch.Combine("unpacked");
        PackageSnapshot original;
        using (var package = AnkiPackage.Open(Fixtures.Path(fixture)))
        {
            original = PackageSnapshot.Of(package);
            package.Export(folder, PackageVersion.Latest, asDirectory: true);
        }

        using var reopened = AnkiPackage.Open(folder);
        Assert.Equal(PackageContainer.Folder, reopened.Container);
        Assert.Equal(PackageVersion.Latest, reopened.Format);
        var renamed = NoteTypeRenames.Check(original.NoteTypeNames, reopened.GetNoteTypes().Select(t => (t.Id, t.Name)), schema18: true);
        PackageSnapshot.Of(reopened, renamed).AssertSameAs(original);
    }

    [FixtureTheory]
    [MemberData(nameof(EveryPackage))]
    public void TheCollectionInsideAPackageOpensAsABareFile(string fixture)
    {
        // Unzipped by hand as users do: collection.anki2 / .anki21 / .anki21b opened on their own read the same.
        using var raw = RawFixture.Load(Fixtures.Path(fixture));
        Assert.False(raw.IsBareCollection);

        using var scratch = new ScratchFolder();
        string entry = raw.Format == PackageVersion.Latest ? "collection.anki21b" : raw.Format == PackageVersion.Legacy2 ? "collection.anki21" : "collection.anki2";
        string bare = scratch.Combine(entry);
        using (var zip = ZipFile.OpenRead(raw.FilePath))
        {
            zip.GetEntry(entry)!.ExtractToFile(bare);
        }

        PackageSnapshot fromPackage;
        using (var package = AnkiPackage.Open(raw.FilePath))
        {
            fromPackage = PackageSnapshot.Of(package);
        }

        using var opened = AnkiPackage.Open(bare);
        Assert.Equal(PackageContainer.Collection, opened.Container);
        Assert.Equal(raw.Format, opened.Format);
        Assert.Equal(raw.Schema, opened.Schema);
        var fromBare = PackageSnapshot.Of(opened);
        // A bare collection has no media files: what its fields reference is listed as missing.
        Assert.All(opened.GetMedia(), m => Assert.True(m.IsMissing, m.Name));
        fromBare.Media.Clear();
        fromPackage.Media.Clear();
        fromBare.AssertSameAs(fromPackage);
        Assert.Equal(new[] { entry }, FixtureFiles.Listing(scratch.Root));
    }

    /// <summary>
    /// Independent of the engine's reader: the exported file's own rows, read with ZipArchive/zstd/SQLite, equal
    /// the source's rows (ids, fields, scheduling, revlog, decks, note types) and its media bytes.
    /// </summary>
    private static void AssertFileHoldsTheSourceRows(string sourcePath, string output, PackageVersion version)
    {
        using var source = RawFixture.Load(sourcePath);
        using var exported = RawFixture.Load(output);
        Assert.Equal(version, exported.Format);
        Assert.Equal(version == PackageVersion.Latest ? 18 : 11, exported.Schema);
        Assert.Equal(version != PackageVersion.Legacy1, exported.HasStub);
        Assert.Equal(source.CreatedSeconds, exported.CreatedSeconds);
        Assert.Equal(source.Notes, exported.Notes);
        Assert.Equal(source.Cards, exported.Cards);
        Assert.Equal(source.Revlog, exported.Revlog);
        Assert.Equal(source.Decks.OrderBy(d => d.Id), exported.Decks.OrderBy(d => d.Id));
        var renamed = NoteTypeRenames.Check(source.NoteTypes.Select(t => (t.Id, t.Name)), exported.NoteTypes.Select(t => (t.Id, t.Name)), version == PackageVersion.Latest);
        if (version != PackageVersion.Latest)
        {
            Assert.Empty(renamed);
        }

        Assert.Equal(Describe(source.NoteTypes), Describe(exported.NoteTypes.Select(t => renamed.TryGetValue(t.Id, out var was) ? t with { Name = was } : t)));
        Assert.Equal(source.Media.Select(m => (m.Name, m.Sha1)).OrderBy(m => m.Name, StringComparer.Ordinal),
            exported.Media.Select(m => (m.Name, m.Sha1)).OrderBy(m => m.Name, StringComparer.Ordinal));
        Assert.All(exported.Media, m => Assert.Equal(m.Sha1, RawFixture.Hex(System.Security.Cryptography.SHA1.HashData(m.Bytes!))));
    }

    private static IEnumerable<string> Describe(IEnumerable<RawNoteType> types)
        => types.OrderBy(t => t.Id).Select(t => string.Join(" ¦ ", t.Id, t.Name, t.IsCloze, string.Join("|", t.Fields), t.Css,
            string.Join("|", t.Templates.Select(x => x.Name + "/" + x.Front + "/" + x.Back))));
}
