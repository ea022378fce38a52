using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;

namespace AnkiSync.Tests.Module;

/// <summary>
/// A batch cmdlet whose output a downstream command stops reading: a chosen early end (break, continue, exit)
/// commits the rows already done; an error downstream or Ctrl+C rolls them back. IsModified follows the commit.
/// (Select-Object -First is not in the embedded engine; tests/pester/PipelineEnd.Tests.ps1 covers it under pwsh.)
/// </summary>
public class PipelineEndTests
{
    private const string Rows = "1..5 | ForEach-Object { @{ Front = \"front $_\"; Back = \"back $_\" } } | ForEach-Object { [pscustomobject]$_ }";

    [Theory]
    [InlineData("foreach ($i in 1) { " + Rows + " | Add-AnkiNote -Package $p -PassThru | ForEach-Object { if ($_.Front -eq 'front 3') { break } } }")]
    [InlineData("foreach ($i in 1) { " + Rows + " | Add-AnkiNote -Package $p -PassThru | ForEach-Object { if ($_.Front -eq 'front 3') { continue } } }")]
    [InlineData(Rows + " | Add-AnkiNote -Package $p -PassThru | ForEach-Object { if ($_.Front -eq 'front 3') { exit } }")]
    public void AChosenEarlyEndCommitsTheRowsAlreadyAdded(string script)
    {
        using var host = new ModuleHost();
        host.Run("$p = New-AnkiPackage");
        host.Run(script);
        Assert.Equal(3L, host.Run("$p.NoteCount").Single().BaseObject);
        Assert.Equal(true, host.Run("$p.IsModified").Single().BaseObject);
        Assert.Equal(new[] { "front 1", "front 2", "front 3" }, host.Run("Get-AnkiNote -Package $p | ForEach-Object { $_.Front }").Select(o => (string)o.BaseObject));
    }

    [Theory]
    [InlineData("throw 'downstream failed'")]
    [InlineData("Write-Error 'downstream failed' -ErrorAction Stop")]
    public void AnErrorDownstreamRollsBackAndLeavesThePackageUnmodified(string failure)
    {
        using var host = new ModuleHost();
        host.Run("$p = New-AnkiPackage");
        host.Throws(Rows + " | Add-AnkiNote -Package $p -PassThru | ForEach-Object { if ($_.Front -eq 'front 3') { " + failure + " } }");
        Assert.Equal(0L, host.Run("$p.NoteCount").Single().BaseObject);
        Assert.Equal(false, host.Run("$p.IsModified").Single().BaseObject);
    }

    [Fact]
    public void CtrlCWhileDownstreamWorksRollsBack()
    {
        using var host = new ModuleHost();
        host.Run("$p = New-AnkiPackage");
        using var reached = new ManualResetEventSlim();
        using var ps = host.Prepare(Rows + " | Add-AnkiNote -Package $p -PassThru | ForEach-Object { if ($_.Front -eq 'front 2') { $Reached.Set(); foreach ($i in 1..500) { [System.Threading.Thread]::Sleep(10) } } }",
            new Dictionary<string, object?> { ["Reached"] = reached });
        var async = ps.BeginInvoke();
        Assert.True(reached.Wait(TimeSpan.FromSeconds(30)), "the pipeline never reached the second row");
        ps.Stop();
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Equal(0L, host.Run("$p.NoteCount").Single().BaseObject);
        Assert.Equal(false, host.Run("$p.IsModified").Single().BaseObject);
    }

    [Fact]
    public void SetAnkiNoteCommitsTheNotesChangedBeforeABreak()
    {
        using var host = new ModuleHost();
        host.Run("$p = New-AnkiPackage; " + Rows + " | Add-AnkiNote -Package $p; Export-AnkiPackage -Package $p -Path x.apkg");
        Assert.Equal(false, host.Run("$p.IsModified").Single().BaseObject);
        host.Run("foreach ($i in 1) { Get-AnkiNote -Package $p | Set-AnkiNote -AddTag 'seen' -PassThru | ForEach-Object { if ($_.Front -eq 'front 2') { break } } }");
        Assert.Equal(true, host.Run("$p.IsModified").Single().BaseObject);
        Assert.Equal(new[] { "front 1", "front 2" }, host.Run("Get-AnkiNote -Package $p | Where-Object { $_.Tags -contains 'seen' } | ForEach-Object { $_.Front }").Select(o => (string)o.BaseObject));
    }
}
