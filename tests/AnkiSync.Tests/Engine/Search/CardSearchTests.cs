using AnkiSync.Search;

namespace AnkiSync.Tests.Engine.Search;

/// <summary>
/// Searches over cards — decks, presets, templates, note types, ids, states, flags, properties, review history and
/// dates — on rows written by hand, with "now" fixed by <see cref="SearchHarness.Timing"/>; the expected cards are
/// named from Anki's rules (ANKI-BEHAVIOUR.md section 1, rslib <c>search/sqlwriter.rs</c>).
/// </summary>
public class CardSearchTests
{
    private const long Now = 1_700_000_000;
    private const long Today = 100;
    private const long NextDay = 1_700_050_000;

    private static SearchHarness Harness() => new SearchHarness { Timing = new SearchTiming(Now, Today, NextDay, 1200) };

    [Fact]
    public void DeckTermsTakeSubdecksAndCardsBorrowedByFilteredDecks()
    {
        using var h = Harness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long lang = h.Deck("Lang");
        long spanish = h.Deck("Lang::Spanish");
        long language = h.Deck("Language");
        long symbols = h.Deck("C++ (x)");
        long verbs = h.Deck("Lang::Spanish::Verbs");
        long filtered = h.Deck("Filtered");
        long c1 = h.NoteCard(basic, new[] { "1", "" }, did: lang);
        long c2 = h.NoteCard(basic, new[] { "2", "" }, did: spanish);
        long c3 = h.NoteCard(basic, new[] { "3", "" }, did: language);
        long c4 = h.NoteCard(basic, new[] { "4", "" }, did: symbols);
        long c5 = h.NoteCard(basic, new[] { "5", "" }, did: verbs);
        long c6 = h.Card(h.Note(basic, new[] { "6", "" }), did: filtered, odid: spanish);
        long c7 = h.NoteCard(basic, new[] { "7", "" });

        Assert.Equal(new[] { c1, c2, c5, c6 }, h.Cards("deck:lang"));
        Assert.Equal(new[] { c2, c5, c6 }, h.Cards("deck:LANG::spanish"));
        Assert.Equal(new[] { c2, c5, c6 }, h.Cards("deck:lang::span_sh"));
        Assert.Equal(new[] { c5 }, h.Cards("deck:*::verbs"));
        Assert.Equal(new[] { c1, c2, c3, c5, c6 }, h.Cards("deck:lang*"));
        Assert.Equal(new[] { c4 }, h.Cards("\"deck:C++ (x)\""));
        Assert.Empty(h.Cards("deck:C"));
        Assert.Equal(new[] { c6 }, h.Cards("deck:filtered"));
        Assert.Equal(7, h.Cards("deck:*").Count);
        Assert.Empty(h.Cards("deck:nosuch"));
        Assert.Equal(new[] { c3, c4, c7 }, h.Cards("-deck:lang"));
        Assert.Equal(new[] { c7 }, h.Cards("deck:default"));

        h.CurrentDeckId = spanish;
        Assert.Equal(new[] { c2, c5, c6 }, h.Cards("deck:current"));
        h.CurrentDeckId = 999;
        Assert.Equal(new[] { c7 }, h.Cards("deck:current"));

        Assert.Equal(new[] { c2, c6 }, h.Cards($"did:{spanish}"));
        Assert.Equal(new[] { c1, c2, c6 }, h.Cards($"did:{lang},{spanish}"));
        Assert.Equal(new[] { c6 }, h.Cards($"did:{filtered}"));
    }

    [Fact]
    public void PresetTermsTakeTheDecksUsingThePreset()
    {
        using var h = Harness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long slow = h.Preset("Slow");
        h.Preset("Unused");
        long slowDeck = h.Deck("Slow deck", slow);
        long other = h.Deck("Other");
        long filtered = h.Deck("Filtered", configId: 0);
        long inSlow = h.NoteCard(basic, new[] { "1", "" }, did: slowDeck);
        long borrowed = h.Card(h.Note(basic, new[] { "2", "" }), did: filtered, odid: slowDeck);
        long elsewhere = h.NoteCard(basic, new[] { "3", "" }, did: other);
        long inDefault = h.NoteCard(basic, new[] { "4", "" });

        Assert.Equal(new[] { inSlow, borrowed }, h.Cards("preset:Slow"));
        Assert.Equal(new[] { inSlow, borrowed }, h.Cards("preset:slow"));
        Assert.Equal(new[] { elsewhere, inDefault }, h.Cards("preset:Default"));
        Assert.Empty(h.Cards("preset:Unused"));
        Assert.Empty(h.Cards("preset:Missing"));
        Assert.Equal(new[] { elsewhere, inDefault }, h.Cards("-preset:slow"));
    }

