using System;
using System.IO;
using System.Linq;
using AnkiSync.Storage;
using AnkiSync.Tests.Engine.Packages;
using Xunit.Abstractions;

namespace AnkiSync.Tests.Engine.BadInput;

public sealed class ScratchProbe
{
    private readonly ITestOutputHelper output;
    public ScratchProbe(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData("ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg", 70)]
    [InlineData("ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg", 77)]
    [InlineData("anki2.1.2x-bare-schema11-media-refs.anki2", 83)]
    [InlineData("anki2.1.2x-bare-schema11-media-refs.anki2", 129)]
    [InlineData("genanki-legacy-apkg-japanese-kanji-165notes.apkg", 101)]
    [InlineData("anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg", 153)]
    public void Probe(string fixture, int caseIndex)
    {
        using var temp = new TempFolder();
        var names = Directory.EnumerateFiles(Fixtures.Root).Select(Path.GetFileName).Where(n => new[] { ".apkg", ".colpkg", ".anki2", ".anki21b" }.Any(e => n!.EndsWith(e))).Select(n => n!).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var others = names.Where(n => n != fixture).ToList();
        int hash; unchecked { hash = (int)2166136261; foreach (var c in fixture) hash = (hash ^ c) * 16777619; hash &= 0x7FFFFFFF; }
        var random = new Random(0x5EED ^ hash);
        var original = File.ReadAllBytes(Fixtures.Path(fixture));
        byte[] bytes = Array.Empty<byte>();
        for (var i = 0; i <= caseIndex; i++)
        {
            var other = File.ReadAllBytes(Fixtures.Path(others[random.Next(others.Count)]));
            (bytes, _) = FixtureMutator.Mutate(random, i, fixture, original, other);
        }
        var path = temp.Path("case" + Path.GetExtension(fixture));
        File.WriteAllBytes(path, bytes);
        var work = temp.Path("work");
        var extracted = AnkiSync.Packages.PackageReader.Extract(path, work);
        using var db = AnkiDatabase.Open(extracted.CollectionPath);
        output.WriteLine("quick: " + db.Scalar("pragma quick_check"));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        output.WriteLine("integrity: " + db.Scalar("pragma integrity_check") + " " + sw.ElapsedMilliseconds + "ms");
        try { using var pkg = AnkiPackage.Open(path); pkg.GetNotes().Count(); pkg.Check().Count(); } catch (Exception e) { output.WriteLine("PKG: " + e); }
        try { output.WriteLine("notes: " + db.ScalarLong("select count(*) from notes") + " flds " + db.ScalarLong("select sum(length(flds)) from notes") + " cards " + db.ScalarLong("select count(*) from cards")); } catch (Exception e) { output.WriteLine("scan: " + e.Message); }
        try { db.ScalarLong("select count(*) from (select n.id, n.guid, n.mid, n.mod, n.tags, n.flds, (select c.did from cards c where c.nid = n.id order by c.ord limit 1) from notes n)"); output.WriteLine("getnotes query ok"); } catch (Exception e) { output.WriteLine("getnotes query: " + e.Message); }
    }
}
public sealed class ScratchTiming
{
    private readonly ITestOutputHelper output;
    public ScratchTiming(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Time()
    {
        using var temp = new TempFolder();
        var path = temp.Path("big.anki2");
        using (var db = AnkiDatabase.Open(path, create: true))
        {
            foreach (var stmt in Schema11.CreateTables.Split(';').Where(s => s.Trim().Length > 0)) db.Execute(stmt);
            db.Execute("begin");
            db.Execute("with recursive c(x) as (select 1 union all select x+1 from c where x < 200000) insert into notes select x, 'g'||x, 1, 1, 0, ' t ', 'question '||x||char(31)||'answer '||x||printf('%.100c','a'), 'q', 1, 0, '' from c");
            db.Execute("with recursive c(x) as (select 1 union all select x+1 from c where x < 200000) insert into cards select x, x, 1, 0, 1, 0, 0, 0, x, 0, 0, 0, 0, 0, 0, 0, 0, '' from c");
            db.Execute("commit");
        }
        output.WriteLine("size " + new FileInfo(path).Length);
        using (var db = AnkiDatabase.Open(path))
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            db.Scalar("pragma quick_check");
            output.WriteLine("quick " + sw.ElapsedMilliseconds);
            sw.Restart();
            db.Scalar("pragma integrity_check");
            output.WriteLine("integrity " + sw.ElapsedMilliseconds);
            sw.Restart();
            db.Execute("reindex");
            output.WriteLine("reindex " + sw.ElapsedMilliseconds);
        }
    }
}
