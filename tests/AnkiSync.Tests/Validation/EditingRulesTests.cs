using System.Collections.Generic;
using System.IO;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Packages;
using AnkiSync.Tests.Engine.Reading;

namespace AnkiSync.Tests.Validation;

/// <summary>
/// Writing and editing through the engine, checked file by file with the independent <see cref="AnkiRules"/>: a note
/// type whose sort field is not its first field and whose fields carry HTML and entities, so that csum (first field)
/// and sfld (sort field) can only both be right if each is computed from the right field and stripped; edits of the
/// first field, the sort field, tags, a field that makes a conditional template's card appear; removals; cloze notes.
/// </summary>
public class EditingRulesTests
{
    public static IEnumerable<object[]> Formats() => new[] { PackageVersion.Legacy1, PackageVersion.Legacy2, PackageVersion.Latest }.Select(v => new object[] { v });

    private static AnkiPackage NewVocabularyPackage()
    {
        var package = AnkiPackage.Create();
        package.AddNoteType(
            "Vocab",
            new[] { "Word", "Meaning", "Notes" },
            new[]
            {
                new TemplateDefinition("Recognise", "{{Word}}", "{{FrontSide}}<hr id=answer>{{Meaning}}"),
                new TemplateDefinition("Recall", "{{#Notes}}{{Meaning}}{{/Notes}}", "{{FrontSide}}<hr id=answer>{{Word}}"),
            },
            sortField: "Meaning");
        return package;
    }

    private static NoteInput Vocab(string word, string meaning, string notes, params string[] tags)
        => new() { NoteType = "Vocab", Values = new[] { word, meaning, notes }, Tags = tags, Deck = "Lang::Spanish" };

    private static string Export(ScratchFolder folder, AnkiPackage package, PackageVersion version, string name)
    {
        string path = folder.Combine($"{name}-{version}.apkg");
        package.Export(path, version);
        return path;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void AddingNotesWhoseSortFieldIsNotTheFirstFollowsTheRules(PackageVersion version)
    {
        using var folder = new ScratchFolder();
        using var package = NewVocabularyPackage();
        package.AddNote(Vocab("<b>perro</b>", "<i>dog</i> &amp; pup", "", "animal", "noun::common"));
        package.AddNote(Vocab("gato<br>", "cat&nbsp;", "a pet"));
        package.AddNote(Vocab("<img src=\"sol.jpg\">", "sun <span style=\"color:red\">star</span>", ""));
        using (var image = new MemoryStream(new byte[] { 1, 2, 3 }))
        {
            package.AddMedia("sol.jpg", image);
        }

        package.AddNote(new NoteInput { NoteType = "Cloze", Values = new[] { "{{c2::only two}} and {{c0::zero}}", "" } });
        package.AddNote(new NoteInput { NoteType = "Cloze", Values = new[] { "no cloze at all", "" } });
        package.AddNote(new NoteInput { NoteType = "Basic (optional reversed card)", Values = new[] { "front", "back", "" } });
        package.AddNote(new NoteInput { NoteType = "Basic (optional reversed card)", Values = new[] { "front 2", "back 2", "y" } });

        string path = Export(folder, package, version, "added");
        AnkiRules.AssertValid(path);
        using var raw = RawFixture.Load(path);
        // The rules decide; these pin the two values this test is built around.
        var perro = raw.Notes.Single(n => n.Fields.StartsWith("<b>perro", System.StringComparison.Ordinal));
        Assert.Equal("dog & pup", perro.SortFieldText);
        Assert.Equal(AnkiRules.Checksum("perro"), perro.Checksum);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void EditingFieldsAndTagsKeepsChecksumSortFieldCardsAndTagsRight(PackageVersion version)
    {
        using var folder = new ScratchFolder();
        using var package = NewVocabularyPackage();
        var perro = package.AddNote(Vocab("perro", "dog", "", "animal"));
        var gato = package.AddNote(Vocab("gato", "cat", "", "animal", "pet"));
        var casa = package.AddNote(Vocab("casa", "house", ""));
        AnkiRules.AssertValid(Export(folder, package, version, "before"));

        using (var editor = package.BeginNoteEdit())
        {
            // The first field only: csum changes, sfld does not.
            editor.Update(perro.Id, new NoteChange { Fields = new Dictionary<string, string?> { ["Word"] = "<u>el perro</u>" } });
            // The sort field only: sfld changes, csum does not.
            editor.Update(gato.Id, new NoteChange { Fields = new Dictionary<string, string?> { ["Meaning"] = "<b>cat</b>&amp;kitten" }, AddTags = new[] { "Animal", "new::tag" }, RemoveTags = new[] { "pet" } });
            // A field that makes the conditional "Recall" card appear.
            editor.Update(casa.Id, new NoteChange { Fields = new Dictionary<string, string?> { ["Notes"] = "feminine" }, Tags = new[] { "b", "a" } });
            editor.Complete();
        }

        string path = Export(folder, package, version, "edited");
        AnkiRules.AssertValid(path);
        using var raw = RawFixture.Load(path);
        var edited = raw.Notes.ToDictionary(n => n.Id);
        Assert.Equal(AnkiRules.Checksum("el perro"), edited[perro.Id].Checksum);
        Assert.Equal("dog", edited[perro.Id].SortFieldText);
        Assert.Equal(AnkiRules.Checksum("gato"), edited[gato.Id].Checksum);
        Assert.Equal("cat&kitten", edited[gato.Id].SortFieldText);
        Assert.Equal(new[] { 0, 1 }, raw.Cards.Where(c => c.NoteId == casa.Id).Select(c => c.Ord).OrderBy(o => o));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void RemovingNotesLeavesNoCardOrReferenceBehind(PackageVersion version)
    {
        using var folder = new ScratchFolder();
        using var package = NewVocabularyPackage();
        var first = package.AddNote(Vocab("uno", "one", "x"));
        package.AddNote(Vocab("dos", "two", ""));
        using (var editor = package.BeginNoteEdit())
        {
            editor.Remove(first.Id);
            editor.Complete();
        }

        string path = Export(folder, package, version, "removed");
        AnkiRules.AssertValid(path);
        using var raw = RawFixture.Load(path);
        Assert.DoesNotContain(raw.Cards, c => c.NoteId == first.Id);
        Assert.Single(raw.Notes);
    }

    [FixtureTheory]
    [MemberData(nameof(Formats))]
    public void EditingARealCollectionAddsNoViolation(PackageVersion version)
    {
        const string fixture = "anki2.1.50plus-latest-apkg-anki21b-basic-19notes.apkg";
        using var folder = new ScratchFolder();
        string source = FixtureFiles.CopyTo(folder.Combine("source"), fixture);
        using var package = AnkiPackage.Open(source);
        var note = package.GetNotes().First();
        using (var editor = package.BeginNoteEdit())
        {
            editor.Update(note.Id, new NoteChange { Fields = new Dictionary<string, string?> { [(string)note.Fields.Keys.Cast<object>().First()] = "<b>changed</b> first" }, AddTags = new[] { "edited" } });
            editor.Complete();
        }

        package.AddNote(new NoteInput { Values = new[] { "added to a real file", "x" } });
        string path = Export(folder, package, version, "real-edited");
        var before = AnkiRules.Check(source, AnkiRulesTests.RealFile);
        var after = AnkiRules.Check(path, AnkiRulesTests.RealFile with { RequireNextPosition = true, RequirePaddedTags = true });
        Assert.True(!after.Except(before).Any(), string.Join("\n", after.Except(before)));
    }
}