    [Fact]
    public void TemplateAndNoteTypeTerms()
    {
        using var h = Harness();
        var reversed = h.NoteType("Basic (and reversed card)", new[] { "Front", "Back" }, new[] { "Forward", "Reverse" });
        var cloze = h.NoteType("Cloze", new[] { "Text", "Extra" }, new[] { "Cloze" }, cloze: true);
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long note = h.Note(reversed, new[] { "a", "b" });
        long forward = h.Card(note, ord: 0);
        long reverse = h.Card(note, ord: 1);
        long clozeNote = h.Note(cloze, new[] { "{{c1::x}} {{c2::y}}", "" });
        long cloze1 = h.Card(clozeNote, ord: 0);
        long cloze2 = h.Card(clozeNote, ord: 1);
        long plain = h.NoteCard(basic, new[] { "c", "" });

        Assert.Equal(new[] { forward, cloze1, plain }, h.Cards("card:1"));
        Assert.Equal(new[] { forward, cloze1, plain }, h.Cards("card:0"));
        Assert.Equal(new[] { reverse, cloze2 }, h.Cards("card:2"));
        Assert.Empty(h.Cards("card:3"));
        Assert.Equal(new[] { reverse }, h.Cards("card:reverse"));
        Assert.Equal(new[] { reverse }, h.Cards("card:rev*"));
        Assert.Equal(new[] { forward, reverse, plain }, h.Cards("card:*r*"));
        Assert.Equal(new[] { cloze1 }, h.Cards("card:cloze"));
        Assert.Equal(new[] { plain }, h.Cards("\"card:Card 1\""));
        Assert.Empty(h.Cards("card:nosuch"));

        Assert.Equal(new[] { plain }, h.Cards("note:basic"));
        Assert.Equal(new[] { plain }, h.Cards("note:BASIC"));
        Assert.Equal(new[] { forward, reverse, plain }, h.Cards("note:basic*"));
        Assert.Equal(new[] { forward, reverse }, h.Cards("\"note:basic (and reversed card)\""));
        Assert.Equal(new[] { forward, reverse }, h.Cards("note:basic_\\(*"));
        Assert.Empty(h.Cards("note:nosuch"));
        Assert.Equal(new[] { cloze1, cloze2 }, h.Cards($"mid:{cloze.Id}"));
        Assert.Empty(h.Cards("mid:1"));

        Assert.Equal(new[] { forward, reverse }, h.Cards($"nid:{note}"));
        Assert.Equal(new[] { forward, reverse, plain }, h.Cards($"nid:{note},{h.NoteOf(plain)}"));
        Assert.Equal(new[] { reverse, cloze2 }, h.Cards($"cid:{cloze2},{reverse}"));
        Assert.Empty(h.Cards("cid:1"));
    }

    [Fact]
    public void StateTermsFollowTypeAndQueue()
    {
        using var h = Harness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long Card(int type, int queue, long due = 0) => h.Card(h.Note(basic, new[] { "x", "" }), type: type, queue: queue, due: due);
        long fresh = Card(0, 0);
        long learning = Card(1, 1, Now - 10);
        long reviewDue = Card(2, 2, Today);
        long reviewLater = Card(2, 2, Today + 1);
        long relearningLater = Card(3, 1, Now + 1300);
        long suspended = Card(2, -1, Today - 5);
        long siblingBuried = Card(0, -2);
        long userBuried = Card(2, -3, Today - 5);
        long dayLearning = Card(1, 3, Today - 1);
        long preview = Card(2, 4, Now + 1000);
        long learningAhead = Card(1, 1, Now + 1200);

        Assert.Equal(new[] { fresh, siblingBuried }, h.Cards("is:new"));
        Assert.Equal(new[] { learning, relearningLater, dayLearning, learningAhead }, h.Cards("is:learn"));
        Assert.Equal(new[] { reviewDue, reviewLater, relearningLater, suspended, userBuried, preview }, h.Cards("is:review"));
        Assert.Equal(new[] { suspended }, h.Cards("is:suspended"));
        Assert.Equal(new[] { siblingBuried, userBuried }, h.Cards("is:buried"));
        Assert.Equal(new[] { userBuried }, h.Cards("is:buried-manually"));
        Assert.Equal(new[] { siblingBuried }, h.Cards("is:buried-sibling"));
        Assert.Equal(new[] { learning, reviewDue, dayLearning, preview, learningAhead }, h.Cards("is:due"));
        Assert.Equal(new[] { reviewLater, relearningLater }, h.Cards("is:review -is:due -is:suspended -is:buried -card:9 -is:learn or is:learn -is:due"));
    }

