using System.Linq;

namespace AnkiSync.Tests.Engine.Facade;

/// <summary>Sets up a state for a test by changing the collection directly, through the package's own SQL call.</summary>
internal static class RawSql
{
    public static void Run(AnkiPackage package, string sql, params (string Name, object Value)[] parameters)
        => package.ExecuteSql(sql, parameters.ToDictionary(p => p.Name, p => (object?)p.Value), out _, out _);
}
