using System;
using System.Collections.Generic;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Storage;
using AnkiSync.Text;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Editing
{
    /// <summary>
    /// Renames and removes tags on every note in one transaction, as Anki's browser does (rslib tags/rename.rs,
    /// tags/remove.rs): a tag matches case-insensitively together with its <c>::</c> children; changed notes get a
    /// new <c>mod</c> and <c>usn</c> -1; the collection's tag registry (<c>col.tags</c>, the <c>tags</c> table in
    /// schema 18) loses the old tags and gains the new ones.
    /// </summary>
    public sealed class TagEditor : NoteTransaction
    {
        private SqliteCommand updateTags = null!;
        private int changed;

        internal TagEditor(AnkiPackage package)
            : base(package.State, package)
        {
            PrepareStatements(() =>
            {
                updateTags = Prepare("update notes set tags = $tags, mod = $mod, usn = -1 where id = $id", "$tags", "$mod", "$id");
            });
        }

        private protected override bool HasChanges => changed > 0;

        /// <summary>
        /// Renames <paramref name="oldName"/> and its children to <paramref name="newName"/> on every note. A new name
        /// whose parent tag exists takes that parent's spelling. Returns how many notes changed; with none, nothing
        /// (not even the registry) is changed, as in Anki.
        /// </summary>
        public int Rename(string oldName, string newName)
        {
            ThrowIfFinished();
            RequireValid(oldName);
            RequireValid(newName);
            string prefix = AdjustedCaseForParents(TextChars.ToNfc(newName));
            var notes = NotesMatching(oldName);
            if (notes.Count == 0)
            {
                return 0;
            }

            RemoveFromRegistry(oldName);
            var added = new List<string>();
            long mod = CollectionState.NowSeconds();
            foreach (var (id, tags) in notes)
            {
                var renamed = tags.Select(tag => Matches(tag, oldName) ? prefix + tag.Substring(oldName.Length) : tag).ToList();
                added.AddRange(renamed.Where((tag, i) => !ReferenceEquals(tag, tags[i])));
                Write(id, renamed, mod);
            }

            foreach (string tag in added)
            {
                Register(tag);
            }

            return notes.Count;
        }

        /// <summary>Removes the tags and their children from every note and from the registry. Returns how many notes changed.</summary>
        public int Remove(IEnumerable<string> names)
        {
            ThrowIfFinished();
            var list = names.ToList();
            list.ForEach(RequireValid);
            long mod = CollectionState.NowSeconds();
            var notes = NotesMatching(list.ToArray());
            bool unregistered = false;
            foreach (string name in list)
            {
                unregistered |= RemoveFromRegistry(name);
            }

            foreach (var (id, tags) in notes)
            {
                Write(id, tags.Where(tag => !list.Any(name => Matches(tag, name))).ToList(), mod);
            }

            if (unregistered)
            {
                changed++;
            }

            return notes.Count;
        }

        /// <summary>A tag is the name itself or one of its <c>::</c> children, compared case-insensitively.</summary>
        internal static bool Matches(string tag, string name)
            => tag.Length == name.Length
                ? string.Equals(tag, name, StringComparison.OrdinalIgnoreCase)
                : tag.Length > name.Length + 2 && tag.StartsWith(name + "::", StringComparison.OrdinalIgnoreCase);

        private static void RequireValid(string name)
        {
            string? reason = TagList.InvalidReason(name ?? "");
            if (reason != null)
            {
                throw new AnkiException(AnkiErrors.InvalidTag, $"The tag '{name}' is not valid: {reason}.", name);
            }
        }

        private List<(long Id, List<string> Tags)> NotesMatching(params string[] names)
        {
            var found = new List<(long, List<string>)>();
            try
            {
                using var command = State.Db.Command("select id, tags from notes where tags <> '' order by id");
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var tags = TagList.ParseStored(RowReader.TextOrEmpty(reader, 1)).ToList();
                    if (tags.Any(tag => names.Any(name => Matches(tag, name))))
                    {
                        found.Add((reader.GetInt64(0), tags));
                    }
                }
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw State.StorageError(e, writing: false);
            }

            return found;
        }

        /// <summary>
        /// Stores a note's tags in the order Anki leaves them after a rename or removal (it does not sort them then);
        /// a tag a rename made equal to another one is kept once.
        /// </summary>
        private void Write(long noteId, List<string> tags, long mod)
        {
            var kept = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string tag in tags)
            {
                if (seen.Add(tag))
                {
                    kept.Add(tag);
                }
            }

            string stored = kept.Count == 0 ? "" : " " + string.Join(" ", kept) + " ";
            try
            {
                Storage.AnkiDatabase.Bind(updateTags, stored, mod, noteId);
                updateTags.ExecuteNonQuery();
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            changed++;
        }

        private bool RemoveFromRegistry(string name)
        {
            var keys = State.Json.Tags.Select(p => p.Key).Where(key => Matches(key, name)).ToList();
            foreach (string key in keys)
            {
                State.Json.Tags.Remove(key);
            }

            return keys.Count > 0;
        }

        /// <summary>Registers a tag unless the registry has it in any case (rslib <c>register_tag</c>).</summary>
        private void Register(string tag)
        {
            if (State.Json.Tags.Any(p => string.Equals(p.Key, tag, StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            State.Json.Tags[AdjustedCaseForParents(tag)] = -1;
        }

        /// <summary>When a parent of <paramref name="tag"/> is registered, its spelling replaces that part of the name.</summary>
        private string AdjustedCaseForParents(string tag)
        {
            string parent = tag;
            int cut;
            while ((cut = parent.LastIndexOf("::", StringComparison.Ordinal)) > 0)
            {
                parent = parent.Substring(0, cut);
                string? existing = State.Json.Tags.Select(p => p.Key).FirstOrDefault(key => string.Equals(key, parent, StringComparison.OrdinalIgnoreCase));
                if (existing != null)
                {
                    return existing + tag.Substring(parent.Length);
                }
            }

            return tag;
        }
    }
}
