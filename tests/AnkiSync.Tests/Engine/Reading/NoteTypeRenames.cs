using System;
using System.Collections.Generic;
using System.Linq;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>
/// Schema 18 keeps note type names unique (case-insensitively), so Anki's upgrade appends '_' to a name already
/// taken (storage/notetype: upgrade_notetypes_to_schema15). Old collections can hold two note types named
/// "Basic"; after a Latest export one of them is "Basic_". This checks that only such renames happened.
/// </summary>
internal static class NoteTypeRenames
{
    /// <summary>
    /// Note type id → its original name, for the types whose name changed; fails on any other change, and, for a
    /// schema-18 result (<paramref name="schema18"/>), on names that are not unique.
    /// </summary>
    public static Dictionary<long, string> Check(IEnumerable<(long Id, string Name)> before, IEnumerable<(long Id, string Name)> after, bool schema18)
    {
        var original = before.ToDictionary(t => t.Id, t => t.Name);
        var renamed = new Dictionary<long, string>();
        var afterList = after.ToList();
        Assert.Equal(original.Count, afterList.Count);
        if (schema18)
        {
            Assert.Equal(afterList.Count, afterList.Select(t => t.Name.ToLowerInvariant()).Distinct().Count());
        }

        foreach (var (id, name) in afterList)
        {
            Assert.True(original.ContainsKey(id), $"note type {id} ('{name}') was not in the source");
            string was = original[id];
            if (name == was)
            {
                continue;
            }

            Assert.True(name.Length > was.Length && name.StartsWith(was, StringComparison.Ordinal) && name.Substring(was.Length).All(c => c == '_'),
                $"note type {id} was renamed from '{was}' to '{name}'; only a '_' suffix for a duplicate name is expected");
            Assert.True(original.Values.Count(n => string.Equals(n, was, StringComparison.OrdinalIgnoreCase)) > 1
                || original.Values.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)),
                $"note type {id} '{was}' became '{name}' although its name was unique");
            renamed[id] = was;
        }

        return renamed;
    }
}
