using System;

namespace AnkiSync.Packages
{
    /// <summary>One media file to put into a package: the name Anki will see and the file holding its bytes.</summary>
    internal sealed class MediaSource
    {
        public MediaSource(string name, string filePath)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            FilePath = filePath ?? throw new ArgumentNullException(nameof(filePath));
        }

        /// <summary>The media name as stored in the package's media map (already normalised).</summary>
        public string Name { get; }

        /// <summary>Where the bytes are read from.</summary>
        public string FilePath { get; }
    }
}
