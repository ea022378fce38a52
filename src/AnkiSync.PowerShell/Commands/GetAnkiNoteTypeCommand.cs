using System.Linq;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Lists note types ("models"): fields, templates and styling.</summary>
    [Cmdlet(VerbsCommon.Get, "AnkiNoteType", DefaultParameterSetName = PackageSet, HelpUri = HelpLinks.Docs + "Get-AnkiNoteType.md")]
    [OutputType(typeof(AnkiNoteType))]
    public sealed class GetAnkiNoteTypeCommand : PackageReadCmdlet
    {
        /// <summary>Only note types whose name matches (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.NoteTypeNameCompleter))]
        [NotAPackage("a note type name")]
        public string[]? Name { get; set; }

        protected override void Read(AnkiPackage package)
        {
            var patterns = Wildcards.Of(Name);
            WriteAll(package.GetNoteTypes().Where(t => Wildcards.Match(patterns, t.Name)), t => t);
        }
    }
}
