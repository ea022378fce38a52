using System.Collections.Generic;

namespace AnkiSync.Packages
{
    /// <summary>The result of <see cref="PackageReader.Extract"/>: plain files inside the work folder.</summary>
    internal sealed class ExtractedPackage
    {
        internal ExtractedPackage(string collectionPath, PackageVersion version, PackageContainer container, string mediaDirectory, IReadOnlyList<string> mediaNames, IReadOnlyList<AnkiProblem> findings)
        {
            Findings = findings;
            CollectionPath = collectionPath;
            Version = version;
            Container = container;
            MediaDirectory = mediaDirectory;
            MediaNames = mediaNames;
        }

        /// <summary>The decompressed SQLite collection inside the work folder (never the "please update" stub).</summary>
        public string CollectionPath { get; }

        /// <summary>
        /// The package layout. For a bare collection file it describes the file's encoding:
        /// zstd-compressed is <see cref="PackageVersion.Latest"/>, <c>*.anki21</c> is
        /// <see cref="PackageVersion.Legacy2"/>, any other SQLite file <see cref="PackageVersion.Legacy1"/>;
        /// the schema inside must be read from the database itself.
        /// </summary>
        public PackageVersion Version { get; }

        public PackageContainer Container { get; }

        /// <summary>The folder holding each media file under its normalised name.</summary>
        public string MediaDirectory { get; }

        /// <summary>The normalised media names, in media-map order.</summary>
        public IReadOnlyList<string> MediaNames { get; }

        /// <summary>Small faults Anki tolerates (a media name listed twice, a listed file absent), worked around while extracting.</summary>
        public IReadOnlyList<AnkiProblem> Findings { get; }
    }
}
