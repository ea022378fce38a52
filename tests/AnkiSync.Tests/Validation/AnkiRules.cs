using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AnkiSync.Tests.Engine.Reading;

namespace AnkiSync.Tests.Validation;

/// <summary>
/// An independent check of a file AnkiSync wrote or edited, against the rules in shared/docs/ANKI-FORMAT.md (A3–A5):
/// the file is read raw (<see cref="RawFixture"/>: zip, zstd and SQLite, never the engine's reader) and every value a
/// writer computes — checksum, sort field, tags, guids, which cards exist, new-card positions, the col JSON keys,
/// media — is recomputed here from the rules, never by calling the code that computed it.
/// </summary>
internal static partial class AnkiRules
{
    /// <summary>What a check may relax for files that did not come from a from-scratch build.</summary>
    public sealed record Options
    {
        /// <summary>Allow cards beyond those Anki would generate (real collections keep cards whose front later became empty).</summary>
        public bool AllowExtraCards { get; init; }

        /// <summary>Require every media file a field references to be in the package (off for bare collections and for real files).</summary>
        public bool RequireReferencedMedia { get; init; } = true;

        /// <summary>Require tags stored padded, " a b " (files made by scripts sometimes store "a b", which Anki tolerates).</summary>
        public bool RequirePaddedTags { get; init; } = true;

        /// <summary>Require the collection's nextPos past every new card (Anki's own .apkg exports do not keep it).</summary>
        public bool RequireNextPosition { get; init; } = true;
    }

    /// <summary>Every rule the file breaks, one line each; empty when it follows them all.</summary>
    public static List<string> Check(string path, Options? options = null)
    {
        options ??= new Options();
        using var raw = RawFixture.Load(path);
        var problems = new List<string>();
        var types = raw.NoteTypes.ToDictionary(t => t.Id);
        CheckNotes(raw, types, options, problems);
        CheckCards(raw, types, options, problems);
        CheckNewCardPositions(raw, options, problems);
        CheckDecksAndPresets(raw, problems);
        if (raw.Schema == 11)
        {
            CheckColJson(raw, problems);
        }

        CheckMedia(raw, options, problems);
        CheckScheduling(raw, problems);
        return problems;
    }

    private static string Padded(string tags) => tags.Length == 0 || tags.StartsWith(' ') ? tags : " " + tags.Trim(' ') + " ";

    private static void CheckNotes(RawFixture raw, Dictionary<long, RawNoteType> types, Options options, List<string> problems)
    {
        var guids = new Dictionary<string, long>(StringComparer.Ordinal);
        long tomorrowSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 86_400;
        foreach (var note in raw.Notes)
        {
            string who = $"note {note.Id}";
            if (!types.TryGetValue(note.NoteTypeId, out var type))
            {
                problems.Add($"{who}: note type {note.NoteTypeId} does not exist");
                continue;
            }

            var fields = note.Fields.Split('\u001f');
            if (fields.Length != type.Fields.Length)
            {
                problems.Add($"{who}: {fields.Length} fields, its note type '{type.Name}' has {type.Fields.Length}");
                continue;
            }

            if (note.Guid.Length == 0)
            {
                problems.Add($"{who}: empty guid");
            }
            else if (guids.TryGetValue(note.Guid, out long other))
            {
                problems.Add($"{who}: guid '{note.Guid}' is also note {other}'s");
            }
            else
            {
                guids[note.Guid] = note.Id;
            }

            string firstStripped = StripHtmlKeepingMediaNames(fields[0]);
            long expectedChecksum = Checksum(firstStripped);
            if (note.Checksum != expectedChecksum)
            {
                problems.Add($"{who}: csum {note.Checksum}, the first field's checksum is {expectedChecksum}");
            }

            int sortIndex = Math.Min(Math.Max(type.SortFieldIndex, 0), fields.Length - 1);
            string expectedSort = StripHtmlKeepingMediaNames(fields[sortIndex]);
            if (!SortFieldMatches(note, expectedSort))
            {
                problems.Add($"{who}: sfld '{note.SortFieldText}', field {sortIndex} stripped of HTML is '{expectedSort}'");
            }

            CheckTags(who, options.RequirePaddedTags ? note.Tags : Padded(note.Tags), problems);
            if (note.Modified <= 0 || note.Modified > tomorrowSeconds)
            {
                problems.Add($"{who}: mod {note.Modified} is not a time in seconds");
            }

            if (note.Id > tomorrowSeconds * 1000)
            {
                problems.Add($"{who}: id is more than a day in the future");
            }

            foreach (var control in fields.SelectMany(f => f).Where(c => (c < ' ' && c != '\n' && c != '\t') || c == '\u007f').Distinct())
            {
                problems.Add($"{who}: a field holds the control character U+{(int)control:X4}");
            }
        }
    }