    [Fact]
    public void FlagTermsReadTheLowThreeBits()
    {
        using var h = Harness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long none = h.Card(h.Note(basic, new[] { "x", "" }));
        long red = h.Card(h.Note(basic, new[] { "x", "" }), flags: 1);
        long orange = h.Card(h.Note(basic, new[] { "x", "" }), flags: 2);
        long purple = h.Card(h.Note(basic, new[] { "x", "" }), flags: 7);
        long redWithMore = h.Card(h.Note(basic, new[] { "x", "" }), flags: 9);

        Assert.Equal(new[] { none }, h.Cards("flag:0"));
        Assert.Equal(new[] { red, redWithMore }, h.Cards("flag:1"));
        Assert.Equal(new[] { orange }, h.Cards("flag:2"));
        Assert.Equal(new[] { purple }, h.Cards("flag:7"));
        Assert.Equal(new[] { none, orange, purple }, h.Cards("-flag:1"));
    }

    [Fact]
    public void NumericPropertiesCompareWithEachOperator()
    {
        using var h = Harness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long p1 = h.Card(h.Note(basic, new[] { "x", "" }), type: 2, queue: 2, ivl: 1, reps: 5, lapses: 0, factor: 2500);
        long p2 = h.Card(h.Note(basic, new[] { "x", "" }), type: 2, queue: 2, ivl: 10, reps: 1, lapses: 2, factor: 1300);
        long p3 = h.Card(h.Note(basic, new[] { "x", "" }), type: 2, queue: 2, ivl: 30, reps: 0, lapses: 1, factor: 2650);

        Assert.Equal(new[] { p2 }, h.Cards("prop:ivl=10"));
        Assert.Equal(new[] { p1, p3 }, h.Cards("prop:ivl!=10"));
        Assert.Equal(new[] { p1 }, h.Cards("prop:ivl<10"));
        Assert.Equal(new[] { p1, p2 }, h.Cards("prop:ivl<=10"));
        Assert.Equal(new[] { p3 }, h.Cards("prop:ivl>10"));
        Assert.Equal(new[] { p2, p3 }, h.Cards("prop:ivl>=10"));
        Assert.Equal(new[] { p1 }, h.Cards("prop:reps>1"));
        Assert.Equal(new[] { p3 }, h.Cards("prop:reps=0"));
        Assert.Equal(new[] { p2, p3 }, h.Cards("prop:lapses>=1"));
        Assert.Equal(new[] { p1 }, h.Cards("prop:ease=2.5"));
        Assert.Equal(new[] { p2 }, h.Cards("prop:ease=1.3"));
        Assert.Equal(new[] { p3 }, h.Cards("prop:ease>2.5"));
        Assert.Equal(new[] { p1, p3 }, h.Cards("prop:ease>1.3"));
        Assert.Equal(new[] { p3 }, h.Cards("prop:ease=2.65"));
    }

    [Fact]
    public void PositionAndDueAreRelativeToTodayAndLookThroughFilteredDecks()
    {
        using var h = Harness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long Card(int type, int queue, long due, long odue = 0) => h.Card(h.Note(basic, new[] { "x", "" }), type: type, queue: queue, due: due, odue: odue, odid: odue == 0 ? 0 : 1);
        long new5 = Card(0, 0, 5);
        long new20 = Card(0, 0, 20);
        long newFiltered = Card(0, 0, -100_000, 7);
        long dueToday = Card(2, 2, Today);
        long dueTomorrow = Card(2, 2, Today + 1);
        long overdue = Card(2, 2, Today - 2);
        long filteredReview = Card(2, 2, -1000, Today + 3);
        long learningTomorrow = Card(1, 1, NextDay + 86_400 + 5);
        long learningToday = Card(1, 1, Now + 60);

        Assert.Equal(new[] { new5, newFiltered }, h.Cards("prop:pos<=7"));
        Assert.Equal(new[] { new20 }, h.Cards("prop:pos>7"));
        Assert.Equal(new[] { dueToday, learningToday }, h.Cards("prop:due=0"));
        Assert.Equal(new[] { dueTomorrow, learningTomorrow }, h.Cards("prop:due=1"));
        Assert.Equal(new[] { overdue }, h.Cards("prop:due<0"));
        Assert.Equal(new[] { overdue }, h.Cards("prop:due=-2"));
        Assert.Equal(new[] { filteredReview }, h.Cards("prop:due>=3"));
        Assert.Equal(new[] { dueTomorrow, filteredReview, learningTomorrow }, h.Cards("prop:due>0"));
    }

