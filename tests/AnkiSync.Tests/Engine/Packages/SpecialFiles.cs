using System.Diagnostics;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>Makes the file-system nodes a hostile package folder may hold and .NET cannot create.</summary>
internal static class SpecialFiles
{
    /// <summary>Creates a named pipe at <paramref name="path"/> (not on Windows, which has none in folders).</summary>
    public static void MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", new[] { path }) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
