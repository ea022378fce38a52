using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Google.Protobuf;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// A deck options preset between its schema-18 <c>DeckConfig.Config</c> protobuf and its schema-11 <c>dconf</c>
    /// JSON object, with Anki's key names, defaults and conversions (deckconfig/schema11.rs, proto/anki/deck_config.proto).
    /// The JSON also carries the protobuf it came from (<see cref="PrivateKeys.DeckConfigProto"/>): converting back
    /// returns those exact bytes when the mapped values are unchanged, and otherwise keeps every field this code does not map.
    /// </summary>
    internal static class DeckConfigConverter
    {
        private const int LearnSteps = 1;
        private const int RelearnSteps = 2;
        private const int FsrsParams4 = 3;
        private const int EasyDaysPercentages = 4;
        private const int FsrsParams5 = 5;
        private const int FsrsParams6 = 6;
        private const int NewPerDay = 9;
        private const int ReviewsPerDay = 10;
        private const int InitialEase = 11;
        private const int EasyMultiplier = 12;
        private const int HardMultiplier = 13;
        private const int LapseMultiplier = 14;
        private const int IntervalMultiplier = 15;
        private const int MaximumReviewInterval = 16;
        private const int MinimumLapseInterval = 17;
        private const int GraduatingIntervalGood = 18;
        private const int GraduatingIntervalEasy = 19;
        private const int NewCardInsertOrder = 20;
        private const int LeechAction = 21;
        private const int LeechThreshold = 22;
        private const int DisableAutoplay = 23;
        private const int CapAnswerTimeToSecs = 24;
        private const int ShowTimer = 25;
        private const int SkipQuestionWhenReplayingAnswer = 26;
        private const int BuryNew = 27;
        private const int BuryReviews = 28;
        private const int BuryInterdayLearning = 29;
        private const int NewMix = 30;
        private const int InterdayLearningMix = 31;
        private const int NewCardSortOrder = 32;
        private const int ReviewOrder = 33;
        private const int NewCardGatherPriority = 34;
        private const int NewPerDayMinimum = 35;
        private const int QuestionAction = 36;
        private const int DesiredRetention = 37;
        private const int StopTimerOnAnswer = 38;
        private const int HistoricalRetention = 40;
        private const int SecondsToShowQuestion = 41;
        private const int SecondsToShowAnswer = 42;
        private const int AnswerAction = 43;
        private const int WaitForAudio = 44;
        private const int ParamSearch = 45;
        private const int IgnoreRevlogsBeforeDate = 46;
        private const int Other = 255;

        /// <summary>The fields that the JSON represents; all others only live in the kept protobuf.</summary>
        private static readonly HashSet<int> MappedFields = new HashSet<int>
        {
            1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32, 33, 34, 35, 36, 37, 38, 40, 41, 42, 43, 44, 45, 46, Other,
        };

        private static readonly HashSet<string> TopKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "id", "mod", "name", "usn", "maxTaken", "autoplay", "timer", "replayq", "new", "rev", "lapse", "dyn",
            "newMix", "newPerDayMinimum", "interdayLearningMix", "reviewOrder", "newSortOrder", "newGatherPriority",
            "buryInterdayLearning", "fsrsWeights", "fsrsParams5", "fsrsParams6", "desiredRetention",
            "ignoreRevlogsBeforeDate", "easyDaysPercentages", "stopTimerOnAnswer", "secondsToShowQuestion",
            "secondsToShowAnswer", "questionAction", "answerAction", "waitForAudio", "sm2Retention", "weightSearch",
        };

        private static readonly HashSet<string> NewKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "bury", "delays", "initialFactor", "ints", "order", "perDay",
        };

        private static readonly HashSet<string> RevKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "bury", "ease4", "ivlFct", "maxIvl", "perDay", "hardFactor",
        };

        private static readonly HashSet<string> LapseKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "delays", "leechAction", "leechFails", "minInt", "mult",
        };

        // ---- schema 18 -> 11 ----

        public static void WriteLegacy(Utf8JsonWriter writer, DeckConfigRow row)
        {
            var c = ProtoMessage.Parse(row.Config);
            var other = LegacyJson.ParseOther(c.Bytes(Other));

            writer.WriteStartObject();
            writer.WriteNumber("id", row.Id);
            writer.WriteNumber("mod", row.MtimeSecs);
            writer.WriteString("name", row.Name);
            writer.WriteNumber("usn", row.Usn);
            writer.WriteNumber("maxTaken", unchecked((int)c.UInt32(CapAnswerTimeToSecs)));
            writer.WriteBoolean("autoplay", !c.Bool(DisableAutoplay));
            writer.WriteNumber("timer", c.Bool(ShowTimer) ? 1 : 0);
            writer.WriteBoolean("replayq", !c.Bool(SkipQuestionWhenReplayingAnswer));

            writer.WriteStartObject("new");
            writer.WriteBoolean("bury", c.Bool(BuryNew));
            LegacyJson.WriteFloats(writer, "delays", c.Floats(LearnSteps));
            var factor = Math.Round(c.Float(InitialEase) * 1000.0);
            writer.WriteNumber("initialFactor", (int)Math.Max(0, Math.Min(ushort.MaxValue, factor)));
            writer.WriteStartArray("ints");
            writer.WriteNumberValue(c.UInt32(GraduatingIntervalGood));
            writer.WriteNumberValue(c.UInt32(GraduatingIntervalEasy));
            writer.WriteNumberValue(0);
            writer.WriteEndArray();
            writer.WriteNumber("order", c.Int32(NewCardInsertOrder) == 1 ? 0 : 1);
            writer.WriteNumber("perDay", c.UInt32(NewPerDay));
            WriteNestedOther(writer, other, "new", NewKeys);
            writer.WriteEndObject();

            writer.WriteStartObject("rev");
            writer.WriteBoolean("bury", c.Bool(BuryReviews));
            LegacyJson.WriteFloat(writer, "ease4", c.Float(EasyMultiplier));
            LegacyJson.WriteFloat(writer, "ivlFct", c.Float(IntervalMultiplier));
            writer.WriteNumber("maxIvl", c.UInt32(MaximumReviewInterval));
            writer.WriteNumber("perDay", c.UInt32(ReviewsPerDay));
            LegacyJson.WriteFloat(writer, "hardFactor", c.Float(HardMultiplier));
            WriteNestedOther(writer, other, "rev", RevKeys);
            writer.WriteEndObject();

            writer.WriteStartObject("lapse");
            LegacyJson.WriteFloats(writer, "delays", c.Floats(RelearnSteps));
            writer.WriteNumber("leechAction", c.Int32(LeechAction) == 1 ? 1 : 0);
            writer.WriteNumber("leechFails", c.UInt32(LeechThreshold));
            writer.WriteNumber("minInt", c.UInt32(MinimumLapseInterval));
            LegacyJson.WriteFloat(writer, "mult", c.Float(LapseMultiplier));
            WriteNestedOther(writer, other, "lapse", LapseKeys);
            writer.WriteEndObject();

            writer.WriteBoolean("dyn", false);
            writer.WriteNumber("newMix", c.Int32(NewMix));
            writer.WriteNumber("newPerDayMinimum", c.UInt32(NewPerDayMinimum));
            writer.WriteNumber("interdayLearningMix", c.Int32(InterdayLearningMix));
            writer.WriteNumber("reviewOrder", c.Int32(ReviewOrder));
            writer.WriteNumber("newSortOrder", c.Int32(NewCardSortOrder));
            writer.WriteNumber("newGatherPriority", c.Int32(NewCardGatherPriority));
            writer.WriteBoolean("buryInterdayLearning", c.Bool(BuryInterdayLearning));
            LegacyJson.WriteFloats(writer, "fsrsWeights", c.Floats(FsrsParams4));
            LegacyJson.WriteFloats(writer, "fsrsParams5", c.Floats(FsrsParams5));
            LegacyJson.WriteFloats(writer, "fsrsParams6", c.Floats(FsrsParams6));
            LegacyJson.WriteFloat(writer, "desiredRetention", c.Float(DesiredRetention));
            writer.WriteString("ignoreRevlogsBeforeDate", c.String(IgnoreRevlogsBeforeDate));
            LegacyJson.WriteFloats(writer, "easyDaysPercentages", c.Floats(EasyDaysPercentages));
            writer.WriteBoolean("stopTimerOnAnswer", c.Bool(StopTimerOnAnswer));
            LegacyJson.WriteFloat(writer, "secondsToShowQuestion", c.Float(SecondsToShowQuestion));
            LegacyJson.WriteFloat(writer, "secondsToShowAnswer", c.Float(SecondsToShowAnswer));
            writer.WriteNumber("questionAction", c.Int32(QuestionAction));
            var answerAction = c.Int32(AnswerAction);
            writer.WriteNumber("answerAction", answerAction >= 0 && answerAction <= 4 ? answerAction : 2);
            writer.WriteBoolean("waitForAudio", c.Bool(WaitForAudio));
            LegacyJson.WriteFloat(writer, "sm2Retention", c.Float(HistoricalRetention));
            writer.WriteString("weightSearch", c.String(ParamSearch));
            LegacyJson.WriteOtherProperties(writer, other, new HashSet<string>(TopKeys, StringComparer.Ordinal));
            writer.WriteString(PrivateKeys.DeckConfigProto, Convert.ToBase64String(row.Config));
            writer.WriteEndObject();
        }

        private static void WriteNestedOther(Utf8JsonWriter writer, JsonElement other, string section, HashSet<string> reserved)
        {
            if (LegacyJson.TryGet(other, section, out var nested))
            {
                LegacyJson.WriteOtherProperties(writer, nested, new HashSet<string>(reserved, StringComparer.Ordinal));
            }
        }

        // ---- schema 11 -> 18 ----

        /// <summary>Converts one <c>dconf</c> entry. As in Anki, the map key is the id when it is a number.</summary>
        public static DeckConfigRow ReadLegacy(JsonElement dconf, string mapKey)
        {
            var id = long.TryParse(mapKey, out var keyId) ? keyId : LegacyJson.Int64(dconf, "id", 0);
            return new DeckConfigRow
            {
                Id = id,
                Name = LegacyJson.String(dconf, "name", string.Empty),
                MtimeSecs = LegacyJson.Int64(dconf, "mod", 0),
                Usn = LegacyJson.Int32(dconf, "usn", 0),
                Config = EncodePreferringKeptProto(dconf),
            };
        }

        private static byte[] EncodePreferringKeptProto(JsonElement dconf)
        {
            var fresh = Encode(dconf);
            var kept = PrivateKeys.DecodeBase64(LegacyJson.String(dconf, PrivateKeys.DeckConfigProto, string.Empty));
            if (kept.Length == 0)
            {
                return fresh;
            }

            ProtoMessage keptMessage;
            byte[] expected;
            try
            {
                keptMessage = ProtoMessage.Parse(kept);
                var keptJson = LegacyJson.WriteBytes(writer => WriteLegacy(writer, new DeckConfigRow { Config = kept }));
                using var document = LegacyJson.Parse(keptJson);
                expected = Encode(document.RootElement);
            }
            catch (InvalidProtocolBufferException)
            {
                return fresh;
            }

            if (fresh.SequenceEqual(expected))
            {
                // The JSON still says what the kept protobuf says: keep it byte for byte.
                return kept;
            }

            // Edited in schema 11: take the mapped fields from the JSON and every other field from the kept protobuf.
            var merged = ProtoMessage.Parse(fresh).Fields
                .Concat(keptMessage.Fields.Where(f => !MappedFields.Contains(f.Number)))
                .OrderBy(f => f.Number)
                .ToList();
            var writer = new ProtoWriter();
            foreach (var field in merged)
            {
                writer.Raw(field.Raw);
            }

            return writer.ToArray();
        }

        /// <summary>The <c>DeckConfig.Config</c> the JSON describes, in field-number order, with unknown keys in <c>other</c>.</summary>
        private static byte[] Encode(JsonElement dconf)
        {
            var newConf = ReadNew(dconf);
            var rev = ReadRev(dconf);
            var lapse = ReadLapse(dconf);
            var timer = LegacyJson.TryGet(dconf, "timer", out var timerValue)
                && ((timerValue.ValueKind == JsonValueKind.Number && LegacyJson.TryInt64(timerValue, out var t) && t > 0 && t <= byte.MaxValue)
                    || timerValue.ValueKind == JsonValueKind.True);

            var c = new ProtoWriter();
            c.PackedFloats(LearnSteps, newConf.Delays);
            c.PackedFloats(RelearnSteps, lapse.Delays);
            c.PackedFloats(FsrsParams4, LegacyJson.Floats(dconf, "fsrsWeights") ?? new List<float>());
            c.PackedFloats(EasyDaysPercentages, LegacyJson.Floats(dconf, "easyDaysPercentages") ?? new List<float>());
            c.PackedFloats(FsrsParams5, LegacyJson.Floats(dconf, "fsrsParams5") ?? new List<float>());
            c.PackedFloats(FsrsParams6, LegacyJson.Floats(dconf, "fsrsParams6") ?? new List<float>());
            c.UInt32(NewPerDay, newConf.PerDay);
            c.UInt32(ReviewsPerDay, rev.PerDay);
            c.Float(InitialEase, newConf.InitialFactor / 1000f);
            c.Float(EasyMultiplier, rev.Ease4);
            c.Float(HardMultiplier, rev.HardFactor);
            c.Float(LapseMultiplier, lapse.Mult);
            c.Float(IntervalMultiplier, rev.IvlFct);
            c.UInt32(MaximumReviewInterval, rev.MaxIvl);
            c.UInt32(MinimumLapseInterval, lapse.MinInt);
            c.UInt32(GraduatingIntervalGood, newConf.Good);
            c.UInt32(GraduatingIntervalEasy, newConf.Easy);
            c.Int32(NewCardInsertOrder, newConf.Order == 0 ? 1 : 0);
            c.Int32(LeechAction, lapse.LeechAction);
            c.UInt32(LeechThreshold, lapse.LeechFails);
            c.Bool(DisableAutoplay, !LegacyJson.Bool(dconf, "autoplay", true));
            c.UInt32(CapAnswerTimeToSecs, (uint)Math.Max(0, LegacyJson.Int32(dconf, "maxTaken", 60)));
            c.Bool(ShowTimer, timer);
            c.Bool(SkipQuestionWhenReplayingAnswer, !LegacyJson.Bool(dconf, "replayq", false));
            c.Bool(BuryNew, newConf.Bury);
            c.Bool(BuryReviews, rev.Bury);
            c.Bool(BuryInterdayLearning, LegacyJson.Bool(dconf, "buryInterdayLearning", false));
            c.Int32(NewMix, LegacyJson.Int32(dconf, "newMix", 0));
            c.Int32(InterdayLearningMix, LegacyJson.Int32(dconf, "interdayLearningMix", 0));
            c.Int32(NewCardSortOrder, LegacyJson.Int32(dconf, "newSortOrder", 0));
            c.Int32(ReviewOrder, LegacyJson.Int32(dconf, "reviewOrder", 0));
            c.Int32(NewCardGatherPriority, LegacyJson.Int32(dconf, "newGatherPriority", 0));
            c.UInt32(NewPerDayMinimum, LegacyJson.UInt32(dconf, "newPerDayMinimum", 0));
            c.Int32(QuestionAction, LegacyJson.Int32(dconf, "questionAction", 0));
            c.Float(DesiredRetention, LegacyJson.Float(dconf, "desiredRetention", 0f));
            c.Bool(StopTimerOnAnswer, LegacyJson.Bool(dconf, "stopTimerOnAnswer", false));
            c.Float(HistoricalRetention, LegacyJson.Float(dconf, "sm2Retention", 0f));
            c.Float(SecondsToShowQuestion, LegacyJson.Float(dconf, "secondsToShowQuestion", 0f));
            c.Float(SecondsToShowAnswer, LegacyJson.Float(dconf, "secondsToShowAnswer", 0f));
            c.Int32(AnswerAction, LegacyJson.Int32(dconf, "answerAction", 0));
            c.Bool(WaitForAudio, LegacyJson.Bool(dconf, "waitForAudio", true));
            c.String(ParamSearch, LegacyJson.String(dconf, "weightSearch", string.Empty));
            c.String(IgnoreRevlogsBeforeDate, LegacyJson.String(dconf, "ignoreRevlogsBeforeDate", string.Empty));
            c.Bytes(Other, OtherBytes(dconf, newConf.Other, rev.Other, lapse.Other));
            return c.ToArray();
        }

        /// <summary>Unknown top-level keys, plus the unknown keys of new/rev/lapse nested under those names, as Anki does.</summary>
        private static byte[] OtherBytes(JsonElement dconf, params JsonElement?[] sections)
        {
            var names = new[] { "new", "rev", "lapse" };
            var properties = LegacyJson.Properties(dconf)
                .Where(p => !TopKeys.Contains(p.Key) && !PrivateKeys.IsPrivate(p.Key))
                .ToList();
            for (var i = 0; i < names.Length; i++)
            {
                if (sections[i].HasValue)
                {
                    properties.Add(new KeyValuePair<string, JsonElement>(names[i], sections[i]!.Value));
                }
            }

            return properties.Count == 0 ? Array.Empty<byte>() : LegacyJson.WriteObject(properties);
        }

        /// <summary>The unknown keys of a section as an object, or null when there are none.</summary>
        private static JsonElement? SectionOther(JsonElement section, HashSet<string> known)
        {
            var others = LegacyJson.Properties(section).Where(p => !known.Contains(p.Key)).ToList();
            if (others.Count == 0)
            {
                return null;
            }

            using var document = LegacyJson.Parse(LegacyJson.WriteObject(others));
            return document.RootElement.Clone();
        }

        private static bool HasAll(JsonElement section, params string[] keys)
            => section.ValueKind == JsonValueKind.Object && keys.All(k => section.TryGetProperty(k, out _));

        private static bool IsNumber(JsonElement section, string key)
            => section.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number;

        private static bool IsBoolOrMissing(JsonElement section, string key)
            => !section.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.True || value.ValueKind == JsonValueKind.False;

        private static uint NumberOrZero(JsonElement section, string key)
            => section.TryGetProperty(key, out var value) && LegacyJson.TryUInt32(value, out var number) ? number : 0;

        /// <summary>
        /// The <c>new</c> section. Anki replaces a malformed section (a required key missing or of the wrong type) with its
        /// defaults as a whole; a value that is merely invalid falls back on its own.
        /// </summary>
        private static NewSection ReadNew(JsonElement dconf)
        {
            if (!LegacyJson.TryGet(dconf, "new", out var section)
                || !HasAll(section, "delays", "initialFactor", "ints", "order", "perDay")
                || !LegacyJson.TryUInt16(section.GetProperty("initialFactor"), out var initialFactor)
                || !IsBoolOrMissing(section, "bury"))
            {
                return new NewSection(false, new List<float> { 1, 10 }, 2500, 1, 4, 1, 20, null);
            }

            uint good = 1, easy = 4;
            var ints = section.GetProperty("ints");
            if (ints.ValueKind == JsonValueKind.Array && ints.GetArrayLength() >= 2
                && ints.EnumerateArray().All(i => LegacyJson.TryUInt16(i, out _)))
            {
                good = ints[0].GetUInt16();
                easy = ints[1].GetUInt16();
            }

            var order = section.GetProperty("order");
            var orderValue = order.ValueKind == JsonValueKind.Number && order.TryGetInt32(out var o) && (o == 0 || o == 1) ? o : 1;
            return new NewSection(
                LegacyJson.StrictBool(section, "bury", false),
                LegacyJson.Floats(section, "delays") ?? new List<float>(),
                initialFactor,
                good,
                easy,
                orderValue,
                NumberOrZero(section, "perDay"),
                SectionOther(section, NewKeys));
        }

        private static RevSection ReadRev(JsonElement dconf)
        {
            if (!LegacyJson.TryGet(dconf, "rev", out var section)
                || !HasAll(section, "ease4", "ivlFct", "maxIvl", "perDay")
                || !IsNumber(section, "ease4") || !IsNumber(section, "ivlFct")
                || !LegacyJson.TryUInt32(section.GetProperty("maxIvl"), out var maxIvl)
                || (section.TryGetProperty("hardFactor", out var hard) && hard.ValueKind != JsonValueKind.Number)
                || !IsBoolOrMissing(section, "bury"))
            {
                return new RevSection(false, 1.3f, 1.0f, 36500, 200, 1.2f, null);
            }

            return new RevSection(
                LegacyJson.StrictBool(section, "bury", false),
                LegacyJson.Float(section, "ease4", 1.3f),
                LegacyJson.Float(section, "ivlFct", 1.0f),
                maxIvl,
                NumberOrZero(section, "perDay"),
                LegacyJson.Float(section, "hardFactor", 1.2f),
                SectionOther(section, RevKeys));
        }

        private static LapseSection ReadLapse(JsonElement dconf)
        {
            if (!LegacyJson.TryGet(dconf, "lapse", out var section)
                || !HasAll(section, "delays", "leechAction", "leechFails", "minInt", "mult")
                || !LegacyJson.TryUInt32(section.GetProperty("leechFails"), out var leechFails)
                || !LegacyJson.TryUInt32(section.GetProperty("minInt"), out var minInt)
                || !IsNumber(section, "mult"))
            {
                return new LapseSection(new List<float> { 10 }, 1, 8, 1, 0f, null);
            }

            var action = section.GetProperty("leechAction");
            var leechAction = action.ValueKind == JsonValueKind.Number && action.TryGetInt32(out var a) && (a == 0 || a == 1) ? a : 1;
            return new LapseSection(
                LegacyJson.Floats(section, "delays") ?? new List<float>(),
                leechAction,
                leechFails,
                minInt,
                LegacyJson.Float(section, "mult", 0f),
                SectionOther(section, LapseKeys));
        }

        private sealed class NewSection
        {
            public NewSection(bool bury, List<float> delays, uint initialFactor, uint good, uint easy, int order, uint perDay, JsonElement? other)
            {
                Bury = bury;
                Delays = delays;
                InitialFactor = initialFactor;
                Good = good;
                Easy = easy;
                Order = order;
                PerDay = perDay;
                Other = other;
            }

            public bool Bury { get; }

            public List<float> Delays { get; }

            public uint InitialFactor { get; }

            public uint Good { get; }

            public uint Easy { get; }

            public int Order { get; }

            public uint PerDay { get; }

            public JsonElement? Other { get; }
        }

        private sealed class RevSection
        {
            public RevSection(bool bury, float ease4, float ivlFct, uint maxIvl, uint perDay, float hardFactor, JsonElement? other)
            {
                Bury = bury;
                Ease4 = ease4;
                IvlFct = ivlFct;
                MaxIvl = maxIvl;
                PerDay = perDay;
                HardFactor = hardFactor;
                Other = other;
            }

            public bool Bury { get; }

            public float Ease4 { get; }

            public float IvlFct { get; }

            public uint MaxIvl { get; }

            public uint PerDay { get; }

            public float HardFactor { get; }

            public JsonElement? Other { get; }
        }

        private sealed class LapseSection
        {
            public LapseSection(List<float> delays, int leechAction, uint leechFails, uint minInt, float mult, JsonElement? other)
            {
                Delays = delays;
                LeechAction = leechAction;
                LeechFails = leechFails;
                MinInt = minInt;
                Mult = mult;
                Other = other;
            }

            public List<float> Delays { get; }

            public int LeechAction { get; }

            public uint LeechFails { get; }

            public uint MinInt { get; }

            public float Mult { get; }

            public JsonElement? Other { get; }
        }
    }
}
