using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace AnkiSync.Bench
{
    /// <summary>The embedded PowerShell engine: a runspace with the module imported (or extra cmdlets registered), and scripts run in it.</summary>
    internal static class PowerShellHost
    {
        public static Runspace Open(bool importModule, params SessionStateCmdletEntry[] cmdlets)
        {
            var state = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows())
            {
                state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            }

            if (importModule)
            {
                state.ImportPSModule(new[] { ModuleManifest() });
            }

            foreach (var cmdlet in cmdlets)
            {
                state.Commands.Add(cmdlet);
            }

            var runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            return runspace;
        }

        /// <summary>Runs a script with named arguments; any error record fails the measurement.</summary>
        public static void Run(Runspace runspace, string script, params (string Name, object Value)[] arguments)
            => Count(runspace, script, arguments);

        /// <summary>
        /// Runs a script and returns how many objects it output. The objects are counted as they arrive and not
        /// kept, so counting adds no PowerShell command and no memory that grows with the output.
        /// </summary>
        public static long Count(Runspace runspace, string script, params (string Name, object Value)[] arguments)
        {
            long count = 0;
            using var output = new PSDataCollection<PSObject>();
            output.DataAdded += (_, _) =>
            {
                count++;
                output.Clear();
            };
            using var shell = PowerShell.Create();
            shell.Runspace = runspace;
            shell.AddScript(script);
            foreach (var (name, value) in arguments)
            {
                shell.AddParameter(name, value);
            }

            shell.Invoke<PSObject, PSObject>(null, output, new PSInvocationSettings());
            if (shell.Streams.Error.Count > 0)
            {
                var first = shell.Streams.Error[0];
                throw new InvalidOperationException($"{shell.Streams.Error.Count} error(s); the first: {first} ({first.FullyQualifiedErrorId})");
            }

            return count;
        }

        /// <summary>Debug or Release: how the module's cmdlet assembly was built (the driver prints it; only Release numbers count).</summary>
        public static string ModuleConfiguration()
        {
            string cmdlets = Path.Combine(Path.GetDirectoryName(ModuleManifest())!, "AnkiSync.PowerShell.dll");
            try
            {
                return Assembly.LoadFile(cmdlets).GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";
            }
            catch (Exception e) when (e is IOException || e is BadImageFormatException)
            {
                return "unreadable";
            }
        }

        /// <summary>out/AnkiSync/AnkiSync.psd1: ANKISYNC_MODULE if set, else the path recorded at build time.</summary>
        public static string ModuleManifest()
        {
            string? configured = Environment.GetEnvironmentVariable("ANKISYNC_MODULE");
            string? built = typeof(PowerShellHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "ModuleManifest")?.Value;
            string manifest = configured ?? built ?? "";
            if (!File.Exists(manifest))
            {
                throw new FileNotFoundException($"The module manifest '{manifest}' was not found; run 'dotnet build -c Release' at the repository root first (or set ANKISYNC_MODULE).");
            }

            return manifest;
        }
    }
}
