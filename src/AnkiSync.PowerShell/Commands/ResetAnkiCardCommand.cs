using System.Management.Automation;
using AnkiSync.Editing;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Anki's Forget: makes cards new again, at the end of the new queue.</summary>
    [Cmdlet(VerbsCommon.Reset, "AnkiCard", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Reset-AnkiCard.md")]
    [OutputType(typeof(AnkiCard))]
    public sealed class ResetAnkiCardCommand : CardEditCmdlet
    {
        /// <summary>Put each card back where it was in the new queue before it was first studied, when Anki recorded that.</summary>
        [Parameter]
        public SwitchParameter RestorePosition { get; set; }

        /// <summary>Set the cards' review and lapse counts to 0.</summary>
        [Parameter]
        public SwitchParameter ResetCounts { get; set; }

        protected override string Action => "Forget card (make it new)";

        protected override void Edit(CardEditor editor, long cardId) => editor.Forget(cardId, RestorePosition, ResetCounts);
    }
}
