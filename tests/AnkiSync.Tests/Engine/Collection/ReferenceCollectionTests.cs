using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>Our definitions against what real, modern Anki wrote.</summary>
public class ReferenceCollectionTests
{
    /// <summary>Anki 23.x/24.x "support older versions" export (2026); its Basic was created in Dec 2023.</summary>
    private const string ModernExport = "anki2.1.50plus-legacy2-apkg-anki21-stub-spanish.apkg";

    /// <summary>Anki 2.1.50+ export (2023) holding Basic, optional reversed, type-in and Cloze.</summary>
    private const string Export2023 = "anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg";

    /// <summary>A collection Anki 24.11+ created in Jan 2025: all stock note types untouched.</summary>
    private const string Collection2025 = "anki2.1.50plus-bare-schema18-suspended.anki2";

    /// <summary>Anki 24.11 added this line to the stock styling; note types created earlier lack it.</summary>
    private const string LineHeightRule = "    line-height: 1.5;\n";

    [FixtureFact]
    public void BasicMatchesTheBasicModernAnkiExported()
    {
        using var reference = ReferenceCollection.FromPackage(ModernExport, "collection.anki21");
        var theirs = reference.NoteType("Basic");
        var ours = StockNoteTypes.Create("Basic", (long)theirs["id"]!, (long)theirs["mod"]!);

        AssertSameDefinition(ours, theirs);
        Assert.Equal((int)theirs["originalStockKind"]!, (int)ours["originalStockKind"]!);
        Assert.Equal(theirs["req"]!.ToJsonString(), ours["req"]!.ToJsonString());

        // Every key Anki wrote, except the optional random field/template ids we leave out.
        Assert.Empty(AnkiJsonKeys.MissingKeys(ours, theirs));
        Assert.Empty(AnkiJsonKeys.MissingKeys(ours["flds"]![0], theirs["flds"]![0], "id"));
        Assert.Empty(AnkiJsonKeys.MissingKeys(ours["tmpls"]![0], theirs["tmpls"]![0], "id"));
        foreach (var field in theirs["flds"]!.AsArray().Zip(ours["flds"]!.AsArray()))
        {
            foreach (var key in AnkiJsonKeys.KeysOf(field.First).Where(k => k != "id"))
            {
                Assert.True(AnkiJsonKeys.SameValue(field.First![key], field.Second![key]), $"field key {key}");
            }
        }
    }

    [FixtureFact]
    public void DefaultDeckAndPresetHaveEveryKeyModernAnkiWrites()
    {
        using var reference = ReferenceCollection.FromPackage(ModernExport, "collection.anki21");
        var theirDeck = reference.Col("decks")["1"]!;
        var theirPreset = reference.Col("dconf")["1"]!;
        var ourDeck = CollectionDefaults.Deck(1, "Default", 0);
        var ourPreset = CollectionDefaults.DeckConfig(1, "Default", 0);

        Assert.Empty(AnkiJsonKeys.MissingKeys(ourDeck, theirDeck));
        Assert.Empty(AnkiJsonKeys.MissingKeys(ourPreset, theirPreset));
        foreach (var part in new[] { "new", "rev", "lapse" })
        {
            Assert.Empty(AnkiJsonKeys.MissingKeys(ourPreset[part], theirPreset[part]));
        }

        // Their Default preset is untouched, so every value must be Anki's default as well.
        var differing = AnkiJsonKeys.KeysOf(theirPreset).Where(k => !AnkiJsonKeys.SameValue(theirPreset[k], ourPreset[k])).ToList();
        Assert.Empty(differing);

        // The deck differs only in state the user changed (collapsing it).
        var deckDiffers = AnkiJsonKeys.KeysOf(theirDeck).Where(k => !AnkiJsonKeys.SameValue(theirDeck[k], ourDeck[k])).ToList();
        Assert.Empty(deckDiffers.Except(new[] { "collapsed", "browserCollapsed" }));
    }

    [FixtureFact]
    public void ConfHasEveryKeyModernAnkiWrites()
    {
        using var reference = ReferenceCollection.FromPackage(ModernExport, "collection.anki21");
        var theirs = reference.Col("conf");
        var ours = CollectionDefaults.Conf((long)theirs["creationOffset"]!);

        Assert.Empty(AnkiJsonKeys.MissingKeys(ours, theirs));
        var differing = AnkiJsonKeys.KeysOf(theirs).Where(k => !AnkiJsonKeys.SameValue(theirs[k], ours[k])).ToList();
        Assert.Equal(new[] { "curModel" }, differing);
    }

    [FixtureTheory]
    [InlineData("Basic")]
    [InlineData("Basic (optional reversed card)")]
    [InlineData("Basic (type in the answer)")]
    [InlineData("Cloze")]
    public void StockNoteTypesMatchA2023Export(string name)
    {
        using var reference = ReferenceCollection.FromPackage(Export2023, "collection.anki21");
        var theirs = reference.NoteType(name);

        var ours = StockNoteTypes.Create(name, (long)theirs["id"]!, 0);

        AssertSameDefinition(ours, theirs);
        Assert.Equal(theirs["req"]!.ToJsonString(), ours["req"]!.ToJsonString());
    }

