using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AnkiSync.PowerShell.Completers
{
    /// <summary>
    /// Completes a name from the package given by <c>-Package</c> on the same command line: deck, note type or
    /// tag names, quoted when they hold spaces.
    /// </summary>
    public abstract class PackageNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            if (!(InputConversion.Unwrap(fakeBoundParameters["Package"]) is AnkiPackage package) || package.IsClosed)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            string typed = wordToComplete.Trim('\'', '"');
            var pattern = WildcardPattern.Get(typed + "*", WildcardOptions.IgnoreCase);
            return Names(package)
                .Where(pattern.IsMatch)
                .Select(name => new CompletionResult(name.IndexOfAny(new[] { ' ', '\'', '(', ')' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name, name, CompletionResultType.ParameterValue, name));
        }

        /// <summary>The names this completer offers, from <paramref name="package"/>.</summary>
        protected abstract IEnumerable<string> Names(AnkiPackage package);
    }

    /// <summary>Completes deck names.</summary>
    public sealed class DeckNameCompleter : PackageNameCompleter
    {
        protected override IEnumerable<string> Names(AnkiPackage package) => package.GetDecks().Select(d => d.Name);
    }

    /// <summary>Completes note type names (the stock ones too: they are created on first use).</summary>
    public sealed class NoteTypeNameCompleter : PackageNameCompleter
    {
        protected override IEnumerable<string> Names(AnkiPackage package)
            => package.GetNoteTypes().Select(t => t.Name).Concat(Collection.StockNoteTypes.Names).Distinct();
    }

    /// <summary>Completes tags used in the package.</summary>
    public sealed class TagCompleter : PackageNameCompleter
    {
        protected override IEnumerable<string> Names(AnkiPackage package) => package.GetTags();
    }
}
