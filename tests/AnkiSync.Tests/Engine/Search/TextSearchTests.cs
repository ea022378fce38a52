using System.Linq;

namespace AnkiSync.Tests.Engine.Search;

/// <summary>
/// Searches over note text — plain text, fields, tags, regexes, word boundaries, accents, clozes and fields excluded from
/// search — on rows written by hand; the expected cards are named from Anki's rules (ANKI-BEHAVIOUR.md section 1,
/// rslib <c>search/sqlwriter.rs</c>).
/// </summary>
public class TextSearchTests
{
    [Fact]
    public void PlainTextMatchesAnyFieldIgnoringAsciiCaseWithAnkisWildcards()
    {
        using var h = new SearchHarness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long dog = h.NoteCard(basic, new[] { "Dog", "perro" });
        long cat = h.NoteCard(basic, new[] { "cat", "gato, dog's friend" });
        long bird = h.NoteCard(basic, new[] { "bird", "pájaro" });
        long percent = h.NoteCard(basic, new[] { "100%", "percent" });
        long star = h.NoteCard(basic, new[] { "a*b", "star" });
        long under = h.NoteCard(basic, new[] { "a_b", "under" });

        Assert.Equal(new[] { dog, cat }, h.Cards("dog"));
        Assert.Equal(new[] { dog, cat }, h.Cards("DOG"));
        Assert.Equal(new[] { dog, cat }, h.Cards("d_g"));
        Assert.Equal(new[] { dog, bird }, h.Cards("p*o"));
        Assert.Empty(h.Cards("1%"));
        Assert.Equal(new[] { percent }, h.Cards("0%"));
        Assert.Equal(new[] { star, under }, h.Cards("a*b"));
        Assert.Equal(new[] { star }, h.Cards("a\\*b"));
        Assert.Equal(new[] { star, under }, h.Cards("a_b"));
        Assert.Equal(new[] { under }, h.Cards("a\\_b"));
        Assert.Equal(new[] { dog, cat, bird, percent, star, under }, h.Cards(""));
        Assert.Empty(h.Cards("pajaro"));
        Assert.Equal(new[] { bird }, h.Cards("pa\u0301jaro"));
    }

    [Fact]
    public void PlainTextAlsoMatchesTheStoredSortFieldText()
    {
        using var h = new SearchHarness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long bold = h.Card(h.Note(basic, new[] { "<b>big</b>dog", "x" }, sortField: "bigdog"));
        long number = h.Card(h.Note(basic, new[] { "4<b>2</b>", "answer" }, sortField: 42L));
        h.NoteCard(basic, new[] { "big", "dog" });

        Assert.Equal(new[] { bold }, h.Cards("bigdog"));
        Assert.Equal(new[] { number }, h.Cards("42"));
        Assert.Equal(new[] { number }, h.Cards("nc:42"));
    }

    [Fact]
    public void AccentsAreIgnoredByNcAndByThePreference()
    {
        using var h = new SearchHarness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long bird = h.NoteCard(basic, new[] { "bird", "pájaro" });
        long coffee = h.NoteCard(basic, new[] { "café", "coffee" });
        h.NoteCard(basic, new[] { "tea", "té" });

        Assert.Equal(new[] { bird }, h.Cards("nc:pajaro"));
        Assert.Equal(new[] { bird }, h.Cards("nc:pájaro"));
        Assert.Equal(new[] { coffee }, h.Cards("nc:cafe"));
        Assert.Empty(h.Cards("cafe"));
        Assert.Empty(h.Cards("w:pajaro"));

        h.IgnoreAccents = true;
        Assert.Equal(new[] { bird }, h.Cards("pajaro"));
        Assert.Equal(new[] { coffee }, h.Cards("cafe"));
        Assert.Equal(new[] { bird }, h.Cards("w:pajaro"));
    }

