#Requires -Version 7.4
<#
.SYNOPSIS
    Builds the AnkiSync module, runs its tests and packages it.

.DESCRIPTION
    Builds the solution, which assembles the importable module folder out/AnkiSync (manifest,
    assemblies, native SQLite per platform, format file and help). With -Test it then checks the
    code's layout (dotnet format --verify-no-changes, counted as one test), runs the
    xUnit tests (dotnet test) and the Pester 5 suites in tests/pester, and prints one line per
    suite and the total last: "N passed, N failed, N skipped". Pester runs in a fresh pwsh that
    sees only the built module: a binary module can't be unloaded, and the tests must not pick up
    an installed copy. With -Package it writes AnkiSync.<version>.nupkg to out/packages, a folder
    you can register as a local PowerShell repository.

    Nothing needs installing by hand: pwsh 7.6.9 is a local dotnet tool (`dotnet tool restore`,
    then `dotnet pwsh ./build.ps1 -Test`) and Pester is restored from NuGet by the build.

.PARAMETER Configuration
    The build configuration: Debug (default) or Release.

.PARAMETER Test
    Runs the xUnit tests and then the Pester suites after the build (Pester comes from the
    NuGet cache, where the build restores it). Exits with 1 when a test failed.

.PARAMETER Package
    Creates the module's .nupkg in out/packages after the build (and the tests, with -Test).

.EXAMPLE
    ./build.ps1 -Test

    Builds in Debug and runs every test.

.EXAMPLE
    ./build.ps1 -Configuration Release -Test -Package

    Builds in Release, runs every test and writes out/packages/AnkiSync.0.1.0.nupkg.
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',

    [switch] $Test,

    [switch] $Package
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$root = $PSScriptRoot
$outDirectory = Join-Path $root 'out'
$moduleDirectory = Join-Path $outDirectory 'AnkiSync'
$solution = Join-Path $root 'AnkiSync.sln'

function Invoke-FormatCheck {
    # `dotnet format --verify-no-changes`: the layout and naming rules of .editorconfig; `dotnet format` fixes them.
    Write-Host "> dotnet format $solution --verify-no-changes" -ForegroundColor Cyan
    & dotnet format $solution --verify-no-changes --no-restore | Out-Host
    if ($LASTEXITCODE -eq 0) {
        return [pscustomobject]@{ Passed = 1; Failed = 0; Skipped = 0; Note = '' }
    }
    return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Note = 'run dotnet format to fix the layout' }
}

function Invoke-Tool {
    # Runs a program and stops the build when it fails.
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [Parameter(ValueFromRemainingArguments)] [string[]] $ArgumentList
    )
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor Cyan
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath exited with code $LASTEXITCODE."
    }
}

function Get-PwshInvocation {
    # A fresh pwsh like this one: the pinned dotnet tool runs as `dotnet <PSHOME>/pwsh.dll`, an installed pwsh as its
    # own executable.
    $processPath = [System.Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        return @($processPath, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($processPath)
}

function Get-PesterManifest {
    # Pester comes from NuGet (a PackageDownload of the test project, restored by the build); its tools/ folder is the module.
    $version = ([xml](Get-Content -LiteralPath (Join-Path $root 'Directory.Packages.props') -Raw)).Project.PropertyGroup.PesterVersion |
        Where-Object { $_ } | Select-Object -First 1
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else {
        ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    }
    $manifest = [System.IO.Path]::Combine($packages, 'pester', $version, 'tools', 'Pester.psd1')
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "Pester $version was not restored to $manifest; 'dotnet build' restores it."
    }
    return $manifest
}

function Invoke-XunitSuite {
    # Runs the xUnit tests and returns their counts, read from the TRX report.
    $resultsDirectory = Join-Path $outDirectory 'TestResults'
    $trx = Join-Path $resultsDirectory 'xunit.trx'
    Remove-Item -LiteralPath $trx -ErrorAction SilentlyContinue
    Write-Host "> dotnet test $solution --no-build" -ForegroundColor Cyan
    & dotnet test $solution --configuration $Configuration --no-build --logger 'trx;LogFileName=xunit.trx' --results-directory $resultsDirectory | Out-Host
    $exitCode = $LASTEXITCODE
    if (-not (Test-Path -LiteralPath $trx)) {
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Note = "dotnet test exited with $exitCode and wrote no results" }
    }
    $counters = ([xml](Get-Content -LiteralPath $trx -Raw)).TestRun.ResultSummary.Counters
    $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    if ($exitCode -ne 0 -and $failed -eq 0) {
        $failed = 1
    }
    # Skipped tests are the ones counted but not executed (this TRX writer leaves notExecuted at 0).
    $skipped = [Math]::Max([int]$counters.notExecuted, [int]$counters.total - [int]$counters.executed)
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = $failed; Skipped = $skipped; Note = '' }
}

