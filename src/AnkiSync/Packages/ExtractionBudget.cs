using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;

namespace AnkiSync.Packages
{
    /// <summary>
    /// Counts every byte an extraction writes and stops it, with <c>PackageTooLarge</c>, as soon as an
    /// entry or the whole package passes <see cref="PackageLimits"/>. Declared sizes are checked up front
    /// by <see cref="CheckDeclared"/>, but the counting in <see cref="Copy"/> is what actually holds.
    /// </summary>
    internal sealed class ExtractionBudget
    {
        private readonly PackageLimits limits;
        private readonly string packagePath;
        private readonly CancellationToken cancellation;
        private readonly byte[] buffer = new byte[PackageLayout.CopyBufferSize];
        private long declaredTotal;
        private long storedTotal;

        public ExtractionBudget(PackageLimits limits, string packagePath, CancellationToken cancellation = default)
        {
            if (limits.MaxTotalBytes <= 0 || limits.MaxEntryBytes <= 0 || limits.MaxEntries <= 0 || !(limits.MaxCompressionRatio > 0))
            {
                throw PackageErrors.InvalidArgument(AnkiErrors.InvalidPackageLimits, "Every package limit must be positive.", limits);
            }

            this.limits = limits;
            this.packagePath = packagePath;
            this.cancellation = cancellation;
        }

        public PackageLimits Limits => limits;

        /// <summary>The copy buffer, for other reads between copies (never during one).</summary>
        public byte[] ScratchBuffer => buffer;

        /// <summary>Decompressed bytes written so far.</summary>
        public long TotalWritten { get; private set; }

        /// <summary>Rejects an entry whose declared sizes already break the limits, before any byte is read.</summary>
        public void CheckDeclared(string entryName, long declaredLength, long storedLength)
        {
            if (declaredLength > limits.MaxEntryBytes)
            {
                throw PackageErrors.TooLarge(packagePath, $"entry '{entryName}' declares {declaredLength} bytes; the limit per entry is {limits.MaxEntryBytes}.");
            }

            declaredTotal += Math.Max(0, declaredLength);
            storedTotal += Math.Max(0, storedLength);
            if (declaredTotal > limits.MaxTotalBytes)
            {
                throw PackageErrors.TooLarge(packagePath, $"the entries declare more than {limits.MaxTotalBytes} bytes in total.");
            }

            if (RatioExceeded(declaredLength, storedLength))
            {
                throw PackageErrors.TooLarge(packagePath, $"entry '{entryName}' declares a compression ratio above {limits.MaxCompressionRatio} ({declaredLength} bytes from {storedLength}).");
            }
        }

        /// <summary>
        /// Streams <paramref name="source"/> into <paramref name="destination"/> (and <paramref name="hash"/>),
        /// counting as it goes. <paramref name="storedBytes"/> is what the entry occupies in the container,
        /// for the ratio check. Failures reading the source become <paramref name="readFailure"/>; failures
        /// writing become <c>ExtractFailed</c>. Cancellation is checked once per chunk, so a stop never waits for a whole entry.
        /// </summary>
        public long Copy(Stream source, Stream destination, string entryName, long storedBytes, long maxBytes, HashAlgorithm? hash, Func<Exception, AnkiException> readFailure)
        {
            var entryLimit = Math.Min(maxBytes, limits.MaxEntryBytes);
            long written = 0;
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                int read;
                try
                {
                    read = source.Read(buffer, 0, buffer.Length);
                }
                catch (Exception ex) when (!PackageErrors.IsFatal(ex))
                {
                    throw readFailure(ex);
                }

                if (read == 0)
                {
                    return written;
                }

                written += read;
                if (written > entryLimit)
                {
                    throw PackageErrors.TooLarge(packagePath, $"entry '{entryName}' decompresses to more than {entryLimit} bytes.");
                }

                if (TotalWritten + read > limits.MaxTotalBytes)
                {
                    throw PackageErrors.TooLarge(packagePath, $"the package decompresses to more than {limits.MaxTotalBytes} bytes.");
                }

                if (RatioExceeded(written, storedBytes))
                {
                    throw PackageErrors.TooLarge(packagePath, $"entry '{entryName}' decompresses more than {limits.MaxCompressionRatio} times its stored size of {storedBytes} bytes.");
                }

                // Many entries each just under the threshold are still a bomb: the package as a whole has a ratio too.
                if (RatioExceeded(TotalWritten + read, storedTotal))
                {
                    throw PackageErrors.TooLarge(packagePath, $"the package decompresses more than {limits.MaxCompressionRatio} times the {storedTotal} bytes its entries occupy.");
                }

                TotalWritten += read;
                hash?.TransformBlock(buffer, 0, read, null, 0);
                try
                {
                    destination.Write(buffer, 0, read);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
                {
                    throw PackageErrors.ExtractFailed(packagePath, ex);
                }
            }
        }

        private bool RatioExceeded(long decompressed, long stored)
            => decompressed > PackageLimits.RatioCheckThreshold
               && decompressed > limits.MaxCompressionRatio * Math.Max(stored, 1);
    }
}