    [Fact]
    public void StripClozesSearchesOnlyClozeNotesWithTheMarkupRemoved()
    {
        using var h = new SearchHarness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        var cloze = h.NoteType("Cloze", new[] { "Text", "Extra" }, cloze: true);
        const string text = "{{c1::financial}} systems {{c2::were::verb}} weak";
        long clozeCard = h.NoteCard(cloze, new[] { text, "" });
        h.NoteCard(basic, new[] { text, "" });
        h.NoteCard(basic, new[] { "financial systems were weak", "" });

        Assert.Equal(new[] { clozeCard }, h.Cards("\"sc:financial systems were weak\""));
        Assert.Empty(h.Cards("\"sc:verb\""));
        Assert.Single(h.Cards("\"financial systems were weak\""));
        Assert.Equal(2, h.Cards("c2\\:\\:were").Count);

        using var noCloze = new SearchHarness();
        var only = noCloze.NoteType("Basic", new[] { "Front", "Back" });
        noCloze.NoteCard(only, new[] { "financial", "" });
        Assert.Empty(noCloze.Cards("sc:financial"));
    }

    [Fact]
    public void PlainTextAndRegexSkipFieldsExcludedFromSearch()
    {
        using var h = new SearchHarness();
        var vocab = h.NoteType("Vocab", new[] { "Word", "Meaning!", "Notes", "Extra!" });
        var hidden = h.NoteType("Hidden", new[] { "Key!", "Value" });
        var backSorted = h.NoteType("BackSorted", new[] { "Aside!", "Shown" }, sortField: 1);
        var sealedType = h.NoteType("Sealed", new[] { "Only!" });
        var plain = h.NoteType("Plain", new[] { "One", "Two" });
        long word = h.NoteCard(vocab, new[] { "alpha", "beta", "gamma", "delta" });
        long value = h.NoteCard(hidden, new[] { "secret", "open" });
        long shown = h.Card(h.Note(backSorted, new[] { "aside", "<i>vis</i>ible" }, sortField: "visible"));
        h.NoteCard(sealedType, new[] { "sealedword" });
        long plainCard = h.NoteCard(plain, new[] { "beta", "secret" });

        Assert.Equal(new[] { word }, h.Cards("alpha"));
        Assert.Equal(new[] { word }, h.Cards("gamma"));
        Assert.Equal(new[] { plainCard }, h.Cards("beta"));
        Assert.Empty(h.Cards("delta"));
        Assert.Equal(new[] { plainCard }, h.Cards("secret"));
        Assert.Equal(new[] { value }, h.Cards("open"));
        Assert.Equal(new[] { shown }, h.Cards("visible"));
        Assert.Empty(h.Cards("aside"));
        Assert.Empty(h.Cards("sealedword"));
        Assert.Equal(new[] { word }, h.Cards("nc:gamma"));

        Assert.Equal(new[] { word }, h.Cards("re:^gam"));
        Assert.Equal(new[] { plainCard }, h.Cards("re:^beta"));
        Assert.Empty(h.Cards("re:^beta$"));
        Assert.Empty(h.Cards("re:delta"));
        Assert.Equal(new[] { plainCard }, h.Cards("re:beta.secret"));
        Assert.Equal(new[] { word }, h.Cards("w:gamma"));
        Assert.Empty(h.Cards("re:sealed"));

        // A field search still reaches an excluded field.
        Assert.Equal(new[] { word }, h.Cards("meaning:beta"));
    }

    [Fact]
    public void NeighbouringIncludedFieldsAreSearchedAsOneRun()
    {
        // Anki joins consecutive included fields into one range, so a wildcard may run across their separator.
        using var h = new SearchHarness();
        var type = h.NoteType("Three", new[] { "A", "B", "C!" });
        var apart = h.NoteType("Apart", new[] { "A", "B!", "C" });
        long joined = h.NoteCard(type, new[] { "ab", "cd", "ef" });
        h.NoteCard(apart, new[] { "ab", "cd", "ef" });

        Assert.Equal(new[] { joined }, h.Cards("b*c"));
        Assert.Empty(h.Cards("d*e"));
    }

