using System.IO;

namespace AnkiSync.Packages
{
    /// <summary>An unpacked package: the entries are plain files directly inside one folder.</summary>
    internal sealed class FolderPackageSource : PackageSource
    {
        private readonly string folder;

        public FolderPackageSource(string folder, int maxEntries)
            : base(folder)
        {
            this.folder = folder;
            var count = 0;
            foreach (var unused in Directory.EnumerateFileSystemEntries(folder))
            {
                if (++count > maxEntries)
                {
                    throw PackageErrors.TooLarge(folder, $"the folder holds more than {maxEntries} entries.");
                }
            }
        }

        public override PackageEntry? Find(string name)
        {
            // Only fixed names and canonical numbers are looked up, but refuse anything path-like regardless.
            if (name.IndexOfAny(new[] { '/', '\\', ':' }) >= 0 || name == "." || name == "..")
            {
                return null;
            }

            var file = new FileInfo(System.IO.Path.Combine(folder, name));
            return file.Exists ? new FileEntry(name, file) : null;
        }

        public override void Dispose()
        {
        }

        private sealed class FileEntry : PackageEntry
        {
            private readonly FileInfo file;

            public FileEntry(string name, FileInfo file)
                : base(name, file.Length, file.Length)
            {
                this.file = file;
            }

            public override Stream Open()
                => new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, PackageLayout.CopyBufferSize);
        }
    }
}
