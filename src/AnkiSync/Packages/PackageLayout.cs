using System;

namespace AnkiSync.Packages
{
    /// <summary>Entry names, magic numbers and the on-disk layout of an unpacked package.</summary>
    internal static class PackageLayout
    {
        public const string MetaEntry = "meta";
        public const string MediaMapEntry = "media";
        public const string Legacy1Collection = "collection.anki2";
        public const string Legacy2Collection = "collection.anki21";
        public const string LatestCollection = "collection.anki21b";

        /// <summary>Where <see cref="PackageReader"/> puts the decompressed collection inside the work folder.</summary>
        public const string ExtractedCollection = "collection.sqlite";

        /// <summary>The media folder inside the work folder.</summary>
        public const string MediaFolder = "media";

        /// <summary>Buffer size for every copy: large enough to stream fast, small enough to bound memory.</summary>
        public const int CopyBufferSize = 81920;

        /// <summary>Every ZIP entry gets this timestamp, so identical inputs give identical archives (the DOS epoch).</summary>
        public static readonly DateTimeOffset EntryTimestamp = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public static readonly byte[] SqliteMagic =
        {
            (byte)'S', (byte)'Q', (byte)'L', (byte)'i', (byte)'t', (byte)'e', (byte)' ', (byte)'f',
            (byte)'o', (byte)'r', (byte)'m', (byte)'a', (byte)'t', (byte)' ', (byte)'3', 0,
        };

        public static readonly byte[] ZstdMagic = { 0x28, 0xB5, 0x2F, 0xFD };

        public static string CollectionEntry(PackageVersion version) => version switch
        {
            PackageVersion.Legacy1 => Legacy1Collection,
            PackageVersion.Legacy2 => Legacy2Collection,
            PackageVersion.Latest => LatestCollection,
            _ => throw new ArgumentOutOfRangeException(nameof(version)),
        };

        public static bool IsDefined(PackageVersion version)
            => version == PackageVersion.Legacy1 || version == PackageVersion.Legacy2 || version == PackageVersion.Latest;

        /// <summary>True when <paramref name="data"/> starts with <paramref name="magic"/>.</summary>
        public static bool StartsWith(byte[] data, int length, byte[] magic)
        {
            if (length < magic.Length)
            {
                return false;
            }

            for (var i = 0; i < magic.Length; i++)
            {
                if (data[i] != magic[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