    [Fact]
    public void FieldSearchesMatchTheWholeFieldOfEveryNoteTypeWithThatField()
    {
        using var h = new SearchHarness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        var swapped = h.NoteType("Swapped", new[] { "Back", "Front" });
        var other = h.NoteType("Other", new[] { "Word" });
        long hola = h.NoteCard(basic, new[] { "hola", "hello" });
        long empty = h.NoteCard(basic, new[] { "", "empty front" });
        long bye = h.NoteCard(swapped, new[] { "adios", "bye" });
        long cafe = h.NoteCard(basic, new[] { "café", "coffee" });
        long word = h.NoteCard(other, new[] { "hola" });

        Assert.Equal(new[] { hola }, h.Cards("front:hola"));
        Assert.Equal(new[] { hola }, h.Cards("FRONT:HOLA"));
        Assert.Empty(h.Cards("front:hol"));
        Assert.Equal(new[] { hola }, h.Cards("front:hol*"));
        Assert.Equal(new[] { hola }, h.Cards("front:h_la"));
        Assert.Equal(new[] { bye }, h.Cards("front:bye"));
        Assert.Equal(new[] { bye }, h.Cards("back:adios"));
        Assert.Equal(new[] { empty }, h.Cards("front:"));
        Assert.Equal(new[] { hola, bye, cafe }, h.Cards("front:_*"));
        Assert.Equal(new[] { hola, empty, bye, cafe }, h.Cards("front:*"));
        Assert.Equal(new[] { hola }, h.Cards("fr*:hola"));
        Assert.Equal(new[] { hola, empty, bye, cafe }, h.Cards("f_ont:*"));
        Assert.Empty(h.Cards("nosuchfield:hola"));
        Assert.Empty(h.Cards("nosuchfield:re:."));
        Assert.Empty(h.Cards("nosuchfield:nc:hola"));
        Assert.Equal(new[] { hola, word }, h.Cards("*:hola"));
        Assert.Equal(new[] { hola, word }, h.Cards("_*:hola"));
        Assert.Empty(h.Cards("*:hol"));
        Assert.Equal(new[] { hola, word }, h.Cards("*:HOL*"));
        Assert.Equal(new[] { bye }, h.Cards("*:re:^adi"));
        Assert.Equal(new[] { hola }, h.Cards("front:re:^h"));
        Assert.Equal(new[] { hola }, h.Cards("back:re:^H"));
        Assert.Equal(new[] { cafe }, h.Cards("front:nc:cafe"));
        Assert.Equal(new[] { cafe }, h.Cards("front:nc:caf*"));
        Assert.Empty(h.Cards("front:cafe"));
        Assert.Equal(new[] { cafe }, h.Cards("front:café"));
        Assert.Equal(new[] { cafe }, h.Cards("front:cafe\u0301"));
        Assert.Equal(new[] { word }, h.Cards("word:hola"));
    }

    [Fact]
    public void NonEmptyFieldTestsLookAtEachMatchingFieldOnItsOwn()
    {
        using var h = new SearchHarness();
        var pair = h.NoteType("Pair", new[] { "F1", "F2" });
        long second = h.NoteCard(pair, new[] { "", "x" });
        h.NoteCard(pair, new[] { "", "" });
        long first = h.NoteCard(pair, new[] { "y", "" });

        Assert.Equal(new[] { second, first }, h.Cards("f*:_*"));
        Assert.Equal(new[] { second, first }, h.Cards("f*:*_"));
        Assert.Equal(3, h.Cards("f*:*").Count);
        Assert.Equal(new[] { second }, h.Cards("f2:_*"));
    }

    [Fact]
    public void TagsMatchWholeTagsAndTheirChildrenIgnoringCase()
    {
        using var h = new SearchHarness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long verb = h.NoteCard(basic, new[] { "a", "" }, "verb irregular");
        long child = h.NoteCard(basic, new[] { "b", "" }, "Verb::Regular");
        long none = h.NoteCard(basic, new[] { "c", "" });
        long verbose = h.NoteCard(basic, new[] { "d", "" }, "verbose");
        long cafe = h.NoteCard(basic, new[] { "e", "" }, "café");

        Assert.Equal(new[] { verb, child }, h.Cards("tag:verb"));
        Assert.Equal(new[] { verb, child }, h.Cards("tag:VERB"));
        Assert.Equal(new[] { child }, h.Cards("tag:verb::regular"));
        Assert.Equal(new[] { child }, h.Cards("tag:verb::*"));
        Assert.Equal(new[] { verb, child, verbose }, h.Cards("tag:verb*"));
        Assert.Equal(new[] { verb, child }, h.Cards("tag:ver_"));
        Assert.Equal(new[] { none }, h.Cards("tag:none"));
        Assert.Equal(5, h.Cards("tag:*").Count);
        Assert.Empty(h.Cards("-tag:*"));
        Assert.Empty(h.Cards("tag:\"verb irregular\""));
        Assert.Empty(h.Cards("tag:regular"));
        Assert.Equal(new[] { verb, child }, h.Cards("tag:re:regular"));
        Assert.Equal(new[] { verb }, h.Cards("tag:re:^irr"));
        Assert.Equal(new[] { child }, h.Cards("tag:re:^verb::"));
        Assert.Equal(new[] { cafe }, h.Cards("tag:nc:cafe"));
        Assert.Equal(new[] { cafe }, h.Cards("tag:nc:cafe*"));
        Assert.Empty(h.Cards("tag:cafe"));
        Assert.Equal(new[] { cafe }, h.Cards("tag:café"));
        Assert.Equal(new[] { none, verbose, cafe }, h.Cards("-tag:verb"));
    }