    // The column has integer affinity: a numeric sort field comes back as a number.
    private static bool SortFieldMatches(RawNote note, string expected)
    {
        if (note.SortFieldStoredAs == "text")
        {
            return note.SortFieldText == expected;
        }

        return double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            && double.TryParse(note.SortFieldText, NumberStyles.Float, CultureInfo.InvariantCulture, out double stored)
            && number == stored;
    }

    private static void CheckTags(string who, string tags, List<string> problems)
    {
        if (tags.Length == 0)
        {
            return;
        }

        if (tags[0] != ' ' || tags[tags.Length - 1] != ' ' || tags.Trim().Length == 0)
        {
            problems.Add($"{who}: tags '{tags}' are not stored as \" tag1 tag2 \"");
            return;
        }

        var list = tags.Substring(1, tags.Length - 2).Split(' ');
        if (list.Any(t => t.Length == 0))
        {
            problems.Add($"{who}: tags '{tags}' hold an empty tag (two spaces in a row)");
        }

        if (list.Any(t => t.Contains('\u3000')))
        {
            problems.Add($"{who}: a tag in '{tags}' contains an ideographic space");
        }

        var duplicates = list.GroupBy(t => t, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            problems.Add($"{who}: tags '{tags}' repeat {string.Join(", ", duplicates)}");
        }
    }

    private static void CheckCards(RawFixture raw, Dictionary<long, RawNoteType> types, Options options, List<string> problems)
    {
        var decks = raw.Decks.Select(d => d.Id).ToHashSet();
        var notes = raw.Notes.ToDictionary(n => n.Id);
        var cardsByNote = raw.Cards.GroupBy(c => c.NoteId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var card in raw.Cards)
        {
            if (!notes.ContainsKey(card.NoteId))
            {
                problems.Add($"card {card.Id}: its note {card.NoteId} does not exist");
            }

            if (!decks.Contains(card.DeckId))
            {
                problems.Add($"card {card.Id}: its deck {card.DeckId} does not exist");
            }
        }

        foreach (var group in cardsByNote.Values)
        {
            foreach (var pair in group.GroupBy(c => c.Ord).Where(g => g.Count() > 1))
            {
                problems.Add($"note {group[0].NoteId}: {pair.Count()} cards share ordinal {pair.Key}");
            }
        }

        foreach (var note in raw.Notes)
        {
            if (!types.TryGetValue(note.NoteTypeId, out var type) || note.Fields.Split('\u001f').Length != type.Fields.Length)
            {
                continue;
            }

            var expected = ExpectedOrdinals(type, note.Fields.Split('\u001f'), note.Tags.Trim().Length > 0);
            var actual = cardsByNote.TryGetValue(note.Id, out var cards) ? cards.Select(c => c.Ord).ToHashSet() : new HashSet<int>();
            var missing = expected.Where(o => !actual.Contains(o)).OrderBy(o => o).ToList();
            var extra = actual.Where(o => !expected.Contains(o)).OrderBy(o => o).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"note {note.Id} ({type.Name}): no card for ordinal(s) {string.Join(", ", missing)}");
            }

