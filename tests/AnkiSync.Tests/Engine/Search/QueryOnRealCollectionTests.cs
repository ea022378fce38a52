using System;
using System.Collections.Generic;
using System.Linq;

namespace AnkiSync.Tests.Engine.Search;

/// <summary>
/// Every search term against real collections. The expected card sets are evaluated independently of the
/// translator: C# predicates over the raw rows (read with plain SQL), written by hand from Anki's rules
/// (ANKI-BEHAVIOUR.md section 1), with "now" fixed.
/// </summary>
public class QueryOnRealCollectionTests
{
    private const string Templates = "anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg";

    private sealed record Card(long Id, long Nid, long Did, long Odid, int Ord, int Type, int Queue, long Due, long Odue, long Ivl, long Factor, long Reps, long Lapses, int Flags,
        long Mid, string Tags, string[] Fields, long NoteMod, string Deck, string NoteType, string Template, string[] FieldNames, bool IsCloze);

    private static (List<Card> Cards, List<(long Id, long Cid, int Ease)> Revlog, long Crt) Raw(AnkiPackage package)
    {
        var decks = package.GetDecks().ToDictionary(d => d.Id, d => d.Name);
        var types = package.GetNoteTypes().ToDictionary(t => t.Id);
        var cards = new List<Card>();
        using (var command = package.Db.Command("select c.id, c.nid, c.did, c.odid, c.ord, c.type, c.queue, c.due, c.odue, c.ivl, c.factor, c.reps, c.lapses, c.flags, n.mid, n.tags, n.flds, n.mod from cards c join notes n on n.id = c.nid"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var type = types[reader.GetInt64(14)];
                long did = reader.GetInt64(2);
                long odid = reader.GetInt64(3);
                int ord = reader.GetInt32(4);
                cards.Add(new Card(reader.GetInt64(0), reader.GetInt64(1), did, odid, ord, reader.GetInt32(5), reader.GetInt32(6), reader.GetInt64(7), reader.GetInt64(8),
                    reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12), reader.GetInt32(13), reader.GetInt64(14), reader.GetString(15),
                    reader.GetString(16).Split('\u001f'), reader.GetInt64(17), decks.GetValueOrDefault(did, ""), type.Name,
                    type.Kind == NoteTypeKind.Cloze ? type.Templates[0].Name : type.Templates[ord].Name, type.Fields.ToArray(), type.Kind == NoteTypeKind.Cloze));
            }
        }

