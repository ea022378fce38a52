using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AnkiSync.Tests.Module;

/// <summary>
/// Runs PowerShell as a user would: a runspace that imports the built module folder
/// (out/AnkiSync/AnkiSync.psd1), with its location set to a private temp folder.
/// </summary>
public sealed class ModuleHost : IDisposable
{
    private readonly Runspace runspace;

    public ModuleHost()
    {
        TempDirectory = Directory.CreateTempSubdirectory("ankisync-test-").FullName;
        var iss = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows())
        {
            iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        }
        iss.ImportPSModule(new[] { ManifestPath });
        runspace = RunspaceFactory.CreateRunspace(iss);
        runspace.Open();
        runspace.SessionStateProxy.Path.SetLocation(TempDirectory);
        runspace.SessionStateProxy.SetVariable("TestDrive", TempDirectory);
        runspace.SessionStateProxy.SetVariable("FixturesRoot", Fixtures.Available ? Fixtures.Root : null);
    }

    /// <summary>The repository root (the folder holding AnkiSync.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ManifestPath => Path.Combine(RepoRoot, "out", "AnkiSync", "AnkiSync.psd1");

    /// <summary>A temp folder that is also the runspace's current location and $TestDrive.</summary>
    public string TempDirectory { get; }

    public string Temp(string name) => Path.Combine(TempDirectory, name);

    /// <summary>Runs a script; returns its output and the non-terminating errors it wrote.</summary>
    public (Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, IReadOnlyList<WarningRecord> Warnings) Invoke(string script, IDictionary<string, object?>? variables = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        foreach (var pair in variables ?? new Dictionary<string, object?>())
        {
            runspace.SessionStateProxy.SetVariable(pair.Key, pair.Value);
        }

        ps.AddScript(script);
        var output = ps.Invoke();
        return (output, ps.Streams.Error.ToList(), ps.Streams.Warning.ToList());
    }

    /// <summary>A PowerShell instance on this host's runspace with <paramref name="script"/> added, for BeginInvoke/Stop.</summary>
    public PowerShell Prepare(string script, IDictionary<string, object?>? variables = null)
    {
        foreach (var pair in variables ?? new Dictionary<string, object?>())
        {
            runspace.SessionStateProxy.SetVariable(pair.Key, pair.Value);
        }

        var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        return ps;
    }

    /// <summary>Runs a script that must not write errors; returns its output.</summary>
    public Collection<PSObject> Run(string script, IDictionary<string, object?>? variables = null)
    {
        var (output, errors, _) = Invoke(script, variables);
        if (errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("The script wrote errors:\n" + string.Join("\n", errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        }

        return output;
    }

    /// <summary>Runs a script (with $ErrorActionPreference = 'Stop') that must fail; returns the first ErrorRecord.</summary>
    public ErrorRecord Throws(string script, IDictionary<string, object?>? variables = null)
    {
        try
        {
            Invoke("$ErrorActionPreference = 'Stop'\n" + script, variables);
        }
        catch (RuntimeException e)
        {
            return e.ErrorRecord;
        }

        throw new Xunit.Sdk.XunitException("The script did not throw.");
    }

    public void Dispose()
    {
        try
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript("Get-AnkiPackage | Close-AnkiPackage -WarningAction SilentlyContinue").Invoke();
        }
        catch (RuntimeException)
        {
        }

        runspace.Dispose();
        try
        {
            Directory.Delete(TempDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AnkiSync.sln")))
            {
                return dir.FullName;
            }
        }

        var fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(SourceFile())!, "..", "..", ".."));
        return fromSource;
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
