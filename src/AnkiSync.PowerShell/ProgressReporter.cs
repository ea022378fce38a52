using System;
using System.Diagnostics;
using System.Management.Automation;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// Turns the engine's 0..1 progress into throttled Write-Progress records. The engine reports on the
    /// pipeline thread, so writing from the callback is allowed.
    /// </summary>
    internal sealed class ProgressReporter : IProgress<double>
    {
        private readonly Cmdlet cmdlet;
        private readonly ProgressRecord record;
        private readonly Stopwatch sinceLast = Stopwatch.StartNew();
        private bool shown;

        public ProgressReporter(Cmdlet cmdlet, int activityId, string activity, string status)
        {
            this.cmdlet = cmdlet;
            record = new ProgressRecord(activityId, activity, status);
        }

        public void Report(double value)
        {
            // Only long work shows progress: nothing in the first half second, then at most 5 updates a second.
            if (sinceLast.ElapsedMilliseconds < (shown ? 200 : 500))
            {
                return;
            }

            sinceLast.Restart();
            shown = true;
            record.PercentComplete = (int)Math.Max(0, Math.Min(100, value * 100));
            try
            {
                cmdlet.WriteProgress(record);
            }
            catch (PipelineStoppedException e)
            {
                // Called from inside the engine, which must see a stop as a cancellation, never as a failure of the file.
                throw new OperationCanceledException(e.Message, e);
            }
        }

        public void Complete()
        {
            if (shown)
            {
                record.RecordType = ProgressRecordType.Completed;
                cmdlet.WriteProgress(record);
            }
        }
    }
}
