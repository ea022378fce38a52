using System.Linq;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Deletes media files from a package.</summary>
    [Cmdlet(VerbsCommon.Remove, "AnkiMedia", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Remove-AnkiMedia.md")]
    [OutputType(typeof(void))]
    public sealed class RemoveAnkiMediaCommand : PackageCmdlet
    {
        /// <summary>Names of the files to delete (wildcards allowed); binds from Get-AnkiMedia output.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.MediaNameCompleter))]
        public string[] Name { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            foreach (string pattern in Name)
            {
                var matches = WildcardPattern.ContainsWildcardCharacters(pattern)
                    ? package.GetMedia().Where(m => !m.IsMissing && Wildcards.Match(Wildcards.Of(new[] { pattern }), m.Name)).Select(m => m.Name).ToList()
                    : new System.Collections.Generic.List<string> { WildcardPattern.Unescape(pattern) };
                foreach (string name in matches)
                {
                    if (!ShouldProcess(name, "Remove media file"))
                    {
                        continue;
                    }

                    try
                    {
                        package.RemoveMedia(name);
                    }
                    catch (AnkiException e)
                    {
                        WriteAnkiError(e);
                    }
                }
            }
        }
    }
}
