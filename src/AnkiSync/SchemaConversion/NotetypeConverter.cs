using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace AnkiSync.SchemaConversion
{
    /// <summary>
    /// A notetype between its schema-18 rows (protobuf <c>Notetype.Config</c>, <c>Field.Config</c>, <c>Template.Config</c>)
    /// and its schema-11 <c>models</c> JSON object. Key names, defaults and the <c>other</c> bag follow Anki's
    /// notetype/schema11.rs; field numbers follow proto/anki/notetypes.proto.
    /// </summary>
    internal static class NotetypeConverter
    {
        // Notetype.Config
        private const int ConfigKind = 1;
        private const int ConfigSortField = 2;
        private const int ConfigCss = 3;
        private const int ConfigTargetDeck = 4;
        private const int ConfigLatexPre = 5;
        private const int ConfigLatexPost = 6;
        private const int ConfigLatexSvg = 7;
        private const int ConfigReqs = 8;
        private const int ConfigOriginalStockKind = 9;
        private const int ConfigOriginalId = 10;
        private const int Other = 255;

        // Notetype.Config.CardRequirement
        private const int ReqCardOrd = 1;
        private const int ReqKind = 2;
        private const int ReqFieldOrds = 3;

        // Notetype.Field.Config
        private const int FieldSticky = 1;
        private const int FieldRtl = 2;
        private const int FieldFontName = 3;
        private const int FieldFontSize = 4;
        private const int FieldDescription = 5;
        private const int FieldPlainText = 6;
        private const int FieldCollapsed = 7;
        private const int FieldExcludeFromSearch = 8;
        private const int FieldId = 9;
        private const int FieldTag = 10;
        private const int FieldPreventDeletion = 11;

        // Notetype.Template.Config
        private const int TemplateQFormat = 1;
        private const int TemplateAFormat = 2;
        private const int TemplateQFormatBrowser = 3;
        private const int TemplateAFormatBrowser = 4;
        private const int TemplateTargetDeck = 5;
        private const int TemplateBrowserFont = 6;
        private const int TemplateBrowserFontSize = 7;
        private const int TemplateId = 8;

        private const string StashPart = "config";

        private static readonly int[] KnownConfigFields = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Other };
        private static readonly int[] KnownFieldFields = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, Other };
        private static readonly int[] KnownTemplateFields = { 1, 2, 3, 4, 5, 6, 7, 8, Other };

        private static readonly HashSet<string> NotetypeKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "id", "name", "type", "mod", "usn", "sortf", "did", "tmpls", "flds", "css",
            "latexPre", "latexPost", "latexsvg", "req", "originalStockKind", "originalId",
        };

        private static readonly HashSet<string> FieldKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "name", "ord", "sticky", "rtl", "font", "size", "description", "plainText", "collapsed",
            "excludeFromSearch", "id", "tag", "preventDeletion",
        };

        private static readonly HashSet<string> TemplateKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "name", "ord", "qfmt", "afmt", "bqfmt", "bafmt", "did", "bfont", "bsize", "id",
        };

        private static readonly string[] RequirementKinds = { "none", "any", "all" };

        // ---- schema 18 -> 11 ----

        public static void WriteLegacy(Utf8JsonWriter writer, NotetypeRow row)
        {
            var config = ProtoMessage.Parse(row.Config);
            writer.WriteStartObject();
            writer.WriteNumber("id", row.Id);
            writer.WriteString("name", row.Name);
            writer.WriteNumber("type", config.Int32(ConfigKind) == 1 ? 1 : 0);
            writer.WriteNumber("mod", row.MtimeSecs);
            writer.WriteNumber("usn", row.Usn);
            writer.WriteNumber("sortf", config.UInt32(ConfigSortField));
            WriteDeckId(writer, "did", config.Int64(ConfigTargetDeck));

            writer.WriteStartArray("tmpls");
            foreach (var template in row.Templates)
            {
                WriteTemplate(writer, template);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("flds");
            foreach (var field in row.Fields)
            {
                WriteField(writer, field);
            }

            writer.WriteEndArray();
            writer.WriteString("css", config.String(ConfigCss));
            writer.WriteString("latexPre", config.String(ConfigLatexPre));
            writer.WriteString("latexPost", config.String(ConfigLatexPost));
            writer.WriteBoolean("latexsvg", config.Bool(ConfigLatexSvg));
            writer.WriteStartArray("req");
            foreach (var requirement in config.Messages(ConfigReqs))
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(requirement.UInt32(ReqCardOrd));
                var kind = requirement.Int32(ReqKind);
                writer.WriteStringValue(kind >= 0 && kind < RequirementKinds.Length ? RequirementKinds[kind] : "none");
                writer.WriteStartArray();
                foreach (var ord in requirement.UInt32s(ReqFieldOrds))
                {
                    writer.WriteNumberValue(ord);
                }

                writer.WriteEndArray();
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            var stockKind = config.Int32(ConfigOriginalStockKind);
            if (stockKind != 0)
            {
                writer.WriteNumber("originalStockKind", stockKind);
            }

            var originalId = config.OptionalInt64(ConfigOriginalId);
            if (originalId.HasValue)
            {
                writer.WriteNumber("originalId", originalId.Value);
            }

            LegacyJson.WriteOtherProperties(writer, LegacyJson.ParseOther(config.Bytes(Other)), new HashSet<string>(NotetypeKeys));
            PrivateKeys.WriteProtoStash(writer, (StashPart, config.UnknownFields(KnownConfigFields)));
            writer.WriteEndObject();
        }

        private static void WriteField(Utf8JsonWriter writer, NotetypeFieldRow field)
        {
            var config = ProtoMessage.Parse(field.Config);
            writer.WriteStartObject();
            writer.WriteString("name", field.Name);
            writer.WriteNumber("ord", field.Ord);
            writer.WriteBoolean("sticky", config.Bool(FieldSticky));
            writer.WriteBoolean("rtl", config.Bool(FieldRtl));
            writer.WriteString("font", config.String(FieldFontName));
            writer.WriteNumber("size", config.UInt32(FieldFontSize));
            writer.WriteString("description", config.String(FieldDescription));
            writer.WriteBoolean("plainText", config.Bool(FieldPlainText));
            writer.WriteBoolean("collapsed", config.Bool(FieldCollapsed));
            writer.WriteBoolean("excludeFromSearch", config.Bool(FieldExcludeFromSearch));
            WriteOptional(writer, "id", config.OptionalInt64(FieldId));
            WriteOptional(writer, "tag", config.OptionalUInt32(FieldTag));
            writer.WriteBoolean("preventDeletion", config.Bool(FieldPreventDeletion));
            LegacyJson.WriteOtherProperties(writer, LegacyJson.ParseOther(config.Bytes(Other)), new HashSet<string>(FieldKeys));
            PrivateKeys.WriteProtoStash(writer, (StashPart, config.UnknownFields(KnownFieldFields)));
            writer.WriteEndObject();
        }

        private static void WriteTemplate(Utf8JsonWriter writer, NotetypeTemplateRow template)
        {
            var config = ProtoMessage.Parse(template.Config);
            writer.WriteStartObject();
            writer.WriteString("name", template.Name);
            writer.WriteNumber("ord", template.Ord);
            writer.WriteString("qfmt", config.String(TemplateQFormat));
            writer.WriteString("afmt", config.String(TemplateAFormat));
            writer.WriteString("bqfmt", config.String(TemplateQFormatBrowser));
            writer.WriteString("bafmt", config.String(TemplateAFormatBrowser));
            var deckId = config.Int64(TemplateTargetDeck);
            WriteDeckId(writer, "did", deckId > 0 ? deckId : 0);
            writer.WriteString("bfont", config.String(TemplateBrowserFont));
            writer.WriteNumber("bsize", config.UInt32(TemplateBrowserFontSize));
            WriteOptional(writer, "id", config.OptionalInt64(TemplateId));
            LegacyJson.WriteOtherProperties(writer, LegacyJson.ParseOther(config.Bytes(Other)), new HashSet<string>(TemplateKeys));
            if (template.MtimeSecs != 0)
            {
                writer.WriteNumber(PrivateKeys.TemplateMtime, template.MtimeSecs);
            }

            if (template.Usn != 0)
            {
                writer.WriteNumber(PrivateKeys.TemplateUsn, template.Usn);
            }

            PrivateKeys.WriteProtoStash(writer, (StashPart, config.UnknownFields(KnownTemplateFields)));
            writer.WriteEndObject();
        }

        private static void WriteDeckId(Utf8JsonWriter writer, string name, long deckId)
        {
            if (deckId == 0)
            {
                writer.WriteNull(name);
            }
            else
            {
                writer.WriteNumber(name, deckId);
            }
        }

        private static void WriteOptional(Utf8JsonWriter writer, string name, long? value)
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

        // ---- schema 11 -> 18 ----

        /// <summary>Converts one <c>models</c> entry; <paramref name="mapKeyId"/> is used when the object's own id is missing or 0.</summary>
        public static NotetypeRow ReadLegacy(JsonElement notetype, long mapKeyId)
        {
            var id = LegacyJson.Int64(notetype, "id", 0);
            var row = new NotetypeRow
            {
                Id = id != 0 ? id : mapKeyId,
                Name = Nfc(LegacyJson.String(notetype, "name", string.Empty)),
                MtimeSecs = LegacyJson.Int64(notetype, "mod", 0),
                Usn = LegacyJson.Int32(notetype, "usn", 0),
            };

            var config = new ProtoWriter();
            config.Int32(ConfigKind, LegacyJson.Int64(notetype, "type", 0) == 1 ? 1 : 0);
            config.UInt32(ConfigSortField, LegacyJson.UInt16(notetype, "sortf", 0));
            config.String(ConfigCss, LegacyJson.String(notetype, "css", string.Empty));
            config.Int64(ConfigTargetDeck, NumberOnly(notetype, "did"));
            config.String(ConfigLatexPre, LegacyJson.String(notetype, "latexPre", string.Empty));
            config.String(ConfigLatexPost, LegacyJson.String(notetype, "latexPost", string.Empty));
            config.Bool(ConfigLatexSvg, LegacyJson.StrictBool(notetype, "latexsvg", false));
            foreach (var requirement in ReadRequirements(notetype))
            {
                config.Message(ConfigReqs, requirement);
            }

            config.Int32(ConfigOriginalStockKind, LegacyJson.Int32(notetype, "originalStockKind", 0));
            config.OptionalInt64(ConfigOriginalId, LegacyJson.OptionalInt64(notetype, "originalId"));
            config.Raw(PrivateKeys.ReadProtoStash(notetype, StashPart));
            config.Bytes(Other, LegacyJson.OtherBytes(notetype, NotetypeKeys));
            row.Config = config.ToArray();

            if (LegacyJson.TryGet(notetype, "tmpls", out var templates) && templates.ValueKind == JsonValueKind.Array)
            {
                foreach (var template in templates.EnumerateArray())
                {
                    row.Templates.Add(ReadTemplate(template, row.Templates.Count));
                }
            }

            if (LegacyJson.TryGet(notetype, "flds", out var fields) && fields.ValueKind == JsonValueKind.Array)
            {
                foreach (var field in fields.EnumerateArray())
                {
                    row.Fields.Add(ReadField(field, row.Fields.Count));
                }
            }

            // Anki makes names unique within a notetype by appending '+'.
            MakeUnique(row.Templates, t => t.Name, (t, name) => t.Name = name);
            MakeUnique(row.Fields, f => f.Name, (f, name) => f.Name = name);
            return row;
        }

        private static NotetypeFieldRow ReadField(JsonElement field, int ord)
        {
            var config = new ProtoWriter();
            config.Bool(FieldSticky, LegacyJson.Bool(field, "sticky", false));
            config.Bool(FieldRtl, LegacyJson.Bool(field, "rtl", false));
            config.String(FieldFontName, LegacyJson.String(field, "font", "Arial"));
            config.UInt32(FieldFontSize, LegacyJson.UInt16(field, "size", 20));
            config.String(FieldDescription, LegacyJson.String(field, "description", string.Empty));
            config.Bool(FieldPlainText, LegacyJson.StrictBool(field, "plainText", false));
            config.Bool(FieldCollapsed, LegacyJson.StrictBool(field, "collapsed", false));
            config.Bool(FieldExcludeFromSearch, LegacyJson.StrictBool(field, "excludeFromSearch", false));
            config.OptionalInt64(FieldId, OptionalNumber(field, "id"));
            var tag = OptionalNumber(field, "tag");
            config.OptionalUInt32(FieldTag, tag.HasValue && tag.Value >= 0 && tag.Value <= uint.MaxValue ? (uint)tag.Value : (uint?)null);
            config.Bool(FieldPreventDeletion, LegacyJson.StrictBool(field, "preventDeletion", false));
            config.Raw(PrivateKeys.ReadProtoStash(field, StashPart));
            config.Bytes(Other, LegacyJson.OtherBytes(field, FieldKeys));
            return new NotetypeFieldRow
            {
                Ord = ord,
                Name = Nfc(LegacyJson.String(field, "name", string.Empty)),
                Config = config.ToArray(),
            };
        }

        private static NotetypeTemplateRow ReadTemplate(JsonElement template, int ord)
        {
            var config = new ProtoWriter();
            config.String(TemplateQFormat, LegacyJson.String(template, "qfmt", string.Empty));
            config.String(TemplateAFormat, LegacyJson.String(template, "afmt", string.Empty));
            config.String(TemplateQFormatBrowser, LegacyJson.String(template, "bqfmt", string.Empty));
            config.String(TemplateAFormatBrowser, LegacyJson.String(template, "bafmt", string.Empty));
            config.Int64(TemplateTargetDeck, NumberOnly(template, "did"));
            config.String(TemplateBrowserFont, LegacyJson.String(template, "bfont", string.Empty));
            var browserSize = NumberOnly(template, "bsize");
            config.UInt32(TemplateBrowserFontSize, browserSize > 0 && browserSize <= uint.MaxValue ? (uint)browserSize : 0);
            config.OptionalInt64(TemplateId, OptionalNumber(template, "id"));
            config.Raw(PrivateKeys.ReadProtoStash(template, StashPart));
            config.Bytes(Other, LegacyJson.OtherBytes(template, TemplateKeys));
            return new NotetypeTemplateRow
            {
                Ord = ord,
                Name = Nfc(LegacyJson.String(template, "name", string.Empty)),
                MtimeSecs = LegacyJson.Int64(template, PrivateKeys.TemplateMtime, 0),
                Usn = LegacyJson.Int32(template, PrivateKeys.TemplateUsn, 0),
                Config = config.ToArray(),
            };
        }

        /// <summary>Anki reads <c>req</c> with default_on_invalid: one malformed entry empties the whole list.</summary>
        private static List<byte[]> ReadRequirements(JsonElement notetype)
        {
            var result = new List<byte[]>();
            if (!LegacyJson.TryGet(notetype, "req", out var req) || req.ValueKind != JsonValueKind.Array)
            {
                return result;
            }

            foreach (var entry in req.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != 3)
                {
                    return new List<byte[]>();
                }

                var cardOrd = entry[0];
                var kindName = entry[1];
                var fieldOrds = entry[2];
                var kind = kindName.ValueKind == JsonValueKind.String ? Array.IndexOf(RequirementKinds, kindName.GetString()) : -1;
                if (!LegacyJson.TryUInt16(cardOrd, out var ord) || kind < 0 || fieldOrds.ValueKind != JsonValueKind.Array)
                {
                    return new List<byte[]>();
                }

                var ords = new List<uint>();
                foreach (var fieldOrd in fieldOrds.EnumerateArray())
                {
                    if (!LegacyJson.TryUInt16(fieldOrd, out var value))
                    {
                        return new List<byte[]>();
                    }

                    ords.Add(value);
                }

                var message = new ProtoWriter();
                message.UInt32(ReqCardOrd, ord);
                message.Int32(ReqKind, kind);
                message.PackedUInt32s(ReqFieldOrds, ords);
                result.Add(message.ToArray());
            }

            return result;
        }

        /// <summary>A JSON number (not a numeric string), else 0: the deck ids here are read with default_on_invalid.</summary>
        private static long NumberOnly(JsonElement obj, string key)
            => OptionalNumber(obj, key) ?? 0;

        private static long? OptionalNumber(JsonElement obj, string key)
            => LegacyJson.TryGet(obj, key, out var value) && value.ValueKind == JsonValueKind.Number && LegacyJson.TryInt64(value, out var number)
                ? number
                : (long?)null;

        private static string Nfc(string name) => name.IsNormalized(NormalizationForm.FormC) ? name : name.Normalize(NormalizationForm.FormC);

        private static void MakeUnique<T>(IEnumerable<T> items, Func<T, string> getName, Action<T, string> setName)
        {
            // Unique under the same case-insensitive compare as the unicase name indexes.
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in items)
            {
                var name = getName(item);
                while (!seen.Add(name))
                {
                    name += "+";
                }

                setName(item, name);
            }
        }
    }
}
