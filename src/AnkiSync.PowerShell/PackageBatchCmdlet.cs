using System;
using AnkiSync.Editing;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// A cmdlet whose pipeline writes through one engine batch per package (<see cref="PipelineBatch{TBatch}"/>):
    /// committed in EndProcessing, rolled back on dispose when the pipeline fails or is stopped.
    /// </summary>
    public abstract class PackageBatchCmdlet<TBatch> : PackageCmdlet, IDisposable
        where TBatch : class, IBatch
    {
        private protected PackageBatchCmdlet(Func<AnkiPackage, TBatch> begin)
        {
            Batch = new PipelineBatch<TBatch>(begin);
            Batch.Progress = new RowProgress(this);
        }

        /// <summary>The pipeline's batch; <c>Batch.For(package)</c> gives the transaction of a record's package.</summary>
        internal PipelineBatch<TBatch> Batch { get; }

        protected override void EndProcessing()
        {
            try
            {
                TBatch? current = Batch.Current;
                AnkiPackage? package = Batch.Package;
                Batch.Complete();
                if (current != null && package != null)
                {
                    Committed(package, current);
                }
            }
            catch (AnkiException e)
            {
                ThrowAnkiError(e);
            }
        }

        /// <summary>After the last batch of the pipeline committed.</summary>
        private protected virtual void Committed(AnkiPackage package, TBatch batch)
        {
        }

        public void Dispose() => Batch.Dispose();
    }
}
