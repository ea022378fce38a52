using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AnkiSync.Collection;

namespace AnkiSync.Search
{
    /// <summary>What a search needs to know about the collection, resolved in C# so schema 11 and 18 read alike.</summary>
    internal sealed class SearchSource
    {
        public SearchSource(
            IReadOnlyList<NoteTypeModel> noteTypes,
            IReadOnlyList<(long Id, string Name, long ConfigId)> decks,
            IReadOnlyList<(long Id, string Name)> deckConfigs,
            long currentDeckId,
            bool ignoreAccents,
            SearchTiming timing,
            Func<long, long, List<(long Id, string Fields)>> notesByChecksum)
        {
            NoteTypes = noteTypes;
            Decks = decks;
            DeckConfigs = deckConfigs;
            CurrentDeckId = currentDeckId;
            IgnoreAccents = ignoreAccents;
            Timing = timing;
            NotesByChecksum = notesByChecksum;
        }

        public IReadOnlyList<NoteTypeModel> NoteTypes { get; }

        /// <summary>Decks with their human names ("A::B") and option preset ids.</summary>
        public IReadOnlyList<(long Id, string Name, long ConfigId)> Decks { get; }

        public IReadOnlyList<(long Id, string Name)> DeckConfigs { get; }

        public long CurrentDeckId { get; }

        /// <summary>Anki's "ignore accents in search" preference: plain text searches behave like nc:.</summary>
        public bool IgnoreAccents { get; }

        public SearchTiming Timing { get; }

        /// <summary>(notetype id, csum) → the notes with that first-field checksum, for dupe:.</summary>
        public Func<long, long, List<(long Id, string Fields)>> NotesByChecksum { get; }
    }

    /// <summary>
    /// A query translated to a SQL condition over <c>cards c</c> and <c>notes n</c>, the way Anki's <c>sqlwriter.rs</c>
    /// writes it. Every piece of user text is a parameter; numbers and id lists are written only after they parsed as such.
    /// </summary>
    internal sealed class SearchSql
    {
        private readonly StringBuilder sql = new StringBuilder();
        private readonly SearchSource source;
        private readonly string query;

        private SearchSql(SearchSource source, string query)
        {
            this.source = source;
            this.query = query;
        }

        /// <summary>The condition, in parentheses.</summary>
        public string Condition { get; private set; } = "";

        public List<(string Name, object? Value)> Parameters { get; } = new List<(string, object?)>();

        /// <summary>Whether the condition needs the cards table (a note search then asks "does any card of the note match").</summary>
        public bool UsesCards { get; private set; }

        public static SearchSql Build(string query, SearchSource source)
        {
            var nodes = QueryParser.Parse(query);
            var writer = new SearchSql(source, query);
            writer.sql.Append('(');
            foreach (var node in nodes)
            {
                writer.Write(node);
            }

            writer.sql.Append(')');
            writer.Condition = writer.sql.ToString();
            return writer;
        }

        private string Param(object value)
        {
            string name = "$q" + (Parameters.Count + 1).ToString(CultureInfo.InvariantCulture);
            Parameters.Add((name, value));
            return name;
        }

        /// <summary>A regex parameter, checked here so that a bad pattern is InvalidQuery, not a failure inside SQLite.</summary>
        private string RegexParam(string pattern)
        {
            try
            {
                SqlFunctions.Compile(pattern);
            }
            catch (ArgumentException e)
            {
                throw QueryParser.Fail(query, pattern, "the regular expression is invalid (" + e.Message + ")");
            }

            return Param(pattern);
        }

        private void Cards() => UsesCards = true;

        private void Write(QueryNode node)
        {
            switch (node)
            {
                case QueryNode.Keyword keyword:
                    sql.Append(' ').Append(keyword.Word).Append(' ');
                    break;
                case NotNode not:
                    sql.Append("not ");
                    Write(not.Inner);
                    break;
                case GroupNode group:
                    sql.Append('(');
                    foreach (var child in group.Nodes)
                    {
                        Write(child);
                    }

                    sql.Append(')');
                    break;
                case TermNode term:
                    // Each term in its own parentheses, so that and/or/not always apply to the whole term.
                    sql.Append('(');
                    WriteTerm(term);
                    sql.Append(')');
                    break;
            }
        }

