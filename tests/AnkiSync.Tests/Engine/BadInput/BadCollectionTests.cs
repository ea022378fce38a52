using System;
using System.Linq;
using System.Text.Json.Nodes;
using AnkiSync.Tests.Engine.Packages;
using static AnkiSync.Tests.Engine.BadInput.BadInputFiles;

namespace AnkiSync.Tests.Engine.BadInput;

/// <summary>
/// Real collections with a damaged <c>col</c> row, missing tables or columns, or an unsupported schema or
/// package version, opened with <see cref="AnkiPackage.Open"/>: one AnkiException naming the user's file each.
/// </summary>
[Collection(BadInputCollection.Name)]
public sealed class BadCollectionTests
{
    [FixtureTheory]
    [InlineData("conf")]
    [InlineData("models")]
    [InlineData("decks")]
    [InlineData("dconf")]
    [InlineData("tags")]
    public void UnparsableColJsonIsInvalidCollectionJson(string column)
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema11Collection(), $"update col set {column} = '{{\"1\": {{\"name\": '");

        var error = BadInputAssert.OpenFails(LegacyPackage(temp, "json.apkg", sqlite), "InvalidCollectionJson");
        Assert.Contains($"'{column}'", error.Message);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
    }

    [FixtureTheory]
    [InlineData("[]")]
    [InlineData("\"Basic\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("")]
    public void ModelsThatAreNotAJsonObjectAreInvalidCollectionJson(string models)
    {
        using var temp = new TempFolder();
        var sqlite = EditColJson(temp, Schema11Collection(), "models", _ => models);

        var error = BadInputAssert.OpenFails(LegacyPackage(temp, "models.apkg", sqlite), "InvalidCollectionJson");
        Assert.Contains("'models'", error.Message);
    }

    [FixtureTheory]
    [InlineData("no flds", "fields")]
    [InlineData("empty flds", "fields")]
    [InlineData("flds not a list", "fields")]
    [InlineData("a field that is a number", "field 1")]
    [InlineData("a field without a name", "field 2")]
    [InlineData("no tmpls", "templates")]
    [InlineData("empty tmpls", "templates")]
    [InlineData("a template that is a list", "template 1")]
    public void ABasicModelWithoutUsableFieldsOrTemplatesIsInvalidCollectionJson(string damage, string named)
    {
        using var temp = new TempFolder();
        var sqlite = EditColJson(temp, Schema11Collection(), "models", models =>
        {
            var basic = models.Select(pair => pair.Value).OfType<JsonObject>().Single(model => (string?)model["name"] == "Basic");
            switch (damage)
            {
                case "no flds":
                    basic.Remove("flds");
                    break;
                case "empty flds":
                    basic["flds"] = new JsonArray();
                    break;
                case "flds not a list":
                    basic["flds"] = "Front";
                    break;
                case "a field that is a number":
                    ((JsonArray)basic["flds"]!)[0] = 5;
                    break;
                case "a field without a name":
                    ((JsonObject)((JsonArray)basic["flds"]!)[1]!).Remove("name");
                    break;
                case "no tmpls":
                    basic.Remove("tmpls");
                    break;
                case "empty tmpls":
                    basic["tmpls"] = new JsonArray();
                    break;
                case "a template that is a list":
                    ((JsonArray)basic["tmpls"]!)[0] = new JsonArray();
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(damage));
            }

            return models.ToJsonString();
        });

        var error = BadInputAssert.OpenFails(LegacyPackage(temp, "model.apkg", sqlite), "InvalidCollectionJson");
        Assert.Contains("'Basic'", error.Message);
        Assert.Contains(named, error.Message);
    }

    [FixtureTheory]
    [InlineData("5")]
    [InlineData("\"Basic\"")]
    [InlineData("[]")]
    [InlineData("null")]
    public void AModelEntryThatIsNotAnObjectIsInvalidCollectionJson(string entry)
    {
        using var temp = new TempFolder();
        var sqlite = EditColJson(temp, Schema11Collection(), "models", models =>
        {
            models["1234"] = JsonNode.Parse(entry);
            return models.ToJsonString();
        });

        var error = BadInputAssert.OpenFails(LegacyPackage(temp, "model-entry.apkg", sqlite), "InvalidCollectionJson");
        Assert.Contains("'1234'", error.Message);
    }

    [FixtureFact]
    public void ADeckEntryThatIsNotAnObjectIsInvalidCollectionJson()
    {
        using var temp = new TempFolder();
        var sqlite = EditColJson(temp, Schema11Collection(), "decks", decks =>
        {
            decks["1234"] = "Spanish";
            return decks.ToJsonString();
        });

        var error = BadInputAssert.OpenFails(LegacyPackage(temp, "deck-entry.apkg", sqlite), "InvalidCollectionJson");
        Assert.Contains("'1234'", error.Message);
    }

    [FixtureTheory]
    [InlineData("models")]
    [InlineData("decks")]
    [InlineData("dconf")]
    public void AKeyRepeatedInsideTheColJsonIsInvalidCollectionJson(string column)
    {
        using var temp = new TempFolder();
        // The repeat is nested, so it only surfaces when that inner object is first used.
        var sqlite = EditColJson(temp, Schema11Collection(), column, json =>
        {
            var text = json.ToJsonString();
            var at = text.IndexOf("{\"", 1, StringComparison.Ordinal);
            Assert.True(at > 0, $"the '{column}' JSON has no nested object");
            return text.Substring(0, at + 1) + "\"twice\":1,\"twice\":2," + text.Substring(at + 1);
        });

        var error = BadInputAssert.OpenFails(LegacyPackage(temp, "repeat.apkg", sqlite), "InvalidCollectionJson");
        Assert.Contains($"'{column}'", error.Message);
        Assert.Contains("twice", error.Message);
    }

    [FixtureFact]
    public void AMissingColRowIsInvalidCollection()
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema11Collection(), "delete from col");

        var error = BadInputAssert.OpenFails(LegacyPackage(temp, "norow.apkg", sqlite), "InvalidCollection");
        Assert.Contains("col row", error.Message);
        Assert.DoesNotContain("collection.sqlite", error.Message);
    }

    [FixtureFact]
    public void AMissingColTableIsInvalidCollection()
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema11Collection(), "drop table col");

        var error = BadInputAssert.OpenFails(LegacyPackage(temp, "nocol.apkg", sqlite), "InvalidCollection");
        Assert.Contains("'col' table", error.Message);
    }

    [FixtureTheory]
    [InlineData("notes")]
    [InlineData("cards")]
    [InlineData("revlog")]
    [InlineData("graves")]
    public void AMissingTableIsInvalidCollection(string table)
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema11Collection(), $"drop table {table}");

        var error = BadInputAssert.OpenFails(LegacyPackage(temp, $"no{table}.apkg", sqlite), "InvalidCollection");
        Assert.Contains($"'{table}' table", error.Message);
    }

    [FixtureTheory]
    [InlineData("alter table notes drop column flds", "notes", "flds")]
    [InlineData("alter table cards rename column did to deck", "cards", "did")]
    [InlineData("alter table notes rename column mod to modified", "notes", "mod")]
    public void AMissingColumnIsInvalidCollection(string sql, string table, string column)
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema11Collection(), sql);

        var error = BadInputAssert.OpenFails(temp.File("column.anki2", sqlite), "InvalidCollection");
        Assert.Contains($"'{table}' table", error.Message);
        Assert.Contains($"'{column}'", error.Message);
    }

    [FixtureTheory]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(19)]
    [InlineData(10)]
    [InlineData(0)]
    public void AnUnsupportedSchemaVersionIsUnsupportedSchema(int version)
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema11Collection(), $"update col set ver = {version}");

        var error = BadInputAssert.OpenFails(LegacyPackage(temp, $"ver{version}.apkg", sqlite), "UnsupportedSchema");
        Assert.Contains($"schema {version}", error.Message);
        Assert.DoesNotContain("collection.sqlite", error.Message);
    }

    [FixtureFact]
    public void ASchema18CollectionClaimingSchema19IsUnsupportedSchema()
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema18Collection(), "update col set ver = 19");

        var error = BadInputAssert.OpenFails(LatestPackage(temp, "ver19.apkg", sqlite, Array.Empty<byte>()), "UnsupportedSchema");
        Assert.Contains("schema 19", error.Message);
    }

    [FixtureTheory]
    [InlineData("'eleven'")]
    [InlineData("11.5")]
    [InlineData("x'0b'")]
    [InlineData("99999999999")]
    public void ASchemaVersionThatIsNotAWholeNumberIsInvalidCollection(string value)
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema11Collection(), $"update col set ver = {value}");

        var error = BadInputAssert.OpenFails(temp.File("ver.anki2", sqlite), "InvalidCollection");
        Assert.Contains("col.ver", error.Message);
    }

    [FixtureTheory]
    [InlineData("'yesterday'")]
    [InlineData("x'00'")]
    public void ACreationTimeThatIsNotAWholeNumberIsInvalidCollection(string value)
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema11Collection(), $"update col set crt = {value}");

        var error = BadInputAssert.OpenFails(LegacyPackage(temp, "crt.apkg", sqlite), "InvalidCollection");
        Assert.Contains("col.crt", error.Message);
    }

    [FixtureTheory]
    [InlineData("update notetypes set config = x'ffffffff'")]
    [InlineData("update fields set config = x'0a05'")]
    [InlineData("update deck_config set config = x'08ffffffffffffffffffff'")]
    public void ASchema18CollectionWithUndecodableProtobufIsInvalidCollection(string sql)
    {
        using var temp = new TempFolder();
        var sqlite = Edit(temp, Schema18Collection(), sql);

        var error = BadInputAssert.OpenFails(LatestPackage(temp, "protobuf.apkg", sqlite, Array.Empty<byte>()), "InvalidCollection");
        Assert.DoesNotContain("collection.sqlite", error.Message);
        Assert.NotNull(error.InnerException);
    }

    [FixtureTheory]
    [InlineData(0)]
    [InlineData(9)]
    public void AnUnknownMetaVersionIsUnsupportedPackageVersion(byte version)
    {
        using var temp = new TempFolder();
        var path = WriteZip(temp.Path($"meta{version}.apkg"), new[]
        {
            ("meta", new byte[] { 0x08, version }, false),
            ("collection.anki21b", PackageTestFiles.ZstdCompress(Schema18Collection()), false),
            ("collection.anki2", Schema11Collection(), true),
            ("media", PackageTestFiles.ZstdCompress(Array.Empty<byte>()), false),
        });

        var error = BadInputAssert.OpenFails(path, "UnsupportedPackageVersion");
        Assert.Contains($"version {version}", error.Message);
    }

    /// <summary>Found by the fixture fuzz (seed 4242, case 2125332061): a newer write version made the copy read-only, and Export then threw a raw SqliteException.</summary>
    [FixtureTheory]
    [InlineData(18, 0x21)]
    [InlineData(19, 0x03)]
    [InlineData(18, 0x00)]
    public void ADamagedFileFormatVersionIsRefusedAtOpen(int offset, byte value)
    {
        using var temp = new TempFolder();
        var sqlite = Schema11Collection();
        sqlite[offset] = value;

        BadInputAssert.OpenFails(temp.File("versions.anki2", sqlite), "InvalidCollection");
    }
}
