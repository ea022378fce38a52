using System;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.ExceptionServices;
using AnkiSync.Editing;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// One engine batch per package for the whole pipeline: rows of one pipeline go in one transaction, committed in
    /// EndProcessing, or when a downstream command ends the pipeline early by choice (<see cref="Emit"/>), and rolled
    /// back (<see cref="Dispose"/>) if the pipeline fails or is stopped with Ctrl+C.
    /// </summary>
    internal sealed class PipelineBatch<TBatch> : IDisposable
        where TBatch : class, IBatch
    {
        private readonly Func<AnkiPackage, TBatch> begin;
        private TBatch? batch;
        private AnkiPackage? package;

        public PipelineBatch(Func<AnkiPackage, TBatch> begin) => this.begin = begin;

        public TBatch? Current => batch;

        public AnkiPackage? Package => package;

        /// <summary>Where each row is counted for Write-Progress (set by the cmdlet that owns the batch).</summary>
        public RowProgress? Progress { get; set; }

        /// <summary>The batch of <paramref name="target"/> for one row of the pipeline.</summary>
        public TBatch For(AnkiPackage target)
        {
            Progress?.Row();
            if (batch != null && !ReferenceEquals(package, target))
            {
                Complete();
            }

            if (batch == null)
            {
                batch = begin(target);
                package = target;
            }

            return batch;
        }

        public void Complete()
        {
            Progress?.Saving();
            batch?.Complete();
            Dispose();
            Progress?.Done();
        }

        /// <summary>
        /// Writes one output object of a row in the batch. A downstream command can end the pipeline while it handles
        /// the object; PowerShell then disposes this cmdlet without EndProcessing. If that end was chosen
        /// (Select-Object -First, break, continue, exit) the rows done so far are committed first; if it is an error
        /// downstream or Ctrl+C, nothing is, and <see cref="Dispose"/> rolls them back.
        /// </summary>
        public void Emit(Cmdlet cmdlet, object item)
        {
            try
            {
                cmdlet.WriteObject(item);
            }
            catch (Exception e) when (PipelineEnd.IsChosen(cmdlet, e))
            {
                try
                {
                    Complete();
                }
                catch (AnkiException failure)
                {
                    cmdlet.ThrowTerminatingError(AnkiCmdlet.ToErrorRecord(failure));
                }

                throw;
            }
        }

        public void Dispose()
        {
            batch?.Dispose();
            batch = null;
            package = null;
        }
    }

    /// <summary>Tells why WriteObject threw: the pipeline ending early by choice, or an error or a stop.</summary>
    internal static class PipelineEnd
    {
        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        private static readonly string[] FirstErrorFields = { "_firstTerminatingError", "firstTerminatingError" };

        /// <summary>
        /// break and continue arrive as themselves. Select-Object -First, exit and a terminating error downstream all
        /// arrive as a plain PipelineStoppedException (measured on pwsh 7.6); only the pipeline's first terminating
        /// error, which PowerShell keeps internal, tells them apart. If this PowerShell keeps it elsewhere, the end
        /// counts as chosen: committing rows that each succeeded is better than silently losing them.
        /// </summary>
        public static bool IsChosen(Cmdlet cmdlet, Exception e)
        {
            if (cmdlet.Stopping)
            {
                return false;
            }

            if (e is FlowControlException)
            {
                return true;
            }

            if (!(e is PipelineStoppedException))
            {
                return false;
            }

            string? cause = FirstTerminatingErrorType(cmdlet);
            return cause == null || cause == "StopUpstreamCommandsException" || cause == "ExitException";
        }

        private static string? FirstTerminatingErrorType(Cmdlet cmdlet)
        {
            try
            {
                object? runtime = cmdlet.CommandRuntime;
                object? processor = runtime?.GetType().GetProperty("PipelineProcessor", Instance)?.GetValue(runtime);
                if (processor == null)
                {
                    return null;
                }

                foreach (string name in FirstErrorFields)
                {
                    var field = processor.GetType().GetField(name, Instance);
                    if (field == null)
                    {
                        continue;
                    }

                    object? value = field.GetValue(processor);
                    Exception? error = value is ExceptionDispatchInfo info ? info.SourceException : value as Exception;
                    return error?.GetType().Name ?? "";
                }

                return null;
            }
            catch (Exception e) when (e is TargetException || e is MemberAccessException || e is AmbiguousMatchException || e is InvalidOperationException)
            {
                return null;
            }
        }
    }
}
