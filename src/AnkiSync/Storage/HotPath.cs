using System.Runtime.CompilerServices;

namespace AnkiSync.Storage
{
    /// <summary>
    /// For the few methods that run once per row of a whole collection (reading a row's columns, a page of cards, the
    /// CRC of an extracted entry): compiled fully optimised on their first call instead of starting as unoptimised
    /// code, which a one-off command (a pipeline in a fresh PowerShell) would otherwise run for a good part of its rows.
    /// The flag is .NET Core's AggressiveOptimization; runtimes that do not know it ignore it.
    /// </summary>
    internal static class HotPath
    {
        public const MethodImplOptions PerRow = (MethodImplOptions)512;
    }
}
