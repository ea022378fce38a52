using System;

namespace AnkiSync.Collection
{
    /// <summary>
    /// Millisecond-timestamp ids as Anki makes them: the current time, or one more than the last id when
    /// rows arrive faster than one per millisecond.
    /// </summary>
    internal sealed class IdSequence
    {
        private long last;

        public IdSequence(long lastUsed) => last = lastUsed;

        public long Next()
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            last = Math.Max(last + 1, now);
            return last;
        }
    }
}
