using System.IO;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Creates a new, empty package: a collection with the Default deck and default options.</summary>
    [Cmdlet(VerbsCommon.New, "AnkiPackage", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "New-AnkiPackage.md")]
    [OutputType(typeof(AnkiPackage))]
    public sealed class NewAnkiPackageCommand : AnkiCmdlet
    {
        /// <summary>Where Export-AnkiPackage writes the package by default.</summary>
        [Parameter(Position = 0)]
        public string? Path { get; set; }

        /// <summary>Allow -Path to name an existing file, which the export will replace.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void EndProcessing()
        {
            string? target = Path == null ? null : ResolveOutputPath(Path);
            if (target != null && File.Exists(target) && !Force)
            {
                ThrowTerminatingError(Error(AnkiErrors.FileExists, $"'{target}' already exists. Use Open-AnkiPackage to change it, or -Force to replace it when you export.", target));
            }

            if (!ShouldProcess(target ?? "new package", "Create Anki package"))
            {
                return;
            }

            try
            {
                var package = AnkiPackage.Create(target);
                package.OverwriteAllowed = Force;
                SessionRegistry.Add(package);
                WriteObject(package);
            }
            catch (AnkiException e)
            {
                ThrowAnkiError(e);
            }
        }
    }
}
