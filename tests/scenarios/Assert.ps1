# Tiny assertions shared by the scenario scripts (run by tests/pester/Scenarios.Tests.ps1 under the real pwsh; they
# read like a user's script, so they use no Pester syntax). A failed assertion throws.
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

function Assert-AnkiRules {
    # Checks written files with the independent rule checker (tests/AnkiRules, built into out/test-tools): checksum,
    # sort field, tags, guids, generated cards, new-card positions, col JSON keys, media. -Real relaxes what real
    # collections legitimately keep (cards whose front became empty, unshipped media, a stale nextPos, unpadded tags).
    param([Parameter(Mandatory)] [string[]] $Path, [switch] $Real, [switch] $AllowMissingMedia)
    $checker = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'out', 'test-tools', 'AnkiRules', 'AnkiRules.dll'))
    if (-not [System.IO.File]::Exists($checker)) { throw "The rule checker is not built: $checker ('dotnet build' builds it)." }
    $dotnet = [System.Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($dotnet) -ne 'dotnet') { $dotnet = 'dotnet' }
    $arguments = @($checker) + @(if ($Real) { '-Real' }) + @(if ($AllowMissingMedia) { '-AllowMissingMedia' }) + $Path
    $problems = & $dotnet @arguments
    if ($LASTEXITCODE -ne 0) {
        throw "Written file(s) break Anki's rules:`n$($problems -join "`n")"
    }
}
