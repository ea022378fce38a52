using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AnkiSync.Collection;
using AnkiSync.Packages;
using AnkiSync.Tests.Engine.Reading;

namespace AnkiSync.Tests.Validation;

/// <summary>
/// Decks, presets and note types changed on real packages, exported in every format and checked raw: the rows Anki
/// would have stored (names, ordinals, graves, usn/mod) by SQL, and every other rule by the independent
/// <see cref="AnkiRules"/> checker, which must find no violation the source did not already have.
/// </summary>
public class StructureRulesTests
{
    public static IEnumerable<object[]> Formats() => new[] { PackageVersion.Legacy1, PackageVersion.Legacy2, PackageVersion.Latest }.Select(v => new object[] { v });

    private static long Scalar(AnkiPackage package, string sql, params (string Name, object? Value)[] parameters)
    {
        var rows = package.ExecuteSql(sql, parameters.ToDictionary(p => p.Name, p => p.Value), out _, out _);
        return Convert.ToInt64(rows[0].Values.First());
    }

    private static string Export(ScratchFolder folder, AnkiPackage package, PackageVersion version, string name)
    {
        string path = folder.Combine($"{name}-{version}.apkg");
        package.Export(path, version);
        return path;
    }

    private static void AssertNoNewViolation(string source, string exported)
    {
        var before = AnkiRules.Check(source, AnkiRulesTests.RealFile);
        var after = AnkiRules.Check(exported, AnkiRulesTests.RealFile);
        Assert.True(!after.Except(before).Any(), string.Join("\n", after.Except(before)));
    }

    [FixtureTheory]
    [MemberData(nameof(Formats))]
    public void RenamingADeckMovesItsSubdecksAndKeepsTheirCards(PackageVersion version)
    {
        const string fixture = "ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg";
        using var folder = new ScratchFolder();
        string source = FixtureFiles.CopyTo(folder.Combine("source"), fixture);
        using var package = AnkiPackage.Open(source);
        var decksBefore = package.GetDecks().ToDictionary(d => d.Id, d => d.Name);
        long cardsBefore = package.CardCount;
        using (var editor = package.BeginCollectionEdit())
        {
            var renamed = editor.RenameDeck("vocabulaire JAPONAIS", "Langues::Japonais");
            Assert.Equal("Langues::Japonais", renamed.Name);
            editor.Complete();
        }

        var decks = package.GetDecks();
        Assert.Contains(decks, d => d.Name == "Langues" && d.ParentName == null);
        var children = decks.Where(d => d.Name.StartsWith("Langues::Japonais::", StringComparison.Ordinal)).ToList();
        Assert.Equal(decksBefore.Values.Count(n => n.StartsWith("Vocabulaire japonais::", StringComparison.Ordinal)), children.Count);
        Assert.All(children, c => Assert.Equal("Langues::Japonais::" + decksBefore[c.Id].Substring("Vocabulaire japonais::".Length), c.Name));
        Assert.DoesNotContain(decks, d => d.Name.StartsWith("Vocabulaire", StringComparison.Ordinal));
        Assert.Equal(cardsBefore, package.CardCount);
        using (var json = JsonDocument.Parse(package.ExecuteSql("select decks from col", null, out _, out _)[0]["decks"]!.ToString()!))
        {
            foreach (var deck in json.RootElement.EnumerateObject().Select(p => p.Value).Where(d => d.GetProperty("name").GetString()!.StartsWith("Langues", StringComparison.Ordinal)))
            {
                Assert.Equal(-1, deck.GetProperty("usn").GetInt32());
                Assert.True(deck.GetProperty("mod").GetInt64() >= DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);
            }
        }

        string path = Export(folder, package, version, "renamed");
        AssertNoNewViolation(source, path);
        using var raw = RawFixture.Load(path);
        Assert.Contains(raw.Decks, d => d.Name == "Langues::Japonais");
        Assert.DoesNotContain(raw.Decks, d => d.Name.StartsWith("Vocabulaire", StringComparison.Ordinal));
        Assert.Equal(cardsBefore, raw.Cards.Count);
    }

