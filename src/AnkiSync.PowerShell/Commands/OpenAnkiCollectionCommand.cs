using System.Management.Automation;
using AnkiSync.Session;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>
    /// Opens a learner's Anki Desktop collection in place. Refused while Anki has it open; backed up into the
    /// profile's backups folder before the first change; every command's changes are one transaction.
    /// </summary>
    [Cmdlet(VerbsCommon.Open, "AnkiCollection", DefaultParameterSetName = ProfileSet, HelpUri = HelpLinks.Docs + "Open-AnkiCollection.md")]
    [OutputType(typeof(AnkiPackage))]
    public sealed class OpenAnkiCollectionCommand : AnkiCmdlet
    {
        private const string ProfileSet = "Profile";
        private const string PathSet = "Path";

        /// <summary>The Anki profile's name (default: the first profile).</summary>
        [Parameter(Position = 0, ParameterSetName = ProfileSet)]
        public string? Profile { get; set; }

        /// <summary>The collection file itself (collection.anki2), instead of a profile name.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [Alias("LiteralPath")]
        public string Path { get; set; } = "";

        /// <summary>Skip the backup made before the first change.</summary>
        [Parameter]
        public SwitchParameter NoBackup { get; set; }

        protected override void EndProcessing()
        {
            try
            {
                string collection = ParameterSetName == PathSet ? ResolveOutputPath(Path) : AnkiProfiles.CollectionPath(Profile);
                string? backups = NoBackup ? null : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(collection)!, "backups");
                var package = AnkiPackage.OpenCollection(collection, backups);
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
