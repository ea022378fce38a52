using System;
using System.IO;

namespace AnkiSync.Tests.Engine.BadInput;

/// <summary>The contract for every kind of bad input: one AnkiException with a stable reason, the file as target, no work folder left.</summary>
internal static class BadInputAssert
{
    public static AnkiException OpenFails(string path, string reason, AnkiErrorKind kind = AnkiErrorKind.InvalidData)
    {
        using var watch = new WorkFolderWatch();
        Exception? thrown = null;
        AnkiPackage? opened = null;
        try
        {
            opened = AnkiPackage.Open(path);
        }
        catch (Exception e)
        {
            thrown = e;
        }

        opened?.Dispose();
        Assert.True(opened == null, $"'{Path.GetFileName(path)}' opened; it should have failed with {reason}.");
        if (thrown is not AnkiException error)
        {
            throw new Xunit.Sdk.XunitException($"Opening '{Path.GetFileName(path)}' threw a raw {thrown!.GetType().FullName}, not an AnkiException:\n{thrown}");
        }

        Assert.True(reason == error.Reason, $"Expected reason {reason}, got {error.Reason}: {error.Message}");
        Assert.Equal(kind, error.Kind);
        Assert.Equal(path, error.Target);
        Assert.Contains(Path.GetFileName(path), error.Message);
        watch.AssertNoneLeft($"The failed open of '{Path.GetFileName(path)}'");
        return error;
    }
}
