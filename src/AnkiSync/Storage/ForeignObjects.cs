using System;
using System.Collections.Generic;
using System.Linq;

namespace AnkiSync.Storage
{
    /// <summary>
    /// Schema objects that Anki never creates: triggers, views and tables other than its own. A package's trigger
    /// would fire on AnkiSync's writes (and could delete cards or abort them), and any of them would travel into
    /// exports; so they are dropped from private copies and exported files, and a live collection with triggers
    /// is refused.
    /// </summary>
    internal static class ForeignObjects
    {
        /// <summary>Every table of schema 11 and 14-18 (Anki's storage/schema11.sql and upgrades); SQLite's own are kept too.</summary>
        private static readonly HashSet<string> AnkiTables = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "col", "notes", "cards", "revlog", "graves",
            "config", "deck_config", "tags", "fields", "templates", "notetypes", "decks",
            // Android's SQLite helper adds this one-row locale table to every AnkiDroid collection; it is inert.
            "android_metadata",
        };

        /// <summary>The foreign objects of <paramref name="db"/>'s main schema, as (type, name, is virtual table).</summary>
        public static List<(string Type, string Name, bool Virtual)> Find(AnkiDatabase db)
        {
            var found = new List<(string, string, bool)>();
            using var command = db.Command("select type, name, coalesce(sql, '') from sqlite_master where type in ('trigger', 'view', 'table') order by rowid");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                string type = reader.GetString(0);
                string name = reader.GetString(1);
                if (type == "table" && (AnkiTables.Contains(name) || name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                bool isVirtual = reader.GetString(2).TrimStart().StartsWith("create virtual", StringComparison.OrdinalIgnoreCase);
                found.Add((type, name, isVirtual));
            }

            return found;
        }

        /// <summary>Whether the database has any trigger.</summary>
        public static bool HasTriggers(AnkiDatabase db) => db.ScalarLong("select count(*) from sqlite_master where type = 'trigger'") > 0;

        /// <summary>
        /// Drops every foreign object (triggers first, so none fires while the rest goes; then views; then virtual
        /// tables, which take their shadow tables with them; then plain tables). Returns one sentence per object,
        /// completed by <paramref name="where"/> (e.g. "from the working copy"), for the user's warnings.
        /// </summary>
        public static List<string> Drop(AnkiDatabase db, string where)
        {
            var objects = Find(db);
            var messages = new List<string>();
            if (objects.Count == 0)
            {
                return messages;
            }

            var ordered = objects.Where(o => o.Type == "trigger")
                .Concat(objects.Where(o => o.Type == "view"))
                .Concat(objects.Where(o => o.Type == "table" && o.Virtual))
                .Concat(objects.Where(o => o.Type == "table" && !o.Virtual));
            foreach (var (type, name, isVirtual) in ordered)
            {
                string quoted = "\"" + name.Replace("\"", "\"\"") + "\"";
                int before = (int)db.ScalarLong("select count(*) from sqlite_master where type = $t and name = $n", ("$t", type), ("$n", name));
                if (before == 0)
                {
                    // A shadow table already dropped with its virtual table.
                    continue;
                }

                db.Execute($"drop {type} {quoted}");
                string what = isVirtual ? "virtual table" : type;
                messages.Add($"Removed the {what} '{name}' {where}: Anki does not define it{(type == "trigger" ? ", and a trigger would run on every change AnkiSync makes" : "")}.");
            }

            return messages;
        }
    }
}
