using System.Linq;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Streams cards joined with their note (one property per field), deck and scheduling state.</summary>
    [Cmdlet(VerbsCommon.Get, "AnkiCard", DefaultParameterSetName = PackageSet)]
    [OutputType(typeof(AnkiCard))]
    public sealed class GetAnkiCardCommand : PackageReadCmdlet
    {
        /// <summary>Only the cards with these ids.</summary>
        [Parameter]
        [Alias("CardId")]
        public long[]? Id { get; set; }

        /// <summary>Only the cards of these notes; binds from notes piped in.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public long[]? NoteId { get; set; }

        /// <summary>Only cards in a matching deck or its subdecks (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.DeckNameCompleter))]
        public string[]? Deck { get; set; }

        /// <summary>Only cards of a matching note type (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.NoteTypeNameCompleter))]
        public string[]? NoteType { get; set; }

        /// <summary>Only cards whose note has a matching tag or a child of one (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        public string[]? Tag { get; set; }

        /// <summary>Only cards in these states.</summary>
        [Parameter]
        public CardStateFilter[]? State { get; set; }

        protected override void Read(AnkiPackage package)
        {
            var filter = new CardFilter
            {
                Ids = Id,
                NoteIds = NoteId,
                DeckIds = FilterBuilder.DeckIds(package, Deck),
                NoteTypeIds = FilterBuilder.NoteTypeIds(package, NoteType),
                Tags = FilterBuilder.Tags(Tag),
            };
            var cards = package.GetCards(filter);
            WriteAll(State == null ? cards : cards.Where(c => State.Any(s => Matches(s, c))), c => FieldProperties.Attach(c, c.Fields));
        }

        private static bool Matches(CardStateFilter state, AnkiCard card) => state switch
        {
            CardStateFilter.Suspended => card.Suspended,
            CardStateFilter.Buried => card.Buried,
            _ => (int)card.State == (int)state,
        };
    }
}
