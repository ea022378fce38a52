using System;
using System.IO;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>A fresh folder under the system temp folder, removed with its contents on dispose.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Root = Directory.CreateTempSubdirectory("ankisync-read-").FullName;
    }

    public string Root { get; }

    public string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Something still open on some platforms; the OS temp cleaner gets it.
        }
    }
}
