# Tiny assertions shared by the scenario scripts, so the same scripts run under Pester (pwsh) and
# under the xUnit host's embedded PowerShell engine (which has no Pester). A failed assertion throws.
Set-StrictMode -Version Latest

function Assert-Equal {
    param($Expected, $Actual, [string]$Because = '')
    if (-not ($Expected -ceq $Actual)) {
        throw "Expected '$Expected' but got '$Actual'. $Because"
    }
}

function Assert-True {
    param([bool]$Condition, [string]$Because = '')
    if (-not $Condition) { throw "Assertion failed: $Because" }
}

function Assert-ErrorId {
    # Runs $Script and requires an error (terminating or not) whose FullyQualifiedErrorId starts with $ErrorId.
    param([scriptblock]$Script, [string]$ErrorId)
    $caught = $null
    $ErrorActionPreference = 'Stop'
    try {
        & $Script
    } catch {
        $caught = $_
    }
    if ($null -eq $caught) { throw "Expected error $ErrorId but the command succeeded." }
    if (-not $caught.FullyQualifiedErrorId.StartsWith($ErrorId)) {
        throw "Expected error $ErrorId but got $($caught.FullyQualifiedErrorId): $caught"
    }
    $caught
}
