namespace AnkiSync.Packages
{
    /// <summary>What a package was read from.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum PackageContainer
    {
        /// <summary>Created in memory; not read from any file.</summary>
        New,

        /// <summary>A ZIP meant to be merged into a collection.</summary>
        Apkg,

        /// <summary>A ZIP meant to replace a whole collection (Anki routes <c>*.colpkg</c>, <c>collection.apkg</c> and <c>backup-*.apkg</c> here).</summary>
        Colpkg,

        /// <summary>A bare collection file: SQLite, or zstd-compressed SQLite.</summary>
        Collection,

        /// <summary>A folder holding the entries of an unpacked package.</summary>
        Folder,
    }
}
