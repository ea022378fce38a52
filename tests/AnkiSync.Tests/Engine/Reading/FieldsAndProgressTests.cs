using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>
/// The fields of read notes and cards (<see cref="AnkiFields"/>: an ordered dictionary whose names are shared per
/// note type), the counts a closed package keeps, and an export's progress moving with the bytes it packs.
/// </summary>
public class FieldsAndProgressTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ankisync-fields-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void FieldsBehaveAsAnOrderedCaseInsensitiveDictionary()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "hola", "hello" } });
        var fields = package.GetCards().Single().Fields;

        Assert.Equal(2, fields.Count);
        Assert.Equal("hola", fields["Front"]);
        Assert.Equal("hola", fields["front"]);
        Assert.Equal("hello", fields[1]);
        Assert.Null(fields["Nope"]);
        Assert.True(fields.Contains("BACK"));
        Assert.Equal(new[] { "Front", "Back" }, fields.Keys.Cast<string>());
        Assert.Equal(new[] { "hola", "hello" }, fields.Values.Cast<string>());
        Assert.Equal(new[] { "Front=hola", "Back=hello" }, fields.Cast<DictionaryEntry>().Select(e => $"{e.Key}={e.Value}"));
        Assert.Throws<ArgumentOutOfRangeException>(() => fields[2]);
    }

    [Fact]
    public void ChangingACardsFieldsChangesNeitherTheRenderedCardNorAnotherCard()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { "hola", "hello" } });
        var cards = package.GetCards().ToList();
        Assert.Equal(2, cards.Count);

        cards[0].Fields["Front"] = "changed";
        Assert.Equal("changed", cards[0].Fields["Front"]);
        Assert.Equal("hola", cards[0].Question);
        Assert.Equal("hola", cards[1].Fields["Front"]);

        // A new key turns it into a plain ordered dictionary that keeps everything.
        cards[0].Fields.Add("Extra", "x");
        Assert.Equal(new[] { "Front", "Back", "Extra" }, cards[0].Fields.Keys.Cast<string>());
        Assert.Equal("changed", cards[0].Fields[0]);
        cards[0].Fields.Remove("front");
        Assert.Equal(new[] { "Back", "Extra" }, cards[0].Fields.Keys.Cast<string>());
    }

    [Fact]
    public void ValuesWithoutAFieldAndRepeatedNamesAreNamedAsBefore()
    {
        using var package = AnkiPackage.Create();
        var note = package.AddNote(new NoteInput { Values = new[] { "a", "b" } });
        // One value more than the note type has fields (as damaged files hold): it is named by position.
        package.Db.Execute("update notes set flds = $flds where id = $id", ("$flds", "a\u001fb\u001fc"), ("$id", note.Id));
        var fields = package.GetNotes().Single().Fields;
        Assert.Equal(new[] { "Front", "Back", "Field3" }, fields.Keys.Cast<string>());
        Assert.Equal("c", fields["field3"]);
    }

    [Fact]
    public void AClosedPackageKeepsTheCountsItHadWhenItWasClosed()
    {
        var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "one", "1" } });
        package.AddNote(new NoteInput { NoteType = "Basic (and reversed card)", Values = new[] { "two", "2" } });
        package.Close();

        Assert.True(package.IsClosed);
        Assert.Equal(2, package.NoteCount);
        Assert.Equal(3, package.CardCount);
        Assert.Equal(1, package.DeckCount);
        Assert.Equal(0, package.MediaCount);
    }

    [Fact]
    public void ExportProgressMovesWithTheBytesFromZeroToOne()
    {
        using var package = AnkiPackage.Create();
        using (var batch = package.BeginNoteBatch())
        {
            for (int i = 0; i < 20_000; i++)
            {
                batch.Add(new NoteInput { Values = new[] { $"question {i}", $"answer {i} " + new string('x', 100) } });
            }

            batch.Complete();
        }

        var reported = new List<double>();
        string path = Path.Combine(folder, "progress.apkg");
        package.Export(path, progress: new Collecting(reported));
        Validation.AnkiRules.AssertValid(path);

        Assert.Equal(0, reported.First());
        Assert.Equal(1, reported.Last());
        Assert.Equal(reported.OrderBy(v => v), reported);
        // Many steps between the collection copy and the end, not one jump per zip entry.
        Assert.True(reported.Count(v => v > 0.35 && v < 1) >= 10, $"only {reported.Count(v => v > 0.35 && v < 1)} updates while packing");
    }

    /// <summary>Collects the values synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class Collecting : IProgress<double>
    {
        private readonly List<double> values;

        public Collecting(List<double> values) => this.values = values;

        public void Report(double value) => values.Add(value);
    }

    [Fact]
    public void NotesAndCardsWithTheSameTagsEachHaveTheirOwnArray()
    {
        using var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "one", "1" }, Tags = new[] { "shared", "tags" } });
        package.AddNote(new NoteInput { Values = new[] { "two", "2" }, Tags = new[] { "shared", "tags" } });
        var notes = package.GetNotes().ToList();
        notes[0].Tags[0] = "changed";
        Assert.Equal(new[] { "shared", "tags" }, notes[1].Tags);
        var cards = package.GetCards().ToList();
        cards[0].Tags[0] = "changed";
        Assert.Equal(new[] { "shared", "tags" }, cards[1].Tags);
    }
}
