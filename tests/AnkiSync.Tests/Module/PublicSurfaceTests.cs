using System;
using System.Linq;
using System.Reflection;

namespace AnkiSync.Tests.Module;

/// <summary>
/// The engine's public surface is the session (AnkiPackage and its batches), the object model, options and the errors.
/// Storage, schema conversion, the package reader and writer, text algorithms and JSON builders are internal, and no
/// public member hands out SQLite: scripts reach the database only through Invoke-AnkiSql.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly Engine = typeof(AnkiPackage).Assembly;

    [Fact]
    public void OnlyTheSessionTheObjectModelOptionsAndErrorsArePublic()
    {
        string[] allowed =
        {
            // The session and its write batches.
            "AnkiSync.AnkiPackage", "AnkiSync.Editing.IBatch", "AnkiSync.Editing.NoteTransaction", "AnkiSync.Editing.NoteBatch",
            "AnkiSync.Editing.NoteEditor", "AnkiSync.Editing.CardEditor", "AnkiSync.Editing.TagEditor", "AnkiSync.Editing.CollectionEditor",
            // The object model and what the batches take.
            "AnkiSync.AnkiNote", "AnkiSync.AnkiCard", "AnkiSync.AnkiDeck", "AnkiSync.AnkiDeckConfig", "AnkiSync.AnkiMedia", "AnkiSync.AnkiNoteType",
            "AnkiSync.AnkiTemplate", "AnkiSync.AnkiReview", "AnkiSync.AnkiTag", "AnkiSync.AnkiProblem", "AnkiSync.CardState", "AnkiSync.CardFlag",
            "AnkiSync.NoteTypeKind", "AnkiSync.ReviewButton", "AnkiSync.ReviewKind", "AnkiSync.NoteInput", "AnkiSync.NoteChange",
            "AnkiSync.NoteTypeChange", "AnkiSync.TemplateChange", "AnkiSync.StructureChangeSummary", "AnkiSync.DeckConfigChange",
            "AnkiSync.Editing.CardChange", "AnkiSync.Editing.CardEditOptions", "AnkiSync.Collection.TemplateDefinition",
            "AnkiSync.Packages.PackageVersion", "AnkiSync.Packages.PackageContainer", "AnkiSync.AnkiImportResult", "AnkiSync.AnkiNoteImportResult", "AnkiSync.AnkiFields",
            "AnkiSync.NoteWriteResult", "AnkiSync.NoteOutcome",
            // Options and filters.
            "AnkiSync.NoteFilter", "AnkiSync.CardFilter", "AnkiSync.ReviewFilter", "AnkiSync.Packages.PackageLimits", "AnkiSync.Scheduling.DueDateSpec",
            "AnkiSync.Merge.PackageImportOptions", "AnkiSync.Merge.UpdateCondition", "AnkiSync.NoteExists",
            "AnkiSync.NoteText.NoteTextImportOptions", "AnkiSync.NoteText.NoteTextExportOptions", "AnkiSync.NoteText.NoteTextMatch",
            "AnkiSync.NoteText.NoteTextMatchScope",
            // Errors.
            "AnkiSync.AnkiException", "AnkiSync.AnkiErrorKind", "AnkiSync.AnkiError", "AnkiSync.AnkiErrors",
        };

        var exported = Engine.GetExportedTypes().Select(t => t.FullName!).OrderBy(n => n, StringComparer.Ordinal).ToList();

        var unexpected = exported.Except(allowed).ToList();
        Assert.True(unexpected.Count == 0, "Public but not part of the surface (make them internal, or add them here with a reason): " + string.Join(", ", unexpected));
    }

    /// <summary>
    /// PowerShell's ConvertTo-Json (Json.NET underneath) writes an enumeration by name only when its type says so;
    /// and it writes the fields once, as the properties the module's type adapter adds, when Fields is left out.
    /// </summary>
    [Fact]
    public void ConvertToJsonWritesEnumerationsByNameAndTheFieldsOnce()
    {
        var byNumber = Engine.GetExportedTypes()
            .Where(t => t.IsEnum && !(t.GetCustomAttribute<Newtonsoft.Json.JsonConverterAttribute>()?.ConverterType == typeof(Newtonsoft.Json.Converters.StringEnumConverter)))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(byNumber.Count == 0, "Public enumerations ConvertTo-Json would write as numbers: " + string.Join(", ", byNumber));

        Assert.True(typeof(AnkiNote).GetProperty(nameof(AnkiNote.Fields))!.IsDefined(typeof(Newtonsoft.Json.JsonIgnoreAttribute)));
        Assert.True(typeof(AnkiCard).GetProperty(nameof(AnkiCard.Fields))!.IsDefined(typeof(Newtonsoft.Json.JsonIgnoreAttribute)));
        Assert.Equal("\"Review\"", Newtonsoft.Json.JsonConvert.SerializeObject(CardState.Review));
    }

    [Fact]
    public void NoPublicMemberExposesSqlite()
    {
        const BindingFlags visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var leaks = Engine.GetExportedTypes()
            .SelectMany(t => t.GetMembers(visible).Select(m => (Type: t, Member: m)))
            .Where(x => TypesOf(x.Member).Any(IsSqlite))
            .Select(x => $"{x.Type.Name}.{x.Member.Name}")
            .ToList();

        Assert.True(leaks.Count == 0, "Public members that hand out SQLite: " + string.Join(", ", leaks));
    }

    private static bool IsSqlite(Type type)
        => (type.Namespace ?? "").StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal)
           || (type.Namespace ?? "").StartsWith("SQLitePCL", StringComparison.Ordinal)
           || (type.IsGenericType && type.GetGenericArguments().Any(IsSqlite));

    private static Type[] TypesOf(MemberInfo member) => member switch
    {
        PropertyInfo p => new[] { p.PropertyType },
        FieldInfo f => new[] { f.FieldType },
        MethodInfo m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType).ToArray(),
        ConstructorInfo c => c.GetParameters().Select(p => p.ParameterType).ToArray(),
        EventInfo e => new[] { e.EventHandlerType! },
        _ => Type.EmptyTypes,
    };
}
