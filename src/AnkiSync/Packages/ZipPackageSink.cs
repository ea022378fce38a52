using System.IO;
using System.IO.Compression;

namespace AnkiSync.Packages
{
    /// <summary>Writes entries into a new ZIP file, with fixed timestamps so the bytes depend only on the content.</summary>
    internal sealed class ZipPackageSink : PackageSink
    {
        private readonly string path;
        private readonly FileStream file;
        private readonly ZipArchive archive;
        private bool disposed;

        public ZipPackageSink(string path)
        {
            this.path = path;
            file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, PackageLayout.CopyBufferSize);
            try
            {
                archive = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        public override Stream CreateEntry(string name, bool deflate)
        {
            var entry = archive.CreateEntry(name, deflate ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            entry.LastWriteTime = PackageLayout.EntryTimestamp;
            return entry.Open();
        }

        public override void Discard()
        {
            try
            {
                Dispose();
            }
            finally
            {
                File.Delete(path);
            }
        }

        public override void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            try
            {
                archive.Dispose();
            }
            finally
            {
                file.Dispose();
            }
        }
    }
}
