using System.IO;

namespace AnkiSync.Bench
{
    /// <summary>Where the packages of one N live. Every read scenario reads the package the engine wrote.</summary>
    internal sealed class BenchFiles
    {
        public BenchFiles(string directory, int count)
        {
            Directory = directory;
            Count = count;
        }

        public string Directory { get; }

        public int Count { get; }

        public string EnginePackage => Path.Combine(Directory, $"engine-{Count}.apkg");

        public string PipelinePackage => Path.Combine(Directory, $"pipeline-{Count}.apkg");

        public string RawPackage => Path.Combine(Directory, $"raw-{Count}.apkg");

        /// <summary>The package every read scenario reads.</summary>
        public string ReadInput => EnginePackage;
    }
}
