using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace AnkiSync.Tests.Module;

/// <summary>
/// The help-quality gate, modelled on Pester's Help.Tests.ps1: the MAML that the build makes from
/// docs/en-US documents every cmdlet the manifest exports, and, once the module is imported into an
/// embedded PowerShell, Get-Help finds it and it tells the truth about every parameter.
/// The built module is read from out/AnkiSync (or from $env:ANKISYNC_MODULE_PATH, for builds that put it elsewhere).
/// </summary>
public sealed class HelpTests : IClassFixture<HelpTests.ImportedModule>
{
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private readonly ImportedModule _module;

    public HelpTests(ImportedModule module) => _module = module;

    public static TheoryData<string> ExportedCmdlets()
    {
        var data = new TheoryData<string>();
        foreach (var name in ModuleLayout.ExportedCmdlets)
            data.Add(name);
        return data;
    }

    #region The generated help files

    [Theory]
    [MemberData(nameof(ExportedCmdlets))]
    public void HelpFileHasSynopsisDescriptionAndExamples(string cmdlet)
    {
        var command = MamlCommand(cmdlet);
        Assert.True(command != null, $"{ModuleLayout.MamlPath} has no help for {cmdlet}: add docs/en-US/{cmdlet}.md and rebuild.");

        var synopsis = Text(command!.Element(Command + "details")?.Element(Maml + "description"));
        Assert.False(string.IsNullOrWhiteSpace(synopsis), $"{cmdlet} has no synopsis.");
        Assert.DoesNotContain("{{ Fill", synopsis); // platyPS's placeholder text

        var description = Text(command.Element(Maml + "description"));
        Assert.False(string.IsNullOrWhiteSpace(description), $"{cmdlet} has no description.");
        Assert.DoesNotContain("{{ Fill", description);

        var examples = command.Element(Command + "examples")?.Elements(Command + "example").ToList() ?? new List<XElement>();
        Assert.True(examples.Count >= 2, $"{cmdlet} has {examples.Count} example(s); at least 2 are required.");
        foreach (var example in examples)
        {
            var title = (string?)example.Element(Maml + "title") ?? "";
            Assert.False(string.IsNullOrWhiteSpace((string?)example.Element(Dev + "code")), $"{cmdlet}: example '{title}' has no code.");
            Assert.Contains(cmdlet, (string?)example.Element(Dev + "code") ?? "", StringComparison.OrdinalIgnoreCase);
        }

        var undocumented = MamlParameters(command)
            .Where(p => string.IsNullOrWhiteSpace(Text(p.Element(Maml + "description"))) || Text(p.Element(Maml + "description")).Contains("{{ Fill"))
            .Select(p => (string?)p.Element(Maml + "name"))
            .ToList();
        Assert.True(undocumented.Count == 0, $"{cmdlet}: parameters without a description: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public void HelpFileDocumentsOnlyCmdletsTheModuleExports()
    {
        var documented = ModuleLayout.Maml.Root!.Elements(Command + "command")
            .Select(c => (string?)c.Element(Command + "details")?.Element(Command + "name") ?? "")
            .ToList();
        var stale = documented.Except(ModuleLayout.ExportedCmdlets, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(stale.Count == 0, $"Help pages for cmdlets the manifest doesn't export: {string.Join(", ", stale)}");
        Assert.Equal(documented.Count, documented.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void AboutTopicIsBuiltAsPlainText()
    {
        var path = Path.Combine(ModuleLayout.ModuleDirectory, "en-US", "about_AnkiSync.help.txt");
        Assert.True(File.Exists(path), $"{path} was not built from docs/en-US/about_AnkiSync.md.");
        var text = File.ReadAllText(path);
        Assert.StartsWith("TOPIC", text);
        Assert.Contains("about_ankisync", text);
        Assert.Contains("SHORT DESCRIPTION", text);
        Assert.Contains("LONG DESCRIPTION", text);
        Assert.Contains("$PSDefaultParameterValues['*-Anki*:Package']", text);
        Assert.DoesNotContain("```", text);
    }

    #endregion

    #region Help as the imported module shows it

    [Theory]
    [MemberData(nameof(ExportedCmdlets))]
    public void ModuleExportsTheCmdlet(string cmdlet)
    {
        _module.AssertImported();
        Assert.True(_module.Commands.ContainsKey(cmdlet),
            $"The module doesn't export {cmdlet}. Exported: {string.Join(", ", _module.Commands.Keys.OrderBy(k => k))}");
    }

    [Theory]
    [MemberData(nameof(ExportedCmdlets))]
    public void GetHelpShowsTheDocumentedSynopsis(string cmdlet)
    {
        _module.Command(cmdlet); // for a missing cmdlet, Get-Help would list every topic that mentions the name
        var help = _module.GetHelp(cmdlet);
        var expected = Text(MamlCommand(cmdlet)?.Element(Command + "details")?.Element(Maml + "description"));
        Assert.False(string.IsNullOrWhiteSpace(expected), $"{cmdlet} has no synopsis in the help file.");
        // Without a help file, Get-Help makes up a synopsis from the syntax instead.
        Assert.Equal(Normalize(expected), Normalize(help.Properties["Synopsis"]?.Value?.ToString()));
    }

    [Theory]
    [MemberData(nameof(ExportedCmdlets))]
    public void EveryParameterIsDocumentedAndEveryDocumentedParameterExists(string cmdlet)
    {
        var command = _module.Command(cmdlet);
        var actual = command.Parameters.Keys.Where(IsDocumentable).ToList();

        var help = _module.GetHelp(cmdlet);
        var documented = HelpParameterNames(help);

        var missing = actual.Except(documented, StringComparer.OrdinalIgnoreCase).ToList();
        var extra = documented.Except(actual, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{cmdlet}: parameters without help: [{string.Join(", ", missing)}]; help for parameters the cmdlet lacks: [{string.Join(", ", extra)}]");
    }

    [Theory]
    [MemberData(nameof(ExportedCmdlets))]
    public void HelpSyntaxMatchesTheParameterSets(string cmdlet)
    {
        var command = _module.Command(cmdlet);
        var maml = MamlCommand(cmdlet);
        Assert.True(maml != null, $"No help for {cmdlet}.");
        var syntaxItems = maml!.Element(Command + "syntax")?.Elements(Command + "syntaxItem").ToList() ?? new List<XElement>();
        var problems = new List<string>();

        foreach (var set in command.ParameterSets)
        {
            var parameters = set.Parameters.Where(p => IsDocumentable(p.Name)).ToList();
            var names = new HashSet<string>(parameters.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
            var candidates = syntaxItems.Where(item => names.SetEquals(MamlParameters(item).Select(p => (string?)p.Element(Maml + "name") ?? ""))).ToList();
            if (candidates.Count == 0)
            {
                problems.Add($"parameter set '{set.Name}' ({string.Join(", ", names.OrderBy(n => n))}) has no syntax block with exactly these parameters");
                continue;
            }
            // Several sets may share parameter names; one syntax block has to match in every detail.
            var best = candidates
                .Select(item => parameters.SelectMany(p => Differences(p, MamlParameters(item).First(m => string.Equals((string?)m.Element(Maml + "name"), p.Name, StringComparison.OrdinalIgnoreCase)))).ToList())
                .OrderBy(d => d.Count)
                .First();
            problems.AddRange(best.Select(d => $"set '{set.Name}': {d}"));
        }

        if (syntaxItems.Count != command.ParameterSets.Count)
            problems.Add($"the help has {syntaxItems.Count} syntax block(s) but the cmdlet has {command.ParameterSets.Count} parameter set(s)");

        Assert.True(problems.Count == 0, $"{cmdlet}'s help doesn't match the cmdlet:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void GetHelpFindsTheAboutTopic()
    {
        var help = _module.GetHelp("about_AnkiSync");
        Assert.Contains("package session", help.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What the help says about one parameter in one set that the cmdlet's metadata contradicts.</summary>
    private static IEnumerable<string> Differences(CommandParameterInfo actual, XElement documented)
    {
        var name = "-" + actual.Name;

        var required = (string?)documented.Attribute("required") == "true";
        if (required != actual.IsMandatory)
            yield return $"{name} is {(actual.IsMandatory ? "mandatory" : "optional")} but documented as Required: {required}";

        var position = actual.Position == int.MinValue ? "named" : actual.Position.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var documentedPosition = ((string?)documented.Attribute("position") ?? "").ToLowerInvariant();
        if (position != documentedPosition)
            yield return $"{name} has position {position} but documented as {documentedPosition}";

        var pipeline = PipelineText(actual);
        var documentedPipeline = (string?)documented.Attribute("pipelineInput") ?? "";
        if (!string.Equals(pipeline, documentedPipeline, StringComparison.OrdinalIgnoreCase))
            yield return $"{name} accepts pipeline input '{pipeline}' but documented as '{documentedPipeline}'";

        var globbing = actual.Attributes.OfType<SupportsWildcardsAttribute>().Any();
        var documentedGlobbing = (string?)documented.Attribute("globbing") == "true";
        if (globbing != documentedGlobbing)
            yield return $"{name} {(globbing ? "supports" : "doesn't support")} wildcards but documented as {documentedGlobbing}";

        var aliases = actual.Aliases.OrderBy(a => a, StringComparer.OrdinalIgnoreCase).ToList();
        var documentedAliases = ((string?)documented.Attribute("aliases") ?? "none")
            .Split(',').Select(a => a.Trim()).Where(a => a.Length > 0 && a != "none")
            .OrderBy(a => a, StringComparer.OrdinalIgnoreCase).ToList();
        if (!aliases.SequenceEqual(documentedAliases, StringComparer.OrdinalIgnoreCase))
            yield return $"{name} has aliases [{string.Join(", ", aliases)}] but documented as [{string.Join(", ", documentedAliases)}]";

        var type = actual.ParameterType.Name;
        var documentedType = (string?)documented.Element(Dev + "type")?.Element(Maml + "name") ?? "";
        if (!string.Equals(type, documentedType, StringComparison.OrdinalIgnoreCase) && !string.Equals(actual.ParameterType.FullName, documentedType, StringComparison.OrdinalIgnoreCase))
            yield return $"{name} is of type {type} but documented as {documentedType}";

        var validValues = actual.Attributes.OfType<ValidateSetAttribute>().SelectMany(v => v.ValidValues).ToList();
        var elementType = actual.ParameterType.IsArray ? actual.ParameterType.GetElementType()! : actual.ParameterType;
        if (validValues.Count == 0 && elementType.IsEnum)
            validValues = Enum.GetNames(elementType).ToList();
        var documentedValues = documented.Element(Command + "parameterValueGroup")?.Elements(Command + "parameterValue").Select(v => v.Value.Trim()).ToList() ?? new List<string>();
        if (!new HashSet<string>(validValues, StringComparer.OrdinalIgnoreCase).SetEquals(documentedValues))
            yield return $"{name} accepts [{string.Join(", ", validValues)}] but documented as accepting [{string.Join(", ", documentedValues)}]";
    }

    private static string PipelineText(CommandParameterInfo parameter)
    {
        if (parameter.ValueFromPipeline && parameter.ValueFromPipelineByPropertyName)
            return "True (ByPropertyName, ByValue)";
        if (parameter.ValueFromPipeline)
            return "True (ByValue)";
        if (parameter.ValueFromPipelineByPropertyName)
            return "True (ByPropertyName)";
        return "False";
    }

    /// <summary>The common parameters are documented once, as CommonParameters; WhatIf and Confirm are documented like any other.</summary>
    private static bool IsDocumentable(string parameterName) => !Cmdlet.CommonParameters.Contains(parameterName);

    private static List<string> HelpParameterNames(PSObject help)
    {
        var parameters = help.Properties["parameters"]?.Value as PSObject;
        var items = parameters?.Properties["parameter"]?.Value;
        var list = items is IEnumerable enumerable && items is not string ? enumerable.Cast<object>() : items == null ? Enumerable.Empty<object>() : new[] { items };
        return list.Select(p => PSObject.AsPSObject(p).Properties["name"]?.Value?.ToString() ?? "").Where(n => n.Length > 0).ToList();
    }

    #endregion

    #region Reading the MAML

    private static XElement? MamlCommand(string cmdlet) => ModuleLayout.Maml.Root!.Elements(Command + "command")
        .FirstOrDefault(c => string.Equals((string?)c.Element(Command + "details")?.Element(Command + "name"), cmdlet, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<XElement> MamlParameters(XElement commandOrSyntaxItem)
    {
        var container = commandOrSyntaxItem.Name == Command + "syntaxItem" ? commandOrSyntaxItem : commandOrSyntaxItem.Element(Command + "parameters");
        return container?.Elements(Command + "parameter") ?? Enumerable.Empty<XElement>();
    }

    private static string Text(XElement? description) =>
        description == null ? "" : string.Join("\n", description.Elements(Maml + "para").Select(p => p.Value)).Trim();

    private static string Normalize(string? text) => string.Join(" ", (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    #endregion

    /// <summary>Where the repository, the built module and its help are.</summary>
    internal static class ModuleLayout
    {
        private static readonly Lazy<string> Root = new(FindRepositoryRoot);
        private static readonly Lazy<IReadOnlyList<string>> Exported = new(ReadExportedCmdlets);
        private static readonly Lazy<XDocument> MamlDocument = new(() =>
        {
            Assert.True(File.Exists(MamlPath), $"{MamlPath} doesn't exist: build the module first (dotnet build at the repository root).");
            return XDocument.Load(MamlPath);
        });

        public static string RepositoryRoot => Root.Value;

        /// <summary>The built module folder: $env:ANKISYNC_MODULE_PATH when set, else out/AnkiSync in the repository.</summary>
        public static string ModuleDirectory
        {
            get
            {
                var overridden = Environment.GetEnvironmentVariable("ANKISYNC_MODULE_PATH");
                return string.IsNullOrEmpty(overridden) ? Path.Combine(RepositoryRoot, "out", "AnkiSync") : Path.GetFullPath(overridden);
            }
        }

        public static string ManifestPath => Path.Combine(ModuleDirectory, "AnkiSync.psd1");

        public static string MamlPath => Path.Combine(ModuleDirectory, "en-US", "AnkiSync.PowerShell.dll-Help.xml");

        public static XDocument Maml => MamlDocument.Value;

        /// <summary>CmdletsToExport of the source manifest, the list the module promises.</summary>
        public static IReadOnlyList<string> ExportedCmdlets => Exported.Value;

        private static IReadOnlyList<string> ReadExportedCmdlets()
        {
            var path = Path.Combine(RepositoryRoot, "AnkiSync.psd1");
            var ast = Parser.ParseFile(path, out _, out var errors);
            if (errors.Length > 0)
                throw new InvalidOperationException($"{path} doesn't parse: {errors[0].Message}");
            var table = ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false) as HashtableAst
                ?? throw new InvalidOperationException($"{path} holds no hashtable.");
            var manifest = (Hashtable)table.SafeGetValue();
            return manifest["CmdletsToExport"] is object[] names
                ? names.Select(n => n.ToString()!).ToList()
                : throw new InvalidOperationException($"{path} has no CmdletsToExport list.");
        }

        private static string FindRepositoryRoot()
        {
            // The build output may sit outside the repository (--artifacts-path), so besides the test
            // assembly's folder also walk up from the working directory and from this source file.
            var starts = new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(SourceFile()) ?? "" };
            foreach (var start in starts.Where(s => s.Length > 0))
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "AnkiSync.sln")))
                        return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException("No folder with AnkiSync.sln above " + string.Join(", ", starts) + ".");
        }

        private static string SourceFile([CallerFilePath] string path = "") => path;
    }

    /// <summary>The built module imported once into an embedded PowerShell, shared by the tests of this class.</summary>
    public sealed class ImportedModule : IDisposable
    {
        private readonly PowerShell? _shell;
        private readonly string? _importError;

        public ImportedModule()
        {
            Commands = new Dictionary<string, CmdletInfo>(StringComparer.OrdinalIgnoreCase);
            try
            {
                // CreateDefault2: only the core engine commands; CreateDefault also wants the console host, which the SMA package lacks.
                var state = InitialSessionState.CreateDefault2();
                state.ThrowOnRunspaceOpenError = true;
                if (OperatingSystem.IsWindows())
                    state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
                state.ImportPSModule(new[] { ModuleLayout.ManifestPath });
                _shell = PowerShell.Create(state);
                foreach (var command in Invoke("Get-Command", new Hashtable { ["Module"] = "AnkiSync" }))
                {
                    if (command.BaseObject is CmdletInfo cmdlet)
                        Commands[cmdlet.Name] = cmdlet;
                }
            }
            catch (Exception e)
            {
                _importError = $"Importing {ModuleLayout.ManifestPath} failed: {e.GetType().Name}: {e.Message}";
            }
        }

        /// <summary>The module's cmdlets by name.</summary>
        public Dictionary<string, CmdletInfo> Commands { get; }

        public void AssertImported() => Assert.True(_importError == null, _importError);

        public CmdletInfo Command(string name)
        {
            AssertImported();
            Assert.True(Commands.TryGetValue(name, out var cmdlet), $"The module doesn't export {name}, so its help can't be checked against it.");
            return cmdlet!;
        }

        public PSObject GetHelp(string name)
        {
            AssertImported();
            var results = Invoke("Get-Help", new Hashtable { ["Name"] = name, ["Full"] = true });
            Assert.True(results.Count == 1, $"Get-Help {name} returned {results.Count} objects.");
            return results[0];
        }

        private List<PSObject> Invoke(string command, Hashtable parameters)
        {
            lock (_shell!)
            {
                _shell.Commands.Clear();
                _shell.Streams.ClearStreams();
                _shell.AddCommand(command).AddParameters(parameters);
                var output = _shell.Invoke().ToList();
                Assert.True(_shell.Streams.Error.Count == 0, $"{command}: {string.Join("; ", _shell.Streams.Error.Select(e => e.ToString()))}");
                return output;
            }
        }

        public void Dispose() => _shell?.Dispose();
    }
}
