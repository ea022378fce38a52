using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace AnkiSync.Loader
{
    /// <summary>
    /// Keeps AnkiSync's third-party assemblies (Microsoft.Data.Sqlite, SQLitePCLRaw, Google.Protobuf, ZstdSharp, ...)
    /// out of everyone else's way. They ship in the module's <c>dependencies/</c> folder, next to the engine
    /// (<c>AnkiSync.dll</c>); only this cmdlet assembly sits in the module root.
    /// <list type="bullet">
    /// <item>PowerShell 7: the engine and its dependencies load into a private <see cref="DependencyLoadContext"/>,
    /// so another module's (older or newer) copies in the default context are never bound to ours, nor ours to
    /// theirs, in either import order; the only request answered from the default context is the one for the
    /// engine itself.</item>
    /// <item>Windows PowerShell 5.1 has a single load context: requests made by AnkiSync's own assemblies for a
    /// file in <c>dependencies/</c> get that file whatever version they ask for, which also unifies the BCL
    /// facades (System.Memory, System.Buffers, System.Runtime.CompilerServices.Unsafe).</item>
    /// </list>
    /// Installed by <see cref="LoaderInitializer"/>: the manifest lists this assembly as a nested module, which
    /// PowerShell imports before the root module (the cmdlets), whose types already name the engine's.
    /// </summary>
    internal static class DependencyResolver
    {
        private static readonly object Gate = new object();
        private static bool installed;
        private static string dependencyFolder = "";
        private static HashSet<string> dependencyNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private static object? privateContext;

        internal static void Install()
        {
            lock (Gate)
            {
                if (installed)
                {
                    // A second import in this process (after Remove-Module): the engine is already loaded.
                    if (privateContext is DependencyLoadContext loaded && loaded.Engine != null)
                    {
                        EngineTypeNames.Publish(loaded.Engine);
                    }

                    return;
                }

                installed = true;
                string root = Path.GetDirectoryName(typeof(DependencyResolver).Assembly.Location) ?? "";
                dependencyFolder = Path.Combine(root, "dependencies");
                if (root.Length == 0 || !Directory.Exists(dependencyFolder))
                {
                    // Not the module layout (a build folder, a test host that references the engine directly).
                    return;
                }

                foreach (string file in Directory.GetFiles(dependencyFolder, "*.dll"))
                {
                    dependencyNames.Add(Path.GetFileNameWithoutExtension(file));
                }

                if (IsNetFramework())
                {
                    AppDomain.CurrentDomain.AssemblyResolve += ResolveOnNetFramework;
                }
                else
                {
                    privateContext = CoreLoading.InstallPrivateContext(dependencyFolder);
                }
            }
        }

        private static bool IsNetFramework()
            => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        private static Assembly? ResolveOnNetFramework(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name);
            if (name.Name == null || !dependencyNames.Contains(name.Name) || !IsOurs(args.RequestingAssembly))
            {
                return null;
            }

            return Assembly.LoadFrom(Path.Combine(dependencyFolder, name.Name + ".dll"));
        }

        // The requesting assembly can be unknown on .NET Framework (a request made through reflection); then the
        // name alone decides, as it is one of ours.
        private static bool IsOurs(Assembly? requesting)
        {
            if (requesting == null)
            {
                return true;
            }

            string? requester = requesting.GetName().Name;
            if (requester == null)
            {
                return false;
            }

            if (requester == typeof(DependencyResolver).Assembly.GetName().Name)
            {
                return true;
            }

            string location;
            try
            {
                location = requesting.Location;
            }
            catch (NotSupportedException)
            {
                return false;
            }

            return location.Length > 0
                && string.Equals(Path.GetDirectoryName(location), dependencyFolder, StringComparison.OrdinalIgnoreCase);
        }

        // Kept in its own class so that .NET Framework never JIT-compiles code that names AssemblyLoadContext.
        private static class CoreLoading
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            internal static object InstallPrivateContext(string folder)
            {
                var context = new DependencyLoadContext(folder);
                System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += context.ResolveEngineFromDefault;
                return context;
            }
        }
    }
}