    [Fact]
    public void RenamingIsRefusedOntoAnotherDeckOrIntoItsOwnSubtree()
    {
        using var package = AnkiPackage.Create();
        package.AddDeck("A::B");
        package.AddDeck("C");
        using var editor = package.BeginCollectionEdit();
        Assert.Equal("DeckExists", Assert.Throws<AnkiException>(() => editor.RenameDeck("A", "c")).Reason);
        Assert.Equal("InvalidDeckName", Assert.Throws<AnkiException>(() => editor.RenameDeck("A", "A::B::A")).Reason);
        Assert.Equal("DeckNotFound", Assert.Throws<AnkiException>(() => editor.RenameDeck("Nope", "X")).Reason);
        // A case-only rename of the same deck is allowed.
        Assert.Equal("a::B", editor.RenameDeck("A", "a").Name + "::B");
        editor.Complete();
        Assert.Contains(package.GetDecks(), d => d.Name == "a::B");
    }

    [FixtureTheory]
    [MemberData(nameof(Formats))]
    public void RemovingADeckRemovesSubdecksCardsAndOrphanedNotesWithGraves(PackageVersion version)
    {
        const string fixture = "anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg";
        using var folder = new ScratchFolder();
        string source = FixtureFiles.CopyTo(folder.Combine("source"), fixture);
        using var package = AnkiPackage.Open(source);
        var removed = package.GetDecks().Where(d => d.Name == "1-TEMPLATES::Anatomy" || d.Name.StartsWith("1-TEMPLATES::Anatomy::", StringComparison.Ordinal)).ToList();
        Assert.Contains(removed, d => d.IsFiltered);
        string ids = string.Join(",", removed.Select(d => d.Id));
        // Cards that live in the removed decks, counting filtered cards by their home deck.
        long inRemoved = Scalar(package, $"select count(*) from cards where (case when odid <> 0 then odid else did end) in ({ids})");
        long filteredHomeElsewhere = Scalar(package, $"select count(*) from cards where did in ({ids}) and odid <> 0 and odid not in ({ids})");
        long notesBefore = package.NoteCount;
        long cardsBefore = package.CardCount;
        long orphans = Scalar(package, $"select count(*) from notes n where exists (select 1 from cards c where c.nid = n.id) and not exists (select 1 from cards c where c.nid = n.id and (case when c.odid <> 0 and c.did in ({ids}) then c.odid else c.did end) not in ({ids}))");
        long gravesBefore = Scalar(package, "select count(*) from graves");
        StructureChangeSummary summary;
        using (var editor = package.BeginCollectionEdit())
        {
            summary = editor.RemoveDeck("1-templates::anatomy");
            editor.Complete();
        }

        Assert.Equal(removed.Count, summary.DecksRemoved);
        Assert.Equal(inRemoved, summary.CardsRemoved);
        Assert.Equal(orphans, summary.NotesRemoved);
        Assert.True(inRemoved > 0 && orphans > 0);
        Assert.Equal(cardsBefore - inRemoved, package.CardCount);
        Assert.Equal(notesBefore - orphans, package.NoteCount);
        Assert.Equal(inRemoved, Scalar(package, "select count(*) from graves where type = 0") - Scalar(package, "select count(*) from graves where type = 0 and oid in (select id from cards)"));
        Assert.Equal(gravesBefore + inRemoved + orphans + removed.Count, Scalar(package, "select count(*) from graves"));
        Assert.Equal(removed.Count, Scalar(package, $"select count(*) from graves where type = 2 and oid in ({ids}) and usn = -1"));
        Assert.Equal(0, Scalar(package, "select count(*) from notes n where not exists (select 1 from cards c where c.nid = n.id)"));
        // Cards of a removed filtered deck whose home deck stays went home, out of the filtered deck.
        Assert.Equal(0, Scalar(package, $"select count(*) from cards where did in ({ids}) or odid in ({ids})"));
        Assert.True(cardsBefore - inRemoved + filteredHomeElsewhere >= package.CardCount);

        string path = Export(folder, package, version, "removed");
        AssertNoNewViolation(source, path);
        using var raw = RawFixture.Load(path);
        Assert.DoesNotContain(raw.Decks, d => d.Name.StartsWith("1-TEMPLATES::Anatomy", StringComparison.Ordinal));
        Assert.All(raw.Cards, c => Assert.Contains(raw.Decks, d => d.Id == c.DeckId));
    }

