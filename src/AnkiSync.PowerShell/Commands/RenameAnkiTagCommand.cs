using System;
using System.Linq;
using System.Management.Automation;
using AnkiSync.Editing;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Renames a tag and its '::' children on every note, as Anki's browser does.</summary>
    [Cmdlet(VerbsCommon.Rename, "AnkiTag", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Rename-AnkiTag.md")]
    [OutputType(typeof(AnkiTag))]
    public sealed class RenameAnkiTagCommand : PackageBatchCmdlet<TagEditor>
    {
        public RenameAnkiTagCommand()
            : base(p => p.BeginTagEdit())
        {
        }

        /// <summary>The tag to rename (case-insensitive); its children ('Name::…') are renamed with it.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        [NotAPackage("a tag")]
        public string Name { get; set; } = "";

        /// <summary>The new name.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public string NewName { get; set; } = "";

        /// <summary>Output the renamed tag.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            if (!ShouldProcess($"tag '{Name}'", $"Rename to '{NewName}'"))
            {
                return;
            }

            try
            {
                int notes = Batch.For(package).Rename(Name, NewName);
                if (notes == 0)
                {
                    WriteAnkiError(new AnkiException(AnkiErrors.TagNotFound, $"No note has the tag '{Name}' or a child of it, so nothing was renamed.", Name));
                    return;
                }

                WriteVerbose($"Renamed '{Name}' to '{NewName}' on {notes} note(s).");
                if (PassThru)
                {
                    WriteObject(package.GetTagCounts().FirstOrDefault(t => string.Equals(t.Name, NewName, StringComparison.OrdinalIgnoreCase)));
                }
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }
    }
}
