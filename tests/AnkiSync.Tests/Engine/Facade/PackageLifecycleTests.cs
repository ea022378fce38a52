using System;
using System.IO;
using System.Linq;
using System.Threading;
using AnkiSync.Packages;
using AnkiSync.Session;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.Facade;

/// <summary>
/// A package from creation or opening to closing: what it says about itself, what it still says once closed (objects
/// read through <c>-Path</c> outlive their package), and how opening a file that is not a collection fails.
/// </summary>
public sealed class PackageLifecycleTests
{
    [Fact]
    public void ANewPackageIsAnEmptyUnmodifiedLegacy2Collection()
    {
        using var package = AnkiPackage.Create();

        Assert.Null(package.Path);
        Assert.Equal("(new package)", package.ToString());
        Assert.Equal(PackageVersion.Legacy2, package.Format);
        Assert.Equal(PackageContainer.New, package.Container);
        Assert.Equal(11, package.Schema);
        Assert.False(package.IsModified);
        Assert.False(package.IsClosed);
        Assert.False(package.IsInPlace);
        Assert.Null(package.BackupPath);
        Assert.Equal((0L, 0L, 1L, 0L), (package.NoteCount, package.CardCount, package.DeckCount, package.MediaCount));
        Assert.Empty(package.TakeWarnings());
    }

    [Fact]
    public void ANewPackageWithAPathShowsThePath()
    {
        using var package = AnkiPackage.Create("/somewhere/deck.apkg");

        Assert.Equal("/somewhere/deck.apkg", package.Path);
        Assert.Equal("/somewhere/deck.apkg", package.ToString());
    }

    [Fact]
    public void CountsFollowTheCollection()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { "a", "b" } });
        package.AddNote(new NoteInput { Values = new[] { "c", "d" }, Deck = "Other" });
        package.AddMedia("x.txt", new MemoryStream(new byte[] { 1 }));

        Assert.Equal((2L, 3L, 2L, 1L), (package.NoteCount, package.CardCount, package.DeckCount, package.MediaCount));
    }

    [Fact]
    public void AClosedPackageKeepsItsCountsAndWhetherItWasModified()
    {
        var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { "a", "b" } });
        package.AddDeck("Other");
        package.AddMedia("x.txt", new MemoryStream(new byte[] { 1 }));
        string work = package.WorkDirectory;

        package.Close();

        Assert.True(package.IsClosed);
        Assert.True(package.IsModified);
        Assert.Equal((1L, 2L, 2L, 1L), (package.NoteCount, package.CardCount, package.DeckCount, package.MediaCount));
        Assert.False(Directory.Exists(work));
    }

    [Fact]
    public void AnUnchangedPackageIsStillUnmodifiedOnceClosedAndClosingTwiceIsHarmless()
    {
        var package = AnkiPackage.Create();
        package.Close();
        package.Dispose();

        Assert.True(package.IsClosed);
        Assert.False(package.IsModified);
        Assert.Equal((0L, 0L, 1L, 0L), (package.NoteCount, package.CardCount, package.DeckCount, package.MediaCount));
    }

    [Fact]
    public void EveryCallOnAClosedPackageIsPackageClosed()
    {
        var package = AnkiPackage.Create();
        package.Close();

        foreach (var call in new Action[] { () => package.GetDecks(), () => package.GetTags(), () => package.AddDeck("New"), () => package.GetNotes().ToList() })
        {
            var error = Assert.Throws<AnkiException>(call);
            Assert.Equal(AnkiErrors.PackageClosed, error.Error);
            Assert.Equal("The package is closed. Open it again with Open-AnkiPackage.", error.Message);
            Assert.Null(error.Target);
        }
    }

    [Fact]
    public void AnOpenedPackageSaysWhatItWasReadFrom()
    {
        using var temp = new TempFolder();
        string path = temp.Path("deck.apkg");
        using (var created = AnkiPackage.Create())
        {
            created.AddNote(new NoteInput { Values = new[] { "a", "b" } });
            created.Export(path, PackageVersion.Latest);
        }

        using var package = AnkiPackage.Open(path);

        Assert.Equal(path, package.Path);
        Assert.Equal(path, package.ToString());
        Assert.Equal(PackageVersion.Latest, package.Format);
        Assert.Equal(PackageContainer.Apkg, package.Container);
        Assert.Equal(18, package.Schema);
        Assert.False(package.IsModified);
        Assert.Equal(1, package.NoteCount);
    }

    [Fact]
    public void WarningsAreTakenOnce()
    {
        using var temp = new TempFolder();
        string path = temp.Path("collection.anki2");
        using (var db = NewCollection.Create(path))
        {
            db.Execute("create trigger planted after insert on notes begin select 1; end");
        }

        using var package = AnkiPackage.Open(path);

        var warning = Assert.Single(package.TakeWarnings());
        Assert.Contains("planted", warning, StringComparison.Ordinal);
        Assert.Empty(package.TakeWarnings());
    }

    [Fact]
    public void AFileWithoutAColTableIsInvalidCollection()
    {
        using var temp = new TempFolder();
        string path = temp.Path("other.anki2");
        using (var db = AnkiDatabase.Open(path, create: true))
        {
            db.Execute("create table things (id integer)");
        }

        var error = Assert.Throws<AnkiException>(() => AnkiPackage.Open(path));

        Assert.Equal(AnkiErrors.InvalidCollection, error.Error);
        Assert.Equal(path, error.Target);
        Assert.Contains("'col'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATableAnkiDoesNotDefineLeavesOnlyTheWorkingCopyWithAWarning()
    {
        using var temp = new TempFolder();
        string path = temp.Path("planted.anki2");
        using (var db = NewCollection.Create(path))
        {
            db.Execute("create table planted (x)");
        }

        using (var package = AnkiPackage.Open(path))
        {
            Assert.Equal(
                $"Removed the table 'planted' from the working copy of '{path}': Anki does not define it.",
                Assert.Single(package.TakeWarnings()));
        }

        using var original = AnkiDatabase.Open(path);
        Assert.True(original.TableExists("planted"));
    }

    [Fact]
    public void ErrorsAboutThePrivateCopyNameTheUsersFile()
    {
        using var temp = new TempFolder();
        string path = temp.Path("broken.anki2");
        using (var db = NewCollection.Create(path))
        {
            db.Execute("update col set ver = 99");
        }

        var error = Assert.Throws<AnkiException>(() => AnkiPackage.Open(path));

        Assert.Equal(AnkiErrors.UnsupportedSchema, error.Error);
        Assert.Equal(path, error.Target);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ankisync-", error.Message.Replace(temp.Root, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void ACancelledOpenIsOperationCanceledNotAnAnkiSyncError()
    {
        using var temp = new TempFolder();
        string path = temp.Path("collection.anki2");
        NewCollection.Create(path).Dispose();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => AnkiPackage.Open(path, cancellation: cancelled.Token));
    }
}
