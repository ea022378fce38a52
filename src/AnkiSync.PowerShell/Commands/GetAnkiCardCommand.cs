using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Streams cards joined with their note (one property per field), deck and scheduling state.</summary>
    [Cmdlet(VerbsCommon.Get, "AnkiCard", DefaultParameterSetName = PackageSet, HelpUri = HelpLinks.Docs + "Get-AnkiCard.md")]
    [OutputType(typeof(AnkiCard))]
    public sealed class GetAnkiCardCommand : NoteQueryCmdlet
    {
        /// <summary>Only the cards with these ids.</summary>
        [Parameter]
        [Alias("CardId")]
        public long[]? Id { get; set; }

        /// <summary>Only the cards of these notes; binds from notes piped in.</summary>
        // Bound from the pipeline only with -Package: in the -Path sets a piped FileInfo must bind -LiteralPath (PSPath) alone.
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PackageSet)]
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        public long[]? NoteId { get; set; }




        /// <summary>Only cards in these states.</summary>
        [Parameter]
        public CardStateFilter[]? State { get; set; }

        protected override void Read(AnkiPackage package)
        {
            IEnumerable<AnkiCard> cards;
            try
            {
                // A malformed -Query fails here, before anything is read.
                cards = package.GetCards(WithNameFilters(package, new CardFilter { Ids = Id, NoteIds = NoteId }));
            }
            catch (AnkiException e)
            {
                ThrowAnkiError(e);
                return;
            }

            WriteAll(State == null ? cards : cards.Where(c => State.Any(s => Matches(s, c))), FieldPropertyAdapter.Shape);
        }

        private static bool Matches(CardStateFilter state, AnkiCard card) => state switch
        {
            CardStateFilter.Suspended => card.Suspended,
            CardStateFilter.Buried => card.Buried,
            _ => (int)card.State == (int)state,
        };
    }
}
