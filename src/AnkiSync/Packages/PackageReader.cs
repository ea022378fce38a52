using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using AnkiSync.Text;
using ZstdSharp;

namespace AnkiSync.Packages
{
    /// <summary>
    /// Unpacks any Anki container — <c>.apkg</c>/<c>.colpkg</c> in all three versions, a bare collection
    /// file, or an unpacked package folder — into a private work folder. Nothing is written outside that
    /// folder, the source is never opened for writing, and every failure is an <see cref="AnkiException"/>
    /// whose target is the package path.
    /// </summary>
    internal static class PackageReader
    {
        /// <summary>The media map is held in memory to be parsed; it may not be larger than this.</summary>
        private const long MaxMediaMapBytes = 256L * 1024 * 1024;

        /// <summary>A <c>meta</c> entry is two bytes; anything near this size is not one.</summary>
        private const int MaxMetaBytes = 1024;

        private static readonly PackageVersion[] CollectionPreference = { PackageVersion.Latest, PackageVersion.Legacy2, PackageVersion.Legacy1 };

        /// <summary>
        /// Extracts <paramref name="path"/> into <paramref name="workDir"/> (created if missing; it must be empty).
        /// The container is recognised by content: SQLite or zstd magic means a bare collection, a folder is an
        /// unpacked package, anything else must be a ZIP.
        /// </summary>
        public static ExtractedPackage Extract(string path, string workDir, PackageLimits? limits = null, IProgress<double>? progress = null, CancellationToken cancellation = default)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw PackageErrors.InvalidArgument(AnkiErrors.PackagePathRequired, "A package path is required.", path);
            }

            if (string.IsNullOrEmpty(workDir))
            {
                throw PackageErrors.InvalidArgument(AnkiErrors.WorkDirRequired, "A work folder is required.", workDir);
            }

