using System;

namespace AnkiSync.Packages
{
    /// <summary>Where a package's entries come from: a ZIP archive or an unpacked folder.</summary>
    internal abstract class PackageSource : IDisposable
    {
        protected PackageSource(string path)
        {
            Path = path;
        }

        /// <summary>The package's own path, the target of every error.</summary>
        public string Path { get; }

        /// <summary>Finds an entry by exact name; null when there is none.</summary>
        public abstract PackageEntry? Find(string name);

        public abstract void Dispose();
    }
}
