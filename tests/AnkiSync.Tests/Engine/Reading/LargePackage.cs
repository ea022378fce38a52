using System;
using System.IO;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>
/// One 100,000-card package (Basic notes with a 100-character answer, one card each), generated once for the
/// streaming tests of the engine and the module. Every thousandth card has 5 lapses, so a filter has something
/// to find across the whole file.
/// </summary>
public sealed class LargePackage : IDisposable
{
    public const int CardCount = 100_000;
    public const int LapsedEvery = 1_000;
    public const int LapsedCount = CardCount / LapsedEvery;

    private readonly ScratchFolder folder = new();

    public LargePackage()
    {
        Path = folder.Combine("large.apkg");
        var tags = new[] { "large" };
        string padding = new string('x', 100);
        using var package = AnkiPackage.Create();
        using (var batch = package.BeginNoteBatch())
        {
            for (int i = 1; i <= CardCount; i++)
            {
                batch.Add(new NoteInput { Values = new[] { "question " + i, "answer " + i + " " + padding }, Tags = tags });
            }

            batch.Complete();
        }

        // Every thousandth card in id order (the order cards are read in) becomes a lapsed review card.
        package.Db.Execute("update cards set type = 2, queue = 2, ivl = 3, factor = 2500, reps = 9, lapses = 5, due = 10 where id in "
            + "(select id from (select id, row_number() over (order by id) as n from cards) where n % $every = 0)", ("$every", LapsedEvery));
        package.Export(Path);
        Length = new FileInfo(Path).Length;
    }

    public string Path { get; }

    public long Length { get; }

    public void Dispose() => folder.Dispose();
}
