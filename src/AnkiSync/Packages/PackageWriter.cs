using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using AnkiSync.Text;
using ZstdSharp;

namespace AnkiSync.Packages
{
    /// <summary>
    /// Writes Anki packages the way modern Anki lays them out: <c>meta</c> (versions 2 and 3), the
    /// collection, the stub, media files <c>0</c>…<c>n-1</c> in the order given, then the media map.
    /// Entries carry a fixed timestamp, so identical inputs give identical bytes.
    /// </summary>
    internal static class PackageWriter
    {
        /// <summary>zstd's own default level, which is what Anki asks for.</summary>
        private const int ZstdLevel = 3;

        /// <summary>
        /// Writes a ZIP package to <paramref name="outputPath"/> (replaced if it exists; deleted again on failure).
        /// <paramref name="collectionPath"/> must already be in the version's schema (11 for the legacy
        /// versions, 18 for Latest); <paramref name="stubCollectionPath"/> is the "please update" collection
        /// that older clients show, written as <c>collection.anki2</c> (not allowed for Legacy1, optional otherwise).
        /// </summary>
        public static void Write(string outputPath, PackageVersion version, string collectionPath, string? stubCollectionPath, IReadOnlyList<MediaSource> media, IProgress<double>? progress = null, CancellationToken cancellation = default)
        {
            Validate(outputPath, version, collectionPath, stubCollectionPath, media);
            WriteEntries(outputPath, () => new ZipPackageSink(outputPath), version, collectionPath, stubCollectionPath, media, progress, cancellation);
        }

        /// <summary>
        /// Writes the same entries as <see cref="Write"/> as plain files into <paramref name="outputFolder"/>
        /// (an unpacked package; created if missing; existing entry files are not overwritten).
        /// </summary>
        public static void WriteFolder(string outputFolder, PackageVersion version, string collectionPath, string? stubCollectionPath, IReadOnlyList<MediaSource> media, IProgress<double>? progress = null, CancellationToken cancellation = default)
        {
            Validate(outputFolder, version, collectionPath, stubCollectionPath, media);
            WriteEntries(outputFolder, () => new FolderPackageSink(outputFolder), version, collectionPath, stubCollectionPath, media, progress, cancellation);
        }

        /// <summary>Writes a bare collection file: a copy of the SQLite file, or with <paramref name="zstdCompressed"/> an <c>.anki21b</c>-style zstd stream.</summary>
        public static void WriteCollection(string outputPath, string collectionPath, bool zstdCompressed)
        {
            RequirePath(outputPath);
            RequireFile(collectionPath);
            try
            {
                using var output = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.None, PackageLayout.CopyBufferSize);
                using var input = OpenSource(collectionPath);
                if (zstdCompressed)
                {
                    // Stryker disable once Boolean: the file is closed right after anyway; closing it twice is harmless.
                    using var zstd = new CompressionStream(output, ZstdLevel, 0, leaveOpen: true);
                    Copy(input, zstd, null);
                }
                else
                {
                    Copy(input, output, null);
                }
            }
            catch (Exception ex) when (!PackageErrors.IsFatal(ex))
            {
                TryDelete(outputPath);
                throw PackageErrors.WriteFailed(outputPath, ex);
            }
        }

