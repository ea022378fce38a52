using System.Collections.Generic;
using System.IO;

namespace AnkiSync.Packages
{
    /// <summary>Writes entries as plain files into a folder: an unpacked package that <see cref="PackageReader"/> reads back.</summary>
    internal sealed class FolderPackageSink : PackageSink
    {
        private readonly string folder;
        private readonly List<string> written = new List<string>();

        public FolderPackageSink(string folder)
        {
            this.folder = folder;
            Directory.CreateDirectory(folder);
        }

        public override Stream CreateEntry(string name, bool deflate)
        {
            var path = Path.Combine(folder, name);
            var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, PackageLayout.CopyBufferSize);
            written.Add(path);
            return stream;
        }

        public override void Discard()
        {
            foreach (var path in written)
            {
                File.Delete(path);
            }
        }

        public override void Dispose()
        {
        }
    }
}