            if (extra.Count > 0 && !options.AllowExtraCards)
            {
                problems.Add($"note {note.Id} ({type.Name}): card(s) {string.Join(", ", extra)} that Anki would not generate");
            }
        }
    }

    /// <summary>
    /// Which cards Anki generates for a note (ANKI-FORMAT A5): a cloze note type one per cloze number in any field
    /// (ordinal = number − 1, capped at 499; current Anki ignores c0 — rslib cloze.rs; no cloze gives card 0); a
    /// standard one a card per template whose front renders non-empty.
    /// </summary>
    public static HashSet<int> ExpectedOrdinals(RawNoteType type, string[] fields, bool hasTags = false)
    {
        if (type.IsCloze)
        {
            var ordinals = new HashSet<int>();
            foreach (var field in fields)
            {
                foreach (Match match in Regex.Matches(field, @"\{\{c(\d+)::"))
                {
                    int number = int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 500;
                    if (number > 0)
                    {
                        ordinals.Add(Math.Min(number, 500) - 1);
                    }
                }
            }

            if (ordinals.Count == 0)
            {
                ordinals.Add(0);
            }

            return ordinals;
        }

        // Anki fills its special fields itself, so a reference to one counts (rslib cardgen.rs): all but FrontSide,
        // Tags only on a note with tags, and none that a note field of the same name replaces.
        var nonEmpty = new HashSet<string>(StringComparer.Ordinal);
        foreach (var special in new[] { "Card", "CardFlag", "CardID", "Deck", "Subdeck", "Type" }.Concat(hasTags ? new[] { "Tags" } : System.Array.Empty<string>()))
        {
            if (System.Array.IndexOf(type.Fields, special) < 0)
            {
                nonEmpty.Add(special);
            }
        }

        for (int i = 0; i < fields.Length; i++)
        {
            if (StripHtmlKeepingMediaNames(fields[i]).Trim().Replace("\u200b", "", StringComparison.Ordinal).Trim().Length > 0)
            {
                nonEmpty.Add(type.Fields[i]);
            }
        }

        var result = new HashSet<int>();
        for (int ord = 0; ord < type.Templates.Length; ord++)
        {
            if (FrontIsNonEmpty(type.Templates[ord].Front, nonEmpty))
            {
                result.Add(ord);
            }
        }

        return result;
    }

    /// <summary>
    /// Anki's card-generation test on a front template: some field replacement reachable through sections whose
    /// condition holds names a non-empty field. {{#F}} is entered only when F is non-empty; {{^F}} sections count
    /// whatever F is (a negated section can make a card by itself).
    /// </summary>
    public static bool FrontIsNonEmpty(string template, ISet<string> nonEmptyFields)
    {
        var tokens = Regex.Matches(template, @"\{\{(.*?)\}\}", RegexOptions.Singleline).Select(m => m.Groups[1].Value.Trim()).ToList();
        int position = 0;
        return Section(tokens, ref position, null, nonEmptyFields);
    }

    private static bool Section(List<string> tokens, ref int position, string? closing, ISet<string> nonEmpty)
    {
        bool found = false;
        while (position < tokens.Count)
        {
            string token = tokens[position++];
            if (token.StartsWith("/", StringComparison.Ordinal))
            {
                if (closing != null && token.Substring(1).Trim() == closing)
                {
                    return found;
                }

                continue;
            }

            if (token.StartsWith("#", StringComparison.Ordinal) || token.StartsWith("^", StringComparison.Ordinal))
            {
                string key = token.Substring(1).Trim();
                bool inner = Section(tokens, ref position, key, nonEmpty);
                bool entered = token[0] == '^' || nonEmpty.Contains(key);
                found |= entered && inner;
                continue;
            }

            string field = token.Contains(':') ? token.Substring(token.LastIndexOf(':') + 1).Trim() : token;
            found |= nonEmpty.Contains(field);
        }

        return found;
    }

    private static void CheckNewCardPositions(RawFixture raw, Options options, List<string> problems)
    {
        // Cards in a filtered deck keep their position in odue.
        var newCards = raw.Cards.Where(c => c.Type == 0 && c.Queue is 0 or -1 or -2 or -3 && c.OriginalDeckId == 0).ToList();
        foreach (var card in newCards.Where(c => c.Due < 0))
        {
            problems.Add($"card {card.Id}: a new card with position {card.Due}");
        }

        var byNote = newCards.GroupBy(c => c.NoteId).Select(g => g.Min(c => c.Due)).ToList();
        if (byNote.Count > 1 && byNote.Distinct().Count() == 1)
        {
            problems.Add($"all {byNote.Count} notes' new cards share position {byNote[0]} (Anki numbers them in the order they were added)");
        }

        long? nextPosition = NextPosition(raw);
        if (options.RequireNextPosition && nextPosition != null && newCards.Count > 0 && newCards.Max(c => c.Due) >= nextPosition)
        {
            problems.Add($"nextPos {nextPosition} is not past the highest new-card position {newCards.Max(c => c.Due)}");
        }
    }

    private static long? NextPosition(RawFixture raw)
    {
        string? value = null;
        if (raw.Schema == 11 && raw.ColJson.TryGetValue("conf", out string? conf))
        {
            using var json = JsonDocument.Parse(conf);
            if (json.RootElement.TryGetProperty("nextPos", out var next))
            {
                value = next.GetRawText();
            }
        }
        else if (raw.Config.TryGetValue("nextPos", out string? stored))
        {
            value = stored;
        }

        return value != null && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : null;
    }

    private static void CheckDecksAndPresets(RawFixture raw, List<string> problems)
    {
        if (raw.Decks.All(d => d.Id != 1))
        {
            problems.Add("the Default deck (id 1) is missing");
        }

        if (!raw.Presets.Contains(1))
        {
            problems.Add("the default deck options preset (id 1) is missing");
        }

        foreach (var (deck, preset) in raw.DeckPresets.Where(p => !raw.Presets.Contains(p.Value)))
        {
            problems.Add($"deck {deck} uses options preset {preset}, which does not exist");
        }

        foreach (var name in raw.Decks.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            problems.Add($"two decks are named '{name}'");
        }
    }

    // ANKI-FORMAT A3: the keys modern Anki's serde structs require when it upgrades an imported schema-11 file.
    private static readonly string[] ModelKeys = { "id", "name", "type", "mod", "usn", "sortf", "did", "tmpls", "flds", "css" };
    private static readonly string[] FieldKeys = { "name", "sticky", "rtl", "font", "size" };
    private static readonly string[] TemplateKeys = { "name", "qfmt" };
    private static readonly string[] DeckKeys = { "id", "name", "usn", "collapsed", "dyn", "lrnToday", "revToday", "newToday", "timeToday" };
    private static readonly string[] PresetKeys = { "id", "mod", "name", "usn", "maxTaken", "autoplay", "timer", "new", "rev", "lapse" };

    private static void CheckColJson(RawFixture raw, List<string> problems)
    {
        using (var models = JsonDocument.Parse(raw.ColJson["models"]))
        {
            foreach (var model in models.RootElement.EnumerateObject())
            {
                string who = $"note type {model.Name}";
                Require(model.Value, ModelKeys, who, problems);
                if (model.Value.TryGetProperty("type", out var kind) && kind.ValueKind == JsonValueKind.Number && kind.GetInt64() is not (0 or 1))
                {
                    problems.Add($"{who}: type {kind.GetInt64()} is neither 0 (standard) nor 1 (cloze)");
                }

                var fieldNames = new HashSet<string>(StringComparer.Ordinal);
                foreach (var field in Array(model.Value, "flds"))
                {
                    Require(field, FieldKeys, $"{who} field", problems);
                    string name = field.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                    if (name.Trim().Length == 0 || !fieldNames.Add(name))
                    {
                        problems.Add($"{who}: field name '{name}' is empty or repeated");
                    }
                }

                foreach (var template in Array(model.Value, "tmpls"))
                {
                    Require(template, TemplateKeys, $"{who} template", problems);
                }

                if (Array(model.Value, "flds").Count == 0 || Array(model.Value, "tmpls").Count == 0)
                {
                    problems.Add($"{who}: needs at least one field and one template");
                }
            }
        }

        using (var decks = JsonDocument.Parse(raw.ColJson["decks"]))
        {
            foreach (var deck in decks.RootElement.EnumerateObject())
            {
                Require(deck.Value, DeckKeys, $"deck {deck.Name}", problems);
                bool filtered = deck.Value.TryGetProperty("dyn", out var dyn) && (dyn.ValueKind == JsonValueKind.True || (dyn.ValueKind == JsonValueKind.Number && dyn.GetInt64() != 0));
                Require(deck.Value, filtered ? new[] { "resched", "terms" } : new[] { "conf" }, $"deck {deck.Name}", problems);
            }
        }

        using (var presets = JsonDocument.Parse(raw.ColJson["dconf"]))
        {
            foreach (var preset in presets.RootElement.EnumerateObject())
            {
                Require(preset.Value, PresetKeys, $"options preset {preset.Name}", problems);
            }
        }

        using (var tags = JsonDocument.Parse(raw.ColJson["tags"]))
        {
            if (tags.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add("col.tags is not a JSON object");
            }
        }
    }

    private static List<JsonElement> Array(JsonElement owner, string key)
        => owner.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : new List<JsonElement>();

    private static void Require(JsonElement element, IEnumerable<string> keys, string who, List<string> problems)
    {
        foreach (var key in keys.Where(k => !element.TryGetProperty(k, out _)))
        {
            problems.Add($"{who}: the required key '{key}' is missing");
        }
    }

    private static void CheckMedia(RawFixture raw, Options options, List<string> problems)
    {
        foreach (var media in raw.Media.Where(m => m.Bytes == null))
        {
            problems.Add($"media '{media.Name}': listed in the map but its file is not in the package");
        }

        foreach (var name in raw.Media.GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            problems.Add($"media '{name}': listed twice in the map");
        }

        foreach (var media in raw.Media.Where(m => m.Name.Length == 0 || m.Name.IndexOfAny(new[] { '/', '\\', '\0' }) >= 0 || m.Name is "." or ".."))
        {
            problems.Add($"media '{media.Name}': not a plain file name");
        }

        if (!options.RequireReferencedMedia || raw.IsBareCollection)
        {
            return;
        }

        var present = raw.Media.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var note in raw.Notes)
        {
            foreach (var name in ReferencedMedia(note.Fields).Where(n => !present.Contains(n)))
            {
                problems.Add($"note {note.Id}: references media '{name}', which the package lacks");
            }
        }
    }

    /// <summary>File names a field refers to: src/data of img/audio/video/object/source tags, and [sound:…].</summary>
    public static IEnumerable<string> ReferencedMedia(string fields)
    {
        foreach (Match match in MediaTag.Matches(fields))
        {
            string name = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value;
            name = WebUtility.HtmlDecode(name);
            if (!name.Contains("://", StringComparison.Ordinal) && !name.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                yield return name;
            }
        }

        foreach (Match match in Regex.Matches(fields, @"\[sound:(.+?)\]"))
        {
            yield return match.Groups[1].Value;
        }
    }

    // ANKI-FORMAT A4, csum step 2: a media tag with a src or data attribute, quoted or not.
    private static readonly Regex MediaTag = new Regex(
        @"<\b(?:img|audio|video|object|source)\b(?:[^>]|""[^""]+?""|'[^']+?')+?\b(?:src|data)\b=(?:""([^""]+?)""[^>]*>|'([^']+?)'[^>]*>|([^ >]+?)(?: [^>]*>|>))",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static readonly Regex HtmlTagsAndBlocks = new Regex(
        @"<!--.*?-->|<style.*?>.*?</style>|<script.*?>.*?</script>|<.*?>",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// <summary>ANKI-FORMAT A4 steps 2–4: media tags become their padded file names, HTML goes, entities are decoded; no trimming.</summary>
    public static string StripHtmlKeepingMediaNames(string html)
    {
        string withNames = MediaTag.Replace(html, m => " " + (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value) + " ");
        string text = HtmlTagsAndBlocks.Replace(withNames, "");
        return text.Contains('&') ? WebUtility.HtmlDecode(text).Replace('\u00a0', ' ') : text;
    }

    /// <summary>ANKI-FORMAT A4 step 6: the first 4 bytes of SHA-1 over the UTF-8 text, big-endian.</summary>
    public static long Checksum(string text)
    {
        byte[] hash = SHA1.HashData(Encoding.UTF8.GetBytes(text));
        return ((long)hash[0] << 24) | ((long)hash[1] << 16) | ((long)hash[2] << 8) | hash[3];
    }
}