        private static void WriteEntries(string outputPath, Func<PackageSink> openSink, PackageVersion version, string collectionPath, string? stubCollectionPath, IReadOnlyList<MediaSource> media, IProgress<double>? progress, CancellationToken cancellation)
        {
            PackageSink sink;
            try
            {
                sink = openSink();
            }
            catch (Exception ex) when (!PackageErrors.IsFatal(ex))
            {
                throw PackageErrors.WriteFailed(outputPath, ex);
            }

            try
            {
                var latest = version == PackageVersion.Latest;

                // Progress moves with the bytes read, so it is smooth through one large collection as through many media files.
                long total = SizeOf(collectionPath) + (stubCollectionPath != null ? SizeOf(stubCollectionPath) : 0) + media.Sum(m => SizeOf(m.FilePath));
                long done = 0;
                Action<int>? advanced = progress == null ? null : read =>
                {
                    done += read;
                    progress.Report(total <= 0 ? 1 : Math.Min(1.0, (double)done / total));
                };
                progress?.Report(0);

                if (version != PackageVersion.Legacy1)
                {
                    WriteEntry(sink, PackageLayout.MetaEntry, false, PackageMeta.Encode(version));
                }

                // Legacy collections are Deflated; the latest one is a single zstd stream in a Stored entry.
                using (var entry = sink.CreateEntry(PackageLayout.CollectionEntry(version), deflate: !latest))
                using (var input = OpenSource(collectionPath))
                {
                    CopyMaybeCompressed(input, entry, latest, null, cancellation, advanced);
                }

                if (stubCollectionPath != null)
                {
                    using var entry = sink.CreateEntry(PackageLayout.Legacy1Collection, deflate: false);
                    using var input = OpenSource(stubCollectionPath);
                    Copy(input, entry, null, cancellation, advanced);
                }

                var names = new List<string>(media.Count);
                var entries = new List<(string Name, uint Size, byte[] Sha1)>();
                for (var i = 0; i < media.Count; i++)
                {
                    using (var entry = sink.CreateEntry(i.ToString(CultureInfo.InvariantCulture), deflate: false))
                    using (var input = OpenSource(media[i].FilePath))
                    using (var sha1 = latest ? SHA1.Create() : null)
                    {
                        var size = CopyMaybeCompressed(input, entry, latest, sha1, cancellation, advanced);
                        if (sha1 != null)
                        {
                            if (size > uint.MaxValue)
                            {
                                throw new AnkiException(AnkiErrors.PackageTooLarge, $"Media '{media[i].Name}' is {size} bytes; the latest package format records sizes up to 4 GB.", media[i].FilePath);
                            }

                            sha1.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                            entries.Add((media[i].Name, (uint)size, sha1.Hash));
                        }
                    }

                    names.Add(media[i].Name);
                }

                var map = latest ? MediaMapCodec.WriteLatest(entries) : MediaMapCodec.WriteLegacy(names);
                using (var entry = sink.CreateEntry(PackageLayout.MediaMapEntry, deflate: false))
                using (var input = new MemoryStream(map, false))
                {
                    CopyMaybeCompressed(input, entry, latest, null, cancellation);
                }

                sink.Dispose();
                progress?.Report(1);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException) && !(ex is StackOverflowException))
            {
                try
                {
                    sink.Discard();
                }
                catch (Exception discardError) when (discardError is IOException || discardError is UnauthorizedAccessException)
                {
                    // The caller removes its temp file anyway; the original failure is what matters.
                }

                if (ex is AnkiException || ex is OperationCanceledException)
                {
                    throw;
                }

                throw PackageErrors.WriteFailed(outputPath, ex);
            }
        }

        private static void WriteEntry(PackageSink sink, string name, bool deflate, byte[] content)
        {
            using var entry = sink.CreateEntry(name, deflate);
            entry.Write(content, 0, content.Length);
        }

        private static long CopyMaybeCompressed(Stream input, Stream output, bool zstd, HashAlgorithm? hash, CancellationToken cancellation, Action<int>? advanced = null)
        {
            if (!zstd)
            {
                return Copy(input, output, hash, cancellation, advanced);
            }

            // Each call makes one complete zstd frame, as Anki does for every media file.
            // Stryker disable once Boolean: the caller closes the entry right after anyway; closing it twice is harmless.
            using var compressor = new CompressionStream(output, ZstdLevel, 0, leaveOpen: true);
            return Copy(input, compressor, hash, cancellation, advanced);
        }

        /// <summary>A source file's size for progress; 0 when it cannot be read now (the copy then reports the failure).</summary>
        private static long SizeOf(string path)
        {
            try
            {
                return new FileInfo(path).Length;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                return 0;
            }
        }

        /// <summary>Copies chunk by chunk; cancellation is checked per chunk, so a stop never waits for a whole entry.</summary>
        private static long Copy(Stream input, Stream output, HashAlgorithm? hash, CancellationToken cancellation = default, Action<int>? advanced = null)
        {
            var buffer = new byte[PackageLayout.CopyBufferSize];
            long total = 0;
            int read;
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                if ((read = input.Read(buffer, 0, buffer.Length)) <= 0)
                {
                    break;
                }

                hash?.TransformBlock(buffer, 0, read, null, 0);
                output.Write(buffer, 0, read);
                total += read;
                advanced?.Invoke(read);
            }

            return total;
        }

        private static FileStream OpenSource(string path)
            => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, PackageLayout.CopyBufferSize);

        private static void Validate(string outputPath, PackageVersion version, string collectionPath, string? stubCollectionPath, IReadOnlyList<MediaSource> media)
        {
            RequirePath(outputPath);
            if (!PackageLayout.IsDefined(version))
            {
                throw PackageErrors.InvalidArgument(AnkiErrors.UnsupportedPackageVersion, $"Package version {(int)version} cannot be written; use Legacy1, Legacy2 or Latest.", version);
            }

            RequireFile(collectionPath);
            if (stubCollectionPath != null)
            {
                if (version == PackageVersion.Legacy1)
                {
                    throw PackageErrors.InvalidArgument(AnkiErrors.StubNotAllowed, "A Legacy1 package has no stub: its collection.anki2 is the collection itself.", stubCollectionPath);
                }

                RequireFile(stubCollectionPath);
            }

            if (media == null)
            {
                throw PackageErrors.InvalidArgument(AnkiErrors.MediaListRequired, "The media list is required (it may be empty).", null);
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in media)
            {
                if (item == null)
                {
                    throw PackageErrors.InvalidArgument(AnkiErrors.MediaListRequired, "The media list holds a null entry.", null);
                }

                var rejection = MediaNames.RejectionReason(item.Name);
                if (rejection != null)
                {
                    throw PackageErrors.UnsafeMediaNameArgument(item.Name, rejection);
                }

                var normalized = MediaNames.Normalize(item.Name);
                if (!string.Equals(normalized, item.Name, StringComparison.Ordinal))
                {
                    throw PackageErrors.InvalidMediaName(item.Name, $"it is not normalised the way Anki requires (it would be '{normalized}').");
                }

                if (!seen.Add(item.Name))
                {
                    throw PackageErrors.InvalidMediaName(item.Name, "another media file has the same name.");
                }

                if (!File.Exists(item.FilePath))
                {
                    throw PackageErrors.MediaFileNotFound(item.Name, item.FilePath);
                }
            }
        }

        private static void RequirePath(string outputPath)
        {
            if (string.IsNullOrEmpty(outputPath))
            {
                throw PackageErrors.InvalidArgument(AnkiErrors.OutputPathRequired, "An output path is required.", outputPath);
            }
        }

        private static void RequireFile(string collectionPath)
        {
            if (string.IsNullOrEmpty(collectionPath) || !File.Exists(collectionPath))
            {
                throw PackageErrors.CollectionNotFound(collectionPath);
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Best effort; the write error is reported.
            }
        }
    }
}
