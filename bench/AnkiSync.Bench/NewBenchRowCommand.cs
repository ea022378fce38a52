using System.Management.Automation;

namespace AnkiSync.Bench
{
    /// <summary>Streams N fresh rows, as Import-Csv would; only --profile pipeline uses it, to compare with pre-built rows.</summary>
    [Cmdlet(VerbsCommon.New, "BenchRow")]
    [OutputType(typeof(PSObject))]
    public sealed class NewBenchRowCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public int Count { get; set; }

        protected override void ProcessRecord()
        {
            for (int i = 1; i <= Count; i++)
            {
                WriteObject(Rows.Row(i));
            }
        }
    }
}