        private void WriteTerm(TermNode term)
        {
            var timing = source.Timing;
            switch (term.Kind)
            {
                case TermKind.WholeCollection:
                    sql.Append("1");
                    break;
                case TermKind.UnqualifiedText:
                    WriteUnqualified(SearchText.Nfc(term.Text), source.IgnoreAccents, false);
                    break;
                case TermKind.NoCombining:
                    WriteUnqualified(SearchText.Nfc(term.Text), true, false);
                    break;
                case TermKind.StripClozes:
                    WriteUnqualified(SearchText.Nfc(term.Text), source.IgnoreAccents, true);
                    break;
                case TermKind.SingleField:
                    WriteField(SearchText.Nfc(term.Extra!), SearchText.Nfc(term.Text), term.Mode);
                    break;
                case TermKind.Regex:
                    WriteRegex(SearchText.Nfc(term.Text), false);
                    break;
                case TermKind.WordBoundary:
                    WriteRegex(@"\b" + SearchText.ToRe(SearchText.Nfc(term.Text)) + @"\b", source.IgnoreAccents);
                    break;
                case TermKind.Duplicates:
                    WriteDupe(long.Parse(term.Extra!, CultureInfo.InvariantCulture), SearchText.Nfc(term.Text));
                    break;
                case TermKind.Added:
                    Cards();
                    sql.Append("c.id > ").Append(Num((timing.NextDayAt - (86_400 * (long)term.Number)) * 1000));
                    break;
                case TermKind.Edited:
                    sql.Append("n.mod > ").Append(Num(timing.NextDayAt - (86_400 * (long)term.Number)));
                    break;
                case TermKind.Introduced:
                    {
                        Cards();
                        string cutoff = Num((timing.NextDayAt - (86_400 * (long)term.Number)) * 1000);
                        sql.Append("(select coalesce(min(id) > ").Append(cutoff).Append(", 0) from revlog where cid = c.id and ease != 0) and c.id in (select cid from revlog where id > ")
                            .Append(cutoff).Append(')');
                        break;
                    }

                case TermKind.TemplateOrdinal:
                    Cards();
                    sql.Append("c.ord = ").Append(Num((long)term.Number));
                    break;
                case TermKind.TemplateName:
                    WriteTemplate(SearchText.Nfc(term.Text));
                    break;
                case TermKind.Deck:
                    WriteDeck(SearchText.Nfc(term.Text));
                    break;
                case TermKind.DeckIds:
                    Cards();
                    sql.Append("c.did in (").Append(term.Text).Append(") or (c.odid != 0 and c.odid in (").Append(term.Text).Append("))");
                    break;
                case TermKind.NotetypeId:
                    sql.Append("n.mid = ").Append(term.Text);
                    break;
                case TermKind.Notetype:
                    {
                        var match = SearchText.GlobMatcher(SearchText.Nfc(term.Text));
                        sql.Append("n.mid in (").Append(Ids(source.NoteTypes.Where(t => match(t.Name)).Select(t => t.Id))).Append(')');
                        break;
                    }

                case TermKind.Rated:
                    WriteRated(">", -(long)term.Number, term.Button);
                    break;
                case TermKind.Tag:
                    WriteTag(SearchText.Nfc(term.Text), term.Mode);
                    break;
                case TermKind.State:
                    WriteState(term.Text);
                    break;
                case TermKind.Flag:
                    Cards();
                    sql.Append("(c.flags & 7) = ").Append(Num((long)term.Number));
                    break;
                case TermKind.NoteIds:
                    sql.Append("n.id in (").Append(term.Text).Append(')');
                    break;
                case TermKind.CardIds:
                    Cards();
                    sql.Append("c.id in (").Append(term.Text).Append(')');
                    break;
                case TermKind.Property:
                    WriteProperty(term);
                    break;
                case TermKind.CustomData:
                    Cards();
                    sql.Append("json_extract(case when json_valid(c.data) then c.data else '{}' end, '$.cd.' || ").Append(Param(JsonKey(term.Text))).Append(") is not null");
                    break;
                case TermKind.Preset:
                    {
                        Cards();
                        var preset = source.DeckConfigs.FirstOrDefault(p => string.Equals(p.Name, term.Text, StringComparison.OrdinalIgnoreCase));
                        if (preset.Name == null)
                        {
                            sql.Append('0');
                            break;
                        }

                        string ids = Ids(source.Decks.Where(d => d.ConfigId == preset.Id).Select(d => d.Id));
                        sql.Append("c.did in (").Append(ids).Append(") or c.odid in (").Append(ids).Append(')');
                        break;
                    }
            }
        }

