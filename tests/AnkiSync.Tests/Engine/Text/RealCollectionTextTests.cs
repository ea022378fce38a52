using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using AnkiSync.Rendering;
using AnkiSync.Storage;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Text;

/// <summary>
/// Checks the text algorithms against what real Anki versions stored: checksums, sort fields,
/// tags, the cards each note got and the media files each package carries.
/// </summary>
public class RealCollectionTextTests
{
    /// <summary>Schema-11 collections written by Anki 2.1 or AnkiDroid (zip entry, or null for a bare file).</summary>
    public static TheoryData<string, string?> Schema11Collections => new()
    {
        { "anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg", "collection.anki21" },
        { "anki2.1.50plus-legacy2-apkg-anki21-stub-spanish.apkg", "collection.anki21" },
        { "anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg", "collection.anki2" },
        { "anki2.1.1x-colpkg-anki21-stub-all-stock-notetypes-media.colpkg", "collection.anki21" },
        { "anki2.1.2x-bare-schema11-media-refs.anki2", null },
        { "anki2.1.1x-bare-schema11-two-decks-revlog.anki2", null },
        { "ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg", "collection.anki2" },
    };

    /// <summary>
    /// Every schema-11 collection, including one from Anki 2.0, which computed checksums and sort
    /// fields the same way but sorted tags and generated cards by older rules.
    /// </summary>
    public static TheoryData<string, string?> AllSchema11Collections
    {
        get
        {
            var data = Schema11Collections;
            data.Add("anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg", "collection.anki2");
            return data;
        }
    }

    /// <summary>Schema-18 collections written by current Anki Desktop.</summary>
    public static TheoryData<string> Schema18Collections => new()
    {
        "anki2.1.50plus-bare-schema18-japanese-studied.anki2",
        "anki2.1.50plus-bare-schema18-suspended.anki2",
    };

    [FixtureTheory]
    [MemberData(nameof(AllSchema11Collections))]
    public void ChecksumsAndSortFieldsMatchWhatAnkiStored(string fixture, string? entry)
    {
        using var collection = FixtureCollection.Open(fixture, entry);
        var models = collection.Models();
        var notes = collection.Notes();
        Assert.NotEmpty(notes);
        foreach (var note in notes)
        {
            var fields = note.Fields;
            Assert.Equal(note.Checksum, FieldChecksum.Compute(fields[0]));

            var sortIndex = models[note.ModelId].SortField;
            var expectedSort = FieldChecksum.SortFieldText(fields[sortIndex < fields.Length ? sortIndex : 0]);
            Assert.Equal(expectedSort, note.SortField);
        }
    }

    [FixtureTheory]
    [MemberData(nameof(Schema18Collections))]
    public void ChecksumsMatchWhatCurrentAnkiStored(string fixture)
    {
        using var collection = FixtureCollection.Open(fixture, null);
        var notes = collection.Notes();
        Assert.NotEmpty(notes);
        Assert.All(notes, note => Assert.Equal(note.Checksum, FieldChecksum.Compute(note.Fields[0])));
    }

    [FixtureTheory]
    [MemberData(nameof(Schema11Collections))]
    public void StoredTagsRoundTrip(string fixture, string? entry)
    {
        using var collection = FixtureCollection.Open(fixture, entry);
        foreach (var note in collection.Notes())
        {
            var tags = TagList.ParseStored(note.Tags);
            Assert.All(tags, tag => Assert.Null(TagList.InvalidReason(tag)));
            Assert.Equal(note.Tags.Trim(), TagList.Join(tags).Trim());
        }
    }

    [FixtureTheory]
    [MemberData(nameof(Schema11Collections))]
    public void GeneratedCardsMatchTheCardsAnkiMade(string fixture, string? entry)
    {
        using var collection = FixtureCollection.Open(fixture, entry);
        var models = collection.Models();
        var cards = collection.CardOrdinalsByNote();
        var templates = models.Values.ToDictionary(m => m.Id, m => m.Templates.Select(ParsedTemplate.Parse).ToArray());
        var mismatches = new List<string>();
        foreach (var note in collection.Notes())
        {
            var model = models[note.ModelId];
            IReadOnlyList<int> expected;
            if (model.IsCloze)
            {
                expected = ClozeNumbers.CardOrdinals(note.Fields);
            }
            else
            {
                var nonEmpty = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < model.FieldNames.Length && i < note.Fields.Length; i++)
                {
                    if (!HtmlText.FieldIsEmpty(note.Fields[i]))
                    {
                        nonEmpty.Add(model.FieldNames[i]);
                    }
                }

                if (TagList.ParseStored(note.Tags).Count > 0)
                {
                    nonEmpty.Add("Tags");
                }

                var rendering = templates[model.Id].Select((t, ord) => (t, ord)).Where(x => x.t.RendersWithFields(nonEmpty)).Select(x => x.ord).ToList();
                expected = rendering.Count > 0 ? rendering : new List<int> { 0 };
            }

            if (!expected.SequenceEqual(cards[note.Id]))
            {
                mismatches.Add($"note {note.Id} ({model.Name}) has cards [{string.Join(",", cards[note.Id])}], expected [{string.Join(",", expected)}]");
            }
        }

