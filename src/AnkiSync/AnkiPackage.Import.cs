using AnkiSync.Merge;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>
        /// Merges the package at <paramref name="path"/> into this one the way Anki's importer does: notes by guid,
        /// note types by id and schema, decks by name, media by content (see <see cref="PackageImportOptions"/>).
        /// One transaction: an error or a cancellation keeps nothing.
        /// </summary>
        public AnkiImportResult Import(string path, PackageImportOptions? options = null)
            => PackageMerger.Import(this, path, options);
    }
}
