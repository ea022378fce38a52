using System;
using System.Collections.Generic;
using System.IO;
using AnkiSync.Packages;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// Every package error names the file or media it is about (as its message and its target), carries the detail or
/// the underlying cause, and has its catalogue reason; and which exceptions are never wrapped into a file error.
/// </summary>
public class PackageErrorsTests
{
    private const string Path = "/data/deck.apkg";
    private static readonly IOException Cause = new("disk on fire");

    public static IEnumerable<object[]> Errors() => new[]
    {
        new object[] { PackageErrors.InvalidPackage(Path, "detail one"), "InvalidPackage", Path, "'/data/deck.apkg' is not a readable Anki package: detail one" },
        new object[] { PackageErrors.MissingCollection(Path, "detail two"), "MissingCollection", Path, "'/data/deck.apkg' holds no collection: detail two" },
        new object[] { PackageErrors.UnsupportedVersion(Path, 9), "UnsupportedPackageVersion", Path, "'/data/deck.apkg' declares package version 9" },
        new object[] { PackageErrors.InvalidMediaMap(Path, "detail three"), "InvalidMediaMap", Path, "The media map of '/data/deck.apkg' is invalid: detail three" },
        new object[] { PackageErrors.UnsafeMediaName(Path, "../x", "it climbs"), "UnsafeMediaName", Path, "'/data/deck.apkg' names a media file '../x' that Anki would reject: it climbs" },
        new object[] { PackageErrors.UnsafeEntry(Path, "0", "is a link"), "UnsafePackageEntry", Path, "'/data/deck.apkg' is refused: its entry '0' is a link" },
        new object[] { PackageErrors.InvalidCollection(Path, "detail four"), "InvalidCollection", Path, "The collection in '/data/deck.apkg' is not a valid Anki collection: detail four" },
        new object[] { PackageErrors.TooLarge(Path, "detail five"), "PackageTooLarge", Path, "'/data/deck.apkg' exceeds the extraction limits: detail five" },
        new object[] { PackageErrors.NotFound(Path), "PackageNotFound", Path, "'/data/deck.apkg' does not exist." },
        new object[] { PackageErrors.Unreadable(Path, Cause), "PackageUnreadable", Path, "'/data/deck.apkg' cannot be opened: disk on fire" },
        new object[] { PackageErrors.ExtractFailed(Path, Cause), "ExtractFailed", Path, "Unpacking '/data/deck.apkg' failed: disk on fire" },
        new object[] { PackageErrors.WorkDirNotEmpty("/w"), "WorkDirNotEmpty", "/w", "The work folder '/w' must be empty or not exist yet." },
        new object[] { PackageErrors.WriteFailed(Path, Cause), "PackageWriteFailed", Path, "Writing '/data/deck.apkg' failed: disk on fire" },
        new object[] { PackageErrors.CollectionNotFound("/c.anki2"), "CollectionNotFound", "/c.anki2", "The collection file '/c.anki2' does not exist." },
        new object[] { PackageErrors.MediaFileNotFound("a.jpg", "/m/a.jpg"), "MediaFileNotFound", "/m/a.jpg", "The file '/m/a.jpg' for media 'a.jpg' does not exist." },
        new object[] { PackageErrors.InvalidMediaName("a/b", "a folder"), "InvalidMediaName", "a/b", "The media name 'a/b' cannot be written: a folder" },
        new object[] { PackageErrors.UnsafeMediaNameArgument("con", "reserved"), "UnsafeMediaName", "con", "The media name 'con' would be rejected by Anki: reserved" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void AnErrorNamesItsTargetAndSaysWhatHappened(AnkiException error, string reason, string target, string message)
    {
        Assert.Equal(reason, error.Reason);
        Assert.Equal(target, error.Target);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCauseTravelsWithTheError()
    {
        Assert.Same(Cause, PackageErrors.Unreadable(Path, Cause).InnerException);
        Assert.Same(Cause, PackageErrors.InvalidPackage(Path, "x", Cause).InnerException);
    }

    [Fact]
    public void OnlyTroubleCancellationAndOurOwnErrorsAreNeverWrapped()
    {
        Assert.True(PackageErrors.IsFatal(new OutOfMemoryException()));
        Assert.True(PackageErrors.IsFatal(new OperationCanceledException()));
        Assert.True(PackageErrors.IsFatal(PackageErrors.NotFound(Path)));
        Assert.False(PackageErrors.IsFatal(new IOException()));
        Assert.False(PackageErrors.IsFatal(new InvalidDataException()));
    }
}