    [Fact]
    public void TheDefaultDeckCannotBeRemoved()
    {
        using var package = AnkiPackage.Create();
        using var editor = package.BeginCollectionEdit();
        Assert.Equal("DefaultDeckRequired", Assert.Throws<AnkiException>(() => editor.RemoveDeck("Default")).Reason);
    }

    [FixtureTheory]
    [MemberData(nameof(Formats))]
    public void PresetsAreCreatedChangedAndGivenToDecks(PackageVersion version)
    {
        const string fixture = "anki2.1.50plus-latest-apkg-anki21b-basic-19notes.apkg";
        using var folder = new ScratchFolder();
        string source = FixtureFiles.CopyTo(folder.Combine("source"), fixture);
        using var package = AnkiPackage.Open(source);
        AnkiDeckConfig exam;
        using (var editor = package.BeginCollectionEdit())
        {
            exam = editor.AddDeckConfig("Exam", new DeckConfigChange { NewPerDay = 50, LearningSteps = new[] { 1.0, 10, 60 }, StartingEase = 2.3 });
            editor.SetDeckConfig("exam", new DeckConfigChange { ReviewsPerDay = 500, MaximumInterval = 180, RelearningSteps = Array.Empty<double>() });
            editor.SetDeck("Newly learned words", "<b>words</b>", "Exam");
            Assert.Equal("InvalidDeckConfig", Assert.Throws<AnkiException>(() => editor.SetDeckConfig("Exam", new DeckConfigChange { StartingEase = 1.0 })).Reason);
            Assert.Equal("InvalidDeckConfig", Assert.Throws<AnkiException>(() => editor.SetDeckConfig("Exam", new DeckConfigChange { NewPerDay = 10000 })).Reason);
            Assert.Equal("DeckConfigExists", Assert.Throws<AnkiException>(() => editor.AddDeckConfig("EXAM", new DeckConfigChange())).Reason);
            Assert.Equal("DeckConfigNotFound", Assert.Throws<AnkiException>(() => editor.SetDeck("Default", null, "Nope")).Reason);
            editor.Complete();
        }

        var config = package.GetDeckConfigs().Single(c => c.Name == "Exam");
        Assert.Equal(exam.Id, config.Id);
        Assert.Equal((50, 500, 180, 2.3), (config.NewPerDay, config.ReviewsPerDay, config.MaximumInterval, config.StartingEase));
        Assert.Equal(new[] { 1.0, 10, 60 }, config.LearningSteps);
        Assert.Empty(config.RelearningSteps);
        Assert.Equal(new[] { "Newly learned words" }, config.Decks);
        Assert.Equal("<b>words</b>", package.GetDecks().Single(d => d.Name == "Newly learned words").Description);

        string path = Export(folder, package, version, "presets");
        AssertNoNewViolation(source, path);
        using var raw = RawFixture.Load(path);
        long deckId = raw.Decks.Single(d => d.Name == "Newly learned words").Id;
        Assert.Equal(exam.Id, raw.DeckPresets[deckId]);
        Assert.Contains(exam.Id, raw.Presets);
        if (raw.Schema == 11)
        {
            using var dconf = JsonDocument.Parse(raw.ColJson["dconf"]);
            var stored = dconf.RootElement.GetProperty(exam.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(50, stored.GetProperty("new").GetProperty("perDay").GetInt32());
            Assert.Equal(2300, stored.GetProperty("new").GetProperty("initialFactor").GetInt32());
            Assert.Equal(500, stored.GetProperty("rev").GetProperty("perDay").GetInt32());
            Assert.Equal(180, stored.GetProperty("rev").GetProperty("maxIvl").GetInt32());
            Assert.Equal(0, stored.GetProperty("lapse").GetProperty("delays").GetArrayLength());
        }
    }

    [FixtureTheory]
    [MemberData(nameof(Formats))]
    public void EditingANoteTypeRewritesTemplatesNotesAndCardsAsAnkiDoes(PackageVersion version)
    {
        const string fixture = "anki2.1.50plus-latest-apkg-anki21b-basic-19notes.apkg";
        using var folder = new ScratchFolder();
        string source = FixtureFiles.CopyTo(folder.Combine("source"), fixture);
        using var package = AnkiPackage.Open(source);
        var before = package.GetNotes().ToDictionary(n => n.Id, n => ((string)n.Fields["Front"]!, (string)n.Fields["Back"]!));
        long scmBefore = Scalar(package, "select scm from col");
        AnkiNoteType edited;
        StructureChangeSummary summary;
        using (var editor = package.BeginCollectionEdit())
        {
            edited = editor.EditNoteType("Basic", new NoteTypeChange
            {
                RenameFields = new[] { new KeyValuePair<string, string>("Front", "Question") },
                AddFields = new[] { "Hint" },
                FieldOrder = new[] { "Back", "Hint", "Question" },
                AddTemplates = new[] { new TemplateDefinition("Reverse", "{{Back}}", "{{FrontSide}}<hr id=answer>{{Question}}") },
                SortField = "Question",
            }, out summary);
            editor.Complete();
        }

        Assert.True(summary.SchemaChanged);
        Assert.Equal(new[] { "Back", "Hint", "Question" }, edited.Fields);
        Assert.Equal("Question", edited.SortField);
        Assert.Contains("{{Question}}", edited.Templates[0].Front);
        Assert.DoesNotContain("{{Front}}", edited.Templates[0].Front + edited.Templates[0].Back);
        Assert.Equal(before.Count, summary.NotesChanged);
        Assert.Equal(before.Count, summary.CardsAdded);
        Assert.True(Scalar(package, "select scm from col") > scmBefore);
        Assert.Equal(before.Count, Scalar(package, "select count(*) from notes where usn = -1"));
        Assert.Equal(before.Count, Scalar(package, "select count(*) from cards where ord = 1 and usn = -1 and type = 0"));

        // Removing the new template again deletes its cards, recorded in graves.
        long gravesBefore = Scalar(package, "select count(*) from graves where type = 0");
        using (var editor = package.BeginCollectionEdit())
        {
            editor.EditNoteType("basic", new NoteTypeChange { RemoveTemplates = new[] { "Card 1" }, RenameTemplates = new[] { new KeyValuePair<string, string>("Reverse", "Back to front") } }, out summary);
            editor.Complete();
        }

        Assert.Equal(before.Count, summary.CardsRemoved);
        Assert.Equal(gravesBefore + before.Count, Scalar(package, "select count(*) from graves where type = 0"));
        Assert.Equal(0, Scalar(package, "select count(*) from cards where ord <> 0"));

        string path = Export(folder, package, version, "notetype");
        AssertNoNewViolation(source, path);
        using var raw = RawFixture.Load(path);
        var type = raw.NoteTypes.Single(t => t.Name == "Basic");
        Assert.Equal(new[] { "Back", "Hint", "Question" }, type.Fields);
        Assert.Equal(2, type.SortFieldIndex);
        Assert.Equal(new[] { "Back to front" }, type.Templates.Select(t => t.Name));
        foreach (var note in raw.Notes)
        {
            var (front, back) = before[note.Id];
            Assert.Equal(back + "\u001f\u001f" + front, note.Fields);
        }

        Assert.Equal(before.Count, raw.Cards.Count);
    }

    [Fact]
    public void ATemplateThatNamesAMissingFieldIsRefusedWhenDefined()
    {
        using var package = AnkiPackage.Create();
        var error = Assert.Throws<AnkiException>(() => package.AddNoteType("T", new[] { "Word" }, new[] { new TemplateDefinition("Card 1", "{{Wrod}}", "{{Word}}") }));
        Assert.Equal("UnknownTemplateField", error.Reason);
        Assert.Equal("UnknownTemplateField", Assert.Throws<AnkiException>(() => package.AddNoteType("T", new[] { "Word" }, new[] { new TemplateDefinition("Card 1", "{{word}}", "") })).Reason);
        Assert.Equal("InvalidTemplate", Assert.Throws<AnkiException>(() => package.AddNoteType("T", new[] { "Word" }, new[] { new TemplateDefinition("Card 1", "{{#Word}}x", "") })).Reason);
        package.AddNoteType("T", new[] { "Word", "Meaning" }, new[] { new TemplateDefinition("Card 1", "<i>{{Word}}</i>", "{{FrontSide}}{{Tags}}{{Meaning}}") });
        using var editor = package.BeginCollectionEdit();
        Assert.Equal("UnknownTemplateField", Assert.Throws<AnkiException>(() => editor.EditNoteType("T", new NoteTypeChange { AddTemplates = new[] { new TemplateDefinition("Card 2", "{{Missing}}", "") } }, out _)).Reason);
        Assert.Equal("UnknownTemplateField", Assert.Throws<AnkiException>(() => editor.EditNoteType("T", new NoteTypeChange { SetTemplates = new[] { new TemplateChange("Card 1", null, "{{Gone}}") } }, out _)).Reason);
        Assert.Equal("LastTemplateRequired", Assert.Throws<AnkiException>(() => editor.EditNoteType("T", new NoteTypeChange { RemoveTemplates = new[] { "Card 1" } }, out _)).Reason);
        Assert.Equal("LastFieldRequired", Assert.Throws<AnkiException>(() => editor.EditNoteType("T", new NoteTypeChange { RemoveFields = new[] { "Word", "Meaning" } }, out _)).Reason);
        Assert.Equal("InvalidOrder", Assert.Throws<AnkiException>(() => editor.EditNoteType("T", new NoteTypeChange { FieldOrder = new[] { "Word" } }, out _)).Reason);
        Assert.Equal("InvalidNoteType", Assert.Throws<AnkiException>(() => editor.EditNoteType("T", new NoteTypeChange { AddFields = new[] { "meaning" } }, out _)).Reason);
        // A removed field leaves the templates; a front left without a field gets the first field, as in Anki.
        var changed = editor.EditNoteType("T", new NoteTypeChange { RemoveFields = new[] { "Word" } }, out var summary);
        Assert.Equal(new[] { "Word" }, summary.DroppedFields);
        editor.EditNoteType("T", new NoteTypeChange { AddFields = new[] { "Extra" } }, out var added);
        Assert.Empty(added.DroppedFields);
        Assert.Equal("<i></i>{{Meaning}}", changed.Templates[0].Front);
        Assert.Equal("{{FrontSide}}{{Tags}}{{Meaning}}", changed.Templates[0].Back);
        editor.Complete();
    }

    [Fact]
    public void RenamingAFieldRewritesItsSectionsAndFiltersInAnkisForm()
    {
        using var package = AnkiPackage.Create();
        package.AddNoteType("T", new[] { "Word", "Extra" }, new[] { new TemplateDefinition("Card 1", "{{ Word }}<!-- {{Word}} -->{{#Extra}}{{text:Extra}}{{/Extra}}", "{{^Extra}}none{{/Extra}}{{cloze:Word}}") });
        using var editor = package.BeginCollectionEdit();
        var changed = editor.EditNoteType("T", new NoteTypeChange { RenameFields = new[] { new KeyValuePair<string, string>("Extra", "Notes"), new KeyValuePair<string, string>("Word", "Term") } }, out var summary);
        Assert.Equal("{{Term}}<!-- {{Word}} -->{{#Notes}}{{text:Notes}}{{/Notes}}", changed.Templates[0].Front);
        Assert.Equal("{{^Notes}}none{{/Notes}}{{cloze:Term}}", changed.Templates[0].Back);
        // Renames alone are no schema change in Anki.
        Assert.False(summary.SchemaChanged);
        editor.Complete();
    }

    [FixtureTheory]
    [MemberData(nameof(Formats))]
    public void RemovingANoteTypeRemovesItsNotesAndCards(PackageVersion version)
    {
        const string fixture = "anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg";
        using var folder = new ScratchFolder();
        string source = FixtureFiles.CopyTo(folder.Combine("source"), fixture);
        using var package = AnkiPackage.Open(source);
        long typeId = package.GetNoteTypes().Single(t => t.Name == "Basic (and reversed card)").Id;
        long notes = Scalar(package, "select count(*) from notes where mid = $mid", ("$mid", typeId));
        long cards = Scalar(package, "select count(*) from cards where nid in (select id from notes where mid = $mid)", ("$mid", typeId));
        StructureChangeSummary summary;
        using (var editor = package.BeginCollectionEdit())
        {
            summary = editor.RemoveNoteType("Basic (and reversed card)");
            editor.Complete();
        }

        Assert.Equal((notes, cards), ((long)summary.NotesRemoved, (long)summary.CardsRemoved));
        Assert.True(notes > 0);
        Assert.Equal(notes, Scalar(package, "select count(*) from graves where type = 1"));
        string path = Export(folder, package, version, "no-reversed");
        AssertNoNewViolation(source, path);
        using var raw = RawFixture.Load(path);
        Assert.DoesNotContain(raw.NoteTypes, t => t.Id == typeId);
        Assert.DoesNotContain(raw.Notes, n => n.NoteTypeId == typeId);
    }

    [FixtureTheory]
    [MemberData(nameof(Formats))]
    public void ChangingNotesToAnotherNoteTypeMovesFieldsAndCards(PackageVersion version)
    {
        const string fixture = "anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg";
        using var folder = new ScratchFolder();
        string source = FixtureFiles.CopyTo(folder.Combine("source"), fixture);
        using var package = AnkiPackage.Open(source);
        var basic = package.GetNotes().Where(n => n.NoteType == "Basic").ToList();
        var reversed = package.GetNotes().Single(n => n.NoteType == "Basic (and reversed card)");
        using (var editor = package.BeginNoteEdit())
        {
            foreach (var note in basic)
            {
                var changed = editor.ChangeNoteType(note.Id, "Basic (and reversed card)", null, out var dropped);
                Assert.Empty(dropped);
                Assert.Equal(note.Fields["Front"], changed.Fields["Front"]);
            }

            // Two templates to one: the reverse card goes; Back maps nowhere and is dropped.
            var single = editor.ChangeNoteType(reversed.Id, "Basic (type in the answer)", new Dictionary<string, string> { ["Back"] = "Front", ["Front"] = "Back" }, out var droppedNone);
            Assert.Equal(reversed.Fields["Back"], single.Fields["Front"]);
            Assert.Empty(droppedNone);
            Assert.True(editor.SchemaChanged);
            editor.Complete();
        }

        Assert.Equal(2 * basic.Count, Scalar(package, "select count(*) from cards where nid in (" + string.Join(",", basic.Select(n => n.Id)) + ")"));
        Assert.Equal(1, Scalar(package, "select count(*) from cards where nid = $id", ("$id", reversed.Id)));
        Assert.Equal(1, Scalar(package, "select count(*) from graves where type = 0 and usn = -1"));
        string path = Export(folder, package, version, "changed-type");
        AssertNoNewViolation(source, path);
    }
}
