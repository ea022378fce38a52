using System;
using System.Collections;
using System.Linq;

namespace AnkiSync.Tests.Engine.Model;

/// <summary>
/// A note's fields as users see them in PowerShell (<c>$note.Fields.Front</c>, <c>$note.Fields[0]</c>): an ordered
/// dictionary with case-insensitive names, whose names and positions are shared per note type and whose values are
/// copied only when one note's fields change.
/// </summary>
public class AnkiFieldsTests
{
    private static AnkiFields Of(string[] names, params string[] values) => new(FieldLayout.Of(names, values.Length), values);

    private static AnkiFields FrontBack() => Of(new[] { "Front", "Back" }, "hola", "hello");

    [Fact]
    public void ALayoutNamesValuesWithoutAFieldByPositionAndKeepsARepeatedNamesFirstValue()
    {
        var layout = FieldLayout.Of(new[] { "Front", "", "front", "Back" }, 5);
        Assert.Equal(new[] { "Front", "Field2", "Back", "Field5" }, layout.Names);
        Assert.Equal(new[] { 0, 1, 3, 4 }, layout.Sources);
        Assert.Equal((5, 4), (layout.ValueCount, layout.Count));
        Assert.True(layout.TryGetSlot("BACK", out int slot));
        Assert.Equal(2, slot);
        Assert.False(layout.TryGetSlot("Field3", out _));

        var unnamed = FieldLayout.Of(null, 2);
        Assert.Equal(new[] { "Field1", "Field2" }, unnamed.Names);
        Assert.Equal(new[] { "Front" }, FieldLayout.Of(new[] { "Front", "Back" }, 1).Names);
    }

    [Fact]
    public void AValueUnderARepeatedNameIsHiddenNotShifted()
    {
        var fields = Of(new[] { "A", "a", "B" }, "1", "2", "3");
        Assert.Equal(new[] { "1", "3" }, fields.Values.Cast<string>());
        Assert.Equal("3", fields["B"]);
        Assert.Equal("3", fields[1]);
    }

    [Fact]
    public void KeysAndValuesAreCopies()
    {
        var fields = FrontBack();
        var keys = (string[])fields.Keys;
        keys[0] = "Changed";
        var values = (string[])fields.Values;
        values[0] = "changed";
        Assert.Equal(new[] { "Front", "Back" }, fields.Keys.Cast<string>());
        Assert.Equal("hola", fields["Front"]);
    }

    [Fact]
    public void SettingAFieldCopiesTheValuesOnceAndLeavesOtherNotesAlone()
    {
        var layout = FieldLayout.Of(new[] { "Front", "Back" }, 2);
        var shared = new[] { "hola", "hello" };
        var one = new AnkiFields(layout, shared);
        var other = new AnkiFields(layout, shared);
        one["front"] = "uno";
        one[1] = "one";
        one["Back"] = null;
        Assert.Equal(new[] { "uno", "" }, one.Values.Cast<string>());
        Assert.Equal(new[] { "hola", "hello" }, other.Values.Cast<string>());
        Assert.Equal(new[] { "hola", "hello" }, shared);
        Assert.Equal(new[] { "Front", "Back" }, one.Keys.Cast<string>());
    }

