using System.IO;

namespace AnkiSync.Packages
{
    /// <summary>
    /// An unpacked package: the entries are plain files directly inside one folder. The folder is data, not a
    /// file system to follow: an entry that is a symbolic link, a hard link (the same file as one elsewhere),
    /// a FIFO, socket or device is refused before it is opened, and a sparse entry is budgeted by the space it
    /// occupies, so that its ratio check stops it expanding into gigabytes of temp data.
    /// </summary>
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
            // Only fixed names and canonical numbers are looked up, but refuse anything path-like regardless
            // ("." and ".." name folders, which are never entries).
            if (name.IndexOfAny(new[] { '/', '\\', ':' }) >= 0)
            {
                return null;
            }

            var path = System.IO.Path.Combine(folder, name);
            if (!SafeFiles.EntryExists(path))
            {
                return null;
            }

            // The attributes are Windows's answer (a junction is no symbolic link to lstat); on Unix both agree.
            // Stryker disable once Boolean: on Unix the attributes alone already see the link.
            var node = FileNodes.Inspect(path, followLinks: false);
            var attributes = File.GetAttributes(path);
            // Stryker disable once Logical: on Unix both halves agree.
            if (node.Kind == FileNodeKind.SymbolicLink || (attributes & FileAttributes.ReparsePoint) != 0)
            {
                throw PackageErrors.UnsafeEntry(Path, name, "is a symbolic link (or junction); a package folder must hold the files themselves. Copy the files the links point to into the folder.");
            }

            // Stryker disable once Logical: on Unix both halves agree.
            if (node.Kind == FileNodeKind.Directory || (attributes & FileAttributes.Directory) != 0)
            {
                return null;
            }

            if (node.Kind == FileNodeKind.Special)
            {
                throw PackageErrors.UnsafeEntry(Path, name, "is a FIFO, socket or device, not a file.");
            }

            if (node.LinkCount > 1)
            {
                throw PackageErrors.UnsafeEntry(Path, name, $"is a hard link: the same file has {node.LinkCount} names, possibly outside the folder. Copy the folder (a copy has no links) and open the copy.");
            }

            var file = new FileInfo(path);
            return new FileEntry(name, file, node.AllocatedBytes);
        }

        public override void Dispose()
        {
        }

        private sealed class FileEntry : PackageEntry
        {
            private readonly FileInfo file;

            // A file occupies its length on disk unless it is sparse: then the ratio check sees the holes.
            public FileEntry(string name, FileInfo file, long allocatedBytes)
                : base(name, file.Length, allocatedBytes >= 0 ? System.Math.Min(allocatedBytes, file.Length) : file.Length)
            {
                this.file = file;
            }

            public override Stream Open()
                => new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, PackageLayout.CopyBufferSize);
        }
    }
}