    [Fact]
    public void RegexAndWordBoundarySearchTheJoinedFieldsCaseInsensitively()
    {
        using var h = new SearchHarness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long dog = h.NoteCard(basic, new[] { "Dog", "perro" });
        long dogs = h.NoteCard(basic, new[] { "a dog's life", "vida" });
        long dogma = h.NoteCard(basic, new[] { "dogma", "dogma" });

        Assert.Equal(new[] { dog, dogma }, h.Cards("re:^dog"));
        Assert.Equal(new[] { dog }, h.Cards("re:perro$"));
        Assert.Equal(new[] { dog, dogs, dogma }, h.Cards("re:DOG"));
        Assert.Equal(new[] { dog, dogs }, h.Cards("w:dog"));
        Assert.Equal(new[] { dogma }, h.Cards("w:dogm*"));
        Assert.Equal(new[] { dog, dogs }, h.Cards("w:d_g"));
        Assert.Equal(new[] { dogs }, h.Cards("\"w:a dog's\""));

        var bad = Assert.Throws<AnkiException>(() => h.Cards("re:("));
        Assert.Equal("InvalidQuery", bad.Reason);
        Assert.Equal("InvalidQuery", Assert.Throws<AnkiException>(() => h.Cards("front:re:[")).Reason);
        Assert.Equal("InvalidQuery", Assert.Throws<AnkiException>(() => h.Cards("tag:re:(")).Reason);
        Assert.Equal("InvalidQuery", Assert.Throws<AnkiException>(() => h.Cards("*:re:(")).Reason);
    }

    [Fact]
    public void DupeLooksUpTheStrippedFirstFieldsChecksum()
    {
        using var h = new SearchHarness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        var other = h.NoteType("Other", new[] { "Front", "Back" });
        long bold = h.NoteCard(basic, new[] { "<b>perro</b>", "dog" });
        long plain = h.NoteCard(basic, new[] { "perro", "hound" });
        h.NoteCard(basic, new[] { "perros", "dogs" });
        h.NoteCard(other, new[] { "perro", "dog" });

        Assert.Equal(new[] { bold, plain }, h.Cards($"dupe:{basic.Id},<i>perro</i>"));
        Assert.Equal((basic.Id, Validation.AnkiRules.Checksum("perro")), h.ChecksumLookups.Single());
        Assert.Empty(h.Cards($"dupe:{basic.Id},perr"));
        Assert.Equal(new[] { bold, plain }, h.Cards($"\"dupe:{basic.Id},perro\""));
    }

    [Fact]
    public void UserTextNeverBecomesSql()
    {
        using var h = new SearchHarness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long quote = h.NoteCard(basic, new[] { "x' or 1=1 --", "" }, "a'b");
        h.NoteCard(basic, new[] { "plain", "" });

        Assert.Equal(new[] { quote }, h.Cards("\"x' or 1=1 --\""));
        Assert.Equal(new[] { quote }, h.Cards("tag:a'b"));
        Assert.Empty(h.Cards("\"deck:x') or (1=1\""));
        Assert.Empty(h.Cards("\"note:') or (1=1\""));
        Assert.Empty(h.Cards("\"front:') or 1=1 --\""));
        Assert.Empty(h.Cards("\"prop:cds:k=') or (1=1\""));
    }
}
