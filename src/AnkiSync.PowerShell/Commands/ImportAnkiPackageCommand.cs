using System;
using System.Management.Automation;
using AnkiSync.Merge;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>
    /// Merges an .apkg/.colpkg into an open package or collection the way Anki's importer does: notes by guid (updated
    /// when newer), note types by id and shape, decks by name, media by name and content; existing cards keep their scheduling.
    /// </summary>
    [Cmdlet(VerbsData.Import, "AnkiPackage", SupportsShouldProcess = true, DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Docs + "Import-AnkiPackage.md")]
    [OutputType(typeof(AnkiImportResult))]
    public sealed class ImportAnkiPackageCommand : PackageCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>The package(s) to import; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [NotAPackage]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>The package(s) to import, taken exactly as written.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>When a note whose guid the target has is overwritten: IfNewer (default), Always or Never.</summary>
        [Parameter]
        public UpdateCondition UpdateNotes { get; set; } = UpdateCondition.IfNewer;

        /// <summary>A note type whose fields or templates differ from the target's (same id) updates it instead of coming in as a copy.</summary>
        [Parameter]
        public SwitchParameter UpdateNoteTypes { get; set; }

        /// <summary>Keep the imported cards' scheduling and their review log; without it they come in as new cards.</summary>
        [Parameter]
        public SwitchParameter WithScheduling { get; set; }

        /// <summary>Put the new and updated notes in the result's Notes.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string file in ResolveInputPaths(literal ? LiteralPath : Path, literal))
            {
                bool whatIf = !ShouldProcess(package.ToString(), $"Import the Anki package '{file}'");
                if (whatIf && !MyInvocation.BoundParameters.ContainsKey("WhatIf"))
                {
                    // Declined at a -Confirm prompt: nothing to report.
                    continue;
                }

                var progress = new ProgressReporter(this, 1, "Importing Anki package", file);
                try
                {
                    var result = package.Import(file, new PackageImportOptions
                    {
                        UpdateNotes = UpdateNotes,
                        UpdateNoteTypes = UpdateNoteTypes,
                        WithScheduling = WithScheduling,
                        WhatIf = whatIf,
                        IncludeNotes = PassThru,
                        Progress = progress,
                        Cancellation = StopToken,
                    });
                    progress.Complete();
                    foreach (string line in result.Skipped)
                    {
                        WriteWarning($"'{file}': {line}");
                    }

                    WriteObject(result);
                }
                catch (AnkiException e)
                {
                    progress.Complete();
                    WriteAnkiError(e);
                }
                catch (OperationCanceledException e)
                {
                    throw Stopped(e);
                }
            }
        }
    }
}
