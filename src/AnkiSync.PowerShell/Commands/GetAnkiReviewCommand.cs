using System;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Streams the review log: every answer, and every manual reschedule, of the package's cards.</summary>
    [Cmdlet(VerbsCommon.Get, "AnkiReview", DefaultParameterSetName = PackageSet, HelpUri = HelpLinks.Docs + "Get-AnkiReview.md")]
    [OutputType(typeof(AnkiReview))]
    public sealed class GetAnkiReviewCommand : PackageReadCmdlet
    {
        /// <summary>A package or collection file to open, read and close (wildcards allowed); the first positional parameter.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [NotAPackage]
        public override string[] Path { get => base.Path; set => base.Path = value; }

        /// <summary>Only the reviews of these cards; binds from cards piped in (their Id).</summary>
        // Bound from the pipeline only with -Package: in the -Path sets a piped FileInfo must bind -LiteralPath (PSPath) alone.
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PackageSet)]
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Alias("Id")]
        public long[]? CardId { get; set; }

        /// <summary>Only reviews at or after this time.</summary>
        [Parameter]
        public DateTime After { get; set; }

        /// <summary>Only reviews before this time.</summary>
        [Parameter]
        public DateTime Before { get; set; }

        protected override void Read(AnkiPackage package)
            => WriteAll(package.GetReviews(new ReviewFilter
            {
                CardIds = CardId,
                After = MyInvocation.BoundParameters.ContainsKey(nameof(After)) ? After : (DateTime?)null,
                Before = MyInvocation.BoundParameters.ContainsKey(nameof(Before)) ? Before : (DateTime?)null,
            }), r => r);
    }
}
