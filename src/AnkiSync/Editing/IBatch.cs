using System;

namespace AnkiSync.Editing
{
    /// <summary>Work in one transaction: <see cref="Complete"/> commits it; disposing without completing rolls it back.</summary>
    public interface IBatch : IDisposable
    {
        void Complete();
    }
}
