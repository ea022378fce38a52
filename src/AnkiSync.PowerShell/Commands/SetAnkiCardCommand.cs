using System.Management.Automation;
using AnkiSync.Editing;
using AnkiSync.Scheduling;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Moves cards to a deck, flags them or sets their due date, the way Anki's browser does.</summary>
    [Cmdlet(VerbsCommon.Set, "AnkiCard", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Set-AnkiCard.md")]
    [OutputType(typeof(AnkiCard))]
    public sealed class SetAnkiCardCommand : CardEditCmdlet
    {
        private DueDateSpec? dueDate;

        /// <summary>Move the cards to this deck (created, with its parents, when missing).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.DeckNameCompleter))]
        public string? Deck { get; set; }

        /// <summary>The flag to set; None removes it.</summary>
        [Parameter]
        public CardFlag Flag { get; set; }

        /// <summary>Anki's Set Due Date: '0' today, '3' in 3 days, '1-7' a random day in the range; a trailing '!' also sets the interval.</summary>
        [Parameter]
        public string? DueDate { get; set; }

        protected override string Action => "Change card";

        protected override void BeginProcessing()
        {
            if (DueDate != null)
            {
                try
                {
                    dueDate = DueDateSpec.Parse(DueDate);
                }
                catch (AnkiException e)
                {
                    ThrowAnkiError(e);
                }
            }
        }

        protected override void Edit(CardEditor editor, long cardId)
            => editor.Change(cardId, new CardChange
            {
                Deck = Deck,
                Flag = MyInvocation.BoundParameters.ContainsKey(nameof(Flag)) ? Flag : (CardFlag?)null,
                DueDate = dueDate,
            });
    }
}