    [Fact]
    public void CustomDataAndFsrsPropertiesReadTheCardsData()
    {
        using var h = Harness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long Card(string data, int type = 2, long due = Today, long ivl = 10) => h.Card(h.Note(basic, new[] { "x", "" }), type: type, queue: 2, due: due, ivl: ivl, data: data);
        long both = Card("{\"cd\":{\"v\":7,\"s\":\"abc\"}}");
        long number = Card("{\"cd\":{\"v\":3}}");
        Card("not json");
        Card("");
        long oneInterval = Card("{\"s\":10,\"d\":5.0}");
        long threeIntervals = Card("{\"s\":10,\"d\":3.0}", due: Today - 20);
        long slowDecay = Card("{\"s\":10,\"d\":3.0,\"decay\":0.2}", due: Today - 20);
        long newWithMemory = Card("{\"s\":10,\"d\":5.0}", type: 0);
        Card("{\"s\":0}");

        Assert.Equal(new[] { both }, h.Cards("prop:cdn:v>5"));
        Assert.Equal(new[] { both, number }, h.Cards("prop:cdn:v>=3"));
        Assert.Equal(new[] { both }, h.Cards("prop:cds:s=abc"));
        Assert.Empty(h.Cards("prop:cds:s=ab"));
        Assert.Equal(new[] { both, number }, h.Cards("has-cd:v"));
        Assert.Equal(new[] { both }, h.Cards("has-cd:s"));
        Assert.Empty(h.Cards("has-cd:w"));

        Assert.Equal(new[] { oneInterval, threeIntervals, slowDecay, newWithMemory }, h.Cards("prop:s=10"));
        Assert.Equal(new[] { oneInterval, newWithMemory }, h.Cards("prop:d>0.4"));
        Assert.Equal(new[] { threeIntervals, slowDecay }, h.Cards("prop:d<0.4"));

        // t = S gives 0.9 whatever the decay; at t = 3S decay 0.5 gives 0.766 and decay 0.2 gives 0.799.
        Assert.Equal(new[] { oneInterval }, h.Cards("prop:r>0.89 prop:r<0.91"));
        Assert.Equal(new[] { threeIntervals }, h.Cards("prop:r>0.76 prop:r<0.78"));
        Assert.Equal(new[] { slowDecay }, h.Cards("prop:r>0.79 prop:r<0.81"));
        Assert.Empty(h.Cards("prop:r>0.95"));
    }

    [Fact]
    public void ReviewHistoryTermsCountDaysBackFromTheNextRollover()
    {
        using var h = Harness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long Card() => h.Card(h.Note(basic, new[] { "x", "" }));
        long today = Card();
        long yesterday = Card();
        long rescheduled = Card();
        long longAgo = Card();
        Card();
        long Ms(long secs) => secs * 1000;
        h.Review(today, Ms(NextDay - 3600), 3);
        h.Review(yesterday, Ms(NextDay - 86_400 - 3600), 1);
        h.Review(rescheduled, Ms(NextDay - 3600) + 1, 0);
        h.Review(longAgo, Ms(NextDay - (86_400 * 10) + 60), 4);

        Assert.Equal(new[] { today }, h.Cards("rated:1"));
        Assert.Equal(new[] { today }, h.Cards("rated:0"));
        Assert.Equal(new[] { today, yesterday }, h.Cards("rated:2"));
        Assert.Equal(new[] { yesterday }, h.Cards("rated:2:1"));
        Assert.Equal(new[] { today }, h.Cards("rated:2:3"));
        Assert.Empty(h.Cards("rated:9:4"));
        Assert.Equal(new[] { longAgo }, h.Cards("rated:10:4"));
        Assert.Equal(new[] { today, yesterday, longAgo }, h.Cards("rated:365"));
        Assert.Equal(new[] { rescheduled }, h.Cards("resched:1"));

        Assert.Equal(new[] { today }, h.Cards("prop:rated=0"));
        Assert.Equal(new[] { yesterday }, h.Cards("prop:rated=-1"));
        Assert.Equal(new[] { today, yesterday }, h.Cards("prop:rated>=-1"));
        Assert.Equal(new[] { today }, h.Cards("prop:rated>-1"));
        Assert.Equal(new[] { longAgo }, h.Cards("prop:rated<-1"));
        Assert.Equal(new[] { yesterday, longAgo }, h.Cards("prop:rated<=-1"));
        Assert.Equal(new[] { yesterday, longAgo }, h.Cards("prop:rated!=0"));
        Assert.Equal(new[] { today }, h.Cards("prop:rated=0:3"));
        Assert.Empty(h.Cards("prop:rated=0:1"));
        Assert.Equal(new[] { rescheduled }, h.Cards("prop:resched=0"));
        Assert.Empty(h.Cards("prop:resched=-1"));
    }

