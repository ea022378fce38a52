using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace StandInSqlite;

/// <summary>Runs one SQL statement on a database file with the module's own Microsoft.Data.Sqlite and returns the rows.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "StandInSqlite")]
[OutputType(typeof(PSObject))]
public sealed class InvokeStandInSqliteCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1)]
    public string Query { get; set; } = "";

    protected override void EndProcessing()
    {
        string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Query;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new PSObject();
            for (int i = 0; i < reader.FieldCount; i++)
            {
                row.Properties.Add(new PSNoteProperty(reader.GetName(i), reader.IsDBNull(i) ? null : reader.GetValue(i)));
            }

            row.Properties.Add(new PSNoteProperty("MicrosoftDataSqliteVersion", typeof(SqliteConnection).Assembly.GetName().Version!.ToString()));
            row.Properties.Add(new PSNoteProperty("SqlitePclRawVersion", typeof(SQLitePCL.raw).Assembly.GetName().Version!.ToString()));
            WriteObject(row);
        }
    }
}

/// <summary>
/// What modules commonly do to load their native SQLite inside PowerShell: a process-wide DllImport resolver on the
/// provider assembly that maps "e_sqlite3" to the file under the module folder, then the bundle's Init.
/// </summary>
public sealed class StandInInitializer : IModuleAssemblyInitializer
{
    public void OnImport()
    {
        string root = System.IO.Path.GetDirectoryName(typeof(StandInInitializer).Assembly.Location)!;
        string rid = (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux")
            + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string file = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "e_sqlite3.dll"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "libe_sqlite3.dylib" : "libe_sqlite3.so";
        string native = System.IO.Path.Combine(root, "runtimes", rid, "native", file);
        NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly,
            (name, assembly, path) => name == "e_sqlite3" ? NativeLibrary.Load(native) : IntPtr.Zero);
        SQLitePCL.Batteries_V2.Init();
    }
}
