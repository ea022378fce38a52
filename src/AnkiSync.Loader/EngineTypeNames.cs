using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Reflection;

namespace AnkiSync.Loader
{
    /// <summary>
    /// PowerShell resolves type names such as <c>[AnkiSync.AnkiNote]</c> only in the default load context, so the
    /// engine's public types (loaded privately on PowerShell 7) are published as type accelerators under their full
    /// names: <c>-is [AnkiSync.AnkiNote]</c>, <c>[AnkiSync.PackageFormat]::Latest</c> and Pester's <c>-BeOfType</c>
    /// keep working. Names PowerShell already resolves are left alone; the entries go when the module is removed.
    /// </summary>
    internal static class EngineTypeNames
    {
        private static readonly object Gate = new object();
        private static readonly List<string> Published = new List<string>();

        internal static void Publish(Assembly engine)
        {
            Type? accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
            MethodInfo? add = accelerators?.GetMethod("Add", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), typeof(Type) }, null);
            PropertyInfo? get = accelerators?.GetProperty("Get", BindingFlags.Public | BindingFlags.Static);
            if (add == null || !(get?.GetValue(null) is IDictionary<string, Type> existing))
            {
                return;
            }

            lock (Gate)
            {
                foreach (Type type in engine.GetExportedTypes())
                {
                    string? name = type.FullName;
                    if (name == null || type.IsNested || existing.ContainsKey(name))
                    {
                        continue;
                    }

                    add.Invoke(null, new object[] { name, type });
                    Published.Add(name);
                }
            }
        }

        internal static void Withdraw()
        {
            Type? accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
            MethodInfo? remove = accelerators?.GetMethod("Remove", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string) }, null);
            if (remove == null)
            {
                return;
            }

            lock (Gate)
            {
                foreach (string name in Published)
                {
                    remove.Invoke(null, new object[] { name });
                }

                Published.Clear();
            }
        }
    }
}
