using System;
using System.Text.Json.Nodes;

namespace AnkiSync.Bench
{
    /// <summary>
    /// The col row of a new collection that has the Basic note type, taken once from the engine before the
    /// timer starts: a constant-size header, not the subject of the measurement.
    /// </summary>
    internal sealed class RawHeader
    {
        private RawHeader(object[] columns, long noteTypeId)
        {
            Columns = columns;
            NoteTypeId = noteTypeId;
        }

        /// <summary>crt, mod, scm, ver, dty, usn, ls, conf, models, decks, dconf, tags.</summary>
        public object[] Columns { get; }

        public long NoteTypeId { get; }

        public const long DefaultDeckId = 1;

        public static RawHeader FromEngine()
        {
            using var template = AnkiPackage.Create();
            long noteTypeId = template.GetOrCreateNoteType(Workload.NoteType).Id;
            template.State.SaveJson();
            using var command = template.Db.Command("select crt, mod, scm, ver, dty, usn, ls, conf, models, decks, dconf, tags from col");
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                throw new InvalidOperationException("The engine's new collection has no col row.");
            }

            var columns = new object[reader.FieldCount];
            reader.GetValues(columns);
            return new RawHeader(columns, noteTypeId);
        }

        /// <summary>The header for a collection of <paramref name="notes"/> notes with the given tag registered.</summary>
        public object[] For(int notes, string? tag)
        {
            var columns = (object[])Columns.Clone();
            var conf = JsonNode.Parse((string)columns[7])!.AsObject();
            conf["nextPos"] = notes + 1;
            columns[7] = conf.ToJsonString();
            columns[11] = tag == null ? "{}" : new JsonObject { [tag] = -1 }.ToJsonString();
            return columns;
        }
    }
}
