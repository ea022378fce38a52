using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AnkiSync.Collection;
using AnkiSync.Editing;
using AnkiSync.Storage;
using AnkiSync.Text;

namespace AnkiSync.NoteText
{
    /// <summary>What Import-AnkiNote is told besides the file's own header lines (which these override).</summary>
    public sealed class NoteTextImportOptions
    {
        /// <summary>The note type of every row (overrides <c>#notetype</c> and <c>#notetype column</c>); stock types are created.</summary>
        public string? NoteType { get; set; }

        /// <summary>The deck of every row (overrides <c>#deck</c> and <c>#deck column</c>); created when missing.</summary>
        public string? Deck { get; set; }

        /// <summary>What a row that matches a note does (overrides <c>#if matches</c>; default Update, as Anki's).</summary>
        public NoteTextMatch? IfExists { get; set; }

        /// <summary>Keep the notes added and updated in the result.</summary>
        public bool WantNotes { get; set; }
    }

    /// <summary>
    /// Imports the rows of a text file the way Anki's CSV importer does (rslib <c>text/csv/{metadata,import}.rs</c>,
    /// <c>text/import.rs</c>), in one transaction: the header lines (<see cref="NoteTextHeader"/>), the delimiter and
    /// HTML detected when not given, fields mapped to columns by <c>#columns</c> label or else by position over the
    /// columns that are not guid, note type, deck or tags columns, the tags column defaulting to the first free column
    /// after the last field. Without HTML a field's <c>&amp; &lt; &gt; " '</c> are escaped and its line breaks become
    /// <c>&lt;br&gt;</c>. A row with a guid matches the note with that guid; without one, notes of its note type (and
    /// deck, with <c>#match scope: notetype + deck</c>) whose first field is the same text. Rows with an empty first
    /// field are skipped. A match is updated in place (fields the row has, its tags, plus the file's tags; cards and
    /// scheduling kept), skipped, or, for a first-field match with "keep both", added again.
    /// </summary>
    internal static class NoteTextImporter
    {
        private const int PreviewRows = 5;

        public static AnkiNoteImportResult Import(AnkiPackage package, string text, string path, NoteTextImportOptions options,
            Action<AnkiException>? rowError = null, Action<string>? warning = null)
        {
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }

            var header = NoteTextHeader.Parse(text, value => FindNoteType(package, value) != null);
            if (!header.DelimiterForced)
            {
                header.Delimiter = NoteTextHeader.DetectDelimiter(text, header.Length);
            }

            int start = 0;
            if (header.LegacyTagsLine)
            {
                int lf = text.IndexOf('\n');
                start = lf < 0 ? text.Length : lf + 1;
            }

            var records = NoteTextRecords.Parse(text, header.Delimiter, start);
            if (records.Count == 0)
            {
                throw new AnkiException(AnkiErrors.EmptyFile, $"The file '{path}' has no rows to import.", path);
            }

            bool html = header.Html ?? records.Take(PreviewRows).Any(r => r.Fields.Any(LooksLikeHtml));
            IReadOnlyList<string> labels = header.ColumnLabels ?? Enumerable.Repeat("", records[0].Fields.Count).ToList();
            var result = new AnkiNoteImportResult { Path = path, Rows = records.Count };
            var notes = new List<AnkiNote>();

            using var batch = package.BeginNoteBatch();
            var plan = Plan(package, header, labels, options);
            NoteTextMatch ifExists = options.IfExists ?? header.IfMatches ?? NoteTextMatch.Update;
            bool byDeck = (header.MatchScope ?? NoteTextMatchScope.NoteType) == NoteTextMatchScope.NoteTypeAndDeck;
            var checksums = ExistingChecksums(package, byDeck);
            using var readNote = package.State.Db.Prepare("select mid, flds, tags from notes where id = $id", "$id");
            var noteTypes = new Dictionary<string, NoteTypeModel?>(StringComparer.Ordinal);
            var decks = new Dictionary<string, long?>(StringComparer.Ordinal);

            foreach (var record in records)
            {
                try
                {
                    ImportRow(record);
                }
                catch (AnkiException e) when (!batch.HasFailed)
                {
                    result.Failed++;
                    rowError?.Invoke(new AnkiException(e.Error, $"Line {record.Line.ToString(CultureInfo.InvariantCulture)} of '{path}': {e.Message}", e.Target, e));
                }
            }

            batch.Complete();
            result.Notes = notes;
            return result;

            void ImportRow(NoteTextRecord record)
            {
                List<string?> fields = plan.FieldColumns != null
                    ? plan.FieldColumns.Select(c => c > 0 ? Stringify(record.Column(c), html) : null).ToList()
                    : Enumerable.Range(1, record.Fields.Count).Where(c => !plan.MetaColumns.Contains(c)).Select(c => Stringify(record.Column(c), html)).ToList();
                if (fields.Count > 0 && fields[0] != null && fields[0]!.Length == 0)
                {
                    result.EmptyFirstField++;
                    return;
                }

                NoteTypeModel? noteType = plan.NoteType;
                if (noteType == null)
                {
                    string cell = record.Column(plan.NoteTypeColumn) ?? "";
                    if (!noteTypes.TryGetValue(cell, out noteType))
                    {
                        noteTypes[cell] = noteType = cell.Length == 0 ? null : FindNoteType(package, cell);
                    }

                    if (noteType == null)
                    {
                        result.Missing++;
                        warning?.Invoke($"Line {record.Line.ToString(CultureInfo.InvariantCulture)} of '{path}': the package has no note type '{cell}'; the row is skipped.");
                        return;
                    }
                }

                long? deckId = plan.DeckId;
                if (deckId == null)
                {
                    string cell = record.Column(plan.DeckColumn) ?? "";
                    if (!decks.TryGetValue(cell, out deckId))
                    {
                        decks[cell] = deckId = cell.Length == 0 ? batch.DeckId("Default") : DeckOf(package, batch, cell);
                    }

                    if (deckId == null)
                    {
                        result.Missing++;
                        warning?.Invoke($"Line {record.Line.ToString(CultureInfo.InvariantCulture)} of '{path}': the package has no deck with id {cell}; the row is skipped.");
                        return;
                    }
                }

                for (int i = 0; i < fields.Count; i++)
                {
                    if (fields[i] != null)
                    {
                        fields[i] = FieldText.Normalize(fields[i]!);
                    }
                }

                string? tagCell = plan.TagsColumn > 0 ? record.Column(plan.TagsColumn) : null;
                List<string>? rowTags = tagCell == null ? null : NoteTextHeader.CollectTags(tagCell).ToList();
                string guid = plan.GuidColumn > 0 ? record.Column(plan.GuidColumn) ?? "" : "";

                var dupes = new List<(long Id, long NoteTypeId, string[] Values, string[] Tags)>();
                bool guidDupe = false;
                if (guid.Length > 0)
                {
                    if (package.State.GuidIndex.TryGetValue(guid, out long existing))
                    {
                        dupes.Add(Read(existing));
                        guidDupe = true;
                    }
                }
                else if (fields.Count > 0 && fields[0] != null)
                {
                    string first = HtmlText.StripHtmlPreservingMediaFilenames(fields[0]!);
                    var key = (noteType.Id, FieldChecksum.ComputeFromStripped(first), byDeck ? deckId.Value : 0L);
                    if (checksums.TryGetValue(key, out var ids))
                    {
                        foreach (long id in ids)
                        {
                            var dupe = Read(id);
                            if (dupe.Values.Length > 0 && HtmlText.StripHtmlPreservingMediaFilenames(dupe.Values[0]) == first)
                            {
                                dupes.Add(dupe);
                            }
                        }
                    }
                }

                if (dupes.Count == 0 || (ifExists == NoteTextMatch.Duplicate && !guidDupe))
                {
                    Add(noteType, fields, rowTags, guid, deckId.Value);
                    return;
                }

                if (ifExists != NoteTextMatch.Update)
                {
                    result.Skipped++;
                    return;
                }

                // Every match is updated; the row counts once, as its best outcome (updated, unchanged, conflicting).
                int outcome = 0;
                foreach (var dupe in dupes)
                {
                    if (dupe.NoteTypeId != noteType.Id)
                    {
                        outcome = Math.Max(outcome, 1);
                        continue;
                    }

                    bool identical = (rowTags == null || rowTags.SequenceEqual(dupe.Tags, StringComparer.Ordinal))
                        && fields.Select((f, i) => f == null || (i < dupe.Values.Length && f == dupe.Values[i])).All(same => same);
                    if (identical)
                    {
                        outcome = Math.Max(outcome, 2);
                        continue;
                    }

                    var tags = (rowTags ?? (IEnumerable<string>)dupe.Tags).Concat(header.GlobalTags).ToList();
                    var written = batch.UpdateNote(dupe.Id, noteType, fields, tags, options.WantNotes);
                    if (written.Outcome == NoteOutcome.Updated)
                    {
                        outcome = 3;
                        // An update always hands back the note it wrote; it is returned only when asked for, as new notes are.
                        if (options.WantNotes && written.Note != null)
                        {
                            notes.Add(written.Note);
                        }
                    }
                    else
                    {
                        outcome = Math.Max(outcome, 2);
                    }
                }

                switch (outcome)
                {
                    case 1:
                        result.Conflicting++;
                        break;
                    case 2:
                        result.Unchanged++;
                        break;
                    case 3:
                        result.Updated++;
                        break;
                }
            }

            void Add(NoteTypeModel noteType, List<string?> fields, List<string>? rowTags, string guid, long deckId)
            {
                var values = new string[noteType.FieldNames.Count];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = i < fields.Count ? fields[i] ?? "" : "";
                }

                if (guid.Length == 0)
                {
                    guid = StableIds.NoteGuid(noteType.Name, values[0]);
                    var random = new Random();
                    while (package.State.GuidIndex.ContainsKey(guid))
                    {
                        // A first-field match added again ("keep both") needs a guid of its own, as Anki gives every new note.
                        var bytes = new byte[8];
                        random.NextBytes(bytes);
                        guid = Base91.Encode(BitConverter.ToUInt64(bytes, 0));
                    }
                }

                var tags = (rowTags ?? Enumerable.Empty<string>()).Concat(header.GlobalTags).ToList();
                long id = batch.InsertNew(noteType, values, guid, tags, package.State.Decks.NameOf(deckId) ?? "Default", out string storedTags, out long did, out long mod);
                result.New++;
                if (options.WantNotes)
                {
                    notes.Add(package.WrittenNote(id, guid, noteType, package.State.Decks.NameOf(did), values, storedTags, mod));
                }
            }

            (long Id, long NoteTypeId, string[] Values, string[] Tags) Read(long id)
            {
                try
                {
                    readNote.Parameters[0].Value = id;
                    using var reader = readNote.ExecuteReader();
                    if (!reader.Read())
                    {
                        throw new AnkiException(AnkiErrors.NoteNotFound, $"There is no note with id {id}.", id);
                    }

                    return (id, reader.IsDBNull(0) ? 0 : reader.GetInt64(0), RowReader.TextOrEmpty(reader, 1).Split('\u001f'),
                        TagList.ParseStored(RowReader.TextOrEmpty(reader, 2)).ToArray());
                }
                catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
                {
                    throw package.State.StorageError(e, writing: false);
                }
            }
        }

        /// <summary>Which columns hold what, and the note type and deck of every row when they are not per row.</summary>
        private sealed class ColumnPlan
        {
            public NoteTypeModel? NoteType;
            public int NoteTypeColumn;
            public long? DeckId;
            public int DeckColumn;
            public int TagsColumn;
            public int GuidColumn;
            public int[]? FieldColumns;
            public HashSet<int> MetaColumns = new HashSet<int>();
        }

        private static ColumnPlan Plan(AnkiPackage package, NoteTextHeader header, IReadOnlyList<string> labels, NoteTextImportOptions options)
        {
            var plan = new ColumnPlan { TagsColumn = header.TagsColumn, GuidColumn = header.GuidColumn };
            if (options.NoteType != null)
            {
                plan.NoteType = package.State.ResolveNoteType(options.NoteType);
            }
            else if (header.NoteTypeColumn > 0)
            {
                plan.NoteTypeColumn = header.NoteTypeColumn;
            }
            else
            {
                plan.NoteType = (header.NoteType == null ? null : FindNoteType(package, header.NoteType)) ?? package.State.ResolveNoteType("Basic");
            }

            if (options.Deck != null)
            {
                plan.DeckId = package.State.EnsureDeck(options.Deck);
            }
            else if (header.DeckColumn > 0)
            {
                plan.DeckColumn = header.DeckColumn;
            }
            else
            {
                plan.DeckId = (header.Deck == null ? null : ExistingDeck(package, header.Deck)) ?? package.State.EnsureDeck(header.Deck ?? "Default");
            }

            // A column the file names as the deck or note type column stays out of the fields even when a parameter overrides it.
            foreach (int column in new[] { header.DeckColumn, header.NoteTypeColumn, header.TagsColumn, header.GuidColumn })
            {
                if (column > 0)
                {
                    plan.MetaColumns.Add(column);
                }
            }

            if (plan.NoteType != null)
            {
                var columns = new int[plan.NoteType.FieldNames.Count];
                columns[0] = 1;
                if (labels.All(l => l.Length == 0))
                {
                    int next = 0;
                    for (int index = 1; index <= labels.Count && next < columns.Length; index++)
                    {
                        if (!plan.MetaColumns.Contains(index))
                        {
                            columns[next++] = index;
                        }
                    }
                }
                else
                {
                    var byName = new Dictionary<string, int>(StringComparer.Ordinal);
                    for (int i = 0; i < labels.Count; i++)
                    {
                        if (!plan.MetaColumns.Contains(i + 1))
                        {
                            byName[labels[i]] = i + 1;
                        }
                    }

                    for (int f = 0; f < columns.Length; f++)
                    {
                        if (byName.TryGetValue(plan.NoteType.FieldNames[f], out int index))
                        {
                            columns[f] = index;
                        }
                    }
                }

                if (columns[0] == 0)
                {
                    columns[0] = Enumerable.Range(1, labels.Count).FirstOrDefault(i => !plan.MetaColumns.Contains(i));
                    if (columns[0] == 0)
                    {
                        throw new AnkiException(AnkiErrors.NoFieldColumn,
                            "The file has no column for the first field: every column is a guid, note type, deck or tags column.", null);
                    }
                }

                if (plan.TagsColumn == 0)
                {
                    for (int index = columns.Max() + 1; index <= labels.Count; index++)
                    {
                        if (!plan.MetaColumns.Contains(index))
                        {
                            plan.TagsColumn = index;
                            plan.MetaColumns.Add(index);
                            break;
                        }
                    }
                }

                plan.FieldColumns = columns;
            }

            return plan;
        }

        /// <summary>(note type, first-field checksum, deck or 0) → the notes there are, read once per import.</summary>
        private static Dictionary<(long, long, long), List<long>> ExistingChecksums(AnkiPackage package, bool byDeck)
        {
            var map = new Dictionary<(long, long, long), List<long>>();
            string sql = byDeck
                ? "select distinct n.id, n.mid, n.csum, c.did from notes n join cards c on c.nid = n.id"
                : "select n.id, n.mid, n.csum, 0 from notes n";
            try
            {
                using var command = package.State.Db.Command(sql);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    if (reader.IsDBNull(0) || reader.IsDBNull(1) || reader.IsDBNull(2) || reader.IsDBNull(3))
                    {
                        continue;
                    }

                    var key = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
                    if (!map.TryGetValue(key, out var ids))
                    {
                        map[key] = ids = new List<long>();
                    }

                    ids.Add(reader.GetInt64(0));
                }
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw package.State.StorageError(e, writing: false);
            }

            return map;
        }

        /// <summary>A note type by id (a number) or name, as Anki's <c>NameOrId</c>: a number that is no id is tried as a name.</summary>
        private static NoteTypeModel? FindNoteType(AnkiPackage package, string value)
        {
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long id) && package.State.FindNoteType(id) is NoteTypeModel byId)
            {
                return byId;
            }

            return package.State.FindNoteType(value);
        }

        private static long? ExistingDeck(AnkiPackage package, string value)
        {
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long id) && package.State.Decks.NameOf(id) != null)
            {
                return id;
            }

            return package.State.Decks.TryFind(value, out long byName) ? byName : (long?)null;
        }

        /// <summary>A row's deck: an id or name that exists, else a name is created; a number that is neither is missing.</summary>
        private static long? DeckOf(AnkiPackage package, NoteBatch batch, string value)
        {
            long? existing = ExistingDeck(package, value);
            if (existing != null)
            {
                return existing;
            }

            return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? (long?)null : batch.DeckId(value);
        }

        /// <summary>Anki's <c>is_html</c>: the text holds something tag-like (<c>&lt;…&gt;</c>).</summary>
        internal static bool LooksLikeHtml(string text)
        {
            int open = text.IndexOf('<');
            return open >= 0 && text.IndexOf('>', open + 1) >= 0;
        }

        /// <summary>A cell as a field: as is for HTML; else its HTML characters escaped and its line breaks made <c>&lt;br&gt;</c>.</summary>
        internal static string? Stringify(string? cell, bool html)
        {
            if (cell == null || html)
            {
                return cell;
            }

            var builder = new StringBuilder(cell.Length + 8);
            foreach (char c in cell)
            {
                switch (c)
                {
                    case '&':
                        builder.Append("&amp;");
                        break;
                    case '<':
                        builder.Append("&lt;");
                        break;
                    case '>':
                        builder.Append("&gt;");
                        break;
                    case '"':
                        builder.Append("&quot;");
                        break;
                    case '\'':
                        builder.Append("&#x27;");
                        break;
                    case '\n':
                        builder.Append("<br>");
                        break;
                    default:
                        builder.Append(c);
                        break;
                }
            }

            return builder.ToString();
        }
    }
}
