using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace AnkiSync.Loader
{
    /// <summary>
    /// The private load context for the engine and its third-party assemblies on PowerShell 7. <see cref="Load"/>
    /// answers every request made from inside it before the default context is asked, so a Microsoft.Data.Sqlite or
    /// SQLitePCLRaw that another module loaded into the default context is never bound to AnkiSync's code. Framework
    /// assemblies the runtime already provides at the same or a newer version (System.Memory, System.Text.Json, ...)
    /// come from the runtime.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        /// <summary>The engine assembly: the one name the default context may ask this context for.</summary>
        internal const string EngineAssemblyName = "AnkiSync";

        private readonly string folder;
        private readonly Dictionary<string, string> platformAssemblies;

        internal DependencyLoadContext(string folder)
        {
            this.folder = folder;
            platformAssemblies = ReadPlatformAssemblies();
        }

        /// <summary>The engine, once the cmdlets have asked for it.</summary>
        internal Assembly? Engine { get; private set; }

        /// <summary>The cmdlet assembly lives in the default context; its references to the engine land here.</summary>
        internal Assembly? ResolveEngineFromDefault(AssemblyLoadContext requester, AssemblyName name)
        {
            if (name.Name != EngineAssemblyName)
            {
                return null;
            }

            Assembly? engine = LoadFromFolder(name.Name);
            if (engine != null && Engine == null)
            {
                Engine = engine;
                EngineTypeNames.Publish(engine);
            }

            return engine;
        }

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == null || !File.Exists(PathOf(name.Name)) || RuntimeHasAtLeast(name.Name))
            {
                return null;
            }

            return LoadFromFolder(name.Name);
        }

        private string PathOf(string simpleName) => Path.Combine(folder, simpleName + ".dll");

        private Assembly? LoadFromFolder(string simpleName)
        {
            string path = PathOf(simpleName);
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        // Read only for the few names that are both requested and in dependencies/.
        private bool RuntimeHasAtLeast(string simpleName)
        {
            if (!platformAssemblies.TryGetValue(simpleName, out string? platformPath))
            {
                return false;
            }

            Version? inRuntime = AssemblyName.GetAssemblyName(platformPath).Version;
            Version? ours = AssemblyName.GetAssemblyName(PathOf(simpleName)).Version;
            return inRuntime != null && (ours == null || inRuntime >= ours);
        }

        // The trusted platform assemblies: the runtime's own files and the host's (pwsh's).
        private static Dictionary<string, string> ReadPlatformAssemblies()
        {
            var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
            {
                foreach (string file in list.Split(Path.PathSeparator))
                {
                    string name = Path.GetFileNameWithoutExtension(file);
                    if (name.Length > 0 && !paths.ContainsKey(name))
                    {
                        paths[name] = file;
                    }
                }
            }

            return paths;
        }
    }
}
