using System;
using AnkiSync.Tests.Engine.Packages;

namespace AnkiSync.Tests.Engine.Facade;

/// <summary>A package filled, exported and opened again: it starts unmodified, so a test sees whether a call changes it.</summary>
internal static class SavedPackage
{
    public static AnkiPackage Reopened(Action<AnkiPackage> fill)
    {
        using var temp = new TempFolder();
        string path = temp.Path("saved.apkg");
        using (var created = AnkiPackage.Create())
        {
            fill(created);
            created.Export(path);
        }

        // Open works on a private copy, so the saved file can go with its folder.
        return AnkiPackage.Open(path);
    }
}
