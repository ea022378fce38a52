using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using AnkiSync.Packages;
using Xunit.Abstractions;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// The module reopens everything it writes, in every format: content that compresses extremely well
/// (the same HTML in every note) is not mistaken for a decompression bomb, and many media files come back.
/// </summary>
public sealed class ReopenWrittenTests
{
    private readonly ITestOutputHelper output;

    public ReopenWrittenTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<PackageVersion> Versions() => new TheoryData<PackageVersion> { PackageVersion.Legacy1, PackageVersion.Legacy2, PackageVersion.Latest };

    [Theory]
    [MemberData(nameof(Versions))]
    public void RepetitiveNotesReopen(PackageVersion version)
    {
        using var temp = new TempFolder();
        var html = RepetitiveHtml(55 * 1024);
        var path = temp.Path($"repetitive-{version}.apkg");
        using (var package = AnkiPackage.Create())
        {
            using (var batch = package.BeginNoteBatch())
            {
                for (var i = 0; i < 200; i++)
                {
                    batch.Add(new NoteInput { Values = new[] { $"front {i}", html } });
                }

                batch.Complete();
            }

            package.Export(path, version);
        }

        output.WriteLine($"{version}: {new FileInfo(path).Length} bytes, collection ratio {CollectionRatio(path):F0}");
        using var reopened = AnkiPackage.Open(path);
        Assert.Equal(200, reopened.NoteCount);
        Assert.All(reopened.GetNotes(), note => Assert.Equal(html, (string?)note.Fields["Back"]));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void ManyMediaFilesReopen(PackageVersion version)
    {
        using var temp = new TempFolder();
        var path = temp.Path($"media-{version}.apkg");
        const int small = 1000;
        const int large = 3;
        var largeLength = 3 * 1024 * 1024;
        using (var package = AnkiPackage.Create())
        {
            for (var i = 0; i < small; i++)
            {
                using var content = new MemoryStream(Encoding.ASCII.GetBytes($"small file {i}"));
                package.AddMedia($"_small{i}.txt", content);
            }

            // Files past the ratio check's threshold that compress far better than 200:1 (silence, blank images).
            for (var i = 0; i < large; i++)
            {
                var bytes = new byte[largeLength];
                bytes[0] = (byte)i;
                using var content = new MemoryStream(bytes);
                package.AddMedia($"_large{i}.bin", content);
            }

            package.AddNote(new NoteInput { Values = new[] { "<img src=\"_small0.txt\">", "x" } });
            package.Export(path, version);
        }

        using var reopened = AnkiPackage.Open(path);
        var media = reopened.GetMedia().Where(m => !m.IsMissing).ToList();
        Assert.Equal(small + large, media.Count);
        Assert.Equal("small file 999", File.ReadAllText(reopened.GetMediaPath("_small999.txt")!));
        Assert.All(media.Where(m => m.Name.StartsWith("_large", StringComparison.Ordinal)), m => Assert.Equal(largeLength, m.Length));
    }

    /// <summary>About <paramref name="size"/> characters of ordinary-looking markup, the same in every note.</summary>
    private static string RepetitiveHtml(int size)
    {
        var builder = new StringBuilder();
        var row = 0;
        while (builder.Length < size)
        {
            builder.Append("<div class=\"row\"><span class=\"label\">Example ").Append(row++ % 37).Append("</span><b>value</b></div>\n");
        }

        return builder.ToString();
    }

    private static double CollectionRatio(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entry = zip.GetEntry("collection.anki21b") ?? zip.GetEntry("collection.anki21") ?? zip.GetEntry("collection.anki2")!;
        if (entry.FullName.EndsWith("b", StringComparison.Ordinal))
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return (double)PackageTestFiles.ZstdDecompress(buffer.ToArray()).Length / entry.CompressedLength;
        }

        return (double)entry.Length / entry.CompressedLength;
    }
}
