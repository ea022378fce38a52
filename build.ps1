#Requires -Version 7.4
<#
.SYNOPSIS
    Builds the AnkiSync module, runs its tests and packages it.

.DESCRIPTION
    Builds the solution, which assembles the importable module folder out/AnkiSync (manifest,
    assemblies, native SQLite, format file and help). With -Test it then runs the xUnit tests
    (dotnet test) and the Pester 5 suites in tests/pester. Pester runs in a fresh pwsh that sees
    only the built module: a binary module can't be unloaded, and the tests must not pick up an
    installed copy. With -Package it writes AnkiSync.<version>.nupkg to out/packages, a folder
    you can register as a local PowerShell repository.

    The same build and tests run without pwsh: `dotnet build` and `dotnet test` at the repository root.

.PARAMETER Configuration
    The build configuration: Debug (default) or Release.

.PARAMETER Test
    Runs the xUnit tests and the Pester suites after the build. Pester 5 must be installed
    (Install-PSResource Pester, or Install-Module Pester -MinimumVersion 5.0).

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

function Invoke-PesterSuite {
    # A fresh pwsh: the built module first on PSModulePath, no module autoloading, Pester 5 that throws on failure.
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    if (-not (Test-Path -LiteralPath $pwsh)) {
        $pwsh = (Get-Command -Name pwsh -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    }
    $results = Join-Path $outDirectory 'TestResults' 'pester.xml'
    $testPath = Join-Path $root 'tests' 'pester'
    $runner = {
        param([string] $ModuleParent, [string] $ModuleDirectory, [string] $TestPath, [string] $ResultPath)
        $ErrorActionPreference = 'Stop'
        $env:PSModulePath = $ModuleParent + [System.IO.Path]::PathSeparator + $env:PSModulePath
        $env:ANKISYNC_MODULE_PATH = $ModuleDirectory
        # Load what the suites use before autoloading is switched off, so nothing else sneaks in.
        Import-Module -Name Microsoft.PowerShell.Management, Microsoft.PowerShell.Utility, Microsoft.PowerShell.Security
        $pester = Get-Module -ListAvailable -Name Pester | Where-Object Version -GE ([version]'5.0.0') | Sort-Object Version -Descending | Select-Object -First 1
        if (-not $pester) {
            throw 'Pester 5 is not installed: run Install-PSResource Pester (or Install-Module Pester -MinimumVersion 5.0).'
        }
        Import-Module -ModuleInfo $pester
        $global:PSModuleAutoloadingPreference = 'none'

        $configuration = New-PesterConfiguration
        $configuration.Run.Path = $TestPath
        $configuration.Run.Throw = $true
        $configuration.Output.Verbosity = 'Detailed'
        $configuration.TestResult.Enabled = $true
        $configuration.TestResult.OutputFormat = 'NUnitXml'
        $configuration.TestResult.OutputPath = $ResultPath
        Invoke-Pester -Configuration $configuration
    }
    Write-Host "> pester $testPath (in a new pwsh)" -ForegroundColor Cyan
    $null = New-Item -ItemType Directory -Force -Path (Split-Path $results)
    & $pwsh -NoProfile -NonInteractive -Command $runner -args $outDirectory, $moduleDirectory, $testPath, $results
    if ($LASTEXITCODE -ne 0) {
        throw "The Pester tests failed (exit code $LASTEXITCODE); results are in $results."
    }
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
    Invoke-Tool dotnet test $solution --configuration $Configuration --no-build
    Invoke-PesterSuite
}

if ($Package) {
    New-ModulePackage
}
