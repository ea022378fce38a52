using System;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// The collection state every writer goes through: note types found by name or added from Anki's stock ones,
/// another package's note type copied in, decks made on demand, each change saved in its own transaction or the caller's.
/// </summary>
public class CollectionStateTests
{
    private static long StoredMod(AnkiPackage package) => package.State.Db.ScalarLong("select mod from col");

    [Fact]
    public void AnUnknownNoteTypeNamesTheOnesThereAre()
    {
        using var package = AnkiPackage.Create();
        var error = Assert.Throws<AnkiException>(() => package.State.ResolveNoteType("Vocabulary"));
        Assert.Equal("UnknownNoteType", error.Reason);
        Assert.StartsWith("There is no note type named 'Vocabulary'. Create it with New-AnkiNoteType, or use one of: Basic, ", error.Message);
        foreach (string stock in StockNoteTypes.Names)
        {
            Assert.Contains(stock, error.Message);
        }
    }

    [Fact]
    public void AStockNoteTypeIsAddedOnFirstUseInAnyCase()
    {
        using var package = AnkiPackage.Create();
        var state = package.State;
        long modBefore = StoredMod(package);
        Assert.Null(state.FindNoteType("Basic (and reversed card)"));
        var model = state.ResolveNoteType("basic (AND reversed card)");
        Assert.Equal("Basic (and reversed card)", model.Name);
        Assert.Equal(StableIds.NoteTypeId("Basic (and reversed card)"), model.Id);
        Assert.Same(model, state.ResolveNoteType("Basic (and reversed card)"));
        Assert.True(state.IsModified);
        Assert.False(state.Db.InTransaction);
        var stored = JsonNode.Parse((string)state.Db.Scalar("select models from col")!)!.AsObject();
        Assert.True(stored.ContainsKey(model.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(StoredMod(package) >= modBefore);
    }

    [Fact]
    public void AnotherPackagesNoteTypeIsCopiedInWithItsIdOnce()
    {
        using var source = AnkiPackage.Create();
        var cloze = source.State.ResolveNoteType("Cloze");
        cloze.Json["did"] = 12345;
        using var target = AnkiPackage.Create();
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var copy = target.State.EnsureNoteTypeLike(cloze);
        Assert.Equal((cloze.Id, "Cloze"), (copy.Id, copy.Name));
        Assert.NotSame(cloze.Json, copy.Json);
        Assert.Equal(-1L, CollectionJson.ReadLong(copy.Json["usn"]));
        Assert.InRange(CollectionJson.ReadLong(copy.Json["mod"]), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Null(copy.Json["did"]);
        Assert.Equal(12345L, CollectionJson.ReadLong(cloze.Json["did"])); // the source is left alone
        Assert.Same(copy, target.State.EnsureNoteTypeLike(cloze));
        Assert.False(target.State.Db.InTransaction);
        Assert.Equal(cloze.Id, target.State.FindNoteType("cloze")!.Id);
    }

    [Fact]
    public void ANoteTypeOfTheSameIdOrNameIsUsedAsItIs()
    {
        using var source = AnkiPackage.Create();
        var basic = source.State.ResolveNoteType("Basic");
        using var target = AnkiPackage.Create();
        var own = target.State.ResolveNoteType("Basic");
        Assert.Same(own, target.State.EnsureNoteTypeLike(basic)); // same id (stable from the name)

        var renamed = (JsonObject)basic.Json.DeepClone();
        renamed["id"] = 42;
        Assert.Same(own, target.State.EnsureNoteTypeLike(new NoteTypeModel(renamed))); // same name, other id
        Assert.Null(target.State.FindNoteType(42));
    }

    [Fact]
    public void AnExistingDeckChangesNothingAndANewOneIsSaved()
    {
        using var package = AnkiPackage.Create();
        var state = package.State;
        state.MarkSaved();
        long mod = StoredMod(package);
        Assert.Equal(1L, state.EnsureDeck("default"));
        Assert.False(state.IsModified);
        Assert.Equal(mod, StoredMod(package));

        long id = state.EnsureDeck("Lang::German", "words");
        Assert.True(state.IsModified);
        Assert.False(state.Db.InTransaction);
        var decks = JsonNode.Parse((string)state.Db.Scalar("select decks from col")!)!.AsObject();
        var deck = decks[id.ToString(System.Globalization.CultureInfo.InvariantCulture)]!.AsObject();
        Assert.Equal(("Lang::German", "words"), ((string)deck["name"]!, (string)deck["desc"]!));
        Assert.Contains(decks, d => (string)d.Value!["name"]! == "Lang");
        Assert.Equal("InvalidDeckName", Assert.Throws<AnkiException>(() => state.EnsureDeck("A::")).Reason);
    }

    [Fact]
    public void AnExistingDeckInsideACallersTransactionKeepsItAlive()
    {
        using var package = AnkiPackage.Create();
        var db = package.State.Db;
        using (var scope = db.BeginTransaction())
        {
            Assert.Equal(1L, package.State.EnsureDeck("Default"));
            db.Execute("update col set mod = 777");
            scope.Complete();
        }

        Assert.Equal(777L, StoredMod(package)); // the nested scope completed: the caller's work was kept
    }

    [Fact]
    public void ANoteTypeIdStepsPastTakenOnes()
    {
        using var package = AnkiPackage.Create();
        var state = package.State;
        long wanted = StableIds.NoteTypeId("Basic");
        state.ResolveNoteType("Basic");
        Assert.Equal(wanted + 1, state.UnusedNoteTypeId("Basic"));
        Assert.Equal(StableIds.NoteTypeId("Other"), state.UnusedNoteTypeId("Other"));
        state.ForgetNoteType(wanted);
        Assert.Null(state.FindNoteType(wanted));
        Assert.False(state.Json.Models.ContainsKey(wanted.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(wanted, state.UnusedNoteTypeId("Basic"));
    }

    [Fact]
    public void ANewPackageIsNamedAsNewAndModifiedOnlyByACommittedChange()
    {
        using var package = AnkiPackage.Create();
        Assert.Equal("(new package)", package.State.Name);
        Assert.False(package.State.IsModified);
        using (package.State.Db.BeginTransaction())
        {
            package.State.MarkModified();
        }

        Assert.False(package.State.IsModified); // rolled back
        package.State.EnsureDeck("New");
        Assert.True(package.State.IsModified);
    }
}
