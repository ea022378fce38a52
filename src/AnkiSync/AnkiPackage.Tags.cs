using System;
using System.Collections.Generic;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.Storage;
using AnkiSync.Text;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>Starts renaming and removing tags in one transaction; see <see cref="TagEditor"/>.</summary>
        public TagEditor BeginTagEdit() => new TagEditor(this);

        /// <summary>Every tag the notes use, sorted.</summary>
        public IReadOnlyList<string> GetTags()
        {
            var tags = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            using var command = Db.Command("select distinct tags from notes where tags <> ''");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tags.UnionWith(Text.TagList.ParseStored(reader.GetString(0)));
            }

            return tags.ToList();
        }

        /// <summary>
        /// Every tag the notes use, with how many notes carry it, plus the tags the collection's registry holds that
        /// no note uses (count 0). Tags that differ only in case are one tag, spelled as the registry (or else the first
        /// note) spells it. Sorted by name, case-insensitively.
        /// </summary>
        public IReadOnlyList<AnkiTag> GetTagCounts()
        {
            var counts = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            var spelling = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in Json.Tags)
            {
                spelling[pair.Key] = pair.Key;
                counts[pair.Key] = 0;
            }

            try
            {
                using var command = Db.Command("select tags from notes where tags <> ''");
                using var reader = command.ExecuteReader();
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                while (reader.Read())
                {
                    seen.Clear();
                    foreach (string tag in TagList.ParseStored(RowReader.TextOrEmpty(reader, 0)))
                    {
                        if (!seen.Add(tag))
                        {
                            continue;
                        }

                        if (!spelling.ContainsKey(tag))
                        {
                            spelling[tag] = tag;
                        }

                        counts[tag] = counts.TryGetValue(tag, out long count) ? count + 1 : 1;
                    }
                }
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw State.StorageError(e, writing: false);
            }

            return spelling.Values
                .OrderBy(name => name, StringComparer.OrdinalIgnoreCase)
                .Select(name => new AnkiTag { Name = name, NoteCount = counts[name], Package = this })
                .ToList();
        }
    }
}
