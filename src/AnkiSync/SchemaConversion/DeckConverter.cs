using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// A deck between its schema-18 row (protobuf <c>Deck.Common</c> and <c>Deck.KindContainer</c>) and its schema-11
    /// <c>decks</c> JSON object, following Anki's decks/schema11.rs and proto/anki/decks.proto.
    /// </summary>
    internal static class DeckConverter
    {
        // Deck.Common
        private const int CommonStudyCollapsed = 1;
        private const int CommonBrowserCollapsed = 2;
        private const int CommonLastDayStudied = 3;
        private const int CommonNewStudied = 4;
        private const int CommonReviewStudied = 5;
        private const int CommonLearningStudied = 6;
        private const int CommonMillisecondsStudied = 7;
        private const int Other = 255;

        // Deck.KindContainer
        private const int KindNormal = 1;
        private const int KindFiltered = 2;

        // Deck.Normal
        private const int NormalConfigId = 1;
        private const int NormalExtendNew = 2;
        private const int NormalExtendReview = 3;
        private const int NormalDescription = 4;
        private const int NormalMarkdown = 5;
        private const int NormalReviewLimit = 6;
        private const int NormalNewLimit = 7;
        private const int NormalReviewLimitToday = 8;
        private const int NormalNewLimitToday = 9;
        private const int NormalDesiredRetention = 10;

        // Deck.Normal.DayLimit
        private const int DayLimitLimit = 1;
        private const int DayLimitToday = 2;

        // Deck.Filtered
        private const int FilteredReschedule = 1;
        private const int FilteredSearchTerms = 2;
        private const int FilteredDelays = 3;
        private const int FilteredPreviewDelay = 4;
        private const int FilteredPreviewHardSecs = 5;
        private const int FilteredPreviewGoodSecs = 6;
        private const int FilteredPreviewAgainSecs = 7;

        // Deck.Filtered.SearchTerm
        private const int TermSearch = 1;
        private const int TermLimit = 2;
        private const int TermOrder = 3;

        private static readonly int[] KnownCommonFields = { 1, 2, 3, 4, 5, 6, 7, Other };
        private static readonly int[] KnownKindFields = { KindNormal, KindFiltered };
        private static readonly int[] KnownNormalFields = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
        private static readonly int[] KnownFilteredFields = { 1, 2, 3, 4, 5, 6, 7 };

        private static readonly string[] CommonKeys =
        {
            "id", "mod", "name", "usn", "lrnToday", "revToday", "newToday", "timeToday",
            "collapsed", "browserCollapsed", "desc", "md", "dyn",
        };

        private static readonly HashSet<string> NormalKeys = new HashSet<string>(
            CommonKeys.Concat(new[]
            {
                "conf", "extendNew", "extendRev", "reviewLimit", "newLimit", "reviewLimitToday", "newLimitToday",
                "desiredRetention", "return",
            }),
            StringComparer.Ordinal);

        private static readonly HashSet<string> FilteredKeys = new HashSet<string>(
            CommonKeys.Concat(new[]
            {
                "resched", "terms", "separate", "delays", "previewDelay", "previewAgainSecs", "previewHardSecs",
                "previewGoodSecs", "return",
            }),
            StringComparer.Ordinal);

        // ---- schema 18 -> 11 ----

        public static void WriteLegacy(Utf8JsonWriter writer, DeckRow row)
        {
            var common = ProtoMessage.Parse(row.Common);
            var container = ProtoMessage.Parse(row.Kind);
            var filtered = IsFiltered(container);
            var kind = container.Message(filtered ? KindFiltered : KindNormal) ?? ProtoMessage.Parse(null);
            var day = unchecked((int)common.UInt32(CommonLastDayStudied));

            writer.WriteStartObject();
            writer.WriteNumber("id", row.Id);
            writer.WriteNumber("mod", row.MtimeSecs);
            writer.WriteString("name", HumanName(row.Name));
            writer.WriteNumber("usn", row.Usn);
            WriteToday(writer, "lrnToday", day, common.Int32(CommonLearningStudied));
            WriteToday(writer, "revToday", day, common.Int32(CommonReviewStudied));
            WriteToday(writer, "newToday", day, common.Int32(CommonNewStudied));
            WriteToday(writer, "timeToday", day, common.Int32(CommonMillisecondsStudied));
            writer.WriteBoolean("collapsed", common.Bool(CommonStudyCollapsed));
            writer.WriteBoolean("browserCollapsed", common.Bool(CommonBrowserCollapsed));
            writer.WriteString("desc", filtered ? string.Empty : kind.String(NormalDescription));
            if (!filtered && kind.Bool(NormalMarkdown))
            {
                writer.WriteBoolean("md", true);
            }

            writer.WriteNumber("dyn", filtered ? 1 : 0);
            if (filtered)
            {
                WriteFiltered(writer, kind);
            }
            else
            {
                WriteNormal(writer, kind);
            }

            LegacyJson.WriteOtherProperties(
                writer,
                LegacyJson.ParseOther(common.Bytes(Other)),
                new HashSet<string>(filtered ? FilteredKeys : NormalKeys, StringComparer.Ordinal));
            PrivateKeys.WriteProtoStash(
                writer,
                ("common", common.UnknownFields(KnownCommonFields)),
                ("kind", container.UnknownFields(KnownKindFields)),
                (filtered ? "filtered" : "normal", kind.UnknownFields(filtered ? KnownFilteredFields : KnownNormalFields)));
            writer.WriteEndObject();
        }

        private static void WriteNormal(Utf8JsonWriter writer, ProtoMessage normal)
        {
            writer.WriteNumber("conf", normal.Int64(NormalConfigId));
            writer.WriteNumber("extendNew", unchecked((int)normal.UInt32(NormalExtendNew)));
            writer.WriteNumber("extendRev", unchecked((int)normal.UInt32(NormalExtendReview)));
            WriteOptionalUInt32(writer, "reviewLimit", normal.OptionalUInt32(NormalReviewLimit));
            WriteOptionalUInt32(writer, "newLimit", normal.OptionalUInt32(NormalNewLimit));
            WriteDayLimit(writer, "reviewLimitToday", normal.Message(NormalReviewLimitToday));
            WriteDayLimit(writer, "newLimitToday", normal.Message(NormalNewLimitToday));
            var retention = normal.OptionalFloat(NormalDesiredRetention);
            if (retention.HasValue)
            {
                LegacyJson.WriteFloat(writer, "desiredRetention", retention.Value);
            }
        }

        private static void WriteFiltered(Utf8JsonWriter writer, ProtoMessage filtered)
        {
            writer.WriteBoolean("resched", filtered.Bool(FilteredReschedule));
            writer.WriteStartArray("terms");
            foreach (var term in filtered.Messages(FilteredSearchTerms))
            {
                writer.WriteStartArray();
                writer.WriteStringValue(term.String(TermSearch));
                writer.WriteNumberValue(unchecked((int)term.UInt32(TermLimit)));
                writer.WriteNumberValue(term.Int32(TermOrder));
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("separate", true);
            var delays = filtered.Floats(FilteredDelays);
            if (delays.Count == 0)
            {
                writer.WriteNull("delays");
            }
            else
            {
                LegacyJson.WriteFloats(writer, "delays", delays);
            }

            writer.WriteNumber("previewDelay", filtered.UInt32(FilteredPreviewDelay));
            writer.WriteNumber("previewAgainSecs", filtered.UInt32(FilteredPreviewAgainSecs));
            writer.WriteNumber("previewHardSecs", filtered.UInt32(FilteredPreviewHardSecs));
            writer.WriteNumber("previewGoodSecs", filtered.UInt32(FilteredPreviewGoodSecs));
        }

        private static void WriteToday(Utf8JsonWriter writer, string name, int day, int amount)
        {
            writer.WriteStartArray(name);
            writer.WriteNumberValue(day);
            writer.WriteNumberValue(amount);
            writer.WriteEndArray();
        }

        private static void WriteOptionalUInt32(Utf8JsonWriter writer, string name, uint? value)
        {
            if (value.HasValue)
            {
                writer.WriteNumber(name, value.Value);
            }
            else
            {
                writer.WriteNull(name);
            }
        }

        private static void WriteDayLimit(Utf8JsonWriter writer, string name, ProtoMessage? limit)
        {
            if (limit == null)
            {
                writer.WriteNull(name);
                return;
            }

            writer.WriteStartObject(name);
            writer.WriteNumber("limit", limit.UInt32(DayLimitLimit));
            writer.WriteNumber("today", limit.UInt32(DayLimitToday));
            writer.WriteEndObject();
        }

        /// <summary>The oneof in <c>KindContainer</c>: the last of its two fields on the wire wins.</summary>
        private static bool IsFiltered(ProtoMessage container)
            => container.Fields.LastOrDefault(f => f.Number == KindNormal || f.Number == KindFiltered)?.Number == KindFiltered;

        public static string HumanName(string nativeName) => nativeName.Replace("\u001f", "::");

        // ---- schema 11 -> 18 ----

        /// <summary>Converts one <c>decks</c> entry; <paramref name="mapKeyId"/> is used when the object has no usable id.</summary>
        public static DeckRow ReadLegacy(JsonElement deck, long mapKeyId)
        {
            var filtered = IsFilteredLegacy(deck);
            var row = new DeckRow
            {
                Id = LegacyJson.Int64(deck, "id", mapKeyId),
                Name = NativeName(LegacyJson.String(deck, "name", string.Empty)),
                MtimeSecs = LegacyJson.Int64(deck, "mod", 0),
                Usn = LegacyJson.Int32(deck, "usn", 0),
                Common = ReadCommon(deck, filtered),
            };

            var kind = filtered ? ReadFiltered(deck) : ReadNormal(deck);
            var container = new ProtoWriter();
            container.Message(filtered ? KindFiltered : KindNormal, kind);
            container.Raw(PrivateKeys.ReadProtoStash(deck, "kind"));
            row.Kind = container.ToArray();
            return row;
        }

        private static bool IsFilteredLegacy(JsonElement deck)
        {
            if (!LegacyJson.TryGet(deck, "dyn", out var dyn))
            {
                return false;
            }

            return dyn.ValueKind == JsonValueKind.True
                || (dyn.ValueKind == JsonValueKind.Number && LegacyJson.TryInt64(dyn, out var value) && value == 1);
        }

        private static byte[] ReadCommon(JsonElement deck, bool filtered)
        {
            var learn = ReadToday(deck, "lrnToday");
            var review = ReadToday(deck, "revToday");
            var added = ReadToday(deck, "newToday");
            var time = ReadToday(deck, "timeToday");

            // Schema 18 keeps one day for all four counters, so counts from an earlier day are dropped, as Anki does.
            var day = Math.Max(time.Day, Math.Max(added.Day, review.Day));
            var common = new ProtoWriter();
            common.Bool(CommonStudyCollapsed, LegacyJson.Bool(deck, "collapsed", false));
            common.Bool(CommonBrowserCollapsed, LegacyJson.Bool(deck, "browserCollapsed", false));
            common.UInt32(CommonLastDayStudied, unchecked((uint)day));
            common.Int32(CommonNewStudied, added.Day == day ? added.Amount : 0);
            common.Int32(CommonReviewStudied, review.Day == day ? review.Amount : 0);
            common.Int32(CommonMillisecondsStudied, time.Amount);
            common.Int32(CommonLearningStudied, learn.Day == day ? learn.Amount : 0);
            common.Raw(PrivateKeys.ReadProtoStash(deck, "common"));
            common.Bytes(Other, LegacyJson.OtherBytes(deck, filtered ? FilteredKeys : NormalKeys));
            return common.ToArray();
        }

        /// <summary>A <c>[day, amount]</c> pair; like Anki, the last element is the amount and the one before it the day.</summary>
        private static (int Day, int Amount) ReadToday(JsonElement deck, string key)
        {
            if (!LegacyJson.TryGet(deck, key, out var value) || value.ValueKind != JsonValueKind.Array)
            {
                return (0, 0);
            }

            var items = value.EnumerateArray().ToList();
            var amount = items.Count > 0 ? ToInt32(items[items.Count - 1]) : 0;
            var day = items.Count > 1 ? ToInt32(items[items.Count - 2]) : 0;
            return (day, amount);
        }

        private static int ToInt32(JsonElement value)
            => value.ValueKind == JsonValueKind.Number && LegacyJson.TryInt64(value, out var number) ? unchecked((int)number) : 0;

        private static byte[] ReadNormal(JsonElement deck)
        {
            var normal = new ProtoWriter();
            normal.Int64(NormalConfigId, LegacyJson.Int64(deck, "conf", 1));
            normal.UInt32(NormalExtendNew, (uint)Math.Max(0, LegacyJson.Int32(deck, "extendNew", 0)));
            normal.UInt32(NormalExtendReview, (uint)Math.Max(0, LegacyJson.Int32(deck, "extendRev", 0)));
            normal.String(NormalDescription, LegacyJson.String(deck, "desc", string.Empty));
            normal.Bool(NormalMarkdown, LegacyJson.Bool(deck, "md", false));
            normal.OptionalUInt32(NormalReviewLimit, NumberOnlyUInt32(deck, "reviewLimit"));
            normal.OptionalUInt32(NormalNewLimit, NumberOnlyUInt32(deck, "newLimit"));
            WriteDayLimit(normal, NormalReviewLimitToday, deck, "reviewLimitToday");
            WriteDayLimit(normal, NormalNewLimitToday, deck, "newLimitToday");
            normal.OptionalFloat(NormalDesiredRetention, LegacyJson.OptionalFloat(deck, "desiredRetention"));
            normal.Raw(PrivateKeys.ReadProtoStash(deck, "normal"));
            return normal.ToArray();
        }

        private static uint? NumberOnlyUInt32(JsonElement deck, string key)
            => LegacyJson.TryGet(deck, key, out var value) && value.ValueKind == JsonValueKind.Number
                ? LegacyJson.OptionalUInt32(deck, key)
                : null;

        private static void WriteDayLimit(ProtoWriter normal, int number, JsonElement deck, string key)
        {
            if (!LegacyJson.TryGet(deck, key, out var limit) || limit.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var message = new ProtoWriter();
            message.UInt32(DayLimitLimit, LegacyJson.UInt32(limit, "limit", 0));
            message.UInt32(DayLimitToday, LegacyJson.UInt32(limit, "today", 0));
            normal.Message(number, message.ToArray());
        }

        private static byte[] ReadFiltered(JsonElement deck)
        {
            var filtered = new ProtoWriter();
            filtered.Bool(FilteredReschedule, LegacyJson.Bool(deck, "resched", false));
            if (LegacyJson.TryGet(deck, "terms", out var terms) && terms.ValueKind == JsonValueKind.Array)
            {
                foreach (var term in terms.EnumerateArray())
                {
                    filtered.Message(FilteredSearchTerms, ReadTerm(term));
                }
            }

            filtered.PackedFloats(FilteredDelays, LegacyJson.Floats(deck, "delays") ?? new List<float>());
            filtered.UInt32(FilteredPreviewDelay, LegacyJson.UInt32(deck, "previewDelay", 0));
            filtered.UInt32(FilteredPreviewAgainSecs, LegacyJson.UInt32(deck, "previewAgainSecs", 0));
            filtered.UInt32(FilteredPreviewHardSecs, LegacyJson.UInt32(deck, "previewHardSecs", 0));
            filtered.UInt32(FilteredPreviewGoodSecs, LegacyJson.UInt32(deck, "previewGoodSecs", 0));
            filtered.Raw(PrivateKeys.ReadProtoStash(deck, "filtered"));
            return filtered.ToArray();
        }

        /// <summary>A <c>[search, limit, order]</c> triple; a negative limit becomes 0 as in Anki.</summary>
        private static byte[] ReadTerm(JsonElement term)
        {
            var items = term.ValueKind == JsonValueKind.Array ? term.EnumerateArray().ToList() : new List<JsonElement>();
            var search = items.Count > 0 && items[0].ValueKind == JsonValueKind.String ? items[0].GetString() ?? string.Empty : string.Empty;
            var limit = items.Count > 1 && LegacyJson.TryInt64(items[1], out var parsedLimit) ? parsedLimit : 0;
            var order = items.Count > 2 ? ToInt32(items[2]) : 0;
            var message = new ProtoWriter();
            message.String(TermSearch, search);
            message.UInt32(TermLimit, (uint)Math.Min(Math.Max(0, limit), int.MaxValue));
            message.Int32(TermOrder, order);
            return message.ToArray();
        }

        /// <summary>
        /// Anki's <c>NativeDeckName::from_human_name</c>: split on "::", NFC each level, drop control characters and '"',
        /// trim, name empty levels "blank", and join with U+001F.
        /// </summary>
        public static string NativeName(string humanName)
        {
            var levels = humanName.Split(new[] { "::" }, StringSplitOptions.None).Select(NormalizeLevel);
            return string.Join("\u001f", levels);
        }

        private static string NormalizeLevel(string level)
        {
            var text = level.IsNormalized(NormalizationForm.FormC) ? level : level.Normalize(NormalizationForm.FormC);
            var kept = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (c >= 0x20 && c != 0x7f && c != '"')
                {
                    kept.Append(c);
                }
            }

            var trimmed = kept.ToString().Trim();
            return trimmed.Length == 0 ? "blank" : trimmed;
        }
    }
}
