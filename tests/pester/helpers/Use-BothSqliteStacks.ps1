# Run in a fresh pwsh by Coexistence.Tests.ps1: imports AnkiSync and the stand-in module (another module with
# Microsoft.Data.Sqlite 11 / SQLitePCLRaw 3 and its own e_sqlite3 in the default load context) in the given order,
# uses both, and prints one JSON object describing what each of them used.
param(
    [Parameter(Mandatory)] [ValidateSet('AnkiSyncFirst', 'OtherFirst')] [string] $Order,
    [Parameter(Mandatory)] [string] $AnkiSyncManifest,
    [Parameter(Mandatory)] [string] $OtherManifest,
    [Parameter(Mandatory)] [string] $WorkFolder
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if ($Order -eq 'OtherFirst') {
    Import-Module $OtherManifest
    # The other module loads its SQLite stack before AnkiSync is even imported.
    $null = Invoke-StandInSqlite -Path (Join-Path $WorkFolder 'warm-up.db') -Query 'select 1 as one'
    Import-Module $AnkiSyncManifest
}
else {
    Import-Module $AnkiSyncManifest
    Import-Module $OtherManifest
}

$apkg = Join-Path $WorkFolder 'deck.apkg'
$package = New-AnkiPackage -Path $apkg -Force
Add-AnkiNote -Package $package -Fields @{ Front = 'hola'; Back = 'hello' } | Out-Null
$ankiSqlite = (Invoke-AnkiSql -Package $package -Query 'select sqlite_version() as v').v
Export-AnkiPackage -Package $package
Close-AnkiPackage -Package $package

$other = Invoke-StandInSqlite -Path (Join-Path $WorkFolder 'other.db') -Query "create table if not exists t(x); insert into t values ('kept'); select sqlite_version() as v, count(*) as n from t"
$reread = @(Get-AnkiNote -Path $apkg)
$other2 = Invoke-StandInSqlite -Path (Join-Path $WorkFolder 'other.db') -Query 'select count(*) as n from t'

$engine = [AnkiSync.AnkiPackage].Assembly
$engineSqlite = [AppDomain]::CurrentDomain.GetAssemblies() |
    Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' -and [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_) -eq [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine) }

[pscustomobject]@{
    AnkiSyncNotes           = $reread.Count
    AnkiSyncFront           = $reread[0].Front
    AnkiSyncSqlite          = $ankiSqlite
    AnkiSyncLoadContext     = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).GetType().FullName
    AnkiSyncDataSqlite      = @($engineSqlite | ForEach-Object { $_.GetName().Version.ToString() })
    OtherSqlite             = $other.v
    OtherRows               = $other2.n
    OtherDataSqlite         = $other.MicrosoftDataSqliteVersion
    OtherSqlitePclRaw       = $other.SqlitePclRawVersion
    OtherDataSqliteContext  = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(
        ([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' -and $_.GetName().Version.Major -eq 11 })).Name
} | ConvertTo-Json -Compress