        private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Ids(IEnumerable<long> ids)
        {
            string joined = string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            return joined.Length == 0 ? "null" : joined;
        }

        private static string JsonKey(string key) => "\"" + key.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        private void WriteUnqualified(string text, bool noCombining, bool stripClozes)
        {
            string like = SearchText.ToSql(text);
            if (noCombining)
            {
                like = SearchText.WithoutCombining(like);
            }

            string p = Param("%" + like + "%");
            int flags = (noCombining ? 1 : 0) | (stripClozes ? 2 : 0);
            string sfld = flags == 0 ? "n.sfld" : $"coalesce(process_text(cast(n.sfld as text), {flags}), n.sfld)";
            string flds = flags == 0 ? "n.flds" : $"coalesce(process_text(n.flds, {flags}), n.flds)";
            if (stripClozes)
            {
                var cloze = source.NoteTypes.Where(t => t.IsCloze).Select(t => "n.mid = " + Num(t.Id)).ToList();
                sql.Append('(').Append(cloze.Count == 0 ? "0" : string.Join(" or ", cloze)).Append(") and ");
            }

            if (source.NoteTypes.Any(t => t.ExcludedFromSearch.Any(e => e)))
            {
                var clauses = new List<string>();
                foreach (var type in source.NoteTypes)
                {
                    var included = IncludedFields(type);
                    if (included.Count == 0)
                    {
                        continue;
                    }

                    bool sortExcluded = type.SortIndex < type.ExcludedFromSearch.Count && type.ExcludedFromSearch[type.SortIndex];
                    var fieldClauses = Ranges(included, join: true).Select(r => $"{flds} like {PositionalPattern(p, type.FieldNames.Count, r)} escape '\\'").ToList();
                    if (!sortExcluded)
                    {
                        fieldClauses.Add($"{sfld} like {p} escape '\\'");
                    }

                    clauses.Add($"(n.mid = {Num(type.Id)} and ({string.Join(" or ", fieldClauses)}))");
                }

                sql.Append('(').Append(clauses.Count == 0 ? "0" : string.Join(" or ", clauses)).Append(')');
                return;
            }

            sql.Append('(').Append(sfld).Append(" like ").Append(p).Append(" escape '\\' or ").Append(flds).Append(" like ").Append(p).Append(" escape '\\')");
        }

        /// <summary>The positions of the note type's fields that plain-text searches look at (not excluded from search).</summary>
        private static List<int> IncludedFields(NoteTypeModel type)
            => Enumerable.Range(0, type.FieldNames.Count).Where(i => !(i < type.ExcludedFromSearch.Count && type.ExcludedFromSearch[i])).ToList();

        /// <summary>The LIKE pattern for the fields of <paramref name="range"/> among <paramref name="total"/>: '%' for every other field, the value at the range's start.</summary>
        private static string PositionalPattern(string param, int total, (int Start, int End) range)
        {
            var parts = new List<string>();
            for (int i = 0; i < total; i++)
            {
                if (i == range.Start)
                {
                    parts.Add("' || " + param + " || '");
                }
                else if (i < range.Start || i >= range.End)
                {
                    parts.Add("%");
                }
            }

            return "'" + string.Join("\u001f", parts) + "'";
        }

        /// <summary>Anki's <c>collect_ranges</c>: consecutive ordinals merged into one range when <paramref name="join"/>.</summary>
        private static List<(int Start, int End)> Ranges(IEnumerable<int> ordinals, bool join)
        {
            var result = new List<(int, int)>();
            int start = -1;
            int end = -1;
            foreach (int i in ordinals)
            {
                if (start < 0)
                {
                    start = end = i;
                }
                else if (join && i == end + 1)
                {
                    end = i;
                }
                else
                {
                    result.Add((start, end + 1));
                    start = end = i;
                }
            }

            if (start >= 0)
            {
                result.Add((start, end + 1));
            }

            return result;
        }

        private void WriteField(string field, string value, FieldMode mode)
        {
            if (field == "*" || field == "_*" || field == "*_")
            {
                string pattern = mode == FieldMode.Regex ? "(?i)" + value : "(?is)^" + SearchText.ToRe(value) + "$";
                sql.Append("regexp_fields(").Append(RegexParam(pattern)).Append(", n.flds)");
                return;
            }

            var match = SearchText.GlobMatcher(field);
            if (mode == FieldMode.Regex)
            {
                var types = source.NoteTypes
                    .Select(t => (t.Id, Ords: MatchingFields(t, match)))
                    .Where(t => t.Ords.Count > 0).OrderBy(t => t.Id).ToList();
                if (types.Count == 0)
                {
                    sql.Append('0');
                    return;
                }

                string p = RegexParam("(?i)" + value);
                sql.Append('(').Append(string.Join(" or ", types.Select(t => $"(n.mid = {Num(t.Id)} and regexp_fields({p}, n.flds, {string.Join(", ", t.Ords)}))"))).Append(')');
                return;
            }

            bool nonEmptyTest = value == "*" || value == "_*" || value == "*_";
            var contexts = source.NoteTypes
                .Select(t => (Type: t, Ranges: Ranges(MatchingFields(t, match), join: !nonEmptyTest)))
                .Where(t => t.Ranges.Count > 0).OrderBy(t => t.Type.Id).ToList();
            if (contexts.Count == 0)
            {
                sql.Append('0');
                return;
            }

            string like = SearchText.ToSql(value);
            string flds = "n.flds";
            if (mode == FieldMode.NoCombining)
            {
                like = SearchText.WithoutCombining(like);
                flds = "coalesce(process_text(n.flds, 1), n.flds)";
            }

            string param = Param(like);
            sql.Append('(').Append(string.Join(" or ", contexts.Select(c =>
                $"(n.mid = {Num(c.Type.Id)} and ({string.Join(" or ", c.Ranges.Select(r => $"{flds} like {PositionalPattern(param, c.Type.FieldNames.Count, r)} escape '\\'"))}))"))).Append(')');
        }

        /// <summary>The positions of the note type's fields whose names match.</summary>
        private static List<int> MatchingFields(NoteTypeModel type, Func<string, bool> match)
        {
            var positions = new List<int>();
            for (int i = 0; i < type.FieldNames.Count; i++)
            {
                if (match(type.FieldNames[i]))
                {
                    positions.Add(i);
                }
            }

            return positions;
        }

        private void WriteRegex(string pattern, bool noCombining)
        {
            string flds = noCombining ? "coalesce(process_text(n.flds, 1), n.flds)" : "n.flds";
            string p = RegexParam("(?i)" + (noCombining ? SearchText.WithoutCombining(pattern) : pattern));
            if (source.NoteTypes.Any(t => t.ExcludedFromSearch.Any(e => e)))
            {
                var clauses = new List<string>();
                foreach (var type in source.NoteTypes)
                {
                    // A note type whose fields are all excluded has nothing to search (regexp_fields with no positions would search every field).
                    var included = IncludedFields(type);
                    if (included.Count > 0)
                    {
                        string clause = included.Count == type.FieldNames.Count ? $"{flds} regexp {p}" : $"regexp_fields({p}, {flds}{string.Concat(included.Select(i => ", " + i))})";
                        clauses.Add($"(n.mid = {Num(type.Id)} and {clause})");
                    }
                }

                sql.Append('(').Append(clauses.Count == 0 ? "0" : string.Join(" or ", clauses)).Append(')');
                return;
            }

            sql.Append(flds).Append(" regexp ").Append(p);
        }

        private void WriteTag(string tag, FieldMode mode)
        {
            if (mode == FieldMode.Regex)
            {
                sql.Append("regexp_tags(").Append(RegexParam("(?i)" + tag)).Append(", n.tags)");
                return;
            }

            if (tag == "none")
            {
                sql.Append("n.tags = ''");
            }
            else if (tag == "*")
            {
                sql.Append('1');
            }
            else if (tag.IndexOf(' ') >= 0)
            {
                sql.Append('0');
            }
            else
            {
                string text = tag;
                if (mode == FieldMode.NoCombining)
                {
                    sql.Append("coalesce(process_text(n.tags, 1), n.tags) regexp ");
                    text = SearchText.WithoutCombining(text);
                }
                else
                {
                    sql.Append("n.tags regexp ");
                }

                sql.Append(RegexParam("(?i).* " + SearchText.ToCustomRe(text, @"\S") + "(::| ).*"));
            }
        }

        private void WriteRated(string op, long days, int button)
        {
            Cards();
            long today = source.Timing.NextDayAt;
            long target = (today + (86_400 * days)) * 1000;
            long dayBefore = (today + (86_400 * (days - 1))) * 1000;
            sql.Append("c.id in (select cid from revlog where id");
            switch (op)
            {
                case ">":
                    sql.Append(" >= ").Append(Num(target));
                    break;
                case ">=":
                    sql.Append(" >= ").Append(Num(dayBefore));
                    break;
                case "<":
                    sql.Append(" < ").Append(Num(dayBefore));
                    break;
                case "<=":
                    sql.Append(" < ").Append(Num(target));
                    break;
                case "=":
                    sql.Append(" between ").Append(Num(dayBefore)).Append(" and ").Append(Num(target - 1));
                    break;
                default:
                    sql.Append(" not between ").Append(Num(dayBefore)).Append(" and ").Append(Num(target - 1));
                    break;
            }

            sql.Append(button > 0 ? " and ease = " + Num(button) + ")" : button == 0 ? " and ease = 0)" : " and ease > 0)");
        }

        private void WriteState(string state)
        {
            Cards();
            var timing = source.Timing;
            switch (state)
            {
                case "new":
                    sql.Append("c.type = 0");
                    break;
                case "review":
                    sql.Append("c.type in (2, 3)");
                    break;
                case "learn":
                    sql.Append("c.type in (1, 3)");
                    break;
                case "buried":
                    sql.Append("c.queue in (-2,-3)");
                    break;
                case "buried-manually":
                    sql.Append("c.queue = -3");
                    break;
                case "buried-sibling":
                    sql.Append("c.queue = -2");
                    break;
                case "suspended":
                    sql.Append("c.queue = -1");
                    break;
                default:
                    sql.Append("(c.queue in (2,3) and c.due <= ").Append(Num(timing.DaysElapsed))
                        .Append(") or (c.queue in (1,4) and c.due <= ").Append(Num(timing.Now + timing.LearnAheadSeconds)).Append(')');
                    break;
            }
        }

