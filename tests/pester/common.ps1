# Shared setup for the Pester suites: dot-source it in BeforeDiscovery and BeforeAll; it defines
# $RepositoryRoot, $ModuleDirectory, $ModuleManifest, $SourceManifest, $MamlPath and $Module.
# Tests run against the BUILT module (out/AnkiSync, or $env:ANKISYNC_MODULE_PATH), never the source
# tree, and import it once per process: a binary module can't be unloaded or reimported in place,
# which is why build.ps1 runs Pester in a fresh pwsh.
Set-StrictMode -Version Latest

$RepositoryRoot = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..'))
$ModuleDirectory = if ($env:ANKISYNC_MODULE_PATH) {
    [System.IO.Path]::GetFullPath($env:ANKISYNC_MODULE_PATH)
}
else {
    [System.IO.Path]::Combine($RepositoryRoot, 'out', 'AnkiSync')
}
$ModuleManifest = [System.IO.Path]::Combine($ModuleDirectory, 'AnkiSync.psd1')
$SourceManifest = [System.IO.Path]::Combine($RepositoryRoot, 'AnkiSync.psd1')
$MamlPath = [System.IO.Path]::Combine($ModuleDirectory, 'en-US', 'AnkiSync.PowerShell.dll-Help.xml')

if (-not (Test-Path -LiteralPath $ModuleManifest)) {
    throw "The built module is missing: $ModuleManifest. Run 'dotnet build' at the repository root first."
}

$loaded = Get-Module -Name AnkiSync
if (-not $loaded) {
    $loaded = Import-Module -Name $ModuleManifest -PassThru -ErrorAction Stop
}
elseif ([System.IO.Path]::GetFullPath($loaded.ModuleBase).TrimEnd('/', '\') -ne $ModuleDirectory.TrimEnd('/', '\')) {
    throw "A different AnkiSync module is already loaded from $($loaded.ModuleBase); run the tests in a fresh pwsh (build.ps1 -Test does)."
}
$Module = $loaded

# How to start a fresh pwsh like this one: the pinned dotnet tool runs as `dotnet <PSHOME>/pwsh.dll`, an installed
# pwsh as its own executable. Usage: & $PwshCommand[0] @($PwshCommand | Select-Object -Skip 1) -NoProfile -File x.ps1
$PwshCommand = @(
    $processPath = [System.Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        $processPath
        [System.IO.Path]::Combine($PSHOME, 'pwsh.dll')
    }
    else {
        $processPath
    }
)

# The real-file corpus (shared/fixtures/real beside the repository, or $env:ANKISYNC_FIXTURES); $null in a fresh clone
# without it. A test that needs it calls Skip-WithoutCorpus first: it is then reported as skipped, with the reason.
$FixtureRoot = & ([System.IO.Path]::Combine($RepositoryRoot, 'tests', 'scenarios', 'helpers', 'Find-Fixtures.ps1'))

function Skip-WithoutCorpus {
    if (-not $FixtureRoot) {
        Set-ItResult -Skipped -Because 'it needs the real-file corpus (shared/fixtures/real beside the repository, or $env:ANKISYNC_FIXTURES), which is absent'
    }
}
