using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using AnkiSync.Merge;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.Merge;

/// <summary>
/// The media half of an import on its own: which files of the package's folder are copied, under which names, and how
/// each reference in a field is rewritten (rslib import_export/package/apkg/import/media.rs and notes.rs).
/// </summary>
public sealed class MediaImportTests : System.IDisposable
{
    private readonly TempFolder temp = new TempFolder();

    public MediaImportTests()
    {
        Directory.CreateDirectory(temp.Path("source"));
        Directory.CreateDirectory(temp.Path("target"));
    }

    public void Dispose() => temp.Dispose();

    private void Source(string name, string content) => File.WriteAllText(temp.Path("source", name), content);

    private void Target(string name, string content) => File.WriteAllText(temp.Path("target", name), content);

    private MediaImport Import() => new MediaImport(temp.Path("source"), temp.Path("target"));

    private static string Sha1(string content) => System.Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(content))).ToLowerInvariant();

    [Fact]
    public void AReferenceAtTheStartOfAFieldIsRewrittenToo()
    {
        Source("a.jpg", "new picture");
        Target("a.jpg", "old picture");
        Source("b.mp3", "new sound");
        Target("b.mp3", "old sound");
        var media = Import();
        string a = $"a-{Sha1("new picture")}.jpg";
        string b = $"b-{Sha1("new sound")}.mp3";

        Assert.Equal($"<img src=\"{a}\">", media.RewriteField("<img src=\"a.jpg\">"));
        Assert.Equal($"[sound:{b}]", media.RewriteField("[sound:b.mp3]"));
        Assert.Equal($"x<img src=\"{a}\">[sound:{b}]", media.RewriteField("x<img src=\"a.jpg\">[sound:b.mp3]"));
        Assert.Equal("no media here", media.RewriteField("no media here"));
    }

    [Fact]
    public void OnlyReferencedFilesAreCopiedAndAFileOfTheSameContentIsNot()
    {
        Source("used.jpg", "used");
        Source("unused.jpg", "unused");
        Source("same.jpg", "same");
        Target("same.jpg", "same");
        Source("_static.css", "static");
        Source("latex-abc.png", "latex");
        var media = Import();

        Assert.Equal("<img src=\"used.jpg\"><img src=\"same.jpg\">", media.RewriteField("<img src=\"used.jpg\"><img src=\"same.jpg\">"));
        var written = new List<string>();
        var (added, renamed, names) = media.Copy(written, whatIf: false);

        Assert.Equal((3, 0), (added, renamed));
        Assert.Empty(names);
        Assert.Equal("used", File.ReadAllText(temp.Path("target", "used.jpg")));
        Assert.Equal("static", File.ReadAllText(temp.Path("target", "_static.css")));
        Assert.True(File.Exists(temp.Path("target", "latex-abc.png")));
        Assert.False(File.Exists(temp.Path("target", "unused.jpg")));
        Assert.Equal(3, written.Count);
    }

    [Fact]
    public void WhatIfCountsWithoutCopying()
    {
        Source("used.jpg", "used");
        Target("clash.jpg", "old");
        Source("clash.jpg", "new");
        var media = Import();
        media.RewriteField("<img src=\"used.jpg\"><img src=\"clash.jpg\">");
        var written = new List<string>();

        var (added, renamed, names) = media.Copy(written, whatIf: true);

        Assert.Equal((2, 1), (added, renamed));
        Assert.Equal($"clash-{Sha1("new")}.jpg", names["clash.jpg"]);
        Assert.Empty(written);
        Assert.False(File.Exists(temp.Path("target", "used.jpg")));
    }

    [Fact]
    public void ReferencesAreWrittenInAnkisNormalFormAndFilesNotInThatFormAreNotMediaOfThePackage()
    {
        Source("cafe\u0301.jpg", "decomposed");
        Source("café.png", "composed");
        var media = Import();

        // A decomposed reference becomes the composed name, whether or not the package has that file.
        Assert.Equal("<img src=\"café.png\">", media.RewriteField("<img src=\"cafe\u0301.png\">"));
        Assert.Equal("<img src=\"café.jpg\">", media.RewriteField("<img src=\"cafe\u0301.jpg\">"));
        Assert.Equal("[sound:café.mp3]", media.RewriteField("[sound:cafe\u0301.mp3]"));
        var (added, _, _) = media.Copy(new List<string>(), whatIf: false);

        Assert.Equal(1, added);
        Assert.Equal("composed", File.ReadAllText(temp.Path("target", "café.png")));
        Assert.Equal(new[] { "café.png" }, System.Array.ConvertAll(Directory.GetFiles(temp.Path("target")), Path.GetFileName));
    }

    [Fact]
    public void UrlsAndDataUrisAreNeverRewritten()
    {
        Source("a.jpg", "new");
        Target("a.jpg", "old");
        var media = Import();

        Assert.Equal("<img src=\"http://example.com/a.jpg\">", media.RewriteField("<img src=\"http://example.com/a.jpg\">"));
        Assert.Equal("<img src=\"data:a.jpg\">", media.RewriteField("<img src=\"data:a.jpg\">"));
        Assert.Equal("<img src=\"DATA:a.jpg\">", media.RewriteField("<img src=\"DATA:a.jpg\">"));
        Assert.Equal((0, 0), Take(media.Copy(new List<string>(), whatIf: true)));
    }

    [Fact]
    public void AnEntityEncodedReferenceGetsAnEncodedNewName()
    {
        Source("a&b.jpg", "new");
        Target("a&b.jpg", "old");
        var media = Import();

        Assert.Equal($"<img src=\"a&amp;b-{Sha1("new")}.jpg\">", media.RewriteField("<img src=\"a&amp;b.jpg\">"));
        Assert.Equal($"<img src=\"a&b-{Sha1("new")}.jpg\">", media.RewriteField("<img src=\"a&b.jpg\">"));
    }

    [Theory]
    [InlineData("photo.jpg", "photo-{0}.jpg")]
    [InlineData("noextension", "noextension-{0}.")]
    [InlineData(".hidden", "-{0}.hidden")]
    [InlineData("archive.tar.gz", "archive.tar-{0}.gz")]
    [InlineData("a.verylongextension", "a-{0}.verylongex")]
    public void AHashSuffixGoesBeforeTheLastExtension(string name, string expected)
    {
        string sha1 = Sha1("content");
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, sha1), MediaImport.HashSuffixedName(name, sha1));
    }

    private static (int, int) Take((int Added, int Renamed, Dictionary<string, string> Names) copy) => (copy.Added, copy.Renamed);
}
