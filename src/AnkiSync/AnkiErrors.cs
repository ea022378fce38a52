using System.Collections.Generic;

namespace AnkiSync
{
    /// <summary>
    /// One reason AnkiSync fails on purpose: its ErrorId is <c>AnkiSync.&lt;Reason&gt;</c>, its
    /// <see cref="Kind"/> becomes the ErrorRecord's category, and <see cref="Meaning"/> is what the reference
    /// (about_AnkiSync) says of it. Every reason is defined once, in <see cref="AnkiErrors"/>.
    /// </summary>
    public sealed class AnkiError
    {
        internal AnkiError(string reason, AnkiErrorKind kind, string meaning)
        {
            Reason = reason;
            Kind = kind;
            Meaning = meaning;
        }

        /// <summary>Stable, PascalCase reason, e.g. <c>UnknownNoteType</c>.</summary>
        public string Reason { get; }

        public AnkiErrorKind Kind { get; }

        /// <summary>When the error happens, in one sentence (the message itself names the item and the fix).</summary>
        public string Meaning { get; }

        /// <summary>The ErrorId of the ErrorRecord the cmdlets write.</summary>
        public string ErrorId => "AnkiSync." + Reason;

        public override string ToString() => ErrorId;
    }

    /// <summary>The catalogue of every <see cref="AnkiError"/>: the only place a reason and its kind are defined.</summary>
    public static class AnkiErrors
    {
        private static readonly List<AnkiError> Defined = new List<AnkiError>();

        // Opening and reading packages
        public static readonly AnkiError PackageNotFound = Define("PackageNotFound", AnkiErrorKind.ObjectNotFound, "The package, collection file or folder named does not exist.");
        public static readonly AnkiError PackageUnreadable = Define("PackageUnreadable", AnkiErrorKind.OpenError, "The package exists but cannot be opened (permissions, a lock, an I/O failure).");
        public static readonly AnkiError InvalidPackage = Define("InvalidPackage", AnkiErrorKind.InvalidData, "The file is not a readable Anki package: not a ZIP, a truncated or corrupt entry, a bad meta entry.");
        public static readonly AnkiError MissingCollection = Define("MissingCollection", AnkiErrorKind.InvalidData, "The package holds no collection entry, or not the one its meta entry declares.");
        public static readonly AnkiError UnsupportedPackageVersion = Define("UnsupportedPackageVersion", AnkiErrorKind.InvalidData, "The package declares a version this module does not know (a newer Anki), or a version that cannot be written.");
        public static readonly AnkiError InvalidCollection = Define("InvalidCollection", AnkiErrorKind.InvalidData, "The collection is not a valid Anki collection (missing tables, a schema that cannot be converted).");
        public static readonly AnkiError CorruptCollection = Define("CorruptCollection", AnkiErrorKind.InvalidData, "The collection database is damaged; met while opening, reading, checking or exporting.");
        public static readonly AnkiError InvalidCollectionJson = Define("InvalidCollectionJson", AnkiErrorKind.InvalidData, "The collection's JSON (note types, decks, options, configuration) is not valid.");
        public static readonly AnkiError UnsupportedSchema = Define("UnsupportedSchema", AnkiErrorKind.InvalidData, "The collection's schema version is one Anki never used or this module cannot convert.");
        public static readonly AnkiError InvalidMediaMap = Define("InvalidMediaMap", AnkiErrorKind.InvalidData, "The package's media map is not valid JSON or protobuf, or a file does not match its size and SHA-1.");
        public static readonly AnkiError UnsafeMediaName = Define("UnsafeMediaName", AnkiErrorKind.InvalidData, "A media name would leave the media folder or is one Anki rejects (a path, a reserved name).");
        public static readonly AnkiError UnsafePackageEntry = Define("UnsafePackageEntry", AnkiErrorKind.InvalidData, "An entry of an unpacked package folder is a link, FIFO or device, or a ZIP entry name is unsafe.");
        public static readonly AnkiError PackageTooLarge = Define("PackageTooLarge", AnkiErrorKind.LimitsExceeded, "The package exceeds the extraction limits (entry count, sizes, compression ratio).");
        public static readonly AnkiError InvalidPackageLimits = Define("InvalidPackageLimits", AnkiErrorKind.InvalidArgument, "Extraction limits given to the engine are not all positive.");
        public static readonly AnkiError PackagePathRequired = Define("PackagePathRequired", AnkiErrorKind.InvalidArgument, "No package path was given.");
        public static readonly AnkiError WorkDirRequired = Define("WorkDirRequired", AnkiErrorKind.InvalidArgument, "No work folder was given to the package reader.");
        public static readonly AnkiError WorkDirNotEmpty = Define("WorkDirNotEmpty", AnkiErrorKind.InvalidArgument, "The work folder given to the package reader already holds files.");
        public static readonly AnkiError ExtractFailed = Define("ExtractFailed", AnkiErrorKind.WriteError, "Unpacking the package into the private work folder failed.");

