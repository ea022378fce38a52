// Turns the platyPS (v1) markdown in docs/en-US into the help files PowerShell reads:
// MAML (<assembly>-Help.xml) for the cmdlets and about_*.help.txt for the about topics.
// It runs as an MSBuild inline task (build/Help.targets) so `dotnet build` needs neither pwsh nor platyPS.
// Malformed or inconsistent markdown is reported as a build error pointing at the file and line.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class BuildModuleHelp : Task
{
    /// <summary>Cmdlet help pages: one markdown file per cmdlet, named after it.</summary>
    [Required] public ITaskItem[] CommandMarkdown { get; set; }

    /// <summary>about_*.md topics.</summary>
    public ITaskItem[] AboutMarkdown { get; set; }

    /// <summary>The MAML file to write, e.g. bin/.../en-US/AnkiSync.PowerShell.dll-Help.xml.</summary>
    [Required] public string MamlFile { get; set; }

    /// <summary>The folder the about_*.help.txt files go to.</summary>
    [Required] public string AboutDirectory { get; set; }

    [Output] public ITaskItem[] WrittenFiles { get; set; }

    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

    private const string AllParameterSets = "__AllParameterSets";
    private const int AboutWidth = 80;

    private static readonly string[] RequiredSections = { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS" };

    public override bool Execute()
    {
        var written = new List<ITaskItem>();
        var commands = new List<CommandDoc>();
        foreach (var item in CommandMarkdown.OrderBy(i => Path.GetFileName(i.ItemSpec), StringComparer.OrdinalIgnoreCase))
        {
            var doc = ParseCommand(item.GetMetadata("FullPath"));
            if (doc != null) commands.Add(doc);
        }
        if (Log.HasLoggedErrors) return false;

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(MamlFile)));
        Write(MamlFile, RenderMaml(commands));
        written.Add(new TaskItem(MamlFile));

        foreach (var item in AboutMarkdown ?? new ITaskItem[0])
        {
            var source = item.GetMetadata("FullPath");
            var text = RenderAbout(source);
            if (text == null) continue;
            Directory.CreateDirectory(AboutDirectory);
            var target = Path.Combine(AboutDirectory, Path.GetFileNameWithoutExtension(source) + ".help.txt");
            Write(target, text);
            written.Add(new TaskItem(target));
        }

        WrittenFiles = written.ToArray();
        Log.LogMessage(MessageImportance.Normal, "Help: {0} cmdlets -> {1}", commands.Count, MamlFile);
        return !Log.HasLoggedErrors;
    }

    private static void Write(string path, string content)
    {
        File.WriteAllText(path, content, new UTF8Encoding(false));
    }

    #region Markdown structure

    /// <summary>A line of the file with its 1-based number, and whether it sits inside a code fence.</summary>
    private sealed class Line
    {
        public int Number;
        public string Text;
        public bool InCode;
        public bool IsFence;
    }

    /// <summary>A heading and the lines below it up to the next heading of the same or a higher level.</summary>
    private sealed class Section
    {
        public string Title;
        public int Number;
        public List<Line> Body = new List<Line>();
        public List<Section> Children = new List<Section>();
    }

    private static List<Line> ReadLines(string path)
    {
        var raw = File.ReadAllText(path).Replace("\r\n", "\n").Split('\n');
        var lines = new List<Line>();
        var start = 0;
        // Front matter (--- ... ---) carries nothing the help needs.
        if (raw.Length > 0 && raw[0].Trim() == "---")
        {
            var end = Array.FindIndex(raw, 1, l => l.Trim() == "---");
            if (end > 0) start = end + 1;
        }
        var inCode = false;
        for (var i = start; i < raw.Length; i++)
        {
            var text = raw[i].TrimEnd();
            var isFence = text.TrimStart().StartsWith("```", StringComparison.Ordinal);
            if (isFence) inCode = !inCode;
            lines.Add(new Line { Number = i + 1, Text = text, InCode = inCode || isFence, IsFence = isFence });
        }
        return lines;
    }

    /// <summary>The front matter's "online version:" address, or "" when there is none.</summary>
    private static string OnlineVersion(string path)
    {
        var raw = File.ReadAllText(path).Replace("\r\n", "\n").Split('\n');
        if (raw.Length == 0 || raw[0].Trim() != "---") return "";
        for (var i = 1; i < raw.Length && raw[i].Trim() != "---"; i++)
        {
            var m = Regex.Match(raw[i], @"^online version:\s*(\S*)\s*$");
            if (m.Success) return m.Groups[1].Value;
        }
        return "";
    }

    private static int HeadingLevel(Line line)
    {
        if (line.InCode) return 0;
        var m = Regex.Match(line.Text, @"^(#{1,6})\s+\S");
        return m.Success ? m.Groups[1].Length : 0;
    }

    /// <summary>Builds the heading tree: level-1 sections hold level-2 children, which hold level-3 children.</summary>
    private static Section BuildTree(List<Line> lines)
    {
        var root = new Section { Title = "", Number = 0 };
        var stack = new List<Section> { root };
        foreach (var line in lines)
        {
            var level = HeadingLevel(line);
            if (level == 0)
            {
                stack[stack.Count - 1].Body.Add(line);
                continue;
            }
            var section = new Section { Title = line.Text.Substring(level).Trim(), Number = line.Number };
            while (stack.Count > level) stack.RemoveAt(stack.Count - 1);
            while (stack.Count < level)
            {
                // A heading that skips a level hangs under an untitled placeholder.
                var filler = new Section { Title = "", Number = line.Number };
                stack[stack.Count - 1].Children.Add(filler);
                stack.Add(filler);
            }
            stack[stack.Count - 1].Children.Add(section);
            stack.Add(section);
        }
        return root;
    }

    /// <summary>A paragraph of prose (one line of text) or the verbatim contents of a code block.</summary>
    private sealed class Paragraph
    {
        public string Text;
        public bool IsCode;
    }

    /// <summary>Splits a body into paragraphs: blank lines separate prose, list items start their own, code stays verbatim.</summary>
    private static List<Paragraph> Blocks(IEnumerable<Line> body)
    {
        var result = new List<Paragraph>();
        var prose = new List<string>();
        List<string> code = null;
        Action flush = () =>
        {
            if (prose.Count > 0) result.Add(new Paragraph { Text = Inline(string.Join(" ", prose)) });
            prose.Clear();
        };
        foreach (var line in body)
        {
            if (line.IsFence)
            {
                if (code == null)
                {
                    flush();
                    code = new List<string>();
                }
                else
                {
                    result.Add(new Paragraph { Text = string.Join("\n", code), IsCode = true });
                    code = null;
                }
                continue;
            }
            if (code != null)
            {
                code.Add(line.Text);
                continue;
            }
            var text = line.Text.Trim();
            if (text.Length == 0)
            {
                flush();
                continue;
            }
            if (Regex.IsMatch(text, @"^([-*+]|\d+\.)\s")) flush();
            prose.Add(text);
        }
        flush();
        if (code != null) result.Add(new Paragraph { Text = string.Join("\n", code), IsCode = true });
        return result;
    }

    private static List<string> Paragraphs(IEnumerable<Line> body)
    {
        return Blocks(body).Select(p => p.Text).ToList();
    }

    /// <summary>Markdown inline syntax that reads badly in a console: links keep their text, bold loses its markers.
    /// Single asterisks stay: in this help they are wildcards, as in `*-Anki*:Package`.</summary>
    private static string Inline(string text)
    {
        text = Regex.Replace(text, @"\[([^\]]+)\]\([^)]*\)", "$1");
        text = Regex.Replace(text, @"\*\*(.+?)\*\*", "$1");
        return text;
    }

    /// <summary>The contents of the fenced code blocks in a body, each as one string.</summary>
    private static List<KeyValuePair<string, string>> CodeBlocks(IEnumerable<Line> body)
    {
        var blocks = new List<KeyValuePair<string, string>>();
        string language = null;
        List<string> current = null;
        foreach (var line in body)
        {
            if (line.IsFence)
            {
                if (current == null)
                {
                    language = line.Text.Trim().Substring(3).Trim();
                    current = new List<string>();
                }
                else
                {
                    blocks.Add(new KeyValuePair<string, string>(language, string.Join("\n", current)));
                    current = null;
                }
                continue;
            }
            if (current != null) current.Add(line.Text);
        }
        return blocks;
    }

    #endregion

    #region Command pages

    private sealed class CommandDoc
    {
        public string Name;
        public List<string> Synopsis;
        public List<string> Description;
        public List<SyntaxSet> Syntax = new List<SyntaxSet>();
        public List<ParameterDoc> Parameters = new List<ParameterDoc>();
        public List<ExampleDoc> Examples = new List<ExampleDoc>();
        public List<TypeDoc> Inputs = new List<TypeDoc>();
        public List<TypeDoc> Outputs = new List<TypeDoc>();
        public List<string> Notes = new List<string>();
        public List<KeyValuePair<string, string>> Links = new List<KeyValuePair<string, string>>();
    }

    private sealed class SyntaxSet
    {
        public string Name;
        public bool IsDefault;
        public List<string> ParameterOrder = new List<string>();
    }

    private sealed class ParameterDoc
    {
        public string Name;
        public List<string> Description;
        public List<ParameterSetInfo> Sets = new List<ParameterSetInfo>();
    }

    /// <summary>One yaml block of a parameter: its attributes in the sets it names.</summary>
    private sealed class ParameterSetInfo
    {
        public string Type;
        public List<string> SetNames = new List<string>();
        public string Aliases;
        public List<string> AcceptedValues = new List<string>();
        public bool Required;
        public string Position;
        public string DefaultValue;
        public string PipelineInput;
        public bool Globbing;
    }

    private sealed class ExampleDoc
    {
        public string Title;
        public string Code;
        public List<string> Remarks;
    }

    private sealed class TypeDoc
    {
        public string Name;
        public List<string> Description;
    }

    private CommandDoc ParseCommand(string path)
    {
        var tree = BuildTree(ReadLines(path));
        var expected = Path.GetFileNameWithoutExtension(path);
        var top = tree.Children.FirstOrDefault(s => s.Title.Length > 0);
        if (top == null || top.Title != expected)
        {
            Error(path, top == null ? 1 : top.Number, "The first heading must be '# {0}', the cmdlet the file is named after.", expected);
            return null;
        }

        var doc = new CommandDoc { Name = top.Title };
        var sections = top.Children.ToDictionary(s => s.Title, s => s, StringComparer.Ordinal);
        foreach (var name in RequiredSections)
        {
            if (!sections.ContainsKey(name)) Error(path, top.Number, "Section '## {0}' is missing.", name);
        }
        if (Log.HasLoggedErrors) return null;

        doc.Synopsis = Paragraphs(sections["SYNOPSIS"].Body);
        doc.Description = Paragraphs(sections["DESCRIPTION"].Body);
        if (doc.Synopsis.Count == 0) Error(path, sections["SYNOPSIS"].Number, "The synopsis is empty.");
        if (doc.Description.Count == 0) Error(path, sections["DESCRIPTION"].Number, "The description is empty.");

        ParseSyntax(path, doc, sections["SYNTAX"]);
        ParseParameters(path, doc, sections["PARAMETERS"]);
        ParseExamples(path, doc, sections["EXAMPLES"]);
        doc.Inputs = ParseTypes(path, sections["INPUTS"]);
        doc.Outputs = ParseTypes(path, sections["OUTPUTS"]);
        Section notes;
        if (sections.TryGetValue("NOTES", out notes)) doc.Notes = Paragraphs(notes.Body);
        Section links;
        if (sections.TryGetValue("RELATED LINKS", out links))
        {
            foreach (var line in links.Body.Where(l => !l.InCode))
            {
                var m = Regex.Match(line.Text, @"^\s*\[([^\]]+)\]\(([^)]*)\)\s*$");
                if (!m.Success) continue;
                var uri = m.Groups[2].Value;
                // Links to sibling pages are for the markdown; Get-Help shows them by name only.
                if (!Regex.IsMatch(uri, @"^[a-z]+://", RegexOptions.IgnoreCase)) uri = "";
                doc.Links.Add(new KeyValuePair<string, string>(m.Groups[1].Value, uri));
            }
        }

        // The front matter's online version becomes the first related link, as platyPS does: Get-Help -Online opens it.
        var online = OnlineVersion(path);
        if (online.Length > 0) doc.Links.Insert(0, new KeyValuePair<string, string>("Online Version:", online));

        CheckConsistency(path, doc);
        return Log.HasLoggedErrors ? null : doc;
    }

    private void ParseSyntax(string path, CommandDoc doc, Section syntax)
    {
        var sets = new List<KeyValuePair<Section, string>>();
        if (syntax.Children.Count == 0)
        {
            var blocks = CodeBlocks(syntax.Body);
            if (blocks.Count != 1)
            {
                Error(path, syntax.Number, "SYNTAX without parameter set headings must hold exactly one code block.");
                return;
            }
            sets.Add(new KeyValuePair<Section, string>(new Section { Title = AllParameterSets, Number = syntax.Number }, blocks[0].Value));
        }
        else
        {
            foreach (var child in syntax.Children)
            {
                var blocks = CodeBlocks(child.Body);
                if (blocks.Count != 1)
                {
                    Error(path, child.Number, "Parameter set '{0}' must hold exactly one code block.", child.Title);
                    continue;
                }
                sets.Add(new KeyValuePair<Section, string>(child, blocks[0].Value));
            }
        }

        foreach (var pair in sets)
        {
            var title = pair.Key.Title;
            var isDefault = title.EndsWith("(Default)", StringComparison.Ordinal);
            var set = new SyntaxSet { Name = isDefault ? title.Substring(0, title.Length - "(Default)".Length).Trim() : title, IsDefault = isDefault };
            var text = pair.Value.Trim();
            if (!text.StartsWith(doc.Name, StringComparison.Ordinal))
                Error(path, pair.Key.Number, "The syntax of set '{0}' must start with '{1}'.", set.Name, doc.Name);
            if (!text.Contains("[<CommonParameters>]"))
                Error(path, pair.Key.Number, "The syntax of set '{0}' must end with [<CommonParameters>].", set.Name);
            foreach (Match m in Regex.Matches(text, @"(?<=[\s\[])-([A-Za-z][A-Za-z0-9]*)\b"))
            {
                if (!set.ParameterOrder.Contains(m.Groups[1].Value)) set.ParameterOrder.Add(m.Groups[1].Value);
            }
            doc.Syntax.Add(set);
        }
        if (doc.Syntax.Count(s => s.IsDefault) > 1) Error(path, syntax.Number, "More than one parameter set is marked (Default).");
    }

    private void ParseParameters(string path, CommandDoc doc, Section parameters)
    {
        foreach (var child in parameters.Children)
        {
            if (child.Title == "CommonParameters") continue;
            if (!child.Title.StartsWith("-", StringComparison.Ordinal))
            {
                Error(path, child.Number, "Parameter headings must read '### -Name' (or '### CommonParameters'), not '{0}'.", child.Title);
                continue;
            }
            var parameter = new ParameterDoc { Name = child.Title.Substring(1).Trim() };
            parameter.Description = Paragraphs(child.Body.Where(l => !l.InCode));
            if (parameter.Description.Count == 0) Error(path, child.Number, "Parameter -{0} has no description.", parameter.Name);
            foreach (var block in CodeBlocks(child.Body).Where(b => b.Key == "yaml"))
            {
                var info = ParseYaml(path, child, block.Value);
                if (info != null) parameter.Sets.Add(info);
            }
            if (parameter.Sets.Count == 0) Error(path, child.Number, "Parameter -{0} has no ```yaml block.", parameter.Name);
            if (doc.Parameters.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
                Error(path, child.Number, "Parameter -{0} is documented twice.", parameter.Name);
            doc.Parameters.Add(parameter);
        }
    }

    private ParameterSetInfo ParseYaml(string path, Section owner, string yaml)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in yaml.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                Error(path, owner.Number, "Parameter {0}: yaml line '{1}' is not 'Key: value'.", owner.Title, line);
                continue;
            }
            values[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
        }
        var keys = new[] { "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters" };
        var missing = keys.Where(k => !values.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            Error(path, owner.Number, "Parameter {0}: yaml lacks {1}.", owner.Title, string.Join(", ", missing));
            return null;
        }
        var info = new ParameterSetInfo
        {
            Type = values["Type"],
            Aliases = values["Aliases"],
            Required = ParseBool(path, owner, "Required", values["Required"]),
            Position = values["Position"],
            DefaultValue = values["Default value"],
            PipelineInput = values["Accept pipeline input"],
            Globbing = ParseBool(path, owner, "Accept wildcard characters", values["Accept wildcard characters"]),
        };
        var sets = values["Parameter Sets"];
        info.SetNames = sets == "(All)" ? new List<string> { "(All)" } : sets.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        string accepted;
        if (values.TryGetValue("Accepted values", out accepted))
            info.AcceptedValues = accepted.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        int position;
        if (info.Position != "Named" && !int.TryParse(info.Position, out position))
            Error(path, owner.Number, "Parameter {0}: Position must be 'Named' or a number, not '{1}'.", owner.Title, info.Position);
        if (!Regex.IsMatch(info.PipelineInput, @"^(False|True \((ByValue|ByPropertyName|ByPropertyName, ByValue)\))$"))
            Error(path, owner.Number, "Parameter {0}: 'Accept pipeline input' must be False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue).", owner.Title);
        return info;
    }

    private bool ParseBool(string path, Section owner, string key, string value)
    {
        if (value == "True") return true;
        if (value != "False") Error(path, owner.Number, "Parameter {0}: {1} must be True or False, not '{2}'.", owner.Title, key, value);
        return false;
    }

    private void ParseExamples(string path, CommandDoc doc, Section examples)
    {
        foreach (var child in examples.Children)
        {
            var blocks = CodeBlocks(child.Body);
            if (blocks.Count == 0)
            {
                Error(path, child.Number, "Example '{0}' has no code block.", child.Title);
                continue;
            }
            doc.Examples.Add(new ExampleDoc
            {
                Title = child.Title,
                Code = string.Join("\n\n", blocks.Select(b => b.Value)),
                Remarks = Paragraphs(child.Body.Where(l => !l.InCode)),
            });
        }
        if (doc.Examples.Count == 0) Error(path, examples.Number, "There are no examples ('### Example 1: ...' headings with a code block).");
    }

    private List<TypeDoc> ParseTypes(string path, Section section)
    {
        var types = section.Children.Select(c => new TypeDoc { Name = c.Title, Description = Paragraphs(c.Body) }).ToList();
        if (types.Count == 0) Error(path, section.Number, "Section '## {0}' needs at least one '### TypeName' (or '### None').", section.Title);
        return types;
    }

    /// <summary>The syntax blocks and the yaml blocks describe the same parameters in the same sets.</summary>
    private void CheckConsistency(string path, CommandDoc doc)
    {
        var setNames = doc.Syntax.Select(s => s.Name).ToList();
        foreach (var parameter in doc.Parameters)
        {
            foreach (var info in parameter.Sets)
            {
                foreach (var set in info.SetNames.Where(s => s != "(All)" && !setNames.Contains(s)))
                    Error(path, 0, "Parameter -{0} names set '{1}', which has no syntax block.", parameter.Name, set);
            }
        }
        foreach (var set in doc.Syntax)
        {
            foreach (var name in set.ParameterOrder)
            {
                var parameter = FindParameter(doc, name);
                if (parameter == null) Error(path, 0, "The syntax of set '{0}' names -{1}, which has no entry under PARAMETERS.", set.Name, name);
                else if (InfoFor(parameter, set.Name) == null) Error(path, 0, "The syntax of set '{0}' names -{1}, whose yaml doesn't list that set.", set.Name, name);
            }
        }
        foreach (var parameter in doc.Parameters)
        {
            foreach (var set in doc.Syntax)
            {
                var inSet = InfoFor(parameter, set.Name) != null;
                var inSyntax = set.ParameterOrder.Any(n => string.Equals(n, parameter.Name, StringComparison.OrdinalIgnoreCase));
                if (inSet && !inSyntax) Error(path, 0, "Parameter -{0} belongs to set '{1}' but is missing from its syntax.", parameter.Name, set.Name);
            }
        }
    }

    private static ParameterDoc FindParameter(CommandDoc doc, string name)
    {
        return doc.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    private static ParameterSetInfo InfoFor(ParameterDoc parameter, string setName)
    {
        return parameter.Sets.FirstOrDefault(i => i.SetNames.Contains(setName)) ?? parameter.Sets.FirstOrDefault(i => i.SetNames.Contains("(All)"));
    }

    private void Error(string path, int line, string format, params object[] args)
    {
        Log.LogError(null, "AnkiHelp", null, path, line, 0, 0, 0, format, args);
    }

    #endregion

    #region MAML

    private static string RenderMaml(List<CommandDoc> commands)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"));
        foreach (var doc in commands) root.Add(RenderCommand(doc));
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(new Utf8StringWriter(builder), settings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        }
        return builder.ToString() + "\n";
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter(StringBuilder builder) : base(builder) { }
        public override Encoding Encoding { get { return new UTF8Encoding(false); } }
    }

    private static XElement RenderCommand(CommandDoc doc)
    {
        var dash = doc.Name.IndexOf('-');
        var command = new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "command", Command.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "dev", Dev.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp.NamespaceName),
            new XElement(Command + "details",
                new XElement(Command + "name", doc.Name),
                new XElement(Command + "verb", dash > 0 ? doc.Name.Substring(0, dash) : doc.Name),
                new XElement(Command + "noun", dash > 0 ? doc.Name.Substring(dash + 1) : ""),
                Description(doc.Synopsis)),
            Description(doc.Description));

        // Default set first, as Get-Help lists it.
        var syntax = new XElement(Command + "syntax");
        foreach (var set in doc.Syntax.OrderBy(s => s.IsDefault ? 0 : 1))
        {
            var item = new XElement(Command + "syntaxItem", new XElement(Maml + "name", doc.Name));
            foreach (var name in set.ParameterOrder)
            {
                var parameter = FindParameter(doc, name);
                item.Add(RenderParameter(parameter, InfoFor(parameter, set.Name), inSyntax: true));
            }
            syntax.Add(item);
        }
        command.Add(syntax);

        var parameters = new XElement(Command + "parameters");
        foreach (var parameter in doc.Parameters)
        {
            // The first block describes the parameter as a whole; it is required if some set requires it.
            var info = parameter.Sets[0];
            var merged = new ParameterSetInfo
            {
                Type = info.Type,
                Aliases = info.Aliases,
                AcceptedValues = info.AcceptedValues,
                Required = parameter.Sets.Any(s => s.Required),
                Position = info.Position,
                DefaultValue = info.DefaultValue,
                PipelineInput = info.PipelineInput,
                Globbing = info.Globbing,
            };
            parameters.Add(RenderParameter(parameter, merged, inSyntax: false));
        }
        command.Add(parameters);

        command.Add(new XElement(Command + "inputTypes", doc.Inputs.Select(t =>
            new XElement(Command + "inputType", TypeElement(t.Name), Description(t.Description)))));
        command.Add(new XElement(Command + "returnValues", doc.Outputs.Select(t =>
            new XElement(Command + "returnValue", TypeElement(t.Name), Description(t.Description)))));
        command.Add(new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(doc.Notes))));

        var examples = new XElement(Command + "examples");
        foreach (var example in doc.Examples)
        {
            examples.Add(new XElement(Command + "example",
                new XElement(Maml + "title", "--------- " + example.Title + " ---------"),
                new XElement(Dev + "code", example.Code),
                // The empty paragraph keeps a blank line between one example's remarks and the next title.
                new XElement(Dev + "remarks", Paras(example.Remarks), new XElement(Maml + "para"))));
        }
        command.Add(examples);

        command.Add(new XElement(Command + "relatedLinks", doc.Links.Select(l =>
            new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", l.Key), new XElement(Maml + "uri", l.Value)))));
        return command;
    }

    private static XElement RenderParameter(ParameterDoc parameter, ParameterSetInfo info, bool inSyntax)
    {
        var isSwitch = info.Type == "SwitchParameter";
        var element = new XElement(Command + "parameter",
            new XAttribute("required", info.Required ? "true" : "false"),
            new XAttribute("variableLength", info.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", info.Globbing ? "true" : "false"),
            new XAttribute("pipelineInput", info.PipelineInput),
            new XAttribute("position", info.Position == "Named" ? "named" : info.Position),
            new XAttribute("aliases", info.Aliases.Length == 0 ? "none" : info.Aliases),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description));
        if (inSyntax && info.AcceptedValues.Count > 0)
        {
            element.Add(new XElement(Command + "parameterValueGroup", info.AcceptedValues.Select(v =>
                new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), v))));
        }
        else if (!inSyntax || !isSwitch)
        {
            element.Add(new XElement(Command + "parameterValue",
                new XAttribute("required", isSwitch ? "false" : "true"),
                new XAttribute("variableLength", "false"),
                info.Type));
        }
        element.Add(TypeElement(info.Type));
        element.Add(new XElement(Dev + "defaultValue", info.DefaultValue));
        return element;
    }

    private static XElement TypeElement(string name)
    {
        return new XElement(Dev + "type", new XElement(Maml + "name", name), new XElement(Maml + "uri"));
    }

    private static XElement Description(IEnumerable<string> paragraphs)
    {
        return new XElement(Maml + "description", Paras(paragraphs));
    }

    private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs)
    {
        return paragraphs.Select(p => new XElement(Maml + "para", p));
    }

    #endregion

    #region About topics

    /// <summary>about_*.md to the plain-text layout Get-Help prints: upper-case headings, indented and wrapped prose.</summary>
    private string RenderAbout(string path)
    {
        var lines = ReadLines(path);
        var tree = BuildTree(lines);
        var top = tree.Children.FirstOrDefault(s => s.Title.Length > 0);
        var expected = Path.GetFileNameWithoutExtension(path);
        if (top == null || !string.Equals(top.Title, expected, StringComparison.OrdinalIgnoreCase))
        {
            Error(path, top == null ? 1 : top.Number, "The first heading must be '# {0}'.", expected);
            return null;
        }
        if (!top.Children.Any(s => s.Title == "SHORT DESCRIPTION") || !top.Children.Any(s => s.Title == "LONG DESCRIPTION"))
        {
            Error(path, top.Number, "An about topic needs '## SHORT DESCRIPTION' and '## LONG DESCRIPTION'.");
            return null;
        }

        var output = new StringBuilder();
        output.Append("TOPIC\n    ").Append(top.Title.ToLowerInvariant()).Append("\n\n");
        foreach (var section in top.Children) RenderAboutSection(section, 2, output);
        return output.ToString().TrimEnd('\n') + "\n";
    }

    private static void RenderAboutSection(Section section, int level, StringBuilder output)
    {
        if (level == 2) output.Append(section.Title.ToUpperInvariant()).Append('\n');
        else output.Append("    ").Append(section.Title).Append('\n').Append("    ").Append(new string('-', section.Title.Length)).Append('\n');

        // HTML comments (markers for generated lists) are for the markdown's editors, not for Get-Help.
        var blocks = Blocks(section.Body).Where(b => b.IsCode || !Regex.IsMatch(b.Text, @"^<!--.*-->$", RegexOptions.Singleline)).ToList();
        for (var i = 0; i < blocks.Count; i++)
        {
            var paragraph = blocks[i];
            if (paragraph.IsCode)
            {
                foreach (var codeLine in paragraph.Text.Split('\n')) output.Append(codeLine.Length == 0 ? "" : "        " + codeLine).Append('\n');
            }
            else
            {
                var bullet = Regex.Match(paragraph.Text, @"^([-*+]|\d+\.)\s+");
                if (bullet.Success) Wrap(paragraph.Text.Substring(bullet.Length), "    " + bullet.Groups[1].Value + " ", "      ", output);
                else Wrap(paragraph.Text, "    ", "    ", output);
            }
            // Items of one list stay together; everything else is separated by a blank line.
            var listContinues = i + 1 < blocks.Count && IsListItem(paragraph) && IsListItem(blocks[i + 1]);
            if (!listContinues) output.Append('\n');
        }
        foreach (var child in section.Children) RenderAboutSection(child, level + 1, output);
    }

    private static bool IsListItem(Paragraph paragraph)
    {
        return !paragraph.IsCode && Regex.IsMatch(paragraph.Text, @"^([-*+]|\d+\.)\s");
    }

    private static void Wrap(string text, string firstIndent, string indent, StringBuilder output)
    {
        var line = new StringBuilder(firstIndent);
        var empty = true;
        foreach (var word in text.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > AboutWidth)
            {
                output.Append(line.ToString()).Append('\n');
                line.Clear().Append(indent);
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(word);
            empty = false;
        }
        output.Append(line.ToString()).Append('\n');
    }

    #endregion
}
