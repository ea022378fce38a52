using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AnkiSync.Storage
{
    /// <summary>
    /// Finds and loads the native <c>e_sqlite3</c> library. Inside a PowerShell module neither the
    /// host's deps.json nor the runtime's probing knows the module folder, so the module calls
    /// <see cref="InitializeFrom"/> with its own folder and the library is loaded by full path.
    /// Applications (tests, the benchmark) get it from their deps.json and only need
    /// <see cref="EnsureProvider"/>.
    /// </summary>
    internal static class SqliteNative
    {
        private static readonly object Gate = new object();
        private static bool providerSet;
        private static IntPtr loadedHandle;

        /// <summary>The runtime identifiers whose native library ships in the module.</summary>
        public static readonly string[] SupportedRuntimes =
        {
            "win-x64", "win-arm64", "win-x86", "linux-x64", "linux-arm64", "linux-musl-x64", "linux-musl-arm64", "osx-x64", "osx-arm64",
        };

        /// <summary>Full path of the native library loaded by <see cref="InitializeFrom"/>, if any.</summary>
        public static string? LoadedLibraryPath { get; private set; }

        /// <summary>The runtime identifier of this process, e.g. <c>linux-musl-x64</c>.</summary>
        public static string CurrentRuntimeIdentifier
        {
            get
            {
                string arch = ArchitectureName(RuntimeInformation.ProcessArchitecture);
                // Stryker disable all: each platform reaches only its own branch; the mutation runs are on glibc Linux.
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                    return "win-" + arch;
                if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
                    return "osx-" + arch;
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                    return (IsMusl(new[] { "/lib", "/usr/lib" }) ? "linux-musl-" : "linux-") + arch;
                return RuntimeInformation.OSDescription.Replace(' ', '_') + "-" + arch;
                // Stryker restore all
            }
        }

        /// <summary>The architecture as runtime identifiers spell it: <c>x64</c>, <c>arm64</c>, <c>s390x</c>…</summary>
        internal static string ArchitectureName(Architecture architecture) => architecture switch
        {
            Architecture.X64 => "x64",
            Architecture.X86 => "x86",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };

        /// <summary>Whether the C library is musl (Alpine): its loader, <c>ld-musl-*</c>, is in one of <paramref name="libraryFolders"/>.</summary>
        internal static bool IsMusl(IEnumerable<string> libraryFolders)
        {
            try
            {
                foreach (string dir in libraryFolders)
                {
                    if (Directory.Exists(dir) && Directory.GetFiles(dir, "ld-musl-*").Length > 0)
                    {
                        return true;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // An unreadable folder tells nothing; glibc is the common case.
            }

            return false;
        }

        /// <summary>
        /// The native library for <paramref name="rid"/> in the module at <paramref name="moduleRoot"/>
        /// (<c>runtimes/&lt;rid&gt;/native/&lt;fileName&gt;</c>); UnsupportedPlatform when the module has none.
        /// </summary>
        internal static string FindLibrary(string moduleRoot, string rid, string fileName)
        {
            string path = Path.Combine(moduleRoot, "runtimes", rid, "native", fileName);
            if (!File.Exists(path))
            {
                throw new AnkiException(AnkiErrors.UnsupportedPlatform,
                    $"AnkiSync has no native SQLite library for the platform '{rid}' (looked for '{path}'). Supported platforms: {string.Join(", ", SupportedRuntimes)}.",
                    rid);
            }

            return path;
        }

        // Stryker disable all: runs once per process, when the PowerShell module loads; the engine tests' process has its
        // SQLite from its deps.json already, so only the Pester suite (a real pwsh loading the built module) reaches it.

        /// <summary>
        /// Loads <c>runtimes/&lt;rid&gt;/native/&lt;e_sqlite3 file&gt;</c> under <paramref name="moduleRoot"/> by full
        /// path and routes SQLitePCLRaw's <c>DllImport("e_sqlite3")</c> to it.
        /// </summary>
        public static void InitializeFrom(string moduleRoot)
        {
            lock (Gate)
            {
                // Already in use in this process (loaded once, or by an application that found it through its
                // deps.json): keep that library. Routing later imports to a second copy would mix handles
                // of two SQLite instances and crash.
                if (loadedHandle != IntPtr.Zero || providerSet)
                {
                    return;
                }

                string fileName = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "e_sqlite3.dll"
                    : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "libe_sqlite3.dylib" : "libe_sqlite3.so";
                string path = FindLibrary(moduleRoot, CurrentRuntimeIdentifier, fileName);
                loadedHandle = LoadByFullPath(path);
                LoadedLibraryPath = path;
                RouteDllImport(loadedHandle);
                EnsureProvider();
            }
        }

        // Stryker disable all: once per process, when the module loads (see InitializeFrom); only the Pester suite reaches it.
        /// <summary>Tells SQLitePCLRaw to use the e_sqlite3 provider; idempotent.</summary>
        public static void EnsureProvider()
        {
            if (providerSet)
            {
                return;
            }

            lock (Gate)
            {
                if (!providerSet)
                {
                    SQLitePCL.raw.SetProvider(new SQLitePCL.SQLite3Provider_e_sqlite3());
                    providerSet = true;
                }
            }
        }

        // Stryker disable all: once per process, when the module loads (see InitializeFrom); only the Pester suite reaches it.
        private static IntPtr LoadByFullPath(string path)
        {
            Type? nativeLibrary = Type.GetType("System.Runtime.InteropServices.NativeLibrary", throwOnError: false);
            if (nativeLibrary != null)
            {
                var load = nativeLibrary.GetMethod("Load", new[] { typeof(string) })!;
                return (IntPtr)load.Invoke(null, new object[] { path })!;
            }

            // .NET Framework (Windows PowerShell 5.1): once loaded by full path, DllImport("e_sqlite3")
            // binds to the loaded module because Windows matches loaded modules by base name.
            IntPtr handle = LoadLibraryW(path);
            if (handle == IntPtr.Zero)
            {
                throw new AnkiException(AnkiErrors.NativeLibraryLoadFailed,
                    $"Could not load the native SQLite library '{path}' (Win32 error {Marshal.GetLastWin32Error()}).", path);
            }

            return handle;
        }

        // Stryker disable all: once per process, when the module loads (see InitializeFrom); only the Pester suite reaches it.
        /// <summary>
        /// On .NET Core and later, registers a DllImport resolver on the SQLitePCLRaw provider assembly so
        /// that "e_sqlite3" resolves to the handle we loaded (dlopen would not match it by name on Unix).
        /// Reflection keeps this netstandard2.0 assembly loadable on .NET Framework, where the API is absent.
        /// </summary>
        private static void RouteDllImport(IntPtr handle)
        {
            Type? nativeLibrary = Type.GetType("System.Runtime.InteropServices.NativeLibrary", throwOnError: false);
            Type? resolverType = Type.GetType("System.Runtime.InteropServices.DllImportResolver", throwOnError: false);
            if (nativeLibrary == null || resolverType == null)
            {
                return;
            }

            var router = new ImportRouter(handle);
            MethodInfo resolve = typeof(ImportRouter).GetMethod(nameof(ImportRouter.Resolve))!;
            Delegate resolver = Delegate.CreateDelegate(resolverType, router, resolve);
            MethodInfo setResolver = nativeLibrary.GetMethod("SetDllImportResolver")!;
            try
            {
                setResolver.Invoke(null, new object[] { typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, resolver });
            }
            catch (TargetInvocationException e) when (e.InnerException is InvalidOperationException)
            {
                // Someone (an earlier import in this process) already routed it; keep theirs.
            }
        }

        [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "LoadLibraryW")]
        private static extern IntPtr LoadLibraryW(string path);

        // Stryker disable all: once per process, when the module loads (see InitializeFrom); only the Pester suite reaches it.
        private sealed class ImportRouter
        {
            private readonly IntPtr handle;

            public ImportRouter(IntPtr handle) => this.handle = handle;

            public IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
                => libraryName == "e_sqlite3" ? handle : IntPtr.Zero;
        }
        // Stryker restore all
    }
}