        Assert.True(mismatches.Count == 0, $"{fixture}:\n" + string.Join("\n", mismatches));
    }

    [FixtureTheory]
    [InlineData("anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg", "collection.anki21")]
    [InlineData("anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg", "collection.anki2")]
    [InlineData("anki2.1.1x-colpkg-anki21-stub-all-stock-notetypes-media.colpkg", "collection.anki21")]
    public void MediaReferencesMatchThePackagedMedia(string fixture, string entry)
    {
        using var collection = FixtureCollection.Open(fixture, entry);
        var referenced = collection.Notes().SelectMany(n => n.Fields).SelectMany(MediaNames.References).ToHashSet();
        var packaged = collection.PackagedMediaNames();
        Assert.NotEmpty(packaged);
        Assert.Equal(packaged.OrderBy(n => n, StringComparer.Ordinal), referenced.OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(packaged, name => Assert.True(MediaNames.IsNormalized(name), name));
    }

    [FixtureFact]
    public void BrokenTemplatesInAnOldDeckFollowCurrentRules()
    {
        // AnkiDroid's template test deck from Anki 2.0: "Muscle" has two templates with
        // mismatched sections, which current Anki cannot parse and so never generates; "reassign"
        // puts a comment before {{=<% %>=}}, so current Anki does not switch delimiters.
        using var collection = FixtureCollection.Open("anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg", "collection.anki2");
        var models = collection.Models().Values.ToDictionary(m => m.Name);
        var muscle = models["Muscle"].Templates.Select(ParsedTemplate.Parse).ToArray();
        Assert.Null(muscle[0].Error);
        Assert.NotNull(muscle[1].Error);
        Assert.NotNull(muscle[2].Error);
        Assert.Null(muscle[3].Error);

        var reassign = models["reassign"].Templates.Select(ParsedTemplate.Parse).ToArray();
        var front = new HashSet<string> { "Front" };
        Assert.False(reassign[0].RendersWithFields(front));
        Assert.True(reassign[1].RendersWithFields(front));
    }

    [FixtureFact]
    public void MediaCheckFixtureReferencesAreFound()
    {
        // Anki's own media-check test collection: an odd [sound:] name and a single-quoted src.
        using var collection = FixtureCollection.Open("anki2.1.2x-bare-schema11-media-refs.anki2", null);
        var referenced = collection.Notes().SelectMany(n => n.Fields).SelectMany(MediaNames.References).ToHashSet();
        Assert.Equal(new[] { "foo[.jpg", "normal.jpg", "ぱぱ.jpg" }, referenced.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("foo.jpg", MediaNames.Normalize("foo[.jpg"));
    }

    private sealed record Note(long Id, long ModelId, string[] Fields, string SortField, long Checksum, string Tags);

    private sealed record Model(long Id, string Name, bool IsCloze, int SortField, string[] FieldNames, string[] Templates);

    private sealed class FixtureCollection : IDisposable
    {
        private readonly string? tempDirectory;
        private readonly string packagePath;
        private readonly AnkiDatabase database;

        private FixtureCollection(string packagePath, string databasePath, string? tempDirectory)
        {
            this.packagePath = packagePath;
            this.tempDirectory = tempDirectory;
            database = AnkiDatabase.Open(databasePath, readOnly: true);
        }

        public static FixtureCollection Open(string fixture, string? entry)
        {
            var path = Fixtures.Path(fixture);
            var directory = Directory.CreateTempSubdirectory("ankisync-text-").FullName;
            var databasePath = System.IO.Path.Combine(directory, entry ?? System.IO.Path.GetFileName(path));
            if (entry == null)
            {
                // A copy: even a read-only SQLite open of a WAL-mode file writes -wal/-shm beside it.
                File.Copy(path, databasePath);
                return new FixtureCollection(path, databasePath, directory);
            }

            using (var zip = ZipFile.OpenRead(path))
            {
                zip.GetEntry(entry)!.ExtractToFile(databasePath);
            }

            return new FixtureCollection(path, databasePath, directory);
        }

        public List<Note> Notes()
        {
            var notes = new List<Note>();
            using var command = database.Command("select id, mid, flds, sfld, csum, tags from notes order by id");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                notes.Add(new Note(
                    reader.GetInt64(0),
                    reader.GetInt64(1),
                    reader.GetString(2).Split('\u001f'),
                    Convert.ToString(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture)!,
                    reader.GetInt64(4),
                    reader.GetString(5)));
            }

            return notes;
        }

        public Dictionary<long, Model> Models()
        {
            var json = (string)database.Scalar("select models from col")!;
            var models = new Dictionary<long, Model>();
            using var document = JsonDocument.Parse(json);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var model = property.Value;
                var id = long.Parse(property.Name, System.Globalization.CultureInfo.InvariantCulture);
                models[id] = new Model(
                    id,
                    model.GetProperty("name").GetString()!,
                    model.TryGetProperty("type", out var type) && type.GetInt32() == 1,
                    model.TryGetProperty("sortf", out var sortf) ? sortf.GetInt32() : 0,
                    model.GetProperty("flds").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToArray(),
                    model.GetProperty("tmpls").EnumerateArray().Select(t => t.GetProperty("qfmt").GetString()!).ToArray());
            }

            return models;
        }

        public Dictionary<long, List<int>> CardOrdinalsByNote()
        {
            var cards = new Dictionary<long, List<int>>();
            using var command = database.Command("select nid, ord from cards order by nid, ord");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var nid = reader.GetInt64(0);
                if (!cards.TryGetValue(nid, out var ords))
                {
                    cards[nid] = ords = new List<int>();
                }

                ords.Add(reader.GetInt32(1));
            }

            return cards;
        }

        public List<string> PackagedMediaNames()
        {
            using var zip = ZipFile.OpenRead(packagePath);
            using var stream = zip.GetEntry("media")!.Open();
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.EnumerateObject().Select(p => p.Value.GetString()!).ToList();
        }

        public void Dispose()
        {
            database.Dispose();
            if (tempDirectory != null)
            {
                try
                {
                    Directory.Delete(tempDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // A pooled connection may still hold the file on some platforms; the OS temp folder is cleaned later.
                }
            }
        }
    }
}
