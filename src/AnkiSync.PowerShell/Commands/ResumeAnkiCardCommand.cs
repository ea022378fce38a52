using System.Management.Automation;
using AnkiSync.Editing;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Unsuspends and unburies cards: each goes back to the queue its state belongs in.</summary>
    [Cmdlet(VerbsLifecycle.Resume, "AnkiCard", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Resume-AnkiCard.md")]
    [OutputType(typeof(AnkiCard))]
    public sealed class ResumeAnkiCardCommand : CardEditCmdlet
    {
        protected override string Action => "Unsuspend and unbury card";

        protected override void Edit(CardEditor editor, long cardId) => editor.Resume(cardId);
    }
}