function Invoke-PesterSuite {
    # Runs build/Invoke-PesterSuite.ps1 in a fresh pwsh with the restored Pester and returns its counts.
    $pwsh = @(Get-PwshInvocation)
    $pester = Get-PesterManifest
    $resultsDirectory = Join-Path $outDirectory 'TestResults'
    $null = New-Item -ItemType Directory -Force -Path $resultsDirectory
    $results = Join-Path $resultsDirectory 'pester.xml'
    $summary = Join-Path $resultsDirectory 'pester-summary.json'
    Remove-Item -LiteralPath $summary -ErrorAction SilentlyContinue
    $testPath = Join-Path $root 'tests' 'pester'
    Write-Host "> pester $testPath (in a new pwsh)" -ForegroundColor Cyan
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'build' 'Invoke-PesterSuite.ps1'),
        '-PesterManifest', $pester, '-ModuleDirectory', $moduleDirectory, '-TestPath', $testPath, '-ResultPath', $results, '-SummaryPath', $summary)
    & $pwsh[0] @arguments | Out-Host
    $exitCode = $LASTEXITCODE
    if (-not (Test-Path -LiteralPath $summary)) {
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Note = "the Pester run exited with $exitCode and wrote no summary" }
    }
    $counts = Get-Content -LiteralPath $summary -Raw | ConvertFrom-Json
    [pscustomobject]@{ Passed = [int]$counts.Passed; Failed = [int]$counts.Failed; Skipped = [int]$counts.Skipped; Note = '' }
}

function Format-Counts([string] $Label, $Counts) {
    $line = "$($Counts.Passed) passed, $($Counts.Failed) failed, $($Counts.Skipped) skipped"
    if ($Label) { $line = "${Label}: $line" }
    if ($Counts.Note) { $line += " ($($Counts.Note))" }
    $line
}

function New-ModulePackage {
    # A .nupkg from the built module folder, through PSResourceGet when present, else PowerShellGet.
    $destination = Join-Path $outDirectory 'packages'
    $null = New-Item -ItemType Directory -Force -Path $destination
    $version = (Import-PowerShellDataFile -LiteralPath (Join-Path $moduleDirectory 'AnkiSync.psd1')).ModuleVersion
    Get-ChildItem -LiteralPath $destination -Filter "AnkiSync.$version.nupkg" | Remove-Item

    if (Get-Command -Name Compress-PSResource -ErrorAction SilentlyContinue) {
        Compress-PSResource -Path $moduleDirectory -DestinationPath $destination
    }
    else {
        # Publishing to a folder repository is how PowerShellGet 2 makes a .nupkg.
        $repositoryName = 'AnkiSyncBuild'
        if (Get-PSRepository -Name $repositoryName -ErrorAction SilentlyContinue) {
            Unregister-PSRepository -Name $repositoryName
        }
        Register-PSRepository -Name $repositoryName -SourceLocation $destination -PublishLocation $destination -InstallationPolicy Trusted
        try {
            Publish-Module -Path $moduleDirectory -Repository $repositoryName
        }
        finally {
            Unregister-PSRepository -Name $repositoryName
        }
    }

    $nupkg = Join-Path $destination "AnkiSync.$version.nupkg"
    if (-not (Test-Path -LiteralPath $nupkg)) {
        throw "No package was written to $nupkg."
    }
    Write-Host "Package: $nupkg" -ForegroundColor Green
    Write-Host "Install it with: Register-PSResourceRepository -Name Local -Uri '$destination' -Trusted; Install-PSResource AnkiSync -Repository Local"
}

Invoke-Tool dotnet build $solution --configuration $Configuration
if (-not (Test-Path -LiteralPath (Join-Path $moduleDirectory 'AnkiSync.psd1'))) {
    throw "The build did not produce the module folder $moduleDirectory."
}

if ($Test) {
    # The code's layout (.editorconfig) is checked first, as one test; every suite runs even when one fails; the
    # summary lines come last, the total on the very last line.
    $format = Invoke-FormatCheck
    $xunit = Invoke-XunitSuite
    $pesterCounts = Invoke-PesterSuite
    $total = [pscustomobject]@{
        Passed  = $format.Passed + $xunit.Passed + $pesterCounts.Passed
        Failed  = $format.Failed + $xunit.Failed + $pesterCounts.Failed
        Skipped = $xunit.Skipped + $pesterCounts.Skipped
        Note    = ''
    }
    Write-Output (Format-Counts 'Format' $format)
    Write-Output (Format-Counts 'xUnit' $xunit)
    Write-Output (Format-Counts 'Pester' $pesterCounts)
    Write-Output (Format-Counts '' $total)
    if ($total.Failed -gt 0) {
        exit 1
    }
}

if ($Package) {
    New-ModulePackage
}
