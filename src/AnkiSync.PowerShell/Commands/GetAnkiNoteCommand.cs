using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Streams notes, each with one property per field.</summary>
    [Cmdlet(VerbsCommon.Get, "AnkiNote", DefaultParameterSetName = PackageSet)]
    [OutputType(typeof(AnkiNote))]
    public sealed class GetAnkiNoteCommand : PackageReadCmdlet
    {
        /// <summary>Only the notes with these ids.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("NoteId")]
        public long[]? Id { get; set; }

        /// <summary>Only notes with a card in a matching deck or its subdecks (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.DeckNameCompleter))]
        public string[]? Deck { get; set; }

        /// <summary>Only notes of a matching note type (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.NoteTypeNameCompleter))]
        public string[]? NoteType { get; set; }

        /// <summary>Only notes with a matching tag or a child of one (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        public string[]? Tag { get; set; }

        protected override void Read(AnkiPackage package)
        {
            var filter = new NoteFilter
            {
                Ids = Id,
                DeckIds = FilterBuilder.DeckIds(package, Deck),
                NoteTypeIds = FilterBuilder.NoteTypeIds(package, NoteType),
                Tags = FilterBuilder.Tags(Tag),
            };
            WriteAll(package.GetNotes(filter), n => FieldProperties.Attach(n, n.Fields));
        }
    }
}
