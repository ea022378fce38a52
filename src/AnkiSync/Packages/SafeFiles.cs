using System;
using System.IO;
using System.Runtime.InteropServices;

namespace AnkiSync.Packages
{
    /// <summary>
    /// File operations that act on exactly the entry named: an existing file is found by its exact name (never
    /// by a normalised or case-folded spelling), and a file is replaced by renaming a new one over it, so a
    /// symbolic or hard link planted at the target is replaced, never written through.
    /// </summary>
    internal static class SafeFiles
    {
        private static readonly char[] Separators = { '/', '\\' };

        /// <summary>
        /// The path of the file named exactly <paramref name="name"/> directly inside <paramref name="folder"/>,
        /// or null. A name that is not a single plain component is never looked up.
        /// </summary>
        public static string? ExactFile(string folder, string name)
        {
            if (!IsPlainName(name))
            {
                return null;
            }

            string path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                return null;
            }

            // Linux file systems compare names byte for byte; Windows and macOS ones also find other spellings
            // ("A.JPG" for "a.jpg", NFD for NFC, "n" for "n."), so there the stored name is confirmed by listing.
            // Stryker disable all: the listing is for Windows and macOS; the mutation runs are on Linux.
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                return path;
            }

            foreach (string entry in Directory.EnumerateFiles(folder))
            {
                if (string.Equals(Path.GetFileName(entry), name, StringComparison.Ordinal))
                {
                    return path;
                }
            }

            return null;
        }

        // Stryker restore all

        /// <summary>True when anything at all is at <paramref name="path"/>, a dangling symbolic link included.</summary>
        public static bool EntryExists(string path)
        {
            try
            {
                // Attributes come from the entry itself, so a link whose target is gone is still seen.
                File.GetAttributes(path);
                return true;
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                return false;
            }
        }

        /// <summary>
        /// Copies <paramref name="source"/> to <paramref name="target"/>: into a new temp file beside the target,
        /// then renamed into place. An existing target (file or link) needs <paramref name="overwrite"/>; a
        /// link is removed, not followed, and a failure leaves the old target as it was.
        /// </summary>
        public static void CopyReplacing(string source, string target, bool overwrite)
        {
            string folder = Path.GetDirectoryName(target)!;
            // Stryker disable once String: any new name beside the target works; the prefix only tells a user what a crash left.
            string temp = Path.Combine(folder, ".ankisync-" + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                // CreateNew is O_EXCL: it fails on anything already there, a planted link included.
                using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, PackageLayout.CopyBufferSize))
                using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, PackageLayout.CopyBufferSize))
                {
                    input.CopyTo(output, PackageLayout.CopyBufferSize);
                    // Stryker disable once all: durability on power loss; nothing a test can observe.
                    output.Flush(true);
                }

                if (!EntryExists(target))
                {
                    // Move never replaces: if something appeared meanwhile, this fails instead of following it.
                    File.Move(temp, target);
                    return;
                }

                if (!overwrite)
                {
                    throw new AnkiException(AnkiErrors.FileExists, $"'{target}' already exists. Use -Force to overwrite it.", target);
                }

                var attributes = File.GetAttributes(target);
                if ((attributes & FileAttributes.ReparsePoint) != 0)
                {
                    // A link: remove the link itself (never what it points to), then put the file in its place.
                    // A link to a folder is itself a folder entry on Windows only.
                    // Stryker disable once all: Windows only; the mutation runs are on Linux, where both branches delete the link.
                    if ((attributes & FileAttributes.Directory) != 0 && RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                    {
                        Directory.Delete(target, recursive: false);
                    }
                    else
                    {
                        File.Delete(target);
                    }

                    File.Move(temp, target);
                }
                else if ((attributes & FileAttributes.Directory) != 0)
                {
                    throw new AnkiException(AnkiErrors.FileExists, $"'{target}' is a folder; it is not replaced by a file.", target);
                }
                else
                {
                    // A rename replaces the directory entry: a hard link to the old file keeps its old content.
                    // Stryker disable once Boolean: Windows only; Linux has no metadata for File.Replace to fail on.
                    File.Replace(temp, target, null, ignoreMetadataErrors: true);
                }
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        /// <remarks>"." and ".." name folders and a NUL makes no valid path, so File.Exists never reports them.</remarks>
        private static bool IsPlainName(string name)
            => !string.IsNullOrEmpty(name)
               && name.IndexOfAny(Separators) < 0
               && !(Path.DirectorySeparatorChar == '\\' && name.IndexOf(':') >= 0);
    }
}