        // Writing packages and files
        public static readonly AnkiError OutputPathRequired = Define("OutputPathRequired", AnkiErrorKind.InvalidArgument, "No output path was given for the export.");
        public static readonly AnkiError StubNotAllowed = Define("StubNotAllowed", AnkiErrorKind.InvalidArgument, "A Legacy1 package was asked to carry a stub collection.");
        public static readonly AnkiError MediaListRequired = Define("MediaListRequired", AnkiErrorKind.InvalidArgument, "The media list for an export is missing or holds a null entry.");
        public static readonly AnkiError MediaFileNotFound = Define("MediaFileNotFound", AnkiErrorKind.ObjectNotFound, "A media file to be written into the package does not exist.");
        public static readonly AnkiError PackageWriteFailed = Define("PackageWriteFailed", AnkiErrorKind.WriteError, "Writing the package file failed; the target is left as it was.");
        public static readonly AnkiError ExportFailed = Define("ExportFailed", AnkiErrorKind.WriteError, "The export could not be completed; the target is left as it was.");
        public static readonly AnkiError FileExists = Define("FileExists", AnkiErrorKind.ResourceExists, "The output file exists and -Force was not given.");
        public static readonly AnkiError DirectoryNotFound = Define("DirectoryNotFound", AnkiErrorKind.ObjectNotFound, "The folder an output file should go into does not exist.");
        public static readonly AnkiError WriteFailed = Define("WriteFailed", AnkiErrorKind.WriteError, "A change could not be written to the collection; the whole command was rolled back.");

        // Sessions and live collections
        public static readonly AnkiError CollectionNotFound = Define("CollectionNotFound", AnkiErrorKind.ObjectNotFound, "The collection file named does not exist.");
        public static readonly AnkiError CollectionInUse = Define("CollectionInUse", AnkiErrorKind.ResourceUnavailable, "The live collection is open in Anki or being written by another program.");
        public static readonly AnkiError CollectionHasTriggers = Define("CollectionHasTriggers", AnkiErrorKind.InvalidData, "A live collection holds SQL triggers, which Anki never creates; it is refused.");
        public static readonly AnkiError BackupFailed = Define("BackupFailed", AnkiErrorKind.WriteError, "The live collection could not be backed up before the first change.");
        public static readonly AnkiError ProfileNotFound = Define("ProfileNotFound", AnkiErrorKind.ObjectNotFound, "No Anki profile (or Anki data folder) of that name was found.");
        public static readonly AnkiError NativeLibraryLoadFailed = Define("NativeLibraryLoadFailed", AnkiErrorKind.ResourceUnavailable, "The native SQLite library for this platform could not be loaded.");
        public static readonly AnkiError UnsupportedPlatform = Define("UnsupportedPlatform", AnkiErrorKind.NotImplemented, "The module ships no native SQLite for this operating system or processor.");
        public static readonly AnkiError PackageRequired = Define("PackageRequired", AnkiErrorKind.InvalidArgument, "A command that changes a package was given no -Package (or was piped the package instead of rows).");
        public static readonly AnkiError ReadOnlySnapshot = Define("ReadOnlySnapshot", AnkiErrorKind.InvalidOperation, "Objects from a -Path read were used to change the file; such reads are read-only snapshots.");
        public static readonly AnkiError PackageClosed = Define("PackageClosed", AnkiErrorKind.InvalidOperation, "The package session was closed; open it again.");
        public static readonly AnkiError BatchFinished = Define("BatchFinished", AnkiErrorKind.InvalidOperation, "A note batch was used after it was completed or abandoned.");

