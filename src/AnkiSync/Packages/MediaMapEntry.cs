namespace AnkiSync.Packages
{
    /// <summary>One row of a package's media map, as decoded (names not yet checked).</summary>
    internal sealed class MediaMapEntry
    {
        public MediaMapEntry(string entryName, string name, long? size, byte[]? sha1)
        {
            EntryName = entryName;
            Name = name;
            Size = size;
            Sha1 = sha1;
        }

        /// <summary>The numbered entry holding the file's bytes: "0", "1", …</summary>
        public string EntryName { get; }

        /// <summary>The media name as the map spells it.</summary>
        public string Name { get; }

        /// <summary>Uncompressed size; latest format only.</summary>
        public long? Size { get; }

        /// <summary>SHA-1 of the uncompressed bytes; latest format only.</summary>
        public byte[]? Sha1 { get; }
    }
}
