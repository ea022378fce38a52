using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AnkiSync.Editing;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Removes tags, with their '::' children, from every note and from the collection's tag list.</summary>
    [Cmdlet(VerbsCommon.Remove, "AnkiTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Remove-AnkiTag.md")]
    [OutputType(typeof(void))]
    public sealed class RemoveAnkiTagCommand : PackageBatchCmdlet<TagEditor>
    {
        public RemoveAnkiTagCommand()
            : base(p => p.BeginTagEdit())
        {
        }

        /// <summary>The tags to remove (case-insensitive; wildcards match existing tags).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        [NotAPackage("a tag")]
        public string[] Name { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            try
            {
                var names = new List<string>();
                foreach (string name in Name)
                {
                    if (WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        var pattern = Wildcards.Of(new[] { name });
                        names.AddRange(package.GetTagCounts().Select(t => t.Name).Where(t => Wildcards.Match(pattern, t)));
                    }
                    else
                    {
                        names.Add(name);
                    }
                }

                foreach (string name in names.Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (ShouldProcess($"tag '{name}'", "Remove from every note"))
                    {
                        int notes = Batch.For(package).Remove(new[] { name });
                        WriteVerbose($"Removed '{name}' from {notes} note(s).");
                    }
                }
            }
            catch (AnkiException e)
            {
                WriteAnkiError(e);
            }
        }
    }
}
