using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AnkiSync.PowerShell.Completers
{
    /// <summary>
    /// Finds the package a command line being completed works on, the way its parameters will bind: -Package on the
    /// line, a package variable piped in (<c>$p | Get-AnkiCard -Deck &lt;Tab&gt;</c>), -Path or -LiteralPath (the file is
    /// read on a private copy, never written, and its names are kept while the file is unchanged), or the default the
    /// help recommends, <c>$PSDefaultParameterValues['*-Anki*:Package']</c>.
    /// </summary>
    internal static class CompletionPackage
    {
        private const int CacheSize = 4;

        /// <summary>Names of recently completed files, by full path, length and write time; most recent first.</summary>
        private static readonly LinkedList<KeyValuePair<string, PackageNames>> FileCache = new LinkedList<KeyValuePair<string, PackageNames>>();

        public static PackageNames? Find(string commandName, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            if (Open(fakeBoundParameters["Package"]) is AnkiPackage given)
            {
                return PackageNames.Of(given);
            }

            if (Open(PipedVariable(commandAst)) is AnkiPackage piped)
            {
                return PackageNames.Of(piped);
            }

            string? file = FirstFile(fakeBoundParameters["LiteralPath"], literal: true) ?? FirstFile(fakeBoundParameters["Path"], literal: false);
            if (file != null && IsReadCommand(commandName))
            {
                return FromFile(file);
            }

            return Open(DefaultPackage(commandName)) is AnkiPackage preset ? PackageNames.Of(preset) : null;
        }

        private static AnkiPackage? Open(object? value)
            => InputConversion.Unwrap(value) is AnkiPackage package && !package.IsClosed ? package : null;

        /// <summary>Only read cmdlets open -Path (Open-AnkiPackage and Add-AnkiMedia use -Path for other files).</summary>
        private static bool IsReadCommand(string commandName)
        {
            var command = Runspace(c => c.InvokeCommand.GetCmdlet(commandName));
            Type? type = command?.ImplementingType;
            return type == null || typeof(PackageReadCmdlet).IsAssignableFrom(type);
        }

        /// <summary>The value of a plain variable that is the first element of the command's pipeline: never evaluates anything else.</summary>
        private static object? PipedVariable(CommandAst commandAst)
        {
            if (!(commandAst.Parent is PipelineAst pipeline))
            {
                return null;
            }

            int index = pipeline.PipelineElements.IndexOf(commandAst);
            if (index <= 0 || !(pipeline.PipelineElements[0] is CommandExpressionAst first) || !(first.Expression is VariableExpressionAst variable) || variable.Splatted)
            {
                return null;
            }

            string name = variable.VariablePath.UserPath;
            return Runspace(c => c.SessionState.PSVariable.GetValue(name));
        }

        /// <summary>The value of the first $PSDefaultParameterValues entry ("Command:Package", wildcards allowed) that applies to this command.</summary>
        private static object? DefaultPackage(string commandName)
        {
            if (!(InputConversion.Unwrap(Runspace(c => c.SessionState.PSVariable.GetValue("PSDefaultParameterValues"))) is IDictionary defaults))
            {
                return null;
            }

            if (defaults.Contains("Disabled") && LanguagePrimitives.IsTrue(defaults["Disabled"]))
            {
                return null;
            }

            foreach (DictionaryEntry entry in defaults)
            {
                string key = entry.Key?.ToString() ?? "";
                int colon = key.LastIndexOf(':');
                if (colon <= 0)
                {
                    continue;
                }

                string command = key.Substring(0, colon).Trim();
                string parameter = key.Substring(colon + 1).Trim();
                if ((string.Equals(parameter, "Package", StringComparison.OrdinalIgnoreCase) || string.Equals(parameter, "Session", StringComparison.OrdinalIgnoreCase))
                    && WildcardPattern.Get(command, WildcardOptions.IgnoreCase).IsMatch(commandName)
                    && Open(entry.Value) is AnkiPackage package)
                {
                    return package;
                }
            }

            return null;
        }

        private static string? FirstFile(object? value, bool literal)
        {
            string? path = InputConversion.Unwrap(value) switch
            {
                string text => text,
                IEnumerable items => items.Cast<object?>().Select(InputConversion.AsText).FirstOrDefault(t => !string.IsNullOrEmpty(t)),
                _ => null,
            };

            if (string.IsNullOrEmpty(path))
            {
                return null;
            }

            return Runspace<string>(c =>
            {
                if (literal)
                {
                    string full = c.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                    return File.Exists(full) || Directory.Exists(full) ? full : null;
                }

                return c.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider)
                    .FirstOrDefault(p => provider.Name == "FileSystem" && (File.Exists(p) || Directory.Exists(p)));
            });
        }

        private static PackageNames FromFile(string file)
        {
            var info = new FileInfo(file);
            string key = $"{info.FullName}|{(info.Exists ? info.Length : -1)}|{(info.Exists ? info.LastWriteTimeUtc.Ticks : Directory.GetLastWriteTimeUtc(file).Ticks)}";
            lock (FileCache)
            {
                var hit = FileCache.FirstOrDefault(e => e.Key == key);
                if (hit.Value != null)
                {
                    return hit.Value;
                }
            }

            // A private copy, not verified (a streaming read's open): the source file is never written.
            PackageNames names;
            using (var package = AnkiPackage.Open(file, verify: false))
            {
                names = PackageNames.Of(package);
            }

            lock (FileCache)
            {
                FileCache.AddFirst(new KeyValuePair<string, PackageNames>(key, names));
                while (FileCache.Count > CacheSize)
                {
                    FileCache.RemoveLast();
                }
            }

            return names;
        }

        /// <summary>Runs <paramref name="read"/> against the session the completion runs in (none: null).</summary>
        private static T? Runspace<T>(Func<EngineIntrinsics, T?> read)
            where T : class
        {
            var engine = ScriptBlock.Create("$ExecutionContext").Invoke().Select(o => o?.BaseObject).OfType<EngineIntrinsics>().FirstOrDefault();
            return engine == null ? null : read(engine);
        }
    }
}
