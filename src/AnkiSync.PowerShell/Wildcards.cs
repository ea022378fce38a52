using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace AnkiSync.PowerShell
{
    /// <summary>PowerShell wildcard matching for name filters; no patterns means "everything".</summary>
    internal static class Wildcards
    {
        public static IReadOnlyList<WildcardPattern>? Of(IEnumerable<string>? patterns)
            => patterns == null ? null : patterns.Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToList();

        public static bool Match(IReadOnlyList<WildcardPattern>? patterns, string value)
            => patterns == null || patterns.Any(p => p.IsMatch(value));
    }
}
