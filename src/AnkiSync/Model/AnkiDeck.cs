namespace AnkiSync
{
    /// <summary>A deck; <c>::</c> separates levels of its name.</summary>
    public sealed class AnkiDeck
    {
        public long Id { get; internal set; }

        public string Name { get; internal set; } = "";

        public string Description { get; internal set; } = "";

        /// <summary>The parent deck's full name, or null for a top-level deck.</summary>
        public string? ParentName { get; internal set; }

        /// <summary>True for a filtered ("dynamic") deck.</summary>
        public bool IsFiltered { get; internal set; }

        public AnkiPackage? Package { get; internal set; }
    }
}