    [Fact]
    public void ANewNameOrANonTextValueTurnsItIntoAPlainOrderedDictionary()
    {
        var fields = FrontBack();
        fields["Extra"] = 42;
        Assert.Equal(new[] { "Front", "Back", "Extra" }, fields.Keys.Cast<string>());
        Assert.Equal(42, fields["extra"]);
        Assert.Equal(3, fields.Count);
        Assert.True(fields.TryGetValue("FRONT", out string? front));
        Assert.Equal("hola", front);
        Assert.True(fields.TryGetValue("Extra", out string? extra)); // there, but not text
        Assert.Null(extra);
        Assert.False(fields.TryGetValue("Missing", out _));
        Assert.Equal("Front", fields.NameOf("front"));
        Assert.Null(fields.NameOf("missing"));

        var typed = FrontBack();
        typed["Front"] = 7;
        Assert.Equal(7, typed["Front"]);
        Assert.Equal(7, typed[0]);
        Assert.Equal(new object[] { 7, "hello" }, typed.Values.Cast<object>());

        var byIndex = FrontBack();
        byIndex[1] = DateTime.MinValue;
        Assert.Equal(DateTime.MinValue, byIndex["back"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => FrontBack()[2] = "x");
    }

    [Fact]
    public void ReadingFollowsTheNoteTypesNames()
    {
        var fields = FrontBack();
        Assert.Equal(2, fields.Count);
        Assert.Equal("hello", fields["BACK"]);
        Assert.Null(fields["Missing"]);
        Assert.Null(fields[(object)3]);
        Assert.Equal("hola", fields[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => fields[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => fields[2]);
        Assert.True(fields.TryGetValue("front", out string? value));
        Assert.Equal("hola", value);
        Assert.False(fields.TryGetValue("Missing", out value));
        Assert.Null(value);
        Assert.Equal("Back", fields.NameOf("bAcK"));
        Assert.Null(fields.NameOf("Missing"));
        Assert.True(fields.Contains("front"));
        Assert.False(fields.Contains("Missing"));
        Assert.False(fields.Contains(0));
        Assert.False(fields.IsFixedSize);
        Assert.False(fields.IsReadOnly);
        Assert.False(((ICollection)fields).IsSynchronized);
        Assert.Same(fields, ((ICollection)fields).SyncRoot);
    }

    [Fact]
    public void KeysCanBeAddedInsertedAndRemoved()
    {
        var fields = FrontBack();
        fields.Insert(0, "Id", "1");
        fields.Add("Notes", "n");
        Assert.Equal(new[] { "Id", "Front", "Back", "Notes" }, fields.Keys.Cast<string>());
        Assert.Equal("1", fields[0]);
        Assert.True(fields.Contains("notes"));
        Assert.False(fields.Contains("Missing"));
        fields.RemoveAt(0);
        fields.Remove("front");
        Assert.Equal(new[] { "Back", "Notes" }, fields.Keys.Cast<string>());
        Assert.Equal("Back=hello; Notes=n", fields.ToString());
        fields.Clear();
        Assert.Empty(fields);
        Assert.Equal("", fields.ToString());
        Assert.Throws<ArgumentException>(() => FrontBack().Add("front", "again"));
    }

    [Fact]
    public void EnumerationGivesNameValuePairsInOrder()
    {
        var fields = FrontBack();
        Assert.Equal("Front=hola; Back=hello", fields.ToString());
        var entries = new DictionaryEntry[3];
        fields.CopyTo(entries, 1);
        Assert.Equal((null, "Front", "Back"), (entries[0].Key, entries[1].Key, entries[2].Key));
        Assert.Equal(("hola", "hello"), (entries[1].Value, entries[2].Value));

        var enumerator = fields.GetEnumerator();
        Assert.Throws<InvalidOperationException>(() => enumerator.Entry);
        Assert.True(enumerator.MoveNext());
        Assert.Equal(("Front", "hola"), (enumerator.Key, enumerator.Value));
        Assert.Equal(new DictionaryEntry("Front", "hola"), enumerator.Current);
        Assert.True(enumerator.MoveNext());
        Assert.False(enumerator.MoveNext());
        Assert.Throws<InvalidOperationException>(() => enumerator.Entry);
        enumerator.Reset();
        Assert.True(enumerator.MoveNext());
        Assert.Equal("Front", enumerator.Key);

        Assert.Equal(new[] { "Front", "Back" }, ((IEnumerable)fields).Cast<DictionaryEntry>().Select(e => (string)e.Key));
    }

    [Fact]
    public void EmptyFieldsAreEachTheirOwn()
    {
        var one = AnkiFields.Empty;
        var other = AnkiFields.Empty;
        one.Add("X", "1");
        Assert.Empty(other);
        Assert.Empty(other.Keys.Cast<object>());
        Assert.Equal("", other.ToString());
    }
}
