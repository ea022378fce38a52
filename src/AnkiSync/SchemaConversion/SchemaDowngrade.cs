using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AnkiSync.Storage;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// Turns a schema 14–18 collection into schema 11 in place: every table that schema 14+ added is read back
    /// into the <c>col</c> JSON (whatever intermediate state the file is in), then dropped, and graves get their
    /// schema-11 shape again. Runs inside the caller's transaction.
    /// </summary>
    internal static class SchemaDowngrade
    {
        public static void Run(AnkiDatabase db, int version)
        {
            var col = ColRow.Read(db);
            var state = new Schema18Details();
            var tags = db.TableExists("tags") ? ReadTags(db, state) : col.Tags;
            var conf = ReadConfig(db, col.Conf, state);
            var models = db.TableExists("notetypes") ? ReadNotetypes(db) : col.Models;
            var decks = db.TableExists("decks") ? ReadDecks(db) : col.Decks;
            var dconf = db.TableExists("deck_config") ? ReadDeckConfigs(db, version) : col.Dconf;

            db.Execute(
                "update col set conf = $conf, models = $models, decks = $decks, dconf = $dconf, tags = $tags, ver = 11",
                ("$conf", conf),
                ("$models", models),
                ("$decks", decks),
                ("$dconf", dconf),
                ("$tags", tags));

            foreach (var table in Schema18Sql.AddedTables)
            {
                db.Execute($"drop table if exists {table}");
            }

            foreach (var index in Schema18Sql.AddedIndexes)
            {
                db.Execute($"drop index if exists {index}");
            }

            if (db.Columns("graves").FirstOrDefault() == "oid")
            {
                db.Execute(Schema18Sql.GravesToSchema11);
            }
        }

        /// <summary>Tags as <c>{tag: usn}</c>. Handles the schema 14–16 table (tag, usn) and the schema 17+ one with collapsed/config.</summary>
        private static string ReadTags(AnkiDatabase db, Schema18Details state)
        {
            var columns = new HashSet<string>(db.Columns("tags"), StringComparer.OrdinalIgnoreCase);
            var nameColumn = columns.Contains("tag") ? "tag" : "name";
            var collapsed = columns.Contains("collapsed") ? "collapsed" : "1";
            var config = columns.Contains("config") ? "config" : "null";
            using var command = db.Command($"select {nameColumn}, usn, {collapsed}, {config} from tags order by {nameColumn}");
            using var reader = command.ExecuteReader();
            return LegacyJson.Write(writer =>
            {
                writer.WriteStartObject();
                while (reader.Read())
                {
                    var tag = ColRow.Text(reader.GetValue(0));
                    writer.WriteNumber(tag, reader.GetInt64(1));
                    if (!IsTrue(reader.GetValue(2)))
                    {
                        state.ExpandedTags.Add(tag);
                    }

                    if (!reader.IsDBNull(3))
                    {
                        state.TagConfigs[tag] = ColRow.Blob(reader.GetValue(3));
                    }
                }

                writer.WriteEndObject();
            });
        }

        private static bool IsTrue(object value)
            => value switch
            {
                long number => number != 0,
                double number => number != 0,
                string text => text == "1" || string.Equals(text, "true", StringComparison.OrdinalIgnoreCase),
                _ => false,
            };

        /// <summary><c>conf</c> from the config rows (values are JSON bytes), plus the collection state that needs keeping.</summary>
        private static string ReadConfig(AnkiDatabase db, string legacyConf, Schema18Details state)
        {
            var rows = new List<(string Key, byte[] Value)>();
            if (db.TableExists("config"))
            {
                using var command = db.Command("select key, usn, mtime_secs, val from config order by key");
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var key = ColRow.Text(reader.GetValue(0));
                    var usn = reader.GetInt32(1);
                    var mtime = reader.GetInt64(2);
                    if (usn != 0 || mtime != 0)
                    {
                        state.ConfigRows[key] = (usn, mtime);
                    }

                    rows.Add((key, ColRow.Blob(reader.GetValue(3))));
                }
            }

            return LegacyJson.Write(writer =>
            {
                writer.WriteStartObject();
                if (db.TableExists("config"))
                {
                    foreach (var (key, value) in rows)
                    {
                        if (IsJson(value))
                        {
                            writer.WritePropertyName(key);
                            writer.WriteRawValue(value);
                        }
                        else
                        {
                            state.InvalidConfigValues[key] = value;
                        }
                    }
                }
                else if (legacyConf.Length > 0)
                {
                    using var document = LegacyJson.Parse(legacyConf);
                    foreach (var property in LegacyJson.Properties(document.RootElement).Where(p => p.Key != PrivateKeys.Schema18Details))
                    {
                        writer.WritePropertyName(property.Key);
                        property.Value.WriteTo(writer);
                    }
                }

                state.Write(writer);
                writer.WriteEndObject();
            });
        }

        private static bool IsJson(byte[] value)
        {
            try
            {
                using var document = LegacyJson.Parse(value);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static string ReadNotetypes(AnkiDatabase db)
        {
            var notetypes = new List<NotetypeRow>();
            var byId = new Dictionary<long, NotetypeRow>();
            using (var command = db.Command("select id, name, mtime_secs, usn, config from notetypes order by id"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var row = new NotetypeRow
                    {
                        Id = reader.GetInt64(0),
                        Name = ColRow.Text(reader.GetValue(1)),
                        MtimeSecs = reader.GetInt64(2),
                        Usn = reader.GetInt32(3),
                        Config = ColRow.Blob(reader.GetValue(4)),
                    };
                    notetypes.Add(row);
                    byId[row.Id] = row;
                }
            }

            using (var command = db.Command("select ntid, ord, name, config from fields order by ntid, ord"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (byId.TryGetValue(reader.GetInt64(0), out var notetype))
                    {
                        notetype.Fields.Add(new NotetypeFieldRow
                        {
                            Ord = reader.GetInt32(1),
                            Name = ColRow.Text(reader.GetValue(2)),
                            Config = ColRow.Blob(reader.GetValue(3)),
                        });
                    }
                }
            }

            using (var command = db.Command("select ntid, ord, name, mtime_secs, usn, config from templates order by ntid, ord"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (byId.TryGetValue(reader.GetInt64(0), out var notetype))
                    {
                        notetype.Templates.Add(new NotetypeTemplateRow
                        {
                            Ord = reader.GetInt32(1),
                            Name = ColRow.Text(reader.GetValue(2)),
                            MtimeSecs = reader.GetInt64(3),
                            Usn = reader.GetInt32(4),
                            Config = ColRow.Blob(reader.GetValue(5)),
                        });
                    }
                }
            }

            return LegacyJson.Write(writer =>
            {
                writer.WriteStartObject();
                foreach (var notetype in notetypes)
                {
                    writer.WritePropertyName(notetype.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    NotetypeConverter.WriteLegacy(writer, notetype);
                }

                writer.WriteEndObject();
            });
        }

        private static string ReadDecks(AnkiDatabase db)
        {
            using var command = db.Command("select id, name, mtime_secs, usn, common, kind from decks order by id");
            using var reader = command.ExecuteReader();
            return LegacyJson.Write(writer =>
            {
                writer.WriteStartObject();
                while (reader.Read())
                {
                    var row = new DeckRow
                    {
                        Id = reader.GetInt64(0),
                        Name = ColRow.Text(reader.GetValue(1)),
                        MtimeSecs = reader.GetInt64(2),
                        Usn = reader.GetInt32(3),
                        Common = ColRow.Blob(reader.GetValue(4)),
                        Kind = ColRow.Blob(reader.GetValue(5)),
                    };
                    writer.WritePropertyName(row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    DeckConverter.WriteLegacy(writer, row);
                }

                writer.WriteEndObject();
            });
        }

        /// <summary>
        /// Deck presets. Schema 14 stored them as legacy JSON; schema 15 as protobuf with the starting ease ×100,
        /// which Anki's schema-16 upgrade divides back (resetting presets left at or below 130% to 250%).
        /// </summary>
        private static string ReadDeckConfigs(AnkiDatabase db, int version)
        {
            using var command = db.Command("select id, name, mtime_secs, usn, config from deck_config order by id");
            using var reader = command.ExecuteReader();
            return LegacyJson.Write(writer =>
            {
                writer.WriteStartObject();
                while (reader.Read())
                {
                    var row = new DeckConfigRow
                    {
                        Id = reader.GetInt64(0),
                        Name = ColRow.Text(reader.GetValue(1)),
                        MtimeSecs = reader.GetInt64(2),
                        Usn = reader.GetInt32(3),
                        Config = ColRow.Blob(reader.GetValue(4)),
                    };
                    writer.WritePropertyName(row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (row.Config.Length > 0 && row.Config[0] == (byte)'{')
                    {
                        // A protobuf message cannot start with '{' (field 15, wire type 3), so this is schema-14 JSON.
                        WriteSchema14DeckConfig(writer, row);
                    }
                    else
                    {
                        if (version == 15)
                        {
                            row.Config = FixSchema15InitialEase(row.Config);
                        }

                        DeckConfigConverter.WriteLegacy(writer, row);
                    }
                }

                writer.WriteEndObject();
            });
        }

        private static void WriteSchema14DeckConfig(Utf8JsonWriter writer, DeckConfigRow row)
        {
            using var document = LegacyJson.Parse(row.Config);
            writer.WriteStartObject();
            writer.WriteNumber("id", row.Id);
            foreach (var property in LegacyJson.Properties(document.RootElement).Where(p => p.Key != "id"))
            {
                writer.WritePropertyName(property.Key);
                property.Value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        private static byte[] FixSchema15InitialEase(byte[] config)
        {
            const int initialEase = 11;
            var message = ProtoMessage.Parse(config);
            var ease = message.Float(initialEase) / 100f;
            if (ease <= 1.3f)
            {
                ease = 2.5f;
            }

            var writer = new ProtoWriter();
            var written = false;
            foreach (var field in message.Fields)
            {
                if (field.Number != initialEase)
                {
                    writer.Raw(field.Raw);
                }
                else if (!written)
                {
                    writer.Float(initialEase, ease);
                    written = true;
                }
            }

            if (!written)
            {
                writer.Float(initialEase, ease);
            }

            return writer.ToArray();
        }
    }
}