    [Fact]
    public void AddedEditedAndIntroducedCountWholeDays()
    {
        using var h = Harness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long Ms(long secs) => secs * 1000;
        long addedToday = h.Card(h.Note(basic, new[] { "x", "" }, mod: NextDay - 100), id: Ms(NextDay - 100));
        long addedThreeDaysAgo = h.Card(h.Note(basic, new[] { "x", "" }, mod: NextDay - (86_400 * 3)), id: Ms(NextDay - (86_400 * 3)));
        long firstStudiedTwoDaysAgo = h.Card(h.Note(basic, new[] { "x", "" }), id: Ms(NextDay - (86_400 * 30)));
        long firstStudiedLongAgo = h.Card(h.Note(basic, new[] { "x", "" }), id: Ms(NextDay - (86_400 * 31)));
        long onlyRescheduled = h.Card(h.Note(basic, new[] { "x", "" }), id: Ms(NextDay - (86_400 * 32)));
        h.Review(firstStudiedTwoDaysAgo, Ms(NextDay - (86_400 * 2) + 10), 3);
        h.Review(firstStudiedLongAgo, Ms(NextDay - (86_400 * 10)), 3);
        h.Review(firstStudiedLongAgo, Ms(NextDay - 10), 3);
        h.Review(onlyRescheduled, Ms(NextDay - 20), 0);

        Assert.Equal(new[] { addedToday }, h.Cards("added:1"));
        Assert.Equal(new[] { addedToday }, h.Cards("added:0"));
        Assert.Equal(new[] { addedToday }, h.Cards("added:3"));
        Assert.Equal(new[] { addedThreeDaysAgo, addedToday }, h.Cards("added:4"));
        Assert.Equal(new[] { addedToday }, h.Cards("edited:1"));
        Assert.Equal(new[] { addedToday }, h.Cards("edited:3"));
        Assert.Equal(new[] { addedThreeDaysAgo, addedToday }, h.Cards("edited:4"));
        Assert.Empty(h.Cards("introduced:1"));
        Assert.Equal(new[] { firstStudiedTwoDaysAgo }, h.Cards("introduced:2"));
        Assert.Equal(new[] { firstStudiedTwoDaysAgo }, h.Cards("introduced:9"));
        Assert.Equal(new[] { firstStudiedLongAgo, firstStudiedTwoDaysAgo }, h.Cards("introduced:11"));
    }

    [Fact]
    public void AndBindsTighterThanOrAndNotAppliesToTheWholeTerm()
    {
        using var h = Harness();
        var basic = h.NoteType("Basic", new[] { "Front", "Back" });
        long a = h.NoteCard(basic, new[] { "a", "" }, "t");
        long b = h.NoteCard(basic, new[] { "b", "" }, "t");
        long c = h.NoteCard(basic, new[] { "c", "" });
        long bc = h.NoteCard(basic, new[] { "b", "c" });

        Assert.Equal(new[] { a, bc }, h.Cards("front:a or b c"));
        Assert.Equal(new[] { a, bc }, h.Cards("front:a OR (b and c)"));
        Assert.Equal(new[] { bc }, h.Cards("(front:a or b) c"));
        Assert.Equal(new[] { c }, h.Cards("-(front:a or front:b)"));
        Assert.Equal(new[] { c, bc }, h.Cards("-tag:t"));
        Assert.Equal(new[] { a, c, bc }, h.Cards("-tag:t or -front:b"));
        Assert.Equal(new[] { a, b, c }, h.Cards("-(b c)"));
        Assert.Equal(new[] { b }, h.Cards("tag:t -(front:a)"));
    }
}
