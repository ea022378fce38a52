using System;
using System.Diagnostics;
using System.IO;

namespace AnkiSync.Bench
{
    /// <summary>
    /// Resident memory of this process. On Linux the peak (VmHWM) is reset just before the timed region
    /// (writing 5 to /proc/self/clear_refs), so the reported peak belongs to the measurement alone; elsewhere
    /// it is the process's lifetime peak.
    /// </summary>
    internal static class PeakMemory
    {
        private const string Status = "/proc/self/status";

        /// <summary>True when the peak could be reset, i.e. it covers the timed region only.</summary>
        public static bool TryReset()
        {
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is PlatformNotSupportedException)
            {
                return false;
            }
        }

        public static long CurrentBytes() => ReadStatus("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64;

        public static long PeakBytes() => ReadStatus("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64;

        private static long? ReadStatus(string key)
        {
            if (!File.Exists(Status))
            {
                return null;
            }

            foreach (string line in File.ReadLines(Status))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    string[] parts = line.Substring(key.Length).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }

            return null;
        }
    }
}
