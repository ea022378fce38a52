using System.Runtime.CompilerServices;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// Packages that a read cmdlet opened for one <c>-Path</c> read. The objects such a read emits carry that
    /// package, so a write through them (<c>Get-AnkiNote -Path x.apkg | Set-AnkiNote ...</c>) would change a private
    /// copy that is thrown away when the read ends: write cmdlets refuse such a package and say that -Path reads
    /// are read-only snapshots. Weakly keyed: an entry lives as long as something still holds the package.
    /// </summary>
    internal static class ReadSnapshots
    {
        private static readonly ConditionalWeakTable<AnkiPackage, object> Snapshots = new ConditionalWeakTable<AnkiPackage, object>();

        /// <summary>Remembers that <paramref name="package"/> was opened for one -Path read.</summary>
        public static AnkiPackage Mark(AnkiPackage package)
        {
            Snapshots.GetValue(package, _ => new object());
            return package;
        }

        public static bool IsSnapshot(AnkiPackage package) => Snapshots.TryGetValue(package, out _);

        /// <summary>The error for a write through a -Path read's package.</summary>
        public static AnkiException ReadOnly(AnkiPackage package)
        {
            string file = package.Path ?? "the file";
            return new AnkiException(AnkiErrors.ReadOnlySnapshot,
                $"These objects come from a -Path read of '{file}': such reads are read-only snapshots of the file, closed when that command ends, so nothing can be changed through them. "
                + $"To change the file, open it ($package = Open-AnkiPackage -Path '{file}'), read with -Package $package, change, then Export-AnkiPackage -Package $package.",
                package.Path);
        }
    }
}
