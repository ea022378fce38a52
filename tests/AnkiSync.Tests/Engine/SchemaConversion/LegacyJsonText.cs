using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using AnkiSync.SchemaConversion;

namespace AnkiSync.Tests.Engine.SchemaConversion;

/// <summary>
/// The converters' two sides as the tests use them: what a writer wrote, parsed into a node to read key by key, and
/// schema-11 JSON handed to a reader, whose <see cref="JsonElement"/> lives only for the call.
/// </summary>
internal static class LegacyJsonText
{
    public static JsonObject Written(Action<Utf8JsonWriter> write) => JsonNode.Parse(LegacyJson.WriteBytes(write))!.AsObject();

    public static T Read<T>(JsonNode json, Func<JsonElement, T> read) => Read(json.ToJsonString(), read);

    public static T Read<T>(string json, Func<JsonElement, T> read)
    {
        using var document = JsonDocument.Parse(json);
        return read(document.RootElement);
    }
}
