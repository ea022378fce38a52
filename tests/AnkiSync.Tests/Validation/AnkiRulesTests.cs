using System.Collections.Generic;
using System.IO;
using System.Linq;
using AnkiSync.Tests.Engine.Reading;

namespace AnkiSync.Tests.Validation;

/// <summary>The rule checker itself: it accepts what Anki wrote and catches each broken rule.</summary>
public class AnkiRulesTests
{
    /// <summary>What real collections legitimately keep (see <see cref="AnkiRules.Options"/>).</summary>
    internal static readonly AnkiRules.Options RealFile = new()
    {
        AllowExtraCards = true,
        RequireReferencedMedia = false,
        RequireNextPosition = false,
        RequirePaddedTags = false,
    };

    [Theory]
    [InlineData("test", 2840236005L)]
    [InlineData("今日", 1464653051L)]
    public void ChecksumMatchesAnkisTestVectors(string text, long expected) => Assert.Equal(expected, AnkiRules.Checksum(text));

    [Theory]
    [InlineData("<b>bold</b> text", "bold text")]
    [InlineData("a <img src=\"cat.jpg\"> b", "a  cat.jpg  b")]
    [InlineData("<img src='x y.png' alt=1>", " x y.png ")]
    [InlineData("<IMG SRC=dog.jpg>", " dog.jpg ")]
    [InlineData("x&nbsp;y &amp; z", "x y & z")]
    [InlineData("<style>.a{}</style>kept<!-- gone -->", "kept")]
    [InlineData("  spaced  ", "  spaced  ")]
    [InlineData("[sound:a.mp3]", "[sound:a.mp3]")]
    public void StripsHtmlLikeAnki(string html, string expected) => Assert.Equal(expected, AnkiRules.StripHtmlKeepingMediaNames(html));

    [Theory]
    [InlineData("{{Front}}", "Front", true)]
    [InlineData("{{Front}}", "", false)]
    [InlineData("{{#Add Reverse}}{{Back}}{{/Add Reverse}}", "Back", false)]
    [InlineData("{{#Add Reverse}}{{Back}}{{/Add Reverse}}", "Back,Add Reverse", true)]
    [InlineData("{{^Extra}}{{Front}}{{/Extra}}", "Front,Extra", true)]
    [InlineData("{{text:Front}}", "Front", true)]
    [InlineData("{{FrontSide}}{{Tags}}", "Front", false)]
    [InlineData("static text only", "Front", false)]
    public void DecidesWhetherAFrontRendersLikeAnki(string template, string nonEmpty, bool expected)
        => Assert.Equal(expected, AnkiRules.FrontIsNonEmpty(template, nonEmpty.Split(',', System.StringSplitOptions.RemoveEmptyEntries).ToHashSet()));

    /// <summary>Files written by Anki itself (Desktop and AnkiDroid); third-party generators are checked below.</summary>
    public static IEnumerable<object[]> FilesAnkiWrote()
        => FixtureFiles.All().Where(f => f.StartsWith("anki2", System.StringComparison.Ordinal) || f.StartsWith("ankidroid", System.StringComparison.Ordinal))
            .Select(f => new object[] { f });

    [FixtureTheory]
    [MemberData(nameof(FilesAnkiWrote))]
    public void FilesAnkiWroteFollowTheRules(string fixture)
    {
        var problems = AnkiRules.Check(Fixtures.Path(fixture), RealFile);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [FixtureTheory]
    [InlineData("genanki-legacy-apkg-japanese-kanji-165notes.apkg", "csum 0, the first field's checksum is")]
    [InlineData("anki-apkg-export-js-legacy-apkg-image.apkg", "csum 2770536893, the first field's checksum is 2956363486")]
    public void CatchesTheKnownMistakesOfOtherGenerators(string fixture, string expected)
    {
        var problems = AnkiRules.Check(Fixtures.Path(fixture), RealFile);
        Assert.Contains(problems, p => p.Contains(expected, System.StringComparison.Ordinal));
    }

    [Fact]
    public void CatchesEachBrokenRuleInAWrittenFile()
    {
        using var folder = new ScratchFolder();
        string path = folder.Combine("deck.apkg");
        using (var package = AnkiPackage.Create())
        {
            package.AddNote(new NoteInput { NamedValues = new Dictionary<string, string?> { ["Front"] = "one", ["Back"] = "1" } });
            package.AddNote(new NoteInput { NamedValues = new Dictionary<string, string?> { ["Front"] = "two", ["Back"] = "2" } });
            package.Export(path);
        }

        AnkiRules.AssertValid(path);
        var broken = new Dictionary<string, string>
        {
            ["csum"] = "update notes set csum = csum + 1 where id = (select min(id) from notes)",
            ["sfld"] = "update notes set sfld = '<b>one</b>' where sfld = 'one'",
            ["guid"] = "update notes set guid = 'same'",
            ["tags"] = "update notes set tags = 'a  b'",
            ["no card for"] = "delete from cards where id = (select min(id) from cards)",
            ["share position"] = "update cards set due = 0",
            ["required key"] = "update col set models = replace(models, '\"sortf\"', '\"sortX\"')",
            ["does not go with type"] = "update cards set queue = 2 where id = (select min(id) from cards)",
            ["a manual row with button"] = "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) select 1, min(id), -1, 3, 1, 0, 2500, 0, 4 from cards",
        };
        foreach (var (expected, sql) in broken)
        {
            string damaged = folder.Combine("damaged-" + expected.Replace(' ', '-') + ".apkg");
            RewriteCollection(path, damaged, sql);
            Assert.Contains(AnkiRules.Check(damaged), p => p.Contains(expected));
        }
    }

    /// <summary>A copy of a Legacy2 package whose collection.anki21 has had one SQL statement run on it.</summary>
    private static void RewriteCollection(string source, string destination, string sql)
    {
        File.Copy(source, destination);
        using var zip = System.IO.Compression.ZipFile.Open(destination, System.IO.Compression.ZipArchiveMode.Update);
        var entry = zip.GetEntry("collection.anki21")!;
        string database = destination + ".db";
        using (var input = entry.Open())
        using (var output = File.Create(database))
        {
            input.CopyTo(output);
        }

        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        entry.Delete();
        System.IO.Compression.ZipFileExtensions.CreateEntryFromFile(zip, database, "collection.anki21");
        File.Delete(database);
    }
}
