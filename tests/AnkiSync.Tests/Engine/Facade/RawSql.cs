using System.Collections.Generic;
using System.Linq;

namespace AnkiSync.Tests.Engine.Facade;

/// <summary>Sets up a state for a test by changing the collection directly, through the package's own SQL call.</summary>
internal static class RawSql
{
    public static void Run(AnkiPackage package, string sql, params (string Name, object Value)[] parameters)
        => package.ExecuteSql(sql, parameters.ToDictionary(p => p.Name, p => (object?)p.Value), out _, out _);

    /// <summary>The one row a query returns, read the same way.</summary>
    public static IReadOnlyDictionary<string, object?> Row(AnkiPackage package, string sql)
        => package.ExecuteSql(sql, null, out _, out _).Single();
}
