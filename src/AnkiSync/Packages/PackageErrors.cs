using System;

namespace AnkiSync.Packages
{
    /// <summary>The deliberate failures of the package layer, each with its stable reason.</summary>
    internal static class PackageErrors
    {
        public static AnkiException InvalidPackage(string path, string detail, Exception? inner = null)
            => new AnkiException(AnkiErrors.InvalidPackage, $"'{path}' is not a readable Anki package: {detail}", path, inner);

        public static AnkiException MissingCollection(string path, string detail)
            => new AnkiException(AnkiErrors.MissingCollection, $"'{path}' holds no collection: {detail}", path);

        public static AnkiException UnsupportedVersion(string path, long version)
            => new AnkiException(AnkiErrors.UnsupportedPackageVersion,
                $"'{path}' declares package version {version}, which this module does not know; the file is probably from a newer Anki. Export it again with \"Support older Anki versions\" ticked.",
                path);

        public static AnkiException InvalidMediaMap(string path, string detail, Exception? inner = null)
            => new AnkiException(AnkiErrors.InvalidMediaMap, $"The media map of '{path}' is invalid: {detail}", path, inner);

        public static AnkiException UnsafeMediaName(string path, string name, string reason)
            => new AnkiException(AnkiErrors.UnsafeMediaName, $"'{path}' names a media file '{name}' that Anki would reject: {reason}", path);

        public static AnkiException UnsafeEntry(string path, string entryName, string detail)
            => new AnkiException(AnkiErrors.UnsafePackageEntry, $"'{path}' is refused: its entry '{entryName}' {detail}", path);

        public static AnkiException InvalidCollection(string path, string detail, Exception? inner = null)
            => new AnkiException(AnkiErrors.InvalidCollection, $"The collection in '{path}' is not a valid Anki collection: {detail}", path, inner);

        public static AnkiException TooLarge(string path, string detail)
            => new AnkiException(AnkiErrors.PackageTooLarge, $"'{path}' exceeds the extraction limits: {detail}", path);

        public static AnkiException NotFound(string path)
            => new AnkiException(AnkiErrors.PackageNotFound, $"'{path}' does not exist.", path);

        public static AnkiException Unreadable(string path, Exception inner)
            => new AnkiException(AnkiErrors.PackageUnreadable, $"'{path}' cannot be opened: {inner.Message}", path, inner);

        public static AnkiException ExtractFailed(string path, Exception inner)
            => new AnkiException(AnkiErrors.ExtractFailed, $"Unpacking '{path}' failed: {inner.Message}", path, inner);

        public static AnkiException WorkDirNotEmpty(string workDir)
            => new AnkiException(AnkiErrors.WorkDirNotEmpty, $"The work folder '{workDir}' must be empty or not exist yet.", workDir);

        public static AnkiException WriteFailed(string path, Exception inner)
            => new AnkiException(AnkiErrors.PackageWriteFailed, $"Writing '{path}' failed: {inner.Message}", path, inner);

        public static AnkiException CollectionNotFound(string collectionPath)
            => new AnkiException(AnkiErrors.CollectionNotFound, $"The collection file '{collectionPath}' does not exist.", collectionPath);

        public static AnkiException MediaFileNotFound(string name, string filePath)
            => new AnkiException(AnkiErrors.MediaFileNotFound, $"The file '{filePath}' for media '{name}' does not exist.", filePath);

        public static AnkiException InvalidMediaName(string name, string detail)
            => new AnkiException(AnkiErrors.InvalidMediaName, $"The media name '{name}' cannot be written: {detail}", name);

        public static AnkiException UnsafeMediaNameArgument(string name, string reason)
            => new AnkiException(AnkiErrors.UnsafeMediaName, $"The media name '{name}' would be rejected by Anki: {reason}", name);

        public static AnkiException InvalidArgument(AnkiError error, string message, object? target)
            => new AnkiException(error, message, target);

        /// <summary>
        /// Errors that are never wrapped: the process is in trouble, the error is already ours, or the caller cancelled
        /// (a stop must reach the caller as a stop, never as a file error).
        /// </summary>
        public static bool IsFatal(Exception exception)
            => exception is OutOfMemoryException || exception is StackOverflowException || exception is AnkiException || exception is OperationCanceledException;
    }
}
