using System.Management.Automation;
using AnkiSync.Editing;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Suspends cards, so that Anki does not show them until they are resumed.</summary>
    [Cmdlet(VerbsLifecycle.Suspend, "AnkiCard", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Suspend-AnkiCard.md")]
    [OutputType(typeof(AnkiCard))]
    public sealed class SuspendAnkiCardCommand : CardEditCmdlet
    {
        protected override string Action => "Suspend card";

        protected override void Edit(CardEditor editor, long cardId) => editor.Suspend(cardId);
    }
}
