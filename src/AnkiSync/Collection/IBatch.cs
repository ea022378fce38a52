using System;

namespace AnkiSync.Collection
{
    /// <summary>Work in one transaction: <see cref="Complete"/> commits it; disposing without completing rolls it back.</summary>
    public interface IBatch : IDisposable
    {
        void Complete();
    }
}