        var revlog = new List<(long, long, int)>();
        using (var command = package.Db.Command("select id, cid, ease from revlog"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                revlog.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2)));
            }
        }

        return (cards, revlog, Convert.ToInt64(package.Db.Scalar("select crt from col")));
    }

    private static bool InDeck(Card c, Dictionary<long, string> decks, string name)
        => new[] { c.Did, c.Odid }.Where(id => id != 0 && decks.ContainsKey(id)).Any(id =>
            decks[id].Equals(name, StringComparison.OrdinalIgnoreCase) || decks[id].StartsWith(name + "::", StringComparison.OrdinalIgnoreCase));

    private static string Field(Card c, string name) => c.FieldNames.Select((n, i) => (n, i)).Where(p => p.n.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => c.Fields[p.i]).FirstOrDefault() ?? "";

    private static bool HasField(Card c, string name) => c.FieldNames.Any(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static bool HasTag(Card c, string tag) => c.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(t => t.Equals(tag, StringComparison.OrdinalIgnoreCase) || t.StartsWith(tag + "::", StringComparison.OrdinalIgnoreCase));

    [FixtureFact]
    public void EveryTermSelectsWhatAnkisRulesSelect()
    {
        using var package = AnkiPackage.Open(Fixtures.Path(Templates));
        var (cards, revlog, crt) = Raw(package);
        var decks = package.GetDecks().ToDictionary(d => d.Id, d => d.Name);

        // schedVer unset: Anki's v1 timing, independent of the time zone.
        var now = DateTimeOffset.FromUnixTimeSeconds(1426852800); // 2015-03-20 12:00 UTC
        long nowSecs = now.ToUnixTimeSeconds();
        long today = (nowSecs - crt) / 86400;
        long nextDay = crt + ((today + 1) * 86400);
        long DaysCut(int n) => (nextDay - (86400L * n)) * 1000;
        bool Rated(Card c, int days, Func<int, bool> ease) => revlog.Any(r => r.Cid == c.Id && r.Id >= DaysCut(days) && ease(r.Ease));
        long someNote = cards[5].Nid;
        long someCard = cards[7].Id;
        long clozeMid = cards.First(c => c.IsCloze).Mid;

        var table = new (string Query, Func<Card, bool> Expected)[]
        {
            ("", c => true),
            ("deck:1-TEMPLATES::Anatomy", c => InDeck(c, decks, "1-TEMPLATES::Anatomy")),
            ("deck:1-templates::anat*", c => decks.Where(d => d.Value.StartsWith("1-TEMPLATES::Anat", StringComparison.OrdinalIgnoreCase)).Any(d => InDeck(c, decks, d.Value))),
            ("deck:filtered", c => c.Odid != 0),
            ("deck:*", c => true),
            ("-deck:1-TEMPLATES::Anatomy", c => !InDeck(c, decks, "1-TEMPLATES::Anatomy")),
            ("note:Muscle", c => c.NoteType == "Muscle"),
            ("note:cloze", c => c.NoteType.Equals("cloze", StringComparison.OrdinalIgnoreCase)),
            ("note:*Cloze*", c => c.NoteType.Contains("cloze", StringComparison.OrdinalIgnoreCase)),
            ($"mid:{clozeMid}", c => c.Mid == clozeMid),
            ("card:1", c => c.Ord == 0),
            ("card:2", c => c.Ord == 1),
            ($"card:\"{cards.First(c => !c.IsCloze).Template}\"", c => c.Template == cards.First(x => !x.IsCloze).Template && !c.IsCloze),
            ("is:new", c => c.Type == 0),
            ("is:learn", c => c.Type == 1 || c.Type == 3),
            ("is:review", c => c.Type == 2 || c.Type == 3),
            ("is:suspended", c => c.Queue == -1),
            ("is:buried", c => c.Queue == -2 || c.Queue == -3),
            ("is:due", c => ((c.Queue == 2 || c.Queue == 3) && c.Due <= today) || ((c.Queue == 1 || c.Queue == 4) && c.Due <= nowSecs + 1200)),
            ("-is:due is:learn", c => !(((c.Queue == 2 || c.Queue == 3) && c.Due <= today) || ((c.Queue == 1 || c.Queue == 4) && c.Due <= nowSecs + 1200)) && (c.Type == 1 || c.Type == 3)),
            ("flag:0", c => (c.Flags & 7) == 0),
            ("flag:1", c => (c.Flags & 7) == 1),
            ("prop:reps>3", c => c.Reps > 3),
            ("prop:reps<=2", c => c.Reps <= 2),
            ("prop:lapses=0", c => c.Lapses == 0),
            ("prop:ivl>=1", c => c.Ivl >= 1),
            ("prop:ease!=2.5", c => c.Factor != 2500),
            ("prop:pos<=20", c => c.Type == 0 && (c.Odue != 0 ? c.Odue : c.Due) <= 20),
            ("prop:due<=0", c => ((c.Queue == 2 || c.Queue == 3) && (c.Odue != 0 ? c.Odue : c.Due) <= today) || ((c.Queue == 1 || c.Queue == 4) && ((c.Odue != 0 ? c.Odue : c.Due) - nextDay) / 86400 <= 0)),
            ("rated:7", c => Rated(c, 7, e => e > 0)),
            ("rated:10:3", c => Rated(c, 10, e => e == 3)),
            ("rated:400", c => Rated(c, 400, e => e > 0)),
            ("prop:rated>=-10", c => revlog.Any(r => r.Cid == c.Id && r.Id >= DaysCut(11) && r.Ease > 0)),
            ("resched:400", c => Rated(c, 400, e => e == 0)),
            ("added:10", c => c.Id > DaysCut(10)),
            ("added:2000", c => c.Id > DaysCut(2000)),
            ("edited:5", c => c.NoteMod > nextDay - (86400 * 5)),
            ("introduced:10", c => revlog.Where(r => r.Cid == c.Id && r.Ease != 0).Select(r => r.Id).DefaultIfEmpty(long.MaxValue).Min() > DaysCut(10)
                                   && revlog.Any(r => r.Cid == c.Id && r.Id > DaysCut(10))),
            ($"nid:{someNote}", c => c.Nid == someNote),
            ($"cid:{someCard},{cards[9].Id}", c => c.Id == someCard || c.Id == cards[9].Id),
            ("tag:UpperEx", c => HasTag(c, "UpperEx")),
            ("tag:upper*", c => c.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(t => t.StartsWith("upper", StringComparison.OrdinalIgnoreCase))),
            ("tag:none", c => c.Tags.Length == 0),
            ("tag:shoulder -tag:arm", c => HasTag(c, "shoulder") && !HasTag(c, "arm")),
            ("tag:arm or tag:elbow", c => HasTag(c, "arm") || HasTag(c, "elbow")),
            ("(tag:arm or tag:elbow) note:Muscle", c => (HasTag(c, "arm") || HasTag(c, "elbow")) && c.NoteType == "Muscle"),
            ("tag:re:^sho", c => c.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(t => t.StartsWith("sho", StringComparison.OrdinalIgnoreCase))),
            ("the", c => c.Fields.Any(f => f.Contains("the", StringComparison.OrdinalIgnoreCase))),
            ("\"the system\"", c => string.Join("\u001f", c.Fields).Contains("the system", StringComparison.OrdinalIgnoreCase)),
            ("fin*ial", c => System.Text.RegularExpressions.Regex.IsMatch(string.Join("\u001f", c.Fields), "fin.*ial", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline)),
            ("d_v", c => System.Text.RegularExpressions.Regex.IsMatch(string.Join("\u001f", c.Fields), "d.v", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline)),
            ("w:the", c => c.Fields.Any(f => System.Text.RegularExpressions.Regex.IsMatch(f, @"(?i)\bthe\b"))),
            ("re:c\\d::", c => c.Fields.Any(f => System.Text.RegularExpressions.Regex.IsMatch(f, @"(?i)c\d::"))),
            ("nc:financial", c => c.Fields.Any(f => f.Contains("financial", StringComparison.OrdinalIgnoreCase))),
            ("sc:\"financial systems were\"", c => c.IsCloze && c.Fields.Any(f => System.Text.RegularExpressions.Regex.Replace(f, @"(?s)\{\{c[\d,]+::(.*?)(::.*?)?\}\}", "$1").Contains("financial systems were", StringComparison.OrdinalIgnoreCase))),
            ("text1:*financial*", c => HasField(c, "text1") && Field(c, "text1").Contains("financial", StringComparison.OrdinalIgnoreCase)),
            ("Front:", c => HasField(c, "Front") && Field(c, "Front").Length == 0),
            ("Front:_*", c => HasField(c, "Front") && Field(c, "Front").Length > 0),
            ("Front:*", c => HasField(c, "Front")),
            ("fr*:re:^[a-m]", c => c.FieldNames.Select((n, i) => (n, i)).Any(p => p.n.StartsWith("fr", StringComparison.OrdinalIgnoreCase) && System.Text.RegularExpressions.Regex.IsMatch(c.Fields[p.i], "(?i)^[a-m]"))),
            ("*:*system*", c => c.Fields.Any(f => f.Contains("system", StringComparison.OrdinalIgnoreCase))),
            ("-the -is:new", c => !c.Fields.Any(f => f.Contains("the", StringComparison.OrdinalIgnoreCase)) && c.Type != 0),
            ("is:new and (tag:arm OR -note:Muscle)", c => c.Type == 0 && (HasTag(c, "arm") || c.NoteType != "Muscle")),
        };

        foreach (var (query, expected) in table)
        {
            var want = cards.Where(expected).Select(c => c.Id).OrderBy(i => i).ToList();
            var got = package.GetCards(new CardFilter { Query = query, Now = now }).Select(c => c.Id).ToList();
            Assert.True(want.SequenceEqual(got), $"'{query}': expected {want.Count} cards, got {got.Count}");
        }

        // The table exercises what it claims: these terms select some cards and not all.
        foreach (var query in new[] { "deck:filtered", "is:learn", "rated:400", "tag:UpperEx", "Front:_*", "text1:*financial*", "note:cloze", "is:due" })
        {
            int count = cards.Count(table.First(t => t.Query == query).Expected);
            Assert.True(count > 0 && count < cards.Count, $"'{query}' selects {count} of {cards.Count}");
        }
    }

    [FixtureFact]
    public void NoteQueriesReturnNotesWithAMatchingCard()
    {
        using var package = AnkiPackage.Open(Fixtures.Path(Templates));
        var (cards, _, _) = Raw(package);
        var expected = cards.Where(c => c.Type == 1).Select(c => c.Nid).Distinct().OrderBy(i => i).ToList();
        Assert.Equal(expected, package.GetNotes(new NoteFilter { Query = "is:learn" }).Select(n => n.Id).ToList());
        var tagged = cards.Where(c => HasTag(c, "shoulder")).Select(c => c.Nid).Distinct().OrderBy(i => i).ToList();
        Assert.Equal(tagged, package.GetNotes(new NoteFilter { Query = "tag:shoulder" }).Select(n => n.Id).ToList());
    }

    [FixtureTheory]
    [InlineData("anki2.1.50plus-latest-apkg-anki21b-media-revlog.apkg")]
    [InlineData("anki2.1.50plus-bare-schema18-japanese-studied.anki2")]
    [InlineData("anki2.1.50plus-bare-schema18-suspended.anki2")]
    [InlineData("anki2.1.1x-bare-schema11-two-decks-revlog.anki2")]
    public void StateAndPropertyTermsOnOtherCollections(string file)
    {
        using var package = AnkiPackage.Open(Fixtures.Path(file));
        var (cards, _, _) = Raw(package);
        var table = new (string Query, Func<Card, bool> Expected)[]
        {
            ("is:review", c => c.Type == 2 || c.Type == 3),
            ("is:new", c => c.Type == 0),
            ("is:suspended", c => c.Queue == -1),
            ("-is:suspended", c => c.Queue != -1),
            ("prop:ivl>2", c => c.Ivl > 2),
            ("prop:reps>=1", c => c.Reps >= 1),
            ("note:Basic*", c => c.NoteType.StartsWith("Basic", StringComparison.OrdinalIgnoreCase)),
            ("Front:_*", c => HasField(c, "Front") && Field(c, "Front").Length > 0),
            ("back:*e*", c => HasField(c, "Back") && Field(c, "Back").Contains('e', StringComparison.OrdinalIgnoreCase)),
            ("card:1 -card:2", c => c.Ord == 0),
        };
        foreach (var (query, expected) in table)
        {
            var want = cards.Where(expected).Select(c => c.Id).OrderBy(i => i).ToList();
            var got = package.GetCards(new CardFilter { Query = query }).Select(c => c.Id).ToList();
            Assert.True(want.SequenceEqual(got), $"{file} '{query}': expected {want.Count}, got {got.Count}");
        }
    }
}
