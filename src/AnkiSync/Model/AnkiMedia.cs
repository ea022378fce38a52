namespace AnkiSync
{
    /// <summary>A media file of a package.</summary>
    public sealed class AnkiMedia
    {
        public string Name { get; internal set; } = "";

        public long Length { get; internal set; }

        /// <summary>SHA-1 of the content, lower-case hex (the hash Anki's media map uses).</summary>
        public string Hash { get; internal set; } = "";

        /// <summary>True when a note field references the file (or its name starts with "_", which Anki keeps anyway).</summary>
        public bool IsUsed { get; internal set; }

        /// <summary>True when a field references the file but the package lacks it.</summary>
        public bool IsMissing { get; internal set; }

        public AnkiPackage? Package { get; internal set; }
    }
}
