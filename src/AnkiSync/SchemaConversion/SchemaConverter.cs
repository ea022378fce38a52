using System;
using System.Text.Json;
using AnkiSync.Storage;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// Converts a collection database between schema 18 (current Anki: notetypes, decks, deck presets, config and tags
    /// in their own tables, protobuf blobs) and schema 11 (everything in the <c>col</c> JSON), in place and inside one
    /// transaction. Nothing is lost going 18 → 11 → 18: what schema 11 has no place for rides along under
    /// <see cref="PrivateKeys"/> keys.
    /// </summary>
    /// <remarks>
    /// Going 11 → 18 → 11 the JSON keeps every key and value, except where Anki's own conversion normalises it:
    /// keys Anki always writes are added with their defaults; numeric-string ids become numbers and deck <c>dyn</c>
    /// booleans become 0/1; the unused third <c>new.ints</c> value becomes 0; a filtered deck's <c>separate</c> becomes
    /// true and its <c>desc</c>/<c>md</c> are not kept (schema 18 has no place for them); the obsolete deck key <c>return</c>
    /// is dropped; deck day counters from an older day than the latest are zeroed; field/template <c>ord</c> is the
    /// position; names are NFC and made unique (notetypes and decks get '_', fields and templates '+').
    /// Going 18 → 11, <c>fields</c>/<c>templates</c> rows whose notetype no longer exists (Anki's exporter leaves
    /// them) are dropped, as Anki's own downgrade does. Unlike Anki, a schema-11 starting ease at or below 130% is
    /// kept rather than reset to 250% (that reset only repairs presets damaged by schema 15).
    /// </remarks>
    internal static class SchemaConverter
    {
        /// <summary>The collection's schema version (<c>col.ver</c>).</summary>
        public static int ReadVersion(AnkiDatabase db)
        {
            if (db is null)
            {
                throw new ArgumentNullException(nameof(db));
            }

            object? value;
            try
            {
                using var command = db.Command("select ver from col limit 1");
                using var reader = command.ExecuteReader();
                if (!reader.Read())
                {
                    throw new AnkiException(AnkiErrors.InvalidCollection, $"The collection '{db.Path}' has no col row.", db.Path);
                }

                value = reader.IsDBNull(0) ? null : reader.GetValue(0);
            }
            catch (SqliteException e)
            {
                throw new AnkiException(AnkiErrors.InvalidCollection, $"'{db.Path}' is not an Anki collection: {e.Message}", db.Path, e);
            }

            // SQLite does not enforce the declared integer type: anything but a whole number that fits is not a schema version.
            if (value is long number && number >= int.MinValue && number <= int.MaxValue)
            {
                return (int)number;
            }

            var shown = value switch
            {
                null => "empty",
                byte[] bytes => $"a {bytes.Length}-byte blob",
                _ => $"'{Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}'",
            };
            throw new AnkiException(AnkiErrors.InvalidCollection, $"The collection '{db.Path}' is not a valid Anki collection: its schema version (col.ver) is {shown}, not a whole number.", db.Path);
        }

        /// <summary>Schema 14–18 → 11; a schema-11 collection is left as it is.</summary>
        public static void DowngradeToSchema11(AnkiDatabase db)
        {
            var version = RequireSupported(db);
            if (version == 11)
            {
                return;
            }

            RunInTransaction(db, () => SchemaDowngrade.Run(db, version));
        }

        /// <summary>Schema 11 → 18 (a schema 14–17 collection is brought to 11 first); a schema-18 collection is left as it is.</summary>
        public static void UpgradeToSchema18(AnkiDatabase db)
        {
            var version = RequireSupported(db);
            if (version == 18)
            {
                return;
            }

            RunInTransaction(db, () =>
            {
                if (version != 11)
                {
                    SchemaDowngrade.Run(db, version);
                }

                SchemaUpgrade.Run(db);
            });
        }

        private static int RequireSupported(AnkiDatabase db)
        {
            var version = ReadVersion(db);
            if (version == 11 || (version >= 14 && version <= 18))
            {
                return version;
            }

            var why = version == 12 || version == 13 || version > 18
                ? "it was made by a newer or unreleased Anki version (too new / unsupported)"
                : "it is older than any collection Anki 2.1 can open";
            throw new AnkiException(AnkiErrors.UnsupportedSchema,
                $"The collection '{db.Path}' uses schema {version}, which cannot be converted: {why}. AnkiSync supports 11 and 14-18, like Anki.",
                db.Path);
        }

        private static void RunInTransaction(AnkiDatabase db, Action work)
        {
            try
            {
                using var scope = db.BeginTransaction();
                work();
                scope.Complete();
            }
            catch (Exception e) when (IsBadData(e))
            {
                throw Invalid(db, e);
            }
        }

        /// <summary>
        /// What reading damaged rows raises: unparsable JSON or protobuf, cells of the wrong type or NULL
        /// (InvalidOperation/InvalidCast/Format/Overflow), duplicate JSON keys or bad UTF-8 (Argument), SQL logic
        /// errors from an unexpected table shape and constraint violations. Busy, I/O and corruption errors are
        /// left to the caller, which reports them as what they are.
        /// </summary>
        private static bool IsBadData(Exception e)
            => e is JsonException
               || e is InvalidProtocolBufferException
               || e is FormatException
               || e is InvalidCastException
               || e is OverflowException
               || e is ArgumentException
               || (e is InvalidOperationException && !(e is ObjectDisposedException))
               || (e is SqliteException sqlite && (sqlite.SqliteErrorCode == 1 || sqlite.SqliteErrorCode == 19));

        private static AnkiException Invalid(AnkiDatabase db, Exception inner)
            => new AnkiException(AnkiErrors.InvalidCollection,
                $"The collection '{db.Path}' could not be converted between schema 11 and 18: {inner.Message}",
                db.Path,
                inner);
    }
}
