using System;
using System.Collections.Generic;
using System.IO;
using AnkiSync.Session;
using AnkiSync.Tests.Engine.Reading;

namespace AnkiSync.Tests.Engine.Session;

/// <summary>Finding a learner's Anki data folder and the collection of a profile in it, as Anki Desktop lays them out.</summary>
public class AnkiProfilesTests
{
    private static Func<string, string?> Variables(params (string Name, string Value)[] set)
    {
        var values = new Dictionary<string, string>();
        foreach (var (name, value) in set)
        {
            values[name] = value;
        }

        return name => values.TryGetValue(name, out string? value) ? value : null;
    }

    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    [Fact]
    public void AnkiBaseWinsOverEverything()
        => Assert.Equal("/data/anki", AnkiProfiles.BaseFolder(Variables(("ANKI_BASE", "/data/anki"), ("XDG_DATA_HOME", "/xdg"))));

    [LinuxFact]
    public void AnEmptyAnkiBaseIsUnset()
    {
        Assert.Equal(Path.Combine("/xdg", "Anki2"), AnkiProfiles.BaseFolder(Variables(("ANKI_BASE", ""), ("XDG_DATA_HOME", "/xdg"))));
    }

    [LinuxFact]
    public void OnLinuxTheFolderIsUnderXdgDataHomeOrLocalShare()
    {
        Assert.Equal(Path.Combine("/xdg", "Anki2"), AnkiProfiles.BaseFolder(Variables(("XDG_DATA_HOME", "/xdg"))));
        Assert.Equal(Path.Combine(Home, ".local", "share", "Anki2"), AnkiProfiles.BaseFolder(Variables()));
        Assert.Equal(Path.Combine(Home, ".local", "share", "Anki2"), AnkiProfiles.BaseFolder(Variables(("XDG_DATA_HOME", ""))));
    }

    private static string Profile(ScratchFolder folder, string name, bool withCollection = true)
    {
        string dir = folder.Combine(name);
        Directory.CreateDirectory(dir);
        if (withCollection)
        {
            File.WriteAllBytes(Path.Combine(dir, "collection.anki2"), Array.Empty<byte>());
        }

        return dir;
    }

    [Fact]
    public void ProfilesAreTheFoldersWithACollectionInAlphabeticalOrder()
    {
        using var folder = new ScratchFolder();
        Profile(folder, "zed");
        Profile(folder, "Anna");
        Profile(folder, "bob");
        Profile(folder, "addons21", withCollection: false);
        Directory.CreateDirectory(folder.Combine("logs", "collection.anki2")); // a folder, not a collection file
        File.WriteAllBytes(folder.Combine("prefs21.db"), Array.Empty<byte>());
        Assert.Equal(new[] { "Anna", "bob", "zed" }, AnkiProfiles.Names(folder.Root));
        Assert.Empty(AnkiProfiles.Names(folder.Combine("missing")));
    }

    [Fact]
    public void TheFirstProfileIsTheDefaultAndANameMatchesInAnyCase()
    {
        using var folder = new ScratchFolder();
        Profile(folder, "User 1");
        Profile(folder, "Work");
        Assert.Equal(folder.Combine("User 1", "collection.anki2"), AnkiProfiles.CollectionPath(folder.Root, null));
        Assert.Equal(folder.Combine("Work", "collection.anki2"), AnkiProfiles.CollectionPath(folder.Root, "work"));
    }

    [Fact]
    public void AMissingProfileNamesTheOnesThereAre()
    {
        using var folder = new ScratchFolder();
        Profile(folder, "User 1");
        Profile(folder, "Work");
        var error = Assert.Throws<AnkiException>(() => AnkiProfiles.CollectionPath(folder.Root, "Home"));
        Assert.Equal("ProfileNotFound", error.Reason);
        Assert.Equal($"There is no Anki profile named 'Home' in '{folder.Root}'. Profiles: User 1, Work.", error.Message);
    }

    [Fact]
    public void NoProfileAtAllSaysWhereItLooked()
    {
        using var folder = new ScratchFolder();
        var error = Assert.Throws<AnkiException>(() => AnkiProfiles.CollectionPath(folder.Root, null));
        Assert.Equal("ProfileNotFound", error.Reason);
        Assert.StartsWith($"No Anki profile was found in '{folder.Root}'.", error.Message);
        Assert.Equal("ProfileNotFound", Assert.Throws<AnkiException>(() => AnkiProfiles.CollectionPath(folder.Combine("missing"), "x")).Reason);
    }
}
