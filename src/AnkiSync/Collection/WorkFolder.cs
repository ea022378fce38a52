using System;
using System.Collections.Concurrent;
using System.IO;

namespace AnkiSync.Collection
{
    /// <summary>
    /// A package's private temp folder. Every live folder is also remembered process-wide so that a process
    /// exiting without closing its packages still removes them.
    /// </summary>
    internal sealed class WorkFolder : IDisposable
    {
        private static readonly ConcurrentDictionary<string, byte> Live = new ConcurrentDictionary<string, byte>();
        private static int exitHookInstalled;

        private WorkFolder(string path) => Path = path;

        public string Path { get; }

        /// <summary>The process-wide folder that holds every package's work folder.</summary>
        internal static string Root => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "AnkiSync");

        public static WorkFolder Create()
        {
            if (System.Threading.Interlocked.Exchange(ref exitHookInstalled, 1) == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();
            }

            string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "AnkiSync", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(path);
            Live[path] = 0;
            return new WorkFolder(path);
        }

        public string Combine(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            TryDelete(Path);
            Live.TryRemove(Path, out _);
        }

        private static void DeleteAll()
        {
            foreach (string path in Live.Keys)
            {
                TryDelete(path);
            }
        }

        private static void TryDelete(string path)
        {
            for (int attempt = 0; attempt < 3; attempt++)
            {
                try
                {
                    if (Directory.Exists(path))
                    {
                        Directory.Delete(path, recursive: true);
                    }

                    return;
                }
                catch (IOException)
                {
                    System.Threading.Thread.Sleep(50);
                }
                catch (UnauthorizedAccessException)
                {
                    System.Threading.Thread.Sleep(50);
                }
            }
        }
    }
}
