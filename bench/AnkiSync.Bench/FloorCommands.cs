using System.Collections.Generic;
using System.Management.Automation;

namespace AnkiSync.Bench
{
    /// <summary>
    /// The PowerShell floor for writing: the same parameters, attributes and binding as Add-AnkiNote,
    /// and a ProcessRecord that does nothing. What the pipeline costs before the module does any work.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "AnkiNoteFloor", SupportsShouldProcess = true)]
    [OutputType(typeof(AnkiNote))]
    public sealed class AddAnkiNoteFloorCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Session")]
        public AnkiPackage Package { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Model")]
        public string NoteType { get; set; } = "Basic";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Deck { get; set; }

        [Parameter(Position = 0)]
        public object? Fields { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tag")]
        public object? Tags { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Guid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Key { get; set; }

        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            // Deliberately nothing: this cmdlet measures parameter binding and pipeline overhead only.
        }
    }

    /// <summary>
    /// The PowerShell floor for reading: writes pre-built, card-shaped objects (an AnkiCard with one note
    /// property per field, as Get-AnkiCard outputs) one at a time, like a streaming Get-AnkiCard would.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AnkiCardFloor")]
    [OutputType(typeof(AnkiCard))]
    public sealed class GetAnkiCardFloorCommand : PSCmdlet
    {
        /// <summary>Set by the floor-read scenario before the timer starts.</summary>
        internal static IReadOnlyList<PSObject> Cards { get; set; } = new List<PSObject>();

        protected override void ProcessRecord()
        {
            foreach (PSObject card in Cards)
            {
                WriteObject(card);
            }
        }
    }
}
