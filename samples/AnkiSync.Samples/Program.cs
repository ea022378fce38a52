using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

// Usage: dotnet run --project samples/AnkiSync.Samples -- <script.ps1> [arguments...]
// Imports out/AnkiSync/AnkiSync.psd1 into an embedded PowerShell engine and runs the script from the
// current folder, printing its output objects, warnings and errors.
if (args.Length == 0)
{
    Console.Error.WriteLine("Usage: dotnet run --project samples/AnkiSync.Samples -- <script.ps1> [arguments...]");
    return 2;
}

string manifest = FindManifest();
var iss = InitialSessionState.CreateDefault2();
if (OperatingSystem.IsWindows())
{
    iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
}
iss.ImportPSModule(new[] { manifest });
using var runspace = RunspaceFactory.CreateRunspace(iss);
runspace.Open();
runspace.SessionStateProxy.Path.SetLocation(Directory.GetCurrentDirectory());

using var ps = PowerShell.Create();
ps.Runspace = runspace;
ps.AddCommand(Path.GetFullPath(args[0]));
// "-Name value" becomes a named parameter, a "-Name" followed by another "-Name" (or nothing) a switch,
// anything else a positional argument.
for (int i = 1; i < args.Length; i++)
{
    if (args[i].StartsWith('-') && args[i].Length > 1)
    {
        string name = args[i].Substring(1);
        if (i + 1 < args.Length && !args[i + 1].StartsWith('-'))
        {
            ps.AddParameter(name, args[++i]);
        }
        else
        {
            ps.AddParameter(name, true);
        }
    }
    else
    {
        ps.AddArgument(args[i]);
    }
}

ps.Streams.Warning.DataAdded += (_, e) => Console.Error.WriteLine("WARNING: " + ps.Streams.Warning[e.Index]);
ps.Streams.Error.DataAdded += (_, e) => Console.Error.WriteLine("ERROR: " + ps.Streams.Error[e.Index] + " (" + ps.Streams.Error[e.Index].FullyQualifiedErrorId + ")");
ps.Streams.Information.DataAdded += (_, e) => Console.WriteLine(ps.Streams.Information[e.Index]);
try
{
    foreach (PSObject item in ps.Invoke())
    {
        Print(item);
    }
}
catch (RuntimeException e)
{
    Console.Error.WriteLine("ERROR: " + e.Message + " (" + e.ErrorRecord.FullyQualifiedErrorId + ")");
    return 1;
}

return ps.HadErrors ? 1 : 0;

static void Print(PSObject item)
{
    if (item.BaseObject is string || item.BaseObject.GetType().IsPrimitive)
    {
        Console.WriteLine(item.ToString());
        return;
    }

    // The embedded engine has no Format-* cmdlets: print each object as "Name : value" lines.
    foreach (var property in item.Properties.Where(p => p.IsGettable && p.Name != "Package"))
    {
        object? value;
        try
        {
            value = property.Value;
        }
        catch (GetValueException)
        {
            continue;
        }

        string text = value is System.Collections.IEnumerable list && value is not string
            ? string.Join(", ", list.Cast<object?>())
            : Convert.ToString(value, System.Globalization.CultureInfo.CurrentCulture) ?? "";
        Console.WriteLine($"{property.Name,-12}: {text}");
    }

    Console.WriteLine();
}

static string FindManifest()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
    {
        string candidate = Path.Combine(dir.FullName, "out", "AnkiSync", "AnkiSync.psd1");
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }

    throw new FileNotFoundException("out/AnkiSync/AnkiSync.psd1 was not found; run 'dotnet build' at the repository root first.");
}
