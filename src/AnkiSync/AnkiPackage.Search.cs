using System;
using System.Collections.Generic;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Search;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>
        /// Translates an Anki search (the browser's syntax) into a SQL condition over <c>cards c</c> and <c>notes n</c> for
        /// this collection, with "now" at <paramref name="now"/> (the current time when null) in the local time zone, and
        /// registers the SQL functions it calls. A query that does not parse is <c>InvalidQuery</c>.
        /// </summary>
        internal SearchSql TranslateQuery(string query, DateTimeOffset? now)
        {
            var conf = Json.Conf;
            var timing = SearchTiming.For(Json.Created, conf, now ?? DateTimeOffset.Now, TimeZoneInfo.Local);
            // A filtered deck has no preset (Anki's config_id() is None for it), so preset: never selects by it.
            var decks = Decks.All
                .Select(d => (Id: CollectionJson.ReadLong(d["id"]), Name: CollectionJson.ReadString(d["name"]),
                    ConfigId: DeckTable.IsFiltered(d) ? 0 : CollectionJson.ReadLong(d["conf"], 1)))
                .ToList();
            var configs = Json.DeckConfigs.Select(p => p.Value as System.Text.Json.Nodes.JsonObject).Where(o => o != null)
                .Select(o => (Id: CollectionJson.ReadLong(o!["id"]), Name: CollectionJson.ReadString(o!["name"])))
                .ToList();
            bool ignoreAccents = conf["ignoreAccentsInSearch"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out bool b) && b;
            var source = new SearchSource(State.NoteTypes.ToList(), decks, configs, CollectionJson.ReadLong(conf["curDeck"], 1), ignoreAccents, timing, NotesByChecksum);
            var search = SearchSql.Build(query, source);
            SqlFunctions.Register(Db.Connection);
            return search;
        }

        private List<(long Id, string Fields)> NotesByChecksum(long noteTypeId, long checksum)
        {
            var found = new List<(long, string)>();
            using var command = Db.Command("select id, flds from notes where mid = $mid and csum = $csum", ("$mid", noteTypeId), ("$csum", checksum));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found.Add((reader.GetInt64(0), RowReader.TextOrEmpty(reader, 1)));
            }

            return found;
        }
    }
}
