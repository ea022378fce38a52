using System;
using AnkiSync.Packages;
using AnkiSync.Tests.Engine.Reading;
using AnkiSync.Tests.Validation;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>Exports a package into a scratch folder, checks the file with the independent rules, and returns its rows.</summary>
internal static class CheckedExport
{
    public static RawFixture Rows(ScratchFolder folder, AnkiPackage package, PackageVersion version = PackageVersion.Legacy2)
    {
        string path = folder.Combine(Guid.NewGuid().ToString("N") + ".apkg");
        package.Export(path, version);
        AnkiRules.AssertValid(path);
        return RawFixture.Load(path);
    }
}
