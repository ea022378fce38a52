using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace AnkiSync.Session
{
    /// <summary>
    /// A package's private temp folder. Every live folder is also remembered process-wide so that a process exiting
    /// without closing its packages still removes them; a process that is killed leaves its folder behind, with an
    /// owner file (pid and start time, held open) that lets <see cref="RemoveAbandoned"/> tell it from a live one.
    /// The root is per user and private (0700 on Unix), and a symlink planted in its place is never followed.
    /// </summary>
    internal sealed class WorkFolder : IDisposable
    {
        internal const string OwnerFileName = ".owner";

        /// <summary>A folder without an owner file (an older version, or one being created) is abandoned only after this long.</summary>
        private static readonly TimeSpan OwnerlessGrace = TimeSpan.FromDays(1);

        private static readonly ConcurrentDictionary<string, FileStream> Live = new ConcurrentDictionary<string, FileStream>(StringComparer.Ordinal);
        private static readonly object RootGate = new object();
        private static string? privateRoot;
        private static string? privateRootFor;
        private static int exitHookInstalled;

        private readonly FileStream owner;

        private WorkFolder(string path, FileStream owner)
        {
            Path = path;
            this.owner = owner;
        }

        public string Path { get; }

        /// <summary>
        /// The folder that holds every work folder of this user: <c>AnkiSync</c> in the user's temp folder on Windows,
        /// <c>AnkiSync-&lt;uid&gt;</c> in the (shared) temp folder elsewhere.
        /// </summary>
        internal static string Root => System.IO.Path.Combine(System.IO.Path.GetTempPath(), IsUnix ? "AnkiSync-" + Native.geteuid().ToString(CultureInfo.InvariantCulture) : "AnkiSync");

        private static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public static WorkFolder Create()
        {
            if (System.Threading.Interlocked.Exchange(ref exitHookInstalled, 1) == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();
            }

            string path = System.IO.Path.Combine(SafeRoot(), Guid.NewGuid().ToString("N"));
            CreatePrivateDirectory(path, mustBeNew: true);
            FileStream owner;
            try
            {
                owner = WriteOwnerFile(path);
            }
            catch
            {
                TryDelete(path);
                throw;
            }

            Live[path] = owner;
            return new WorkFolder(path, owner);
        }

        public string Combine(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            owner.Dispose();
            TryDelete(Path);
            Live.TryRemove(Path, out _);
        }

        /// <summary>
        /// Deletes the work folders under <see cref="Root"/> whose owner process is gone (killed, crashed). A folder is
        /// kept while its owner holds its owner file open (or, where .NET file locking is switched off, while the file
        /// names a running process with the same start time), and, without an owner file, while it is younger than a day. Never throws: a folder that cannot be judged or deleted stays.
        /// </summary>
        /// <returns>How many folders were removed.</returns>
        public static int RemoveAbandoned()
        {
            int removed = 0;
            try
            {
                string root = Root;
                if (!Directory.Exists(root) || IsLink(root))
                {
                    return 0;
                }

                foreach (string folder in Directory.EnumerateDirectories(root))
                {
                    if (Live.ContainsKey(folder) || IsLink(folder) || !IsAbandoned(folder))
                    {
                        continue;
                    }

                    TryDelete(folder);
                    if (!Directory.Exists(folder))
                    {
                        removed++;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is System.Security.SecurityException)
            {
                // Cleaning up after other processes is a courtesy; it must never stop the module from loading.
            }

            return removed;
        }

        private static bool IsAbandoned(string folder)
        {
            string ownerFile = System.IO.Path.Combine(folder, OwnerFileName);
            string text;
            try
            {
                // The owner holds the file open (shared for reading only), so an exclusive open fails while it lives.
                using var stream = new FileStream(ownerFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                text = reader.ReadToEnd();
            }
            catch (FileNotFoundException)
            {
                return DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > OwnerlessGrace;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }

            if (!FileLockingDisabled())
            {
                // Nobody holds the owner file: its process is gone (a killed process may linger as a zombie with its
                // pid and start time, but its files are closed).
                return true;
            }

            // Without locks, the pid and its start time (a reused pid starts later) decide.
            string[] parts = text.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2
                || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid)
                || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long startTicks))
            {
                return DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > OwnerlessGrace;
            }

            return !IsRunning(pid, startTicks);
        }

        /// <summary>.NET's switch that turns FileShare into no lock at all on Unix.</summary>
        private static bool FileLockingDisabled()
        {
            if (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool disabled) && disabled)
            {
                return true;
            }

            string? variable = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING");
            return variable == "1" || string.Equals(variable, "true", StringComparison.OrdinalIgnoreCase);
        }

        private static bool IsRunning(int pid, long startTicks)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return Math.Abs(process.StartTime.ToUniversalTime().Ticks - startTicks) < TimeSpan.TicksPerSecond;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (Exception e) when (e is InvalidOperationException || e is System.ComponentModel.Win32Exception || e is NotSupportedException)
            {
                // It exists but cannot be inspected (another user's process): assume it is the owner.
                return true;
            }
        }

        private static FileStream WriteOwnerFile(string folder)
        {
            using var self = Process.GetCurrentProcess();
            string content = self.Id.ToString(CultureInfo.InvariantCulture) + "\n"
                + self.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture) + "\n";
            var stream = new FileStream(System.IO.Path.Combine(folder, OwnerFileName), FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            try
            {
                byte[] bytes = Encoding.UTF8.GetBytes(content);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush();
                return stream;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The root, created private on first use. On Unix the shared temp folder is world-writable, so a root that
        /// is a symlink or belongs to someone else (chmod fails) is not used: this process then works in a fresh
        /// private root of its own.
        /// </summary>
        private static string SafeRoot()
        {
            string root = Root;
            if (!IsUnix)
            {
                Directory.CreateDirectory(root);
                return root;
            }

            lock (RootGate)
            {
                if (privateRoot != null && privateRootFor == root && Directory.Exists(privateRoot))
                {
                    return privateRoot;
                }

                if (TryClaimRoot(root))
                {
                    return root;
                }

                // The usual root is unusable (pre-planted by someone else): a fresh one nobody else can have made.
                string fallback = root + "-" + Guid.NewGuid().ToString("N");
                CreatePrivateDirectory(fallback, mustBeNew: true);
                privateRoot = fallback;
                privateRootFor = root;
                return fallback;
            }
        }

        private static bool TryClaimRoot(string root)
        {
            if (Native.MakeDirectory(root, Native.OwnerOnly) != 0 && !Directory.Exists(root) && !IsLink(root))
            {
                throw new IOException($"Could not create the temp folder '{root}' (errno {Marshal.GetLastWin32Error()}).");
            }

            // chmod succeeds only for the owner; checking for a link before and after means a swap is never followed.
            return !IsLink(root) && Native.ChangeMode(root, Native.OwnerOnly) == 0 && !IsLink(root);
        }

        private static void CreatePrivateDirectory(string path, bool mustBeNew)
        {
            if (!IsUnix)
            {
                if (mustBeNew && Directory.Exists(path))
                {
                    throw new IOException($"'{path}' already exists.");
                }

                Directory.CreateDirectory(path);
                return;
            }

            // mkdir with the mode, not mkdir then chmod: the folder is never readable by others, not even briefly.
            if (Native.MakeDirectory(path, Native.OwnerOnly) != 0)
            {
                throw new IOException($"Could not create the private temp folder '{path}' (errno {Marshal.GetLastWin32Error()}).");
            }
        }

        private static bool IsLink(string path)
        {
            try
            {
                return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static void DeleteAll()
        {
            foreach (var pair in Live)
            {
                // Closed first: Windows deletes no folder with an open file in it.
                pair.Value.Dispose();
                TryDelete(pair.Key);
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

        /// <summary>The few libc calls .NET Standard 2.0 lacks: the effective user id, and directory modes.</summary>
        private static class Native
        {
            /// <summary>0700: read, write and search for the owner only.</summary>
            public const int OwnerOnly = 0x1C0;

            [DllImport("libc", SetLastError = true)]
            public static extern uint geteuid();

            public static int MakeDirectory(string path, int mode) => mkdir(Utf8(path), mode);

            public static int ChangeMode(string path, int mode) => chmod(Utf8(path), mode);

            [DllImport("libc", SetLastError = true)]
            private static extern int mkdir(byte[] path, int mode);

            [DllImport("libc", SetLastError = true)]
            private static extern int chmod(byte[] path, int mode);

            /// <summary>A NUL-terminated UTF-8 path (netstandard2.0 has no UTF-8 string marshalling).</summary>
            private static byte[] Utf8(string path)
            {
                var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
                Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
                return bytes;
            }
        }
    }
}
