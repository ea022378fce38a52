namespace AnkiSync.Tests.Engine.BadInput;

/// <summary>
/// The bad-input tests compare listings of the shared work-folder root before and after each open, so
/// they run alone: after every parallel test, with nothing else creating or removing work folders.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BadInputCollection
{
    public const string Name = "Bad input (run alone)";
}
