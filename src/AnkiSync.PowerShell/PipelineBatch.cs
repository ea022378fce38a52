using System;
using AnkiSync.Collection;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// One engine batch per package for the whole pipeline: rows of one pipeline go in one transaction,
    /// committed in EndProcessing and rolled back if the pipeline is stopped or fails.
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

        public TBatch For(AnkiPackage target)
        {
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
            batch?.Complete();
            Dispose();
        }

        public void Dispose()
        {
            batch?.Dispose();
            batch = null;
            package = null;
        }
    }
}
