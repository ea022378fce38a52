using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Reflection;

namespace AnkiSync.Packages
{
    /// <summary>A package read from a ZIP archive (<c>.apkg</c>/<c>.colpkg</c>).</summary>
    internal sealed class ZipPackageSource : PackageSource
    {
        private const uint EndOfCentralDirectorySignature = 0x06054b50;
        private const uint Zip64LocatorSignature = 0x07064b50;
        private const uint Zip64EndOfCentralDirectorySignature = 0x06064b50;
        private const int EndOfCentralDirectoryLength = 22;

        private readonly FileStream file;
        private readonly ZipArchive archive;
        private readonly Dictionary<string, ZipArchiveEntry> entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        private readonly HashSet<string> duplicateNames = new HashSet<string>(StringComparer.Ordinal);

        private ZipPackageSource(string path, FileStream file, ZipArchive archive)
            : base(path)
        {
            this.file = file;
            this.archive = archive;
        }

        /// <summary>Opens the archive, refusing one that declares more than <paramref name="maxEntries"/> entries before reading its directory.</summary>
        public static ZipPackageSource Open(string path, int maxEntries)
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, PackageLayout.CopyBufferSize);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw PackageErrors.Unreadable(path, ex);
            }

            try
            {
                var declaredEntries = ReadDeclaredEntryCount(file);
                if (declaredEntries > maxEntries)
                {
                    throw PackageErrors.TooLarge(path, $"the archive declares {declaredEntries} entries; the limit is {maxEntries}.");
                }

                file.Position = 0;
                var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
                var source = new ZipPackageSource(path, file, archive);
                try
                {
                    source.IndexEntries(maxEntries);
                    return source;
                }
                catch
                {
                    source.Dispose();
                    throw;
                }
            }
            catch (Exception ex) when (!PackageErrors.IsFatal(ex))
            {
                file.Dispose();
                throw PackageErrors.InvalidPackage(path, $"it is not a valid ZIP archive ({ex.Message}).", ex);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        public override PackageEntry? Find(string name)
        {
            if (duplicateNames.Contains(name))
            {
                throw PackageErrors.InvalidPackage(Path, $"the archive holds more than one entry named '{name}'.");
            }

            return entries.TryGetValue(name, out var entry)
                ? new ZipEntry(entry, Math.Min(entry.CompressedLength, file.Length))
                : null;
        }

        public override void Dispose()
        {
            archive.Dispose();
            file.Dispose();
        }

        private void IndexEntries(int maxEntries)
        {
            var all = archive.Entries;

            // Belt and braces: ZipArchive itself refuses a directory whose count differs from the record's.
            // Stryker disable once all: unreachable while ZipArchive checks the count (tests show it does).
            if (all.Count > maxEntries)
            {
                throw PackageErrors.TooLarge(Path, $"the archive holds {all.Count} entries; the limit is {maxEntries}.");
            }

            foreach (var entry in all)
            {
                // A second entry with the same name would make the choice between them arbitrary.
                if (!entries.ContainsKey(entry.FullName))
                {
                    entries.Add(entry.FullName, entry);
                }
                else
                {
                    duplicateNames.Add(entry.FullName);
                }
            }
        }

        /// <summary>
        /// The entry count from the end-of-central-directory record (Zip64 aware), or 0 when there is no
        /// such record (ZipArchive then reports the archive as invalid).
        /// </summary>
        private static long ReadDeclaredEntryCount(FileStream file)
        {
            var length = file.Length;
            if (length < EndOfCentralDirectoryLength)
            {
                return 0;
            }

            var tailLength = (int)Math.Min(length, EndOfCentralDirectoryLength + ushort.MaxValue);
            var tail = new byte[tailLength];
            file.Position = length - tailLength;
            ReadExactly(file, tail, tailLength);

            for (var at = tailLength - EndOfCentralDirectoryLength; at >= 0; at--)
            {
                if (ReadUInt32(tail, at) != EndOfCentralDirectorySignature)
                {
                    continue;
                }

                long count = ReadUInt16(tail, at + 10);
                if (count == ushort.MaxValue && at >= 20 && ReadUInt32(tail, at - 20) == Zip64LocatorSignature)
                {
                    var zip64Offset = (long)ReadUInt64(tail, at - 20 + 8);
                    if (zip64Offset >= 0 && zip64Offset + 40 <= length)
                    {
                        var record = new byte[40];
                        file.Position = zip64Offset;
                        ReadExactly(file, record, record.Length);
                        if (ReadUInt32(record, 0) == Zip64EndOfCentralDirectorySignature)
                        {
                            var zip64Count = ReadUInt64(record, 32);
                            count = zip64Count > long.MaxValue ? long.MaxValue : (long)zip64Count;
                        }
                    }
                }

                return count;
            }

            return 0;
        }

        private static void ReadExactly(Stream stream, byte[] buffer, int count)
        {
            var offset = 0;
            while (offset < count)
            {
                var read = stream.Read(buffer, offset, count - offset);
                if (read == 0)
                {
                    throw new EndOfStreamException();
                }

                offset += read;
            }
        }

        private static ushort ReadUInt16(byte[] data, int at) => (ushort)(data[at] | data[at + 1] << 8);

        private static uint ReadUInt32(byte[] data, int at) => (uint)(data[at] | data[at + 1] << 8 | data[at + 2] << 16 | data[at + 3] << 24);

        private static ulong ReadUInt64(byte[] data, int at) => ReadUInt32(data, at) | (ulong)ReadUInt32(data, at + 4) << 32;

        /// <summary>
        /// <c>ZipArchiveEntry.Crc32</c> is public on every .NET Core runtime but missing from the
        /// netstandard2.0 reference, so it is read by reflection; null where the runtime lacks it.
        /// </summary>
        private static readonly PropertyInfo? Crc32Property = typeof(ZipArchiveEntry).GetProperty("Crc32", BindingFlags.Public | BindingFlags.Instance);

        private sealed class ZipEntry : PackageEntry
        {
            private readonly ZipArchiveEntry entry;

            public ZipEntry(ZipArchiveEntry entry, long storedLength)
                : base(entry.FullName, entry.Length, storedLength)
            {
                this.entry = entry;
            }

            public override uint? ExpectedCrc32 => Crc32Property?.GetValue(entry) is uint crc ? crc : (uint?)null;

            public override Stream Open() => entry.Open();
        }
    }
}