            var budget = new ExtractionBudget(limits ?? PackageLimits.Default, path, cancellation);
            var workFolder = PrepareWorkFolder(workDir, path);
            try
            {
                progress?.Report(0);
                ExtractedPackage result;
                if (Directory.Exists(path))
                {
                    using var folder = new FolderPackageSource(path, budget.Limits.MaxEntries);
                    result = ExtractPackage(folder, PackageContainer.Folder, workFolder, budget, progress);
                }
                else if (!File.Exists(path))
                {
                    throw PackageErrors.NotFound(path);
                }
                else
                {
                    // Reading a FIFO (or a device) would block forever or never end: look before opening.
                    RequireFile(path, path);
                    var signature = ReadSignature(path);
                    if (PackageLayout.StartsWith(signature, signature.Length, PackageLayout.SqliteMagic))
                    {
                        result = ExtractBareCollection(path, compressed: false, workFolder, budget);
                    }
                    else if (PackageLayout.StartsWith(signature, signature.Length, PackageLayout.ZstdMagic))
                    {
                        result = ExtractBareCollection(path, compressed: true, workFolder, budget);
                    }
                    else
                    {
                        using var zip = ZipPackageSource.Open(path, budget.Limits.MaxEntries);
                        result = ExtractPackage(zip, ContainerOf(path), workFolder, budget, progress);
                    }
                }

                progress?.Report(1);
                return result;
            }
            catch (Exception ex) when (!PackageErrors.IsFatal(ex))
            {
                // Whatever was not anticipated still leaves as a package error, never a raw exception.
                if (ex is IOException || ex is UnauthorizedAccessException)
                {
                    throw PackageErrors.Unreadable(path, ex);
                }

                throw PackageErrors.InvalidPackage(path, ex.Message, ex);
            }
        }

        /// <summary>Anki's own routing: these names are whole-collection packages whatever their content.</summary>
        internal static PackageContainer ContainerOf(string path)
        {
            var name = Path.GetFileName(path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
            var isColpkg = name.EndsWith(".colpkg", StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, "collection.apkg", StringComparison.OrdinalIgnoreCase)
                || (name.StartsWith("backup-", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".apkg", StringComparison.OrdinalIgnoreCase));
            return isColpkg ? PackageContainer.Colpkg : PackageContainer.Apkg;
        }

        private static ExtractedPackage ExtractPackage(PackageSource source, PackageContainer container, string workFolder, ExtractionBudget budget, IProgress<double>? progress)
        {
            var packagePath = source.Path;
            var (version, collection) = ChooseCollection(source);
            var findings = new List<AnkiProblem>();
            var media = ReadMediaMap(source, version, budget, findings);

            budget.CheckDeclared(collection.Name, collection.DeclaredLength, collection.StoredLength);
            var mediaEntries = new List<(MediaMapEntry Map, string Name, PackageEntry Entry)>(media.Count);
            foreach (var (map, name) in media)
            {
                var entry = source.Find(map.EntryName);
                if (entry == null)
                {
                    // Anki fails only when a note uses such a file; a field that names it is reported as missing media.
                    findings.Add(new AnkiProblem(
                        "MissingMediaFile",
                        $"The media map of '{packagePath}' lists '{name}' as entry {map.EntryName}, but the package has no such entry; the file was left out.",
                        name));
                    continue;
                }

                // The latest map states each file's real size, so that is what counts before decompressing.
                budget.CheckDeclared(entry.Name, map.Size ?? entry.DeclaredLength, entry.StoredLength);
                mediaEntries.Add((map, name, entry));
            }

            var steps = 1 + mediaEntries.Count;
            var zstd = version == PackageVersion.Latest;
            var collectionPath = Path.Combine(workFolder, PackageLayout.ExtractedCollection);
            ExtractEntry(
                source.Path,
                collection,
                zstd,
                collectionPath,
                budget,
                null,
                ex => zstd
                    ? PackageErrors.InvalidCollection(packagePath, $"'{collection.Name}' is not a valid zstd stream ({ex.Message}).", ex)
                    : PackageErrors.InvalidPackage(packagePath, $"entry '{collection.Name}' is corrupt ({ex.Message}).", ex));
            RequireSqlite(collectionPath, packagePath, collection.Name);
            progress?.Report(1.0 / steps);

            var mediaFolder = CreateMediaFolder(workFolder, packagePath);
            var names = new List<string>(mediaEntries.Count);
            for (var i = 0; i < mediaEntries.Count; i++)
            {
                var (map, name, entry) = mediaEntries[i];
                if (ExtractMediaFile(packagePath, map, name, entry, zstd, mediaFolder, budget))
                {
                    names.Add(name);
                }
                else
                {
                    // Stryker disable once all: Windows and macOS only (see ExtractMediaFile).
                    findings.Add(new AnkiProblem(
                        "DuplicateMediaName",
                        $"The media file '{name}' (entry {map.EntryName}) of '{packagePath}' differs from another only in case or Unicode form, which this file system stores as one file; the first was kept.",
                        name));
                }

                progress?.Report((2.0 + i) / steps);
            }

            return new ExtractedPackage(collectionPath, version, container, mediaFolder, names, findings);
        }

        private static (PackageVersion Version, PackageEntry Collection) ChooseCollection(PackageSource source)
        {
            var meta = source.Find(PackageLayout.MetaEntry);
            if (meta != null)
            {
                var version = ReadMetaVersion(source.Path, meta);
                var name = PackageLayout.CollectionEntry(version);
                var entry = source.Find(name)
                    ?? throw PackageErrors.MissingCollection(source.Path, $"its meta entry declares version {(int)version}, but there is no '{name}' entry.");
                return (version, entry);
            }

            // No meta: the newest collection wins, so the "please update" stub is never read instead.
            foreach (var version in CollectionPreference)
            {
                var entry = source.Find(PackageLayout.CollectionEntry(version));
                if (entry != null)
                {
                    return (version, entry);
                }
            }

            throw PackageErrors.MissingCollection(source.Path, $"there is no '{PackageLayout.LatestCollection}', '{PackageLayout.Legacy2Collection}' or '{PackageLayout.Legacy1Collection}' entry.");
        }

        private static PackageVersion ReadMetaVersion(string packagePath, PackageEntry meta)
        {
            if (meta.DeclaredLength > MaxMetaBytes)
            {
                throw PackageErrors.InvalidPackage(packagePath, $"its meta entry is {meta.DeclaredLength} bytes, far more than a PackageMetadata message.");
            }

            byte[] data;
            try
            {
                using var stream = meta.Open();
                data = ReadAtMost(stream, MaxMetaBytes + 1);
            }
            catch (Exception ex) when (!PackageErrors.IsFatal(ex))
            {
                throw PackageErrors.InvalidPackage(packagePath, $"its meta entry is corrupt ({ex.Message}).", ex);
            }

            if (data.Length > MaxMetaBytes)
            {
                throw PackageErrors.InvalidPackage(packagePath, "its meta entry is far larger than a PackageMetadata message.");
            }

            long declared;
            try
            {
                declared = PackageMeta.Decode(data);
            }
            catch (Exception ex) when (ex is Google.Protobuf.InvalidProtocolBufferException || ex is FormatException)
            {
                throw PackageErrors.InvalidPackage(packagePath, $"its meta entry is not a valid PackageMetadata message ({ex.Message}).", ex);
            }

            return PackageMeta.ToKnownVersion(declared) ?? throw PackageErrors.UnsupportedVersion(packagePath, declared);
        }

        /// <summary>
        /// Reads and checks the media map: names safe and normalised; a missing map is empty. A name listed twice is
        /// kept once (the first listing), with a finding: Anki's importer, too, ends up with one file of that name.
        /// </summary>
        private static List<(MediaMapEntry Map, string Name)> ReadMediaMap(PackageSource source, PackageVersion version, ExtractionBudget budget, List<AnkiProblem> findings)
        {
            var packagePath = source.Path;
            var result = new List<(MediaMapEntry, string)>();
            var entry = source.Find(PackageLayout.MediaMapEntry);
            if (entry == null)
            {
                return result;
            }

            var latest = version == PackageVersion.Latest;
            budget.CheckDeclared(entry.Name, entry.DeclaredLength, entry.StoredLength);
            byte[] data;
            using (var buffer = new MemoryStream())
            {
                ExtractEntry(
                    packagePath,
                    entry,
                    latest,
                    buffer,
                    budget,
                    null,
                    MaxMediaMapBytes,
                    ex => PackageErrors.InvalidMediaMap(packagePath, latest ? $"it is not a valid zstd stream ({ex.Message})." : $"the entry is corrupt ({ex.Message}).", ex));
                data = buffer.ToArray();
            }

            var map = latest
                ? MediaMapCodec.ReadLatest(data, packagePath, budget.Limits.MaxEntries)
                : MediaMapCodec.ReadLegacy(data, packagePath);
            if (map.Count > budget.Limits.MaxEntries)
            {
                throw PackageErrors.TooLarge(packagePath, $"the media map lists {map.Count} files; the limit is {budget.Limits.MaxEntries}.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in map)
            {
                var name = CheckedName(packagePath, item, latest);
                if (!seen.Add(name))
                {
                    findings.Add(new AnkiProblem(
                        "DuplicateMediaName",
                        $"The media map of '{packagePath}' names more than one file '{name}' (after Anki's normalisation); the first was kept and entry {item.EntryName} left out.",
                        name));
                    continue;
                }

                result.Add((item, name));
            }

            return result;
        }

        /// <summary>
        /// The name a media file is stored under. Unsafe names are refused outright; legacy names are
        /// normalised the way Anki does on import; latest names must already be normalised (Anki: Corrupt).
        /// </summary>
        private static string CheckedName(string packagePath, MediaMapEntry item, bool latest)
        {
            var rejection = MediaNames.RejectionReason(item.Name);
            if (rejection != null)
            {
                throw PackageErrors.UnsafeMediaName(packagePath, item.Name, rejection);
            }

            var normalized = MediaNames.Normalize(item.Name);
            if (latest)
            {
                if (!string.Equals(normalized, item.Name, StringComparison.Ordinal))
                {
                    throw PackageErrors.InvalidMediaMap(packagePath, $"media file {item.EntryName} is named '{item.Name}', which is not normalised ('{normalized}') as Anki requires.");
                }

                if (item.Sha1 == null || item.Sha1.Length != 20)
                {
                    throw PackageErrors.InvalidMediaMap(packagePath, $"media file {item.EntryName} ('{item.Name}') has a {item.Sha1?.Length ?? 0}-byte SHA-1; it must be 20 bytes.");
                }
            }

            var afterwards = normalized.Length == 0 ? "the name is empty" : MediaNames.RejectionReason(normalized);
            if (afterwards != null)
            {
                throw PackageErrors.UnsafeMediaName(packagePath, item.Name, afterwards);
            }

            return normalized;
        }

        /// <summary>Extracts one media file; false (nothing written) when another file already took its place.</summary>
        private static bool ExtractMediaFile(string packagePath, MediaMapEntry map, string name, PackageEntry entry, bool zstd, string mediaFolder, ExtractionBudget budget)
        {
            var target = MediaFilePath(mediaFolder, name, packagePath, map.Name);
            // Names that differ only in case (or Unicode form) meet in one file on some file systems.
            // Stryker disable once all: Windows and macOS only; on Linux each checked, unique name is its own file.
            if (File.Exists(target) || Directory.Exists(target))
            {
                return false;
            }

            using var sha1 = zstd ? SHA1.Create() : null;
            var size = ExtractEntry(
                packagePath,
                entry,
                zstd,
                target,
                budget,
                sha1,
                ex => PackageErrors.InvalidPackage(packagePath, $"media entry '{entry.Name}' ('{name}') is corrupt ({ex.Message}).", ex));

            if (sha1 != null)
            {
                sha1.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                if (size != map.Size || !sha1.Hash.SequenceEqual(map.Sha1!))
                {
                    throw PackageErrors.InvalidMediaMap(packagePath, $"media file {map.EntryName} ('{name}') does not match the size and SHA-1 in the map ({size} bytes, expected {map.Size}).");
                }
            }

            return true;
        }

        /// <summary>The only place a media file is written: directly inside the media folder, checked after resolving.</summary>
        private static string MediaFilePath(string mediaFolder, string name, string packagePath, string originalName)
        {
            string full;
            try
            {
                full = Path.GetFullPath(Path.Combine(mediaFolder, name));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw PackageErrors.UnsafeMediaName(packagePath, originalName, ex.Message);
            }

            if (!string.Equals(Path.GetDirectoryName(full), mediaFolder, StringComparison.Ordinal)
                || !string.Equals(Path.GetFileName(full), name, StringComparison.Ordinal))
            {
                throw PackageErrors.UnsafeMediaName(packagePath, originalName, "it does not name a file directly inside the media folder");
            }

            return full;
        }

        private static ExtractedPackage ExtractBareCollection(string path, bool compressed, string workFolder, ExtractionBudget budget)
        {
            var collectionPath = Path.Combine(workFolder, PackageLayout.ExtractedCollection);
            var entryName = Path.GetFileName(path);
            using (var input = OpenShared(path))
            {
                // The stream's length, not FileInfo's: a collection reached through a link has the length of the file.
                var length = input.Length;
                budget.CheckDeclared(entryName, length, StoredLength(path, length));
                using var decoded = compressed ? new DecompressionStream(input, 0, true, true) : null;
                using var output = CreateFile(collectionPath, path);
                budget.Copy(
                    decoded ?? (Stream)input,
                    output,
                    entryName,
                    length,
                    long.MaxValue,
                    null,
                    ex => compressed
                        ? PackageErrors.InvalidCollection(path, $"it is not a valid zstd stream ({ex.Message}).", ex)
                        : PackageErrors.Unreadable(path, ex));
            }

            RequireSqlite(collectionPath, path, entryName);

            // A live desktop collection keeps recent changes in its write-ahead log: take it along.
            var wal = path + "-wal";
            if (!compressed && File.Exists(wal))
            {
                RequireFile(wal, path);
                using var input = OpenShared(wal);
                var walLength = input.Length;
                budget.CheckDeclared(Path.GetFileName(wal), walLength, StoredLength(wal, walLength));
                using var output = CreateFile(collectionPath + "-wal", path);
                budget.Copy(input, output, Path.GetFileName(wal), walLength, long.MaxValue, null, ex => PackageErrors.Unreadable(path, ex));
            }

            var version = compressed
                ? PackageVersion.Latest
                : path.EndsWith(".anki21", StringComparison.OrdinalIgnoreCase) ? PackageVersion.Legacy2 : PackageVersion.Legacy1;
            var mediaFolder = CreateMediaFolder(workFolder, path);
            return new ExtractedPackage(collectionPath, version, PackageContainer.Collection, mediaFolder, Array.Empty<string>(), Array.Empty<AnkiProblem>());
        }

        private static void RequireFile(string path, string packagePath)
        {
            if (FileNodes.Inspect(path, followLinks: true).Kind == FileNodeKind.Special)
            {
                throw PackageErrors.InvalidPackage(packagePath, $"'{path}' is a FIFO, socket or device, not a file.");
            }
        }

        /// <summary>The disk space a file occupies: a sparse file's holes count for nothing in the ratio check.</summary>
        private static long StoredLength(string path, long length)
        {
            var allocated = FileNodes.Inspect(path, followLinks: true).AllocatedBytes;
            return allocated >= 0 ? Math.Min(allocated, length) : length;
        }

        private static long ExtractEntry(string packagePath, PackageEntry entry, bool zstd, string destinationPath, ExtractionBudget budget, HashAlgorithm? hash, Func<Exception, AnkiException> readFailure)
        {
            using var output = CreateFile(destinationPath, packagePath);
            return ExtractEntry(packagePath, entry, zstd, output, budget, hash, long.MaxValue, readFailure);
        }

        private static long ExtractEntry(string packagePath, PackageEntry entry, bool zstd, Stream output, ExtractionBudget budget, HashAlgorithm? hash, long maxBytes, Func<Exception, AnkiException> readFailure)
        {
            Stream input;
            try
            {
                input = entry.Open();
            }
            catch (Exception ex) when (!PackageErrors.IsFatal(ex))
            {
                throw readFailure(ex);
            }

            var expectedCrc = entry.ExpectedCrc32;
            using var checkedInput = expectedCrc.HasValue ? new Crc32Stream(input) : null;
            using (input)
            {
                var raw = checkedInput ?? input;
                using var decoded = zstd ? new DecompressionStream(raw, 0, true, true) : null;
                var written = budget.Copy(decoded ?? raw, output, entry.Name, entry.StoredLength, maxBytes, hash, readFailure);
                if (checkedInput != null)
                {
                    try
                    {
                        checkedInput.Drain(budget.ScratchBuffer);
                    }
                    catch (Exception ex) when (!PackageErrors.IsFatal(ex))
                    {
                        throw readFailure(ex);
                    }

                    if (checkedInput.Value != expectedCrc)
                    {
                        throw PackageErrors.InvalidPackage(packagePath, $"entry '{entry.Name}' fails its CRC-32 check (it is corrupt or was tampered with).");
                    }
                }

                return written;
            }
        }

        private static void RequireSqlite(string collectionPath, string packagePath, string entryName)
        {
            // The magic, then bytes 18 and 19: the file format write and read versions (1 legacy, 2 WAL).
            var header = new byte[20];
            int read;
            using (var stream = new FileStream(collectionPath, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                read = ReadAtMost(stream, header);
            }

            if (!PackageLayout.StartsWith(header, read, PackageLayout.SqliteMagic))
            {
                throw PackageErrors.InvalidCollection(packagePath, $"'{entryName}' is not an SQLite database.");
            }

            // SQLite opens a file with a newer write version read-only: it would read, then fail the first write.
            // Bytes a short file does not have stay 0, which no version is.
            if (header[18] < 1 || header[18] > 2 || header[19] < 1 || header[19] > 2)
            {
                throw PackageErrors.InvalidCollection(packagePath, $"'{entryName}' has a damaged SQLite header (file format versions {header[18]}/{header[19]}; SQLite writes 1 or 2).");
            }
        }

        private static string PrepareWorkFolder(string workDir, string packagePath)
        {
            string full;
            try
            {
                full = Path.GetFullPath(workDir).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
                // A session's work folder holds only its owner marker before extraction.
                if (File.Exists(full) || (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any(e => Path.GetFileName(e) != Session.WorkFolder.OwnerFileName)))
                {
                    throw PackageErrors.WorkDirNotEmpty(workDir);
                }

                Directory.CreateDirectory(full);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw PackageErrors.ExtractFailed(packagePath, ex);
            }

            return full;
        }

        private static string CreateMediaFolder(string workFolder, string packagePath)
        {
            var folder = Path.Combine(workFolder, PackageLayout.MediaFolder);
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw PackageErrors.ExtractFailed(packagePath, ex);
            }

            return folder;
        }

        private static FileStream CreateFile(string path, string packagePath)
        {
            try
            {
                return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, PackageLayout.CopyBufferSize);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw PackageErrors.ExtractFailed(packagePath, ex);
            }
        }

        /// <summary>Opens a source for reading while other programs (Anki itself) may have it open for writing.</summary>
        private static FileStream OpenShared(string path)
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, PackageLayout.CopyBufferSize);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw PackageErrors.Unreadable(path, ex);
            }
        }

        private static byte[] ReadSignature(string path)
        {
            using var stream = OpenShared(path);
            return ReadAtMost(stream, PackageLayout.SqliteMagic.Length);
        }

        private static byte[] ReadAtMost(Stream stream, int maxBytes)
        {
            var buffer = new byte[maxBytes];
            var read = ReadAtMost(stream, buffer);
            return buffer.Take(read).ToArray();
        }

        private static int ReadAtMost(Stream stream, byte[] buffer)
        {
            var total = 0;
            while (total < buffer.Length)
            {
                int read = stream.Read(buffer, total, buffer.Length - total);
                if (read <= 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }
    }
}
