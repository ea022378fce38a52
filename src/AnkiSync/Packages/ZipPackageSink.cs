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

        public ZipPackageSink(string path)
        {
            this.path = path;
            file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, PackageLayout.CopyBufferSize);
            // Stryker disable all: creating an archive on a new writable file does not fail; the guard only keeps
            // the handle from leaking if it ever did, and the archive closing the file too would be harmless.
            try
            {
                archive = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
            }
            catch
            {
                file.Dispose();
                throw;
            }

            // Stryker restore all
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
                // Stryker disable once Statement: Linux deletes an open file too; Windows needs it closed first.
                Dispose();
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>Closes the archive, then the file; both tolerate being closed again.</summary>
        public override void Dispose()
        {
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
