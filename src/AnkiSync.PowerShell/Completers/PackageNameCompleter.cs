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
    /// Completes a name from the package the command line works on (see <see cref="CompletionPackage"/>): deck,
    /// note type, tag, media or field names, quoted when they hold spaces or quotes.
    /// </summary>
    public abstract class PackageNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            PackageNames? names;
            try
            {
                names = CompletionPackage.Find(commandName, commandAst, fakeBoundParameters);
            }
            catch (Exception e) when (!(e is OutOfMemoryException) && !(e is StackOverflowException))
            {
                // Completion never fails loudly: a file that cannot be read offers nothing.
                return Enumerable.Empty<CompletionResult>();
            }

            if (names == null)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            string typed = wordToComplete.Trim('\'', '"');
            var pattern = WildcardPattern.Get(WildcardPattern.Escape(typed) + "*", WildcardOptions.IgnoreCase);
            return Names(names, fakeBoundParameters)
                .Where(pattern.IsMatch)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name))
                .ToList();
        }

        /// <summary>The names this completer offers.</summary>
        private protected abstract IEnumerable<string> Names(PackageNames package, IDictionary fakeBoundParameters);

        private static string Quote(string name)
            => name.IndexOfAny(new[] { ' ', '\'', '"', '(', ')', '$', '`', ',', ';', '{', '}', '@', '#', '&', '|' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
    }

    /// <summary>Completes deck names.</summary>
    public sealed class DeckNameCompleter : PackageNameCompleter
    {
        private protected override IEnumerable<string> Names(PackageNames package, IDictionary fakeBoundParameters) => package.Decks;
    }

    /// <summary>Completes note type names (the stock ones too: they are created on first use).</summary>
    public sealed class NoteTypeNameCompleter : PackageNameCompleter
    {
        private protected override IEnumerable<string> Names(PackageNames package, IDictionary fakeBoundParameters)
            => package.NoteTypes.Select(t => t.Key).Concat(Collection.StockNoteTypes.Names);
    }

    /// <summary>Completes tags used in the package.</summary>
    public sealed class TagCompleter : PackageNameCompleter
    {
        private protected override IEnumerable<string> Names(PackageNames package, IDictionary fakeBoundParameters) => package.Tags;
    }

    /// <summary>Completes the names of the package's media files.</summary>
    public sealed class MediaNameCompleter : PackageNameCompleter
    {
        private protected override IEnumerable<string> Names(PackageNames package, IDictionary fakeBoundParameters) => package.Media;
    }

    /// <summary>
    /// Completes field names: of the note type named by -NoteType (or, on Set-AnkiNoteType, -Name) when one is given,
    /// else of every note type in the package.
    /// </summary>
    public sealed class FieldNameCompleter : PackageNameCompleter
    {
        private protected override IEnumerable<string> Names(PackageNames package, IDictionary fakeBoundParameters)
        {
            string? noteType = InputConversion.AsText(fakeBoundParameters["NoteType"]) ?? InputConversion.AsText(fakeBoundParameters["Name"]);
            var types = package.NoteTypes.Where(t => noteType == null || string.Equals(t.Key, noteType, StringComparison.OrdinalIgnoreCase)).ToList();
            if (types.Count == 0)
            {
                types = package.NoteTypes.ToList();
            }

            return types.SelectMany(t => t.Value);
        }
    }

    /// <summary>The names a completer offers, read from one package at one moment.</summary>
    internal sealed class PackageNames
    {
        private PackageNames(IReadOnlyList<string> decks, IReadOnlyList<KeyValuePair<string, string[]>> noteTypes, IReadOnlyList<string> tags, IReadOnlyList<string> media)
        {
            Decks = decks;
            NoteTypes = noteTypes;
            Tags = tags;
            Media = media;
        }

        public IReadOnlyList<string> Decks { get; }

        /// <summary>Note type name → its field names.</summary>
        public IReadOnlyList<KeyValuePair<string, string[]>> NoteTypes { get; }

        public IReadOnlyList<string> Tags { get; }

        public IReadOnlyList<string> Media { get; }

        public static PackageNames Of(AnkiPackage package) => new PackageNames(
            package.GetDecks().Select(d => d.Name).ToList(),
            package.GetNoteTypes().Select(t => new KeyValuePair<string, string[]>(t.Name, t.Fields)).ToList(),
            package.GetTags(),
            Directory.EnumerateFiles(package.MediaDirectory).Select(f => System.IO.Path.GetFileName(f)).OrderBy(n => n, StringComparer.Ordinal).ToList());
    }
}
