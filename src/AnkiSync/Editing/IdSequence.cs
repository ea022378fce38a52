using System;

namespace AnkiSync.Editing
{
    /// <summary>
    /// Millisecond-timestamp ids as Anki makes them: the current time, or one more than the last id when
    /// rows arrive faster than one per millisecond.
    /// </summary>
    internal sealed class IdSequence
    {
        private readonly string kind;
        private readonly string owner;
        private readonly object? target;
        private long last;

        /// <param name="lastUsed">The largest id in use.</param>
        /// <param name="kind">What the ids are of ("note"), for the error when they run out.</param>
        /// <param name="owner">How that error names the collection.</param>
        /// <param name="target">That error's target (the package's path).</param>
        public IdSequence(long lastUsed, string kind, string owner, object? target)
        {
            last = lastUsed;
            this.kind = kind;
            this.owner = owner;
            this.target = target;
        }

        public long Next()
        {
            EnsureRoom(1);
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            last = Math.Max(last + 1, now);
            return last;
        }

        /// <summary>Records an id used from elsewhere (a copied row), so that the ids handed out next stay above it.</summary>
        public void Observe(long id) => last = Math.Max(last, id);

        /// <summary>
        /// Fails before anything is written when <paramref name="count"/> more ids would not fit: a damaged file
        /// whose largest id is near <see cref="long.MaxValue"/> would otherwise wrap around into used ids.
        /// </summary>
        public void EnsureRoom(int count)
        {
            if (last > long.MaxValue - count)
            {
                throw new AnkiException(AnkiErrors.CorruptCollection,
                    $"The collection of '{owner}' is damaged: its largest {kind} id ({last}) leaves no room for a new {kind} id.", target);
            }
        }
    }
}
