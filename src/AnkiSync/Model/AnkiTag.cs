namespace AnkiSync
{
    /// <summary>A tag of the collection and how many notes carry it (not counting its <c>::</c> children).</summary>
    public sealed class AnkiTag
    {
        public string Name { get; internal set; } = "";

        public long NoteCount { get; internal set; }

        public AnkiPackage? Package { get; internal set; }

        public override string ToString() => Name;
    }
}
