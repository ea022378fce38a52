using System.Collections.Generic;
using System.Management.Automation;

namespace AnkiSync.Bench
{
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
