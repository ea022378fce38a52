using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// The packages open in each runspace. Keyed by runspace, never process-wide, so runspaces and
    /// <c>ForEach-Object -Parallel</c> don't see each other's sessions.
    /// </summary>
    internal static class SessionRegistry
    {
        private static readonly ConditionalWeakTable<Runspace, List<AnkiPackage>> ByRunspace = new ConditionalWeakTable<Runspace, List<AnkiPackage>>();
        private static readonly List<AnkiPackage> WithoutRunspace = new List<AnkiPackage>();

        public static void Add(AnkiPackage package)
        {
            var list = Current();
            lock (list)
            {
                list.Add(package);
            }
        }

        public static void Remove(AnkiPackage package)
        {
            var list = Current();
            lock (list)
            {
                list.Remove(package);
            }
        }

        public static IReadOnlyList<AnkiPackage> Open()
        {
            var list = Current();
            lock (list)
            {
                list.RemoveAll(p => p.IsClosed);
                return list.ToList();
            }
        }

        public static void CloseAllInCurrentRunspace()
        {
            var list = Current();
            List<AnkiPackage> open;
            lock (list)
            {
                open = list.ToList();
                list.Clear();
            }

            foreach (var package in open)
            {
                package.Close();
            }
        }

        private static List<AnkiPackage> Current()
        {
            Runspace? runspace = Runspace.DefaultRunspace;
            return runspace == null ? WithoutRunspace : ByRunspace.GetValue(runspace, _ => new List<AnkiPackage>());
        }
    }
}
