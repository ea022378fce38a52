using System;
using System.Linq;
using AnkiSync.Collection;
using AnkiSync.Text;

namespace AnkiSync.Editing
{
    /// <summary>
    /// Decodes values that repeat from row to row of one read (modification times of a batch, a deck's tags)
    /// once: converting to local time and splitting tags are a large share of building each object.
    /// </summary>
    internal sealed class RepeatedValues
    {
        private long lastTime = long.MinValue;
        private DateTime lastLocalTime;
        private string? lastStoredTags;
        private string[] lastTags = Array.Empty<string>();

        [System.Runtime.CompilerServices.MethodImpl(Storage.HotPath.PerRow)]
        public DateTime LocalTime(long stored)
        {
            if (stored != lastTime)
            {
                lastLocalTime = RowReader.FromStoredTime(stored);
                lastTime = stored;
            }

            return lastLocalTime;
        }

        /// <summary>The tags of a notes.tags value; every object gets its own array.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Storage.HotPath.PerRow)]
        public string[] Tags(string stored)
        {
            if (!string.Equals(stored, lastStoredTags, StringComparison.Ordinal))
            {
                lastTags = TagList.ParseStored(stored).ToArray();
                lastStoredTags = stored;
            }

            return lastTags.Length == 0 ? lastTags : (string[])lastTags.Clone();
        }
    }
}
