namespace AnkiSync.Packages
{
    /// <summary>
    /// The three package layouts Anki knows; the values are those of the <c>meta</c> entry
    /// (protobuf <c>PackageMetadata.version</c>).
    /// </summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum PackageVersion
    {
        /// <summary><c>collection.anki2</c> (schema 11), JSON media map, raw media files.</summary>
        Legacy1 = 1,

        /// <summary><c>collection.anki21</c> (schema 11) plus a stub <c>collection.anki2</c>, JSON media map, raw media files.</summary>
        Legacy2 = 2,

        /// <summary>zstd <c>collection.anki21b</c> (schema 18) plus a stub, zstd protobuf media map, each media file zstd-compressed.</summary>
        Latest = 3,
    }
}
