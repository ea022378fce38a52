using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Collection;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// A note type changed in place (<see cref="AnkiSync.Editing.CollectionEditor.EditNoteType"/>): every refusal with its
/// message, where the sort field goes, what the stored JSON keeps, when notes are rewritten and cards generated, and
/// how templates are rewritten when their fields go.
/// </summary>
public class NoteTypeEditingTests
{
    private static readonly string[] VocabFields = { "Word", "Meaning", "Example" };

    /// <summary>A note type Vocab (Word, Meaning, Example; templates Recognise and Recall) sorted by <paramref name="sortField"/>, with one full note.</summary>
    private static AnkiPackage Package(string sortField = "Word")
    {
        var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "basic", "note" } });
        package.AddNoteType("Vocab", VocabFields,
            new[] { new TemplateDefinition("Recognise", "{{Word}}", "{{Meaning}}"), new TemplateDefinition("Recall", "{{Meaning}}", "{{Word}}") },
            css: ".card { }", sortField: sortField);
        package.AddNote(new NoteInput { NoteType = "Vocab", Values = new[] { "<b>perro</b>", "dog", "el perro" } });
        return package;
    }

    private static AnkiNoteType Edit(AnkiPackage package, NoteTypeChange change, out StructureChangeSummary summary, string name = "Vocab")
    {
        using var editor = package.BeginCollectionEdit();
        var edited = editor.EditNoteType(name, change, out summary);
        editor.Complete();
        return edited;
    }

    private static JsonObject StoredJson(AnkiPackage package, string name = "Vocab")
        => package.Json.Models.Select(p => (JsonObject)p.Value!).Single(m => (string?)m["name"] == name);

    private static string RawFields(AnkiPackage package, string front)
        => (string)package.Db.Scalar("select flds from notes where flds like $f", ("$f", "%" + front + "%"))!;

    /// <summary>
    /// Stores note 5 of Vocab with only two values, "gato" and "cat" (a collection rebuilt elsewhere), its sort field,
    /// checksum and mod as given and usn 0.
    /// </summary>
    private static void StoreShortNote(AnkiPackage package, string sfld, long csum, long mod)
        => package.Db.Execute("insert into notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) "
            + "select 5, 'short', mid, $mod, 0, '', 'gato' || char(31) || 'cat', $sfld, $csum, 0, '' from notes where flds like '%perro%'",
            ("$mod", mod), ("$sfld", sfld), ("$csum", csum));

    public static IEnumerable<object[]> Refusals() => new[]
    {
        new object[] { "last field", "LastFieldRequired", "The field 'Example' is the last field of the note type 'Vocab'; a note type needs at least one." },
        new object[] { "last template", "LastTemplateRequired", "The template 'Recall' is the last card template of the note type 'Vocab'; a note type needs at least one." },
        new object[] { "empty name", "InvalidNoteType", "The note type name '\"\"' is empty once quote characters are removed." },
        new object[] { "name taken", "NoteTypeExists", "The package already has a note type named 'Basic'." },
        new object[] { "field twice", "InvalidNoteType", "The note type 'Vocab' would have two fields named 'Meaning' (names ignore case)." },
        new object[] { "template twice", "InvalidNoteType", "The note type 'Vocab' would have two templates named 'Recognise' (names ignore case)." },
        new object[] { "field order repeats", "InvalidOrder", "The new field order must name each field of 'Vocab' once: Word, Meaning, Example. 'word' is unknown or repeated." },
        new object[] { "field order short", "InvalidOrder", "The new field order must name every field of 'Vocab': Word, Meaning, Example." },
        new object[] { "template order short", "InvalidOrder", "The new template order must name every template of 'Vocab': Recognise, Recall." },
        new object[] { "template order unknown", "InvalidOrder", "The new template order must name each template of 'Vocab' once: Recognise, Recall. 'Use' is unknown or repeated." },
        new object[] { "unknown field", "UnknownField", "The note type 'Vocab' has no field named 'Nope'. Its fields are: Word, Meaning, Example." },
        new object[] { "unknown sort field", "UnknownField", "The note type 'Vocab' has no field named 'Nope'. Its fields are: Word, Meaning, Example." },
        new object[] { "unknown template", "UnknownTemplate", "The note type 'Vocab' has no card template named 'Nope'. Its templates are: Recognise, Recall." },
        new object[] { "empty field name", "InvalidNoteType", "Field name ':{}' of note type 'Vocab' is empty once Anki removes : { } \" and leading # / ^ and whitespace." },
        new object[] { "empty template name", "InvalidNoteType", "Template name '\"' of note type 'Vocab' is empty once quote characters are removed." },
        new object[] { "field in wrong case", "UnknownTemplateField", "The back of template 'Use' of note type 'Vocab' names the field 'word', which the note type does not have (field names are case-sensitive in templates: write '{{Word}}'). Its fields are: Word, Meaning, Example." },
        new object[] { "unknown template field", "UnknownTemplateField", "The front of template 'Use' of note type 'Vocab' names the field 'Nope', which the note type does not have. Its fields are: Word, Meaning, Example." },
        new object[] { "template does not parse", "InvalidTemplate", "The front of template 'Use' of note type 'Vocab' does not parse: " },
    };

    private static NoteTypeChange Refused(string what) => what switch
    {
        "last field" => new NoteTypeChange { RemoveFields = VocabFields },
        "last template" => new NoteTypeChange { RemoveTemplates = new[] { "Recognise", "Recall" } },
        "empty name" => new NoteTypeChange { NewName = "\"\"" },
        "name taken" => new NoteTypeChange { NewName = "basic" },
        "field twice" => new NoteTypeChange { AddFields = new[] { "meaning" } },
        "template twice" => new NoteTypeChange { RenameTemplates = new[] { new KeyValuePair<string, string>("Recall", "recognise") } },
        "field order repeats" => new NoteTypeChange { FieldOrder = new[] { "Word", "word", "Example" } },
        "field order short" => new NoteTypeChange { FieldOrder = new[] { "Word", "Meaning" } },
        "template order short" => new NoteTypeChange { TemplateOrder = new[] { "Recall" } },
        "template order unknown" => new NoteTypeChange { TemplateOrder = new[] { "Recall", "Use" } },
        "unknown field" => new NoteTypeChange { RemoveFields = new[] { "Nope" } },
        "unknown sort field" => new NoteTypeChange { SortField = "Nope" },
        "unknown template" => new NoteTypeChange { SetTemplates = new[] { new TemplateChange("Nope", "{{Word}}", null) } },
        "empty field name" => new NoteTypeChange { AddFields = new[] { ":{}" } },
        "empty template name" => new NoteTypeChange { RenameTemplates = new[] { new KeyValuePair<string, string>("Recall", "\"") } },
        "field in wrong case" => new NoteTypeChange { AddTemplates = new[] { new TemplateDefinition("Use", "{{Word}}", "{{word}}") } },
        "unknown template field" => new NoteTypeChange { AddTemplates = new[] { new TemplateDefinition("Use", "{{Nope}}", "{{Word}}") } },
        "template does not parse" => new NoteTypeChange { AddTemplates = new[] { new TemplateDefinition("Use", "{{#Word}}", "{{Word}}") } },
        _ => throw new System.ArgumentOutOfRangeException(nameof(what)),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void ARefusedChangeSaysWhyAndChangesNothing(string what, string reason, string message)
    {
        using var package = Package();
        package.State.MarkSaved();
        string before = StoredJson(package).ToJsonString();
        using (var editor = package.BeginCollectionEdit())
        {
            var error = Assert.Throws<AnkiException>(() => editor.EditNoteType("Vocab", Refused(what), out _));
            Assert.Equal(reason, error.Reason);
            Assert.StartsWith(message, error.Message, System.StringComparison.Ordinal);
            editor.Complete();
        }

        Assert.Equal(before, StoredJson(package).ToJsonString());
        Assert.False(package.IsModified);
    }

    [Fact]
    public void AClozeNoteTypeTakesNoSecondTemplate()
    {
        using var package = AnkiPackage.Create();
        package.AddNoteType("Gaps", new[] { "Text", "Extra" }, new[] { new TemplateDefinition("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>{{Extra}}") }, cloze: true);
        using var editor = package.BeginCollectionEdit();
        var error = Assert.Throws<AnkiException>(() => editor.EditNoteType("Gaps", new NoteTypeChange { AddTemplates = new[] { new TemplateDefinition("Two", "{{Text}}", "{{Extra}}") } }, out _));
        Assert.Equal(("InvalidNoteType", "The note type 'Gaps' is a cloze note type, which has exactly one card template (Anki makes one card per cloze number)."), (error.Reason, error.Message));
    }

    [Fact]
    public void ARenameInAnotherCaseOfItsOwnNameIsAllowedAndKeepsTheStyling()
    {
        using var package = Package();
        var renamed = Edit(package, new NoteTypeChange { NewName = "VOCAB" }, out var summary);
        Assert.Equal(("VOCAB", ".card { }", false), (renamed.Name, renamed.Css, summary.SchemaChanged));
        Assert.Equal("VOCAB", (string?)StoredJson(package, "VOCAB")["name"]);
        var styled = Edit(package, new NoteTypeChange { Css = ".card { color: red }" }, out _, "VOCAB");
        Assert.Equal(".card { color: red }", (string?)StoredJson(package, "VOCAB")["css"]);
        Assert.Equal("VOCAB", styled.Name);
    }

    [Fact]
    public void FieldsReorderedMoveEveryNotesValuesWithThem()
    {
        using var package = Package(sortField: "Example");
        // A note stored with fewer values than the note type has fields (a collection rebuilt elsewhere).
        StoreShortNote(package, sfld: "", csum: 0, mod: 0);
        Edit(package, new NoteTypeChange { FieldOrder = new[] { "Meaning", "Word", "Example" } }, out var summary);
        Assert.Equal(2, summary.NotesChanged);
        Assert.Equal("dog\u001f<b>perro</b>\u001fel perro", RawFields(package, "perro"));
        Assert.Equal("cat\u001fgato\u001f", RawFields(package, "gato"));
        Assert.Equal("Example", package.GetNoteTypes().Single(t => t.Name == "Vocab").SortField);
        Assert.Equal(new[] { ("Meaning", 0L), ("Word", 1L), ("Example", 2L) },
            ((JsonArray)StoredJson(package)["flds"]!).Select(f => ((string)f!["name"]!, CollectionJson.ReadLong(f["ord"]))));
    }

    [Theory]
    [InlineData("Example", "Example", "Meaning")] // removed last: the old index, capped at the new last field
    [InlineData("Meaning", "Word", "Meaning")] // the sort field follows its field to the front
    [InlineData("Word", "Example", "Word")] // a field after it removed: it stays
    public void TheSortFieldFollowsItsFieldOrStaysAtItsIndex(string sortField, string removed, string expected)
    {
        using var package = Package(sortField);
        var edited = Edit(package, new NoteTypeChange { RemoveFields = new[] { removed } }, out _);
        Assert.Equal(expected, edited.SortField);
    }

    [Fact]
    public void TheFirstFieldCanBeTheSortField()
    {
        using var package = Package(sortField: "Example");
        Assert.Equal("Word", Edit(package, new NoteTypeChange { SortField = "word" }, out var summary).SortField);
        Assert.True(summary.SchemaChanged);
        Assert.Equal("perro", package.Db.Scalar("select sfld from notes where flds like '%perro%'"));
    }

    [Fact]
    public void NewFieldsAndTemplatesGetAnkisShapeAndTheLegacyRequirementsFollow()
    {
        using var package = Package();
        Edit(package, new NoteTypeChange { AddFields = new[] { "Notes" }, AddTemplates = new[] { new TemplateDefinition("Use", "{{Example}}", "{{Word}}") } }, out var summary);
        var json = StoredJson(package);
        var field = ((JsonArray)json["flds"]!).Last()!;
        Assert.Equal(("Notes", 3L), ((string)field["name"]!, CollectionJson.ReadLong(field["ord"])));
        Assert.NotNull(field["font"]);
        Assert.NotNull(field["sticky"]);
        var template = ((JsonArray)json["tmpls"]!).Last()!;
        Assert.Equal(("Use", 2L, "{{Example}}"), ((string)template["name"]!, CollectionJson.ReadLong(template["ord"]), (string)template["qfmt"]!));
        Assert.NotNull(template["bqfmt"]);
        Assert.Equal(3, ((JsonArray)json["req"]!).Count);
        Assert.Equal(1, summary.CardsAdded);
        Assert.True(summary.SchemaChanged);
    }

    [Fact]
    public void AFrontThatNowNamesAFilledFieldMakesTheCardsItCan()
    {
        using var package = Package();
        package.AddNote(new NoteInput { NoteType = "Vocab", Values = new[] { "gato", "", "el gato" } });
        long cards = package.CardCount;
        var edited = Edit(package, new NoteTypeChange { SetTemplates = new[] { new TemplateChange("Recall", "{{Example}}", null) } }, out var summary);
        Assert.Equal(("{{Example}}", "{{Word}}"), (edited.Templates[1].Front, edited.Templates[1].Back));
        Assert.Equal((1, false), (summary.CardsAdded, summary.SchemaChanged));
        Assert.Equal(cards + 1, package.CardCount);
    }

    [Fact]
    public void FieldsAndTemplatesAreReadInTheirOrdinalOrderWhateverTheArrayOrder()
    {
        using var package = Package();
        var model = package.State.FindNoteType("Vocab")!.Json;
        foreach (string key in new[] { "flds", "tmpls" })
        {
            var array = (JsonArray)model[key]!;
            var items = array.ToList();
            array.Clear();
            foreach (var item in Enumerable.Reverse(items))
            {
                array.Add(item);
            }
        }

        var edited = Edit(package, new NoteTypeChange { Css = "x" }, out _);
        Assert.Equal(VocabFields, edited.Fields);
        Assert.Equal(new[] { "Recognise", "Recall" }, edited.Templates.Select(t => t.Name));
    }

    [Fact]
    public void ARemovedFieldLeavesTheFrontsAndTheBrowserQuestionWithTheFirstField()
    {
        using var package = Package();
        foreach (var template in ((JsonArray)package.State.FindNoteType("Vocab")!.Json["tmpls"]!).Select(t => (JsonObject)t!))
        {
            template["bqfmt"] = "{{Meaning}}";
            template["bafmt"] = "{{Meaning}}";
        }

        var edited = Edit(package, new NoteTypeChange { RemoveFields = new[] { "Meaning" } }, out _);
        Assert.Equal(("{{Word}}", ""), (edited.Templates[0].Front, edited.Templates[0].Back));
        Assert.Equal(("{{Word}}", "{{Word}}"), (edited.Templates[1].Front, edited.Templates[1].Back));
        foreach (var template in ((JsonArray)StoredJson(package)["tmpls"]!).Select(t => (JsonObject)t!))
        {
            Assert.Equal(("{{Word}}", ""), ((string?)template["bqfmt"], (string?)template["bafmt"]));
        }
    }

    [Fact]
    public void AClozeTypesRemovedTextFieldLeavesEverySideWithAClozeOfTheFirstField()
    {
        using var package = AnkiPackage.Create();
        package.AddNoteType("Gaps", new[] { "Text", "Extra" }, new[] { new TemplateDefinition("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>{{Extra}}") }, cloze: true);
        var template = (JsonObject)((JsonArray)package.State.FindNoteType("Gaps")!.Json["tmpls"]!)[0]!;
        template["bafmt"] = "{{cloze:Text}}";
        var edited = Edit(package, new NoteTypeChange { RemoveFields = new[] { "Text" } }, out _, "Gaps");
        Assert.Contains("{{cloze:Extra}}", edited.Templates[0].Front, System.StringComparison.Ordinal);
        Assert.Contains("{{cloze:Extra}}", edited.Templates[0].Back, System.StringComparison.Ordinal);
        Assert.Contains("{{cloze:Extra}}", (string?)((JsonObject)((JsonArray)StoredJson(package, "Gaps")["tmpls"]!)[0]!)["bafmt"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void ANoteWhoseStoredValuesAlreadyFitIsLeftAlone()
    {
        using var package = Package();
        StoreShortNote(package, sfld: "gato", csum: AnkiSync.Text.FieldChecksum.Compute("gato"), mod: 7);
        Edit(package, new NoteTypeChange { RemoveFields = new[] { "Example" } }, out var summary);
        Assert.Equal(1, summary.NotesChanged);
        Assert.Equal((7L, 0L), (package.Db.ScalarLong("select mod from notes where id = 5"), package.Db.ScalarLong("select usn from notes where id = 5")));
        Assert.Equal("<b>perro</b>\u001fdog", RawFields(package, "perro"));
    }

    [Fact]
    public void ATemplateOnTagsMakesCardsForTaggedNotesOnly()
    {
        using var package = Package();
        package.AddNote(new NoteInput { NoteType = "Vocab", Values = new[] { "gato", "cat", "" }, Tags = new[] { "animals" } });
        Edit(package, new NoteTypeChange { AddTemplates = new[] { new TemplateDefinition("Tagged", "{{#Tags}}{{Word}}{{/Tags}}", "{{Meaning}}") } }, out var summary);
        Assert.Equal(1, summary.CardsAdded);
        Assert.Equal(1, package.Db.ScalarLong("select count(*) from cards c join notes n on n.id = c.nid where c.ord = 2 and n.flds like 'gato%'"));
    }
}