        // Notes, note types and templates
        public static readonly AnkiError NoteTypeKindConflict = Define("NoteTypeKindConflict", AnkiErrorKind.InvalidData, "Import-AnkiPackage -UpdateNoteTypes met a cloze note type and a normal one with the same id, which cannot be merged.");
        public static readonly AnkiError ExtraProperty = Define("ExtraProperty", AnkiErrorKind.InvalidArgument, "Piped rows have properties that are not fields of the note type (one error per pipeline; -IgnoreExtraProperty adds them anyway).");
        public static readonly AnkiError NoteTypeMismatch = Define("NoteTypeMismatch", AnkiErrorKind.InvalidData, "A row would update a note (same guid) of another note type.");
        public static readonly AnkiError NoteNotFound = Define("NoteNotFound", AnkiErrorKind.ObjectNotFound, "No note has the id given.");
        public static readonly AnkiError CardNotFound = Define("CardNotFound", AnkiErrorKind.ObjectNotFound, "No card has the id given.");
        public static readonly AnkiError UnknownNoteType = Define("UnknownNoteType", AnkiErrorKind.ObjectNotFound, "No note type has the name or id given, and it is not a stock note type.");
        public static readonly AnkiError NoteTypeExists = Define("NoteTypeExists", AnkiErrorKind.ResourceExists, "A note type of that name already exists.");
        public static readonly AnkiError InvalidNoteType = Define("InvalidNoteType", AnkiErrorKind.InvalidArgument, "A note type definition is invalid (an empty or repeated field or template name, a second template on a cloze note type).");
        public static readonly AnkiError UnknownField = Define("UnknownField", AnkiErrorKind.InvalidArgument, "A field name is not a field of the note type.");
        public static readonly AnkiError UnknownTemplate = Define("UnknownTemplate", AnkiErrorKind.ObjectNotFound, "A template name is not a template of the note type.");
        public static readonly AnkiError UnknownTemplateField = Define("UnknownTemplateField", AnkiErrorKind.InvalidArgument, "A template names a field the note type does not have.");
        public static readonly AnkiError InvalidTemplate = Define("InvalidTemplate", AnkiErrorKind.InvalidArgument, "A template does not parse, or a template hashtable lacks its Name or Front.");
        public static readonly AnkiError InvalidOrder = Define("InvalidOrder", AnkiErrorKind.InvalidArgument, "A -FieldOrder or -TemplateOrder does not name each field or template exactly once.");
        public static readonly AnkiError InvalidFieldMap = Define("InvalidFieldMap", AnkiErrorKind.InvalidArgument, "A -FieldMap is given without -NoteType, or maps two old fields to one new field.");
        public static readonly AnkiError LastFieldRequired = Define("LastFieldRequired", AnkiErrorKind.InvalidOperation, "The last field of a note type cannot be removed.");
        public static readonly AnkiError LastTemplateRequired = Define("LastTemplateRequired", AnkiErrorKind.InvalidOperation, "The last template of a note type cannot be removed.");
        public static readonly AnkiError FieldsRequired = Define("FieldsRequired", AnkiErrorKind.InvalidArgument, "A note was given no field values.");
        public static readonly AnkiError FieldCountMismatch = Define("FieldCountMismatch", AnkiErrorKind.InvalidArgument, "A note was given more or fewer field values than its note type has.");
        public static readonly AnkiError NoCards = Define("NoCards", AnkiErrorKind.InvalidData, "A note would have no cards: no template's front renders anything (or no cloze number is used).");
        public static readonly AnkiError DuplicateGuid = Define("DuplicateGuid", AnkiErrorKind.ResourceExists, "Two notes would share a guid in one package.");
        public static readonly AnkiError InvalidGuid = Define("InvalidGuid", AnkiErrorKind.InvalidArgument, "A note's guid (-Guid, or a Guid column) is empty.");
        public static readonly AnkiError InvalidTag = Define("InvalidTag", AnkiErrorKind.InvalidArgument, "A tag is empty, holds a space or control character, or has a level Anki would rename.");
        public static readonly AnkiError TagNotFound = Define("TagNotFound", AnkiErrorKind.ObjectNotFound, "No note carries the tag given.");

