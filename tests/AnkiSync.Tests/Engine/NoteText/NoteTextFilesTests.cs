using System;
using System.IO;
using System.Linq;
using System.Text;
using AnkiSync.NoteText;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.NoteText;

/// <summary>The text files themselves: read as strict UTF-8, written without a byte-order mark through a temporary file.</summary>
public sealed class NoteTextFilesTests : IDisposable
{
    private readonly TempFolder temp = new TempFolder();

    public void Dispose() => temp.Dispose();

    private static AnkiPackage OneNote()
    {
        var package = AnkiPackage.Create();
        package.AddNote(new NoteInput { Values = new[] { "perro", "dog" } });
        return package;
    }

    [Fact]
    public void AFileThatIsNotUtf8IsRefusedAsAnkiRefusesIt()
    {
        string path = temp.File("latin1.txt", new byte[] { (byte)'c', (byte)'a', 0xF1, (byte)'a', (byte)'\t', (byte)'x', (byte)'\n' });
        using var package = AnkiPackage.Create();
        var error = Assert.Throws<AnkiException>(() => NoteTextFiles.Import(package, path, new NoteTextImportOptions()));
        Assert.Equal(("InvalidText", $"The file '{path}' is not UTF-8 text, which Anki's text import requires. Save it as UTF-8 and try again."), (error.Reason, error.Message));
        Assert.Equal(0, package.NoteCount);
    }

    [Fact]
    public void AFileThatCannotBeReadSaysSo()
    {
        string path = temp.Path("missing.txt");
        using var package = AnkiPackage.Create();
        var error = Assert.Throws<AnkiException>(() => NoteTextFiles.Import(package, path, new NoteTextImportOptions()));
        Assert.Equal("FileUnreadable", error.Reason);
        Assert.StartsWith($"Could not read '{path}': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AUtf8FileWithAByteOrderMarkImports()
    {
        string path = temp.File("notes.txt", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("#separator:tab\nniño\tchild\n")).ToArray());
        using var package = AnkiPackage.Create();
        Assert.Equal(1, NoteTextFiles.Import(package, path, new NoteTextImportOptions()).New);
        Assert.Equal("niño", package.GetNotes().Single().Fields["Front"]);
    }

    [Fact]
    public void ExportWritesANewFileWithoutAByteOrderMarkAndLeavesNoTemporaryFile()
    {
        using var package = OneNote();
        string path = temp.Path("out.txt");
        Assert.Equal(1, NoteTextFiles.Export(package, null, new NoteTextExportOptions(), path, overwrite: false));
        byte[] written = File.ReadAllBytes(path);
        Assert.Equal((byte)'#', written[0]);
        Assert.Contains("perro\tdog", Encoding.UTF8.GetString(written), StringComparison.Ordinal);
        Assert.Equal(new[] { "out.txt" }, Directory.EnumerateFileSystemEntries(temp.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void AnExistingFileIsReplacedOnlyWhenAskedTo()
    {
        using var package = OneNote();
        string path = temp.File("out.txt", Encoding.UTF8.GetBytes("old content"));
        var error = Assert.Throws<AnkiException>(() => NoteTextFiles.Export(package, null, new NoteTextExportOptions(), path, overwrite: false));
        Assert.Equal(("FileExists", $"The file '{path}' already exists. Use -Force to overwrite it."), (error.Reason, error.Message));
        Assert.Equal("old content", File.ReadAllText(path));

        Assert.Equal(1, NoteTextFiles.Export(package, null, new NoteTextExportOptions(), path, overwrite: true));
        Assert.Contains("perro\tdog", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(new[] { "out.txt" }, Directory.EnumerateFileSystemEntries(temp.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void AFileThatCannotBeWrittenSaysSoAndLeavesNothing()
    {
        using var package = OneNote();
        string path = temp.Path("no-such-folder", "out.txt");
        var error = Assert.Throws<AnkiException>(() => NoteTextFiles.Export(package, null, new NoteTextExportOptions(), path, overwrite: true));
        Assert.Equal("WriteFailed", error.Reason);
        Assert.StartsWith($"Could not write '{path}': ", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Root));
    }

    [Fact]
    public void AFailureAfterTheTemporaryFileWasWrittenRemovesIt()
    {
        using var package = OneNote();
        // The target is a folder: the temporary file is written beside it, then cannot take its place.
        string path = temp.Path("out.txt");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<AnkiException>(() => NoteTextFiles.Export(package, null, new NoteTextExportOptions(), path, overwrite: true));

        Assert.Equal("WriteFailed", error.Reason);
        Assert.Equal(new[] { "out.txt" }, Directory.EnumerateFileSystemEntries(temp.Root).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFileSystemEntries(path));
    }
}
