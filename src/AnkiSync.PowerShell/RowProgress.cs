using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Reflection;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// Progress of a long pipeline into a batch cmdlet (Add-, Set-, Remove-AnkiNote, ...): how many rows so far. The
    /// total of a pipeline is unknown, so there is no percentage. Nothing shows in the first second; then at most
    /// four updates a second, so a short pipeline shows nothing and a long one costs a clock read per row.
    /// </summary>
    internal sealed class RowProgress
    {
        private const int ActivityId = 3;
        private readonly Cmdlet cmdlet;
        private readonly string activity;
        private readonly string unit;
        private readonly Stopwatch sinceLast = Stopwatch.StartNew();
        private long rows;
        private bool shown;

        public RowProgress(Cmdlet cmdlet)
        {
            this.cmdlet = cmdlet;
            var name = cmdlet.GetType().GetCustomAttribute<CmdletAttribute>();
            string noun = name?.NounName ?? "";
            unit = noun.EndsWith("Card", StringComparison.Ordinal) ? "cards" : noun.EndsWith("Tag", StringComparison.Ordinal) ? "tags" : "notes";
            activity = name == null ? cmdlet.GetType().Name : name.VerbName + "-" + name.NounName;
        }

        /// <summary>One more row of the pipeline.</summary>
        public void Row()
        {
            rows++;
            if (sinceLast.ElapsedMilliseconds < (shown ? 250 : 1000))
            {
                return;
            }

            sinceLast.Restart();
            shown = true;
            cmdlet.WriteProgress(Record(rows.ToString("N0", System.Globalization.CultureInfo.CurrentCulture) + " " + unit + " so far"));
        }

        /// <summary>Before the commit at the end: says so while it runs (a large batch takes a moment to save).</summary>
        public void Saving()
        {
            if (shown)
            {
                Quietly(Record("Saving " + rows.ToString("N0", System.Globalization.CultureInfo.CurrentCulture) + " " + unit));
            }
        }

        /// <summary>Removes the bar once the pipeline is done.</summary>
        public void Done()
        {
            if (shown)
            {
                shown = false;
                var done = Record("Done");
                done.RecordType = ProgressRecordType.Completed;
                Quietly(done);
            }
        }

        /// <summary>A new record each time: a host may keep the records it was given (a PowerShell object's Progress stream does).</summary>
        private ProgressRecord Record(string status) => new ProgressRecord(ActivityId, activity, status) { PercentComplete = -1 };

        /// <summary>
        /// Writes the record around a commit, which may run while a downstream command ends the pipeline: the bar is
        /// cosmetic there, and must never stop the commit.
        /// </summary>
        private void Quietly(ProgressRecord record)
        {
            try
            {
                cmdlet.WriteProgress(record);
            }
            catch (Exception e) when (e is PipelineStoppedException || e is InvalidOperationException || e is NotImplementedException || e is NotSupportedException)
            {
                // Not shown; nothing else depends on it.
            }
        }
    }
}
