using System.Management.Automation;
using AnkiSync.Editing;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// A cmdlet that changes cards piped from Get-AnkiCard (their Id and Package bind): every card of one pipeline
    /// is changed in one transaction, committed at the end and rolled back if the pipeline stops or fails.
    /// </summary>
    public abstract class CardEditCmdlet : PackageBatchCmdlet<CardEditor>
    {
        protected CardEditCmdlet()
            : base(p => p.BeginCardEdit())
        {
        }

        /// <summary>The card's id; binds from cards piped in.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("CardId")]
        public long Id { get; set; }

        /// <summary>Output each card after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>What ShouldProcess names as the action.</summary>
        protected abstract string Action { get; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            if (!ShouldProcess($"card {Id}", Action))
            {
                return;
            }

            try
            {
                var editor = Batch.For(package);
                Edit(editor, Id);
                if (PassThru && editor.Read(Id) is AnkiCard card)
                {
                    WriteObject(FieldPropertyAdapter.Shape(card));
                }
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }

        /// <summary>Changes one card.</summary>
        protected abstract void Edit(CardEditor editor, long cardId);
    }
}
