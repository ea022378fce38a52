namespace AnkiSync.Packages
{
    /// <summary>
    /// Bounds that stop a hostile package (zip bomb, zstd bomb, millions of entries) before it fills
    /// the disk. Every decompressed byte is counted as it is written; declared sizes are checked first
    /// but never trusted.
    /// </summary>
    public sealed class PackageLimits
    {
        /// <summary>
        /// Below this many decompressed bytes (per entry, and for the whole package) the compression ratio is not
        /// checked: what the module itself writes — the same HTML in every note, blank images, silence — compresses
        /// far beyond 200:1, and 32 MB of temp data is cheap. Past it a bomb is stopped after at most this much.
        /// </summary>
        internal const long RatioCheckThreshold = 32L * 1024 * 1024;

        /// <summary>Most decompressed bytes written for the whole package.</summary>
        public long MaxTotalBytes { get; set; } = 16L * 1024 * 1024 * 1024;

        /// <summary>Most decompressed bytes of one entry (the collection or one media file).</summary>
        public long MaxEntryBytes { get; set; } = 4L * 1024 * 1024 * 1024;

        /// <summary>
        /// Most decompressed bytes per stored byte, of an entry and of the whole package, enforced once the entry
        /// (or the package) passes 32 MB decompressed: smaller content may compress as well as it likes.
        /// </summary>
        public double MaxCompressionRatio { get; set; } = 200;

        /// <summary>Most entries in the archive or in the media map.</summary>
        public int MaxEntries { get; set; } = 1_000_000;

        /// <summary>A fresh instance with the default limits.</summary>
        public static PackageLimits Default => new PackageLimits();
    }
}
