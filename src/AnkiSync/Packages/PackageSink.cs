using System;
using System.IO;

namespace AnkiSync.Packages
{
    /// <summary>Where <see cref="PackageWriter"/> puts entries: a ZIP archive or a folder of plain files.</summary>
    internal abstract class PackageSink : IDisposable
    {
        /// <summary>Starts an entry; the caller disposes the stream before starting the next one.</summary>
        public abstract Stream CreateEntry(string name, bool deflate);

        /// <summary>Removes what was written, after a failure.</summary>
        public abstract void Discard();

        public abstract void Dispose();
    }
}