        private void WriteProperty(TermNode term)
        {
            Cards();
            string op = term.Operator!;
            var timing = source.Timing;
            switch (term.Extra)
            {
                case "due":
                    {
                        long days = (long)term.Number;
                        sql.Append("(c.queue in (2,3) and (case when c.odue != 0 then c.odue else c.due end) ").Append(op).Append(' ').Append(Num(days + timing.DaysElapsed))
                            .Append(") or (c.queue in (1,4) and (((case when c.odue != 0 then c.odue else c.due end) - ").Append(Num(timing.NextDayAt)).Append(") / 86400) ")
                            .Append(op).Append(' ').Append(Num(days)).Append(')');
                        break;
                    }

                case "pos":
                    sql.Append("c.type = 0 and (case when c.odue != 0 then c.odue else c.due end) ").Append(op).Append(' ').Append(Num((long)term.Number));
                    break;
                case "ivl":
                    sql.Append("c.ivl ").Append(op).Append(' ').Append(Num((long)term.Number));
                    break;
                case "reps":
                    sql.Append("c.reps ").Append(op).Append(' ').Append(Num((long)term.Number));
                    break;
                case "lapses":
                    sql.Append("c.lapses ").Append(op).Append(' ').Append(Num((long)term.Number));
                    break;
                case "ease":
                    sql.Append("c.factor ").Append(op).Append(' ').Append(Num((long)(uint)Math.Max(0f, Math.Min(uint.MaxValue, (float)term.Number * 1000f))));
                    break;
                case "rated":
                case "resched":
                    WriteRated(op, (long)term.Number, term.Button);
                    break;
                case "s":
                case "d":
                case "r":
                    WriteFsrs(term.Extra, op, term.Number);
                    break;
                default:
                    string json = "json_extract(case when json_valid(c.data) then c.data else '{}' end, '$.cd.' || " + Param(JsonKey(term.Extra!.Substring(4))) + ")";
                    if (term.Extra.StartsWith("cdn:", StringComparison.Ordinal))
                    {
                        sql.Append("cast(").Append(json).Append(" as float) ").Append(op).Append(' ').Append(term.Number.ToString("R", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sql.Append(json).Append(' ').Append(op).Append(' ').Append(Param(term.Text));
                    }

                    break;
            }
        }

        /// <summary>FSRS memory state from <c>c.data</c> (JSON <c>s</c>, <c>d</c>; retrievability from the FSRS forgetting curve).</summary>
        private void WriteFsrs(string property, string op, double value)
        {
            string data = "(case when json_valid(c.data) then c.data else '{}' end)";
            string number = value.ToString("R", CultureInfo.InvariantCulture);
            if (property == "s")
            {
                sql.Append("json_extract(").Append(data).Append(", '$.s') ").Append(op).Append(' ').Append(number);
            }
            else if (property == "d")
            {
                sql.Append("json_extract(").Append(data).Append(", '$.d') ").Append(op).Append(' ').Append(((value * 9.0) + 1.0).ToString("R", CultureInfo.InvariantCulture));
            }
            else
            {
                sql.Append("case when c.type = 0 then 0 else (fsrs_retrievability(c.data, case when c.odue != 0 then c.odue else c.due end, c.ivl, ")
                    .Append(Num(source.Timing.DaysElapsed)).Append(") ").Append(op).Append(' ').Append(number).Append(") end");
            }
        }

        private void WriteTemplate(string name)
        {
            Cards();
            var match = SearchText.GlobMatcher(name);
            var pairs = new List<string>();
            foreach (var type in source.NoteTypes)
            {
                var ords = Enumerable.Range(0, type.Templates.Count).Where(i => match(type.Templates[i].Name)).ToList();
                if (ords.Count > 0)
                {
                    pairs.Add($"(n.mid = {Num(type.Id)} and c.ord in ({string.Join(",", ords)}))");
                }
            }

            sql.Append(pairs.Count == 0 ? "0" : string.Join(" or ", pairs));
        }

        private void WriteDeck(string deck)
        {
            Cards();
            if (deck == "*")
            {
                sql.Append('1');
                return;
            }

            if (deck == "filtered")
            {
                sql.Append("c.odid != 0");
                return;
            }

            Regex regex;
            if (deck == "current")
            {
                string current = source.Decks.FirstOrDefault(d => d.Id == source.CurrentDeckId).Name ?? "Default";
                regex = new Regex("(?i)^" + Regex.Escape(current) + "($|::)", RegexOptions.CultureInvariant);
            }
            else
            {
                // Anki matches the stored name (components joined by \x1f); with human names, "::" is the separator.
                regex = new Regex("(?i)^" + SearchText.ToRe(deck).Replace("::", "\u001f").Replace("\u001f", "::") + "($|::)", RegexOptions.CultureInvariant | RegexOptions.Singleline);
            }

            string ids = Ids(source.Decks.Where(d => regex.IsMatch(d.Name)).Select(d => d.Id));
            sql.Append("c.did in (").Append(ids).Append(") or (c.odid != 0 and c.odid in (").Append(ids).Append("))");
        }

        private void WriteDupe(long notetypeId, string text)
        {
            string stripped = Text.HtmlText.StripHtmlPreservingMediaFilenames(text);
            long csum = Text.FieldChecksum.ComputeFromStripped(stripped);
            var ids = source.NotesByChecksum(notetypeId, csum)
                .Where(n => Text.HtmlText.StripHtmlPreservingMediaFilenames(n.Fields.Split('\u001f')[0]) == stripped)
                .Select(n => n.Id);
            sql.Append("n.id in (").Append(Ids(ids)).Append(')');
        }
    }
}
