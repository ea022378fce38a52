using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AnkiSync.Bench
{
    /// <summary>The module from a pipeline: pre-built rows | Add-AnkiNote, then Export-AnkiPackage.</summary>
    internal sealed class PipelineWrite : Scenario
    {
        private const string Script = @"
param($Rows, $Path)
$p = New-AnkiPackage
try {
    $Rows | Add-AnkiNote -Package $p
    Export-AnkiPackage -Package $p -Path $Path -Force
}
finally {
    Close-AnkiPackage -Package $p
}
";

        private Runspace? runspace;
        private List<PSObject>? rows;

        public override string Name => "pipeline-write";

        public override void Prepare(BenchFiles files)
        {
            runspace = PowerShellHost.Open(importModule: true);
            rows = Rows.Build(files.Count);
        }

        public override long Run(BenchFiles files)
        {
            PowerShellHost.Run(runspace!, Script, ("Rows", rows!), ("Path", files.PipelinePackage));
            return files.Count;
        }

        public override void Verify(BenchFiles files, long result) => PackageCheck.RequireCounts(files.PipelinePackage, files.Count);
    }

    /// <summary>A read through the module: a script over the read input whose output is counted as it arrives.</summary>
    internal abstract class PipelineScriptRead : Scenario
    {
        private Runspace? runspace;

        /// <summary>The script, with a $Path parameter.</summary>
        protected abstract string Script { get; }

        public override void Prepare(BenchFiles files)
        {
            PackageCheck.RequireFile(files.ReadInput);
            runspace = PowerShellHost.Open(importModule: true);
        }

        public override long Run(BenchFiles files) => PowerShellHost.Count(runspace!, Script, ("Path", files.ReadInput));

        public override void Verify(BenchFiles files, long result) => PackageCheck.RequireMatches(result, files.Count);
    }

    /// <summary>The module from a pipeline: Get-AnkiCard -Path | Where-Object Front -like '*7'.</summary>
    internal sealed class PipelineRead : PipelineScriptRead
    {
        public override string Name => "pipeline-read";

        protected override string Script => "param($Path) Get-AnkiCard -Path $Path | Where-Object Front -like '*7'";
    }

    /// <summary>The module without a filter: every card of Get-AnkiCard -Path, counted as it arrives (SPEC: within 2.5 × the raw read).</summary>
    internal sealed class PipelineReadAll : PipelineScriptRead
    {
        public override string Name => "pipeline-readall";

        protected override string Script => "param($Path) Get-AnkiCard -Path $Path";

        public override void Verify(BenchFiles files, long result)
        {
            if (result != files.Count)
            {
                throw new InvalidOperationException($"Get-AnkiCard -Path output {result} cards; expected {files.Count}.");
            }
        }
    }

    /// <summary>The module with Anki's search syntax: Get-AnkiCard -Path -Query 'Front:*7' (the filter runs inside SQLite).</summary>
    internal sealed class PipelineQueryRead : PipelineScriptRead
    {
        public override string Name => "pipeline-queryread";

        protected override string Script => "param($Path) Get-AnkiCard -Path $Path -Query 'Front:*7'";
    }

    /// <summary>The write floor: the same rows through a no-op cmdlet with Add-AnkiNote's parameter binding.</summary>
    internal sealed class FloorWrite : Scenario
    {
        private const string Script = "param($Rows, $Package) $Rows | Add-AnkiNoteFloor -Package $Package";
        private Runspace? runspace;
        private List<PSObject>? rows;
        private AnkiPackage? package;

        public override string Name => "floor-write";

        public override void Prepare(BenchFiles files)
        {
            runspace = PowerShellHost.Open(importModule: false, new SessionStateCmdletEntry("Add-AnkiNoteFloor", typeof(AddAnkiNoteFloorCommand), null));
            rows = Rows.Build(files.Count);
            package = AnkiPackage.Create();
        }

        public override long Run(BenchFiles files)
        {
            PowerShellHost.Run(runspace!, Script, ("Rows", rows!), ("Package", package!));
            return files.Count;
        }
    }

    /// <summary>
    /// The Where-Object floor (SPEC: "the same filter over 100k plain objects"): N pre-built plain objects
    /// (<c>[pscustomobject]@{ Front; Back; Tags }</c>) streamed from a cmdlet | the same Where-Object, counted.
    /// </summary>
    internal sealed class FloorRead : Scenario
    {
        private const string Script = "Get-AnkiCardFloor | Where-Object Front -like '*7'";
        private Runspace? runspace;

        public override string Name => "floor-read";

        public override void Prepare(BenchFiles files)
        {
            runspace = PowerShellHost.Open(importModule: false, new SessionStateCmdletEntry("Get-AnkiCardFloor", typeof(GetAnkiCardFloorCommand), null));
            GetAnkiCardFloorCommand.Cards = Rows.Build(files.Count);
        }

        public override long Run(BenchFiles files) => PowerShellHost.Count(runspace!, Script);

        public override void Verify(BenchFiles files, long result) => PackageCheck.RequireMatches(result, files.Count);
    }

    /// <summary>Input built before the timer starts.</summary>
    internal static class Rows
    {
        /// <summary>What <c>[pscustomobject]@{ Front = …; Back = …; Tags = 'bench' }</c> makes, N times.</summary>
        public static List<PSObject> Build(int count)
        {
            var rows = new List<PSObject>(count);
            for (int i = 1; i <= count; i++)
            {
                rows.Add(Row(i));
            }

            return rows;
        }

        public static PSObject Row(int i)
        {
            var row = new PSObject();
            row.Properties.Add(new PSNoteProperty("Front", Workload.Front(i)));
            row.Properties.Add(new PSNoteProperty("Back", Workload.Back(i)));
            row.Properties.Add(new PSNoteProperty("Tags", Workload.Tag));
            return row;
        }
    }
}