        // Decks, presets and cards
        public static readonly AnkiError DeckNotFound = Define("DeckNotFound", AnkiErrorKind.ObjectNotFound, "No deck has the name given.");
        public static readonly AnkiError DeckExists = Define("DeckExists", AnkiErrorKind.ResourceExists, "A deck of that name already exists.");
        public static readonly AnkiError InvalidDeckName = Define("InvalidDeckName", AnkiErrorKind.InvalidArgument, "A deck name is empty, has an empty level, or would put a deck inside itself or under a filtered deck.");
        public static readonly AnkiError DefaultDeckRequired = Define("DefaultDeckRequired", AnkiErrorKind.InvalidOperation, "The Default deck cannot be removed.");
        public static readonly AnkiError FilteredDeck = Define("FilteredDeck", AnkiErrorKind.InvalidOperation, "The deck is a filtered deck, which has no preset and cannot receive cards this way.");
        public static readonly AnkiError DeckConfigNotFound = Define("DeckConfigNotFound", AnkiErrorKind.ObjectNotFound, "No deck options preset has the name given.");
        public static readonly AnkiError DeckConfigExists = Define("DeckConfigExists", AnkiErrorKind.ResourceExists, "A deck options preset of that name already exists.");
        public static readonly AnkiError InvalidDeckConfig = Define("InvalidDeckConfig", AnkiErrorKind.InvalidArgument, "A deck option value is outside Anki's bounds.");
        public static readonly AnkiError InvalidDueDate = Define("InvalidDueDate", AnkiErrorKind.InvalidArgument, "A -DueDate is not Anki's Set Due Date syntax.");
        public static readonly AnkiError InvalidCardState = Define("InvalidCardState", AnkiErrorKind.InvalidOperation, "The card cannot be changed that way (its home deck is missing or filtered).");
        public static readonly AnkiError SchedulerUpgradeRequired = Define("SchedulerUpgradeRequired", AnkiErrorKind.InvalidOperation, "The collection still uses Anki's V1 scheduler, which Anki refuses for this change too.");
        public static readonly AnkiError FsrsNotSupported = Define("FsrsNotSupported", AnkiErrorKind.NotImplemented, "The collection uses FSRS, where Anki recomputes memory state on this change.");

        // Text files (Import-AnkiNote, Export-AnkiNote)
        public static readonly AnkiError EmptyFile = Define("EmptyFile", AnkiErrorKind.InvalidData, "A text file to import has no rows.");
        public static readonly AnkiError NoFieldColumn = Define("NoFieldColumn", AnkiErrorKind.InvalidData, "A text file's columns are all guid, note type, deck or tags columns: none holds the first field.");
        public static readonly AnkiError InvalidText = Define("InvalidText", AnkiErrorKind.InvalidData, "A text file to import is not UTF-8, which Anki's text import requires.");
        public static readonly AnkiError MixedPackages = Define("MixedPackages", AnkiErrorKind.InvalidArgument, "Export-AnkiNote was piped notes of more than one package.");

        // Media
        public static readonly AnkiError MediaNotFound = Define("MediaNotFound", AnkiErrorKind.ObjectNotFound, "No media file has the name given.");
        public static readonly AnkiError MediaExists = Define("MediaExists", AnkiErrorKind.ResourceExists, "A media file of that name already exists and -Force was not given.");
        public static readonly AnkiError FileUnreadable = Define("FileUnreadable", AnkiErrorKind.OpenError, "A file given to the command exists but cannot be read (permissions, a lock, an I/O failure).");
        public static readonly AnkiError InvalidMediaName = Define("InvalidMediaName", AnkiErrorKind.InvalidArgument, "A media name cannot be written: Anki would rename it, or it is listed twice.");

        // SQL and search
        public static readonly AnkiError SqlError = Define("SqlError", AnkiErrorKind.InvalidArgument, "The SQL given to Invoke-AnkiSql failed.");
        public static readonly AnkiError SqlNotAllowed = Define("SqlNotAllowed", AnkiErrorKind.InvalidOperation, "The SQL given to Invoke-AnkiSql would reach beyond this collection (attach a file, create a trigger, change a setting).");
        public static readonly AnkiError InvalidQuery = Define("InvalidQuery", AnkiErrorKind.InvalidArgument, "A -Query search does not parse; the message points at the term.");

        // Paths given to cmdlets
        public static readonly AnkiError PathNotFound = Define("PathNotFound", AnkiErrorKind.ObjectNotFound, "A -Path or -LiteralPath names no existing file.");
        public static readonly AnkiError PathRequired = Define("PathRequired", AnkiErrorKind.InvalidArgument, "The package has no path yet and the command was given none.");
        public static readonly AnkiError InvalidPath = Define("InvalidPath", AnkiErrorKind.InvalidArgument, "A path is not a usable file path.");
        public static readonly AnkiError PathNotFileSystem = Define("PathNotFileSystem", AnkiErrorKind.InvalidArgument, "A path is not in the FileSystem provider.");
        public static readonly AnkiError NotAFile = Define("NotAFile", AnkiErrorKind.InvalidArgument, "A path names a folder where a file is needed.");

        /// <summary>Every error, in the order defined (grouped by area).</summary>
        public static IReadOnlyList<AnkiError> All => Defined;

        private static AnkiError Define(string reason, AnkiErrorKind kind, string meaning)
        {
            var error = new AnkiError(reason, kind, meaning);
            Defined.Add(error);
            return error;
        }
    }
}