    [FixtureTheory]
    [InlineData("Basic")]
    [InlineData("Basic (and reversed card)")]
    [InlineData("Basic (optional reversed card)")]
    [InlineData("Basic (type in the answer)")]
    [InlineData("Cloze")]
    public void StockNoteTypesMatchTheOnesAnki2025CreatedExactly(string name)
    {
        using var reference = ReferenceCollection.FromCopy(Collection2025);
        var db = reference.Database;
        var id = db.ScalarLong("select id from notetypes where name = @name", ("@name", name));
        var config = new ProtoMessage((byte[])db.Scalar("select config from notetypes where id = @id", ("@id", id))!);
        var ours = StockNoteTypes.Create(name, id, 0);

        // Notetype config: kind 1, sort field 2, css 3, latex pre/post 5/6, reqs 8, original stock kind 9.
        Assert.Equal((ulong)(int)ours["type"]!, config.Varint(1));
        Assert.Equal((ulong)(int)ours["sortf"]!, config.Varint(2));
        Assert.Equal((string)ours["css"]!, config.Text(3));
        Assert.Equal((string)ours["latexPre"]!, config.Text(5));
        Assert.Equal((string)ours["latexPost"]!, config.Text(6));
        Assert.Equal((ulong)(int)ours["originalStockKind"]!, config.Varint(9));
        var kinds = new[] { "none", "any", "all" };
        var theirReqs = config.Messages(8)
            .Select(r => $"[{r.Varint(1)},\"{kinds[r.Varint(2)]}\",[{string.Join(",", r.Varints(3))}]]");
        Assert.Equal("[" + string.Join(",", theirReqs) + "]", ours["req"]!.ToJsonString());

        // Fields: name; config tag 10 and preventDeletion 11 (only set on the cloze fields).
        var theirFields = Rows(db, "select name, config from fields where ntid = @id order by ord", id);
        var ourFields = ours["flds"]!.AsArray();
        if (db.ScalarLong("select mtime_secs from notetypes where id = @id", ("@id", id)) != 0)
        {
            // The one note type the user changed: the AnkiMorphs add-on appended its own fields to Basic.
            Assert.Equal("Basic", name);
            theirFields = theirFields.Take(ourFields.Count).ToList();
        }

        Assert.Equal(theirFields.Select(f => f.Name), ourFields.Select(f => (string)f!["name"]!));
        foreach (var (theirs, field) in theirFields.Zip(ourFields))
        {
            var tag = field!["tag"];
            Assert.Equal(theirs.Config.Has(10), tag != null);
            if (tag != null)
            {
                Assert.Equal(theirs.Config.Varint(10), (ulong)(int)tag);
            }

            Assert.Equal(theirs.Config.Varint(11) == 1, (bool)field["preventDeletion"]!);
            Assert.Equal(theirs.Config.Text(3), (string)field["font"]!);
            Assert.Equal(theirs.Config.Varint(4), (ulong)(int)field["size"]!);
        }

        // Templates: name; config q_format 1, a_format 2.
        var theirTemplates = Rows(db, "select name, config from templates where ntid = @id order by ord", id);
        var ourTemplates = ours["tmpls"]!.AsArray();
        Assert.Equal(
            theirTemplates.Select(t => (t.Name, t.Config.Text(1), t.Config.Text(2))),
            ourTemplates.Select(t => ((string)t!["name"]!, (string)t["qfmt"]!, (string)t["afmt"]!)));
    }

    /// <summary>Names, fields, templates, kind, LaTeX and styling; styling modulo the line-height rule Anki added in 24.11.</summary>
    private static void AssertSameDefinition(JsonObject ours, JsonObject theirs)
    {
        Assert.Equal((string)theirs["name"]!, (string)ours["name"]!);
        Assert.Equal((int)theirs["type"]!, (int)ours["type"]!);
        Assert.Equal((int)theirs["sortf"]!, (int)ours["sortf"]!);
        Assert.Equal(Names(theirs["flds"]), Names(ours["flds"]));
        Assert.Equal(
            theirs["tmpls"]!.AsArray().Select(t => ((string)t!["name"]!, (string)t["qfmt"]!, (string)t["afmt"]!)),
            ours["tmpls"]!.AsArray().Select(t => ((string)t!["name"]!, (string)t["qfmt"]!, (string)t["afmt"]!)));
        Assert.Equal((string)theirs["latexPre"]!, (string)ours["latexPre"]!);
        Assert.Equal((string)theirs["latexPost"]!, (string)ours["latexPost"]!);
        Assert.Contains(LineHeightRule, (string)ours["css"]!);
        Assert.Equal((string)theirs["css"]!, ((string)ours["css"]!).Replace(LineHeightRule, ""));
    }

    private static IEnumerable<string> Names(JsonNode? array) => array!.AsArray().Select(n => (string)n!["name"]!);

    private static List<(string Name, ProtoMessage Config)> Rows(AnkiSync.Storage.AnkiDatabase db, string sql, long id)
    {
        var rows = new List<(string, ProtoMessage)>();
        using var command = db.Command(sql, ("@id", id));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), new ProtoMessage((byte[])reader[1])));
        }

        return rows;
    }
}
