using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using AnkiSync.Storage;
using Microsoft.Data.Sqlite;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// Builds schema 18 from a schema-11 collection in place: creates the tables of Anki's schema 14–18 upgrades,
    /// fills them from the <c>col</c> JSON, rebuilds graves and empties the JSON columns. Runs inside the caller's transaction.
    /// </summary>
    internal static class SchemaUpgrade
    {
        public static void Run(AnkiDatabase db)
        {
            var col = ColRow.Read(db);
            using var conf = ParseMap(col.Conf, "conf", db);
            using var models = ParseMap(col.Models, "models", db);
            using var decks = ParseMap(col.Decks, "decks", db);
            using var dconf = ParseMap(col.Dconf, "dconf", db);
            using var tags = ParseMap(col.Tags, "tags", db);
            var state = Schema18Details.Read(conf.RootElement);

            foreach (var table in Schema18Sql.AddedTables)
            {
                db.Execute($"drop table if exists {table}");
            }

            db.Execute(Schema18Sql.CreateTables);
            WriteConfig(db, conf.RootElement, state);
            WriteDeckConfigs(db, dconf.RootElement);
            WriteDecks(db, decks.RootElement);
            WriteNotetypes(db, models.RootElement);
            WriteTags(db, tags.RootElement, state);
            if (db.Columns("graves").FirstOrDefault() != "oid")
            {
                db.Execute(Schema18Sql.GravesToSchema18);
            }

            db.Execute("update col set conf = '', models = '', decks = '', dconf = '', tags = '', ver = 18");
        }

        private static JsonDocument ParseMap(string json, string column, AnkiDatabase db)
        {
            JsonDocument document;
            try
            {
                document = LegacyJson.Parse(json.Trim().Length == 0 ? "{}" : json);
            }
            catch (JsonException e)
            {
                throw new AnkiException(AnkiErrors.InvalidCollection, $"The '{column}' JSON of '{db.Path}' is not valid JSON: {e.Message}", db.Path, e);
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new AnkiException(AnkiErrors.InvalidCollection, $"The '{column}' JSON of '{db.Path}' is not an object.", db.Path);
            }

            return document;
        }

        /// <summary>One config row per key, the value as compact JSON bytes; usn/mtime 0 unless kept from schema 18.</summary>
        private static void WriteConfig(AnkiDatabase db, JsonElement conf, Schema18Details state)
        {
            using var insert = Prepare(db, "insert or replace into config (key, usn, mtime_secs, val) values ($key, $usn, $mtime, $val)", "$key", "$usn", "$mtime", "$val");
            foreach (var property in LegacyJson.Properties(conf).Where(p => p.Key != PrivateKeys.Schema18Details))
            {
                var (usn, mtime) = state.ConfigRows.TryGetValue(property.Key, out var row) ? row : (0, 0L);
                Run(insert, property.Key, usn, mtime, Encoding.UTF8.GetBytes(property.Value.GetRawText()));
            }

            foreach (var entry in state.InvalidConfigValues)
            {
                var (usn, mtime) = state.ConfigRows.TryGetValue(entry.Key, out var row) ? row : (0, 0L);
                Run(insert, entry.Key, usn, mtime, entry.Value);
            }
        }

        private static void WriteDeckConfigs(AnkiDatabase db, JsonElement dconf)
        {
            using var insert = Prepare(db, "insert or replace into deck_config (id, name, mtime_secs, usn, config) values ($id, $name, $mtime, $usn, $config)", "$id", "$name", "$mtime", "$usn", "$config");
            foreach (var property in LegacyJson.Properties(dconf).Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                var row = DeckConfigConverter.ReadLegacy(property.Value, property.Key);
                Run(insert, row.Id, row.Name, row.MtimeSecs, row.Usn, row.Config);
            }
        }

        /// <summary>Decks with Anki's name rules: levels normalised, and a later duplicate (ignoring case) gets '_' appended.</summary>
        private static void WriteDecks(AnkiDatabase db, JsonElement decks)
        {
            using var insert = Prepare(db, "insert or replace into decks (id, name, mtime_secs, usn, common, kind) values ($id, $name, $mtime, $usn, $common, $kind)", "$id", "$name", "$mtime", "$usn", "$common", "$kind");
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in LegacyJson.Properties(decks).Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                var row = DeckConverter.ReadLegacy(property.Value, ParseId(property.Key));
                var modified = DeckConverter.HumanName(row.Name) != LegacyJson.String(property.Value, "name", string.Empty);
                while (!names.Add(row.Name))
                {
                    row.Name += "_";
                    modified = true;
                }

                if (modified)
                {
                    // A renamed deck must reach AnkiWeb on the next sync, as Anki marks it.
                    row.MtimeSecs = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                    row.Usn = -1;
                }

                Run(insert, row.Id, row.Name, row.MtimeSecs, row.Usn, row.Common, row.Kind);
            }
        }

        /// <summary>Notetypes with unique names (a later duplicate, ignoring case, gets '_' appended, as in Anki).</summary>
        private static void WriteNotetypes(AnkiDatabase db, JsonElement models)
        {
            using var insert = Prepare(db, "insert or replace into notetypes (id, name, mtime_secs, usn, config) values ($id, $name, $mtime, $usn, $config)", "$id", "$name", "$mtime", "$usn", "$config");
            using var insertField = Prepare(db, "insert into fields (ntid, ord, name, config) values ($ntid, $ord, $name, $config)", "$ntid", "$ord", "$name", "$config");
            using var insertTemplate = Prepare(db, "insert into templates (ntid, ord, name, mtime_secs, usn, config) values ($ntid, $ord, $name, $mtime, $usn, $config)", "$ntid", "$ord", "$name", "$mtime", "$usn", "$config");
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in LegacyJson.Properties(models).Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                var row = NotetypeConverter.ReadLegacy(property.Value, ParseId(property.Key));
                while (!names.Add(row.Name))
                {
                    row.Name += "_";
                }

                db.Execute("delete from fields where ntid = $id", ("$id", row.Id));
                db.Execute("delete from templates where ntid = $id", ("$id", row.Id));
                Run(insert, row.Id, row.Name, row.MtimeSecs, row.Usn, row.Config);
                foreach (var field in row.Fields)
                {
                    Run(insertField, row.Id, field.Ord, field.Name, field.Config);
                }

                foreach (var template in row.Templates)
                {
                    Run(insertTemplate, row.Id, template.Ord, template.Name, template.MtimeSecs, template.Usn, template.Config);
                }
            }
        }

        /// <summary>Tags from <c>{tag: usn}</c>; collapsed unless kept as expanded (Anki's default for a new tag row).</summary>
        private static void WriteTags(AnkiDatabase db, JsonElement tags, Schema18Details state)
        {
            using var insert = Prepare(db, "insert or ignore into tags (tag, usn, collapsed, config) values ($tag, $usn, $collapsed, $config)", "$tag", "$usn", "$collapsed", "$config");
            foreach (var property in LegacyJson.Properties(tags))
            {
                var usn = LegacyJson.TryInt64(property.Value, out var value) && value >= int.MinValue && value <= int.MaxValue ? (int)value : 0;
                var config = state.TagConfigs.TryGetValue(property.Key, out var blob) ? blob : null;
                Run(insert, property.Key, usn, !state.ExpandedTags.Contains(property.Key), config);
            }
        }

        private static long ParseId(string key) => long.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : 0;

        private static SqliteCommand Prepare(AnkiDatabase db, string sql, params string[] parameters)
        {
            var command = db.Command(sql);
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }

        private static void Run(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }
    }
}
