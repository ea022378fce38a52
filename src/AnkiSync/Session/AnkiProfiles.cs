using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace AnkiSync.Session
{
    /// <summary>Where Anki Desktop keeps its profiles: one folder per profile, each with collection.anki2.</summary>
    internal static class AnkiProfiles
    {
        /// <summary>
        /// Anki's data folder: <c>$ANKI_BASE</c> when set (Anki honours it too), else %APPDATA%\Anki2 on Windows,
        /// ~/Library/Application Support/Anki2 on macOS, $XDG_DATA_HOME/Anki2 or ~/.local/share/Anki2 elsewhere.
        /// </summary>
        public static string BaseFolder() => BaseFolder(Environment.GetEnvironmentVariable);

        /// <summary>The data folder as <see cref="BaseFolder()"/> finds it, reading environment variables through <paramref name="variable"/>.</summary>
        internal static string BaseFolder(Func<string, string?> variable)
        {
            string? custom = variable("ANKI_BASE");
            if (!string.IsNullOrEmpty(custom))
            {
                return custom!;
            }

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            // Stryker disable once all: Windows only; the mutation runs are on Linux.
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "Anki2");
            }

            // Stryker disable once all: macOS only; the mutation runs are on Linux.
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                return Path.Combine(home, "Library", "Application Support", "Anki2");
            }

            string? xdg = variable("XDG_DATA_HOME");
            return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg!, "Anki2");
        }

        /// <summary>Profile names (folders holding a collection.anki2), in Anki's alphabetical order.</summary>
        public static IReadOnlyList<string> Names(string baseFolder)
            => Directory.Exists(baseFolder)
                ? Directory.GetDirectories(baseFolder)
                    .Where(d => File.Exists(Path.Combine(d, "collection.anki2")))
                    .Select(d => Path.GetFileName(d))
                    .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                    .ToList()
                : (IReadOnlyList<string>)Array.Empty<string>();

        /// <summary>The collection file of <paramref name="profile"/> (default: the first profile).</summary>
        public static string CollectionPath(string? profile) => CollectionPath(BaseFolder(), profile);

        /// <summary>The collection file of <paramref name="profile"/> (default: the first profile) in <paramref name="baseFolder"/>.</summary>
        internal static string CollectionPath(string baseFolder, string? profile)
        {
            IReadOnlyList<string> names = Names(baseFolder);
            if (names.Count == 0)
            {
                throw new AnkiException(AnkiErrors.ProfileNotFound,
                    $"No Anki profile was found in '{baseFolder}'. Give the collection file with -Path, or set ANKI_BASE to Anki's data folder.", baseFolder);
            }

            string? name = profile == null ? names[0] : names.FirstOrDefault(n => string.Equals(n, profile, StringComparison.OrdinalIgnoreCase));
            if (name == null)
            {
                throw new AnkiException(AnkiErrors.ProfileNotFound,
                    $"There is no Anki profile named '{profile}' in '{baseFolder}'. Profiles: {string.Join(", ", names)}.", profile);
            }

            return Path.Combine(baseFolder, name, "collection.anki2");
        }
    }
}
