using System.Collections.Generic;
using System.Management.Automation;

namespace AnkiSync.Bench
{
    /// <summary>
    /// The PowerShell floor for reading: writes pre-built plain objects (Front, Back, Tags) one at a time, as a
    /// streaming Get-AnkiCard would; what Where-Object costs over them is the floor of a filtered read.
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
