namespace AnkiSync.Tests.Engine.Reading;

/// <summary>
/// Reading tests that measure the process (managed memory) or list the shared work-folder root, so they run
/// alone, after the parallel tests; they share one generated <see cref="LargePackage"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReadingAloneCollection : ICollectionFixture<LargePackage>
{
    public const string Name = "Reading (run alone)";
}
