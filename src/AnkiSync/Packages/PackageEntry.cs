using System.IO;

namespace AnkiSync.Packages
{
    /// <summary>One entry of a <see cref="PackageSource"/>, with the sizes it declares.</summary>
    internal abstract class PackageEntry
    {
        protected PackageEntry(string name, long declaredLength, long storedLength)
        {
            Name = name;
            DeclaredLength = declaredLength;
            StoredLength = storedLength;
        }

        public string Name { get; }

        /// <summary>Uncompressed size as declared by the container (not trusted).</summary>
        public long DeclaredLength { get; }

        /// <summary>Bytes the entry occupies in the container, the base of the compression ratio.</summary>
        public long StoredLength { get; }

        /// <summary>The CRC-32 the container records for the entry's bytes, when it records one.</summary>
        public virtual uint? ExpectedCrc32 => null;

        /// <summary>Opens the entry's (container-decompressed) bytes for reading.</summary>
        public abstract Stream Open();
    }
}
