# Runs the Pester suites in tests/pester against the built module; build.ps1 -Test starts it in a fresh pwsh.
# The built module comes first on PSModulePath and module autoloading is off, so the tests cannot pick up an
# installed copy. Writes the NUnit report and a JSON summary (Passed, Failed, Skipped) for build.ps1 to read.
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleDirectory,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $SummaryPath
)
$ErrorActionPreference = 'Stop'
$env:PSModulePath = [System.IO.Path]::GetDirectoryName($ModuleDirectory.TrimEnd('/', '\')) + [System.IO.Path]::PathSeparator + $env:PSModulePath
$env:ANKISYNC_MODULE_PATH = $ModuleDirectory
# Load what the suites use before autoloading is switched off, so nothing else sneaks in.
Import-Module -Name Microsoft.PowerShell.Management, Microsoft.PowerShell.Utility, Microsoft.PowerShell.Security
Import-Module -Name $PesterManifest
$global:PSModuleAutoloadingPreference = 'none'

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath
$run = Invoke-Pester -Configuration $configuration

# A block or file that fails outside an It (a throwing BeforeAll, a file that does not parse) is a failure too.
[pscustomobject]@{
    Passed  = $run.PassedCount
    Failed  = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
    Skipped = $run.SkippedCount + $run.NotRunCount + $run.InconclusiveCount
} | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath
