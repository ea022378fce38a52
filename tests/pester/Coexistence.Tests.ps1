#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# AnkiSync next to another module that ships a newer SQLite stack (tests/coexistence/StandInSqlite: Microsoft.Data.Sqlite
# 11, SQLitePCLRaw 3, its own e_sqlite3, all in the default load context, the provider set process-wide). Each order
# runs in a fresh pwsh, because which module loads first is decided once per process.

BeforeDiscovery {
    $orders = @(@{ Order = 'AnkiSyncFirst' }, @{ Order = 'OtherFirst' })
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $otherManifest = [System.IO.Path]::Combine($RepositoryRoot, 'out', 'test-modules', 'StandInSqlite', 'StandInSqlite.psd1')
    if (-not (Test-Path -LiteralPath $otherManifest)) {
        throw "The stand-in module is missing: $otherManifest. 'dotnet build' at the repository root builds it."
    }
    $script = [System.IO.Path]::Combine($PSScriptRoot, 'helpers', 'Use-BothSqliteStacks.ps1')
}

Describe 'Another module with its own SQLite stack, imported <Order>' -ForEach $orders -Tag 'CI' {
    BeforeAll {
        $work = Join-Path $TestDrive $Order
        $null = New-Item -ItemType Directory -Path $work
        $arguments = @($PwshCommand | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $script,
            '-Order', $Order, '-AnkiSyncManifest', $ModuleManifest, '-OtherManifest', $otherManifest, '-WorkFolder', $work)
        $output = & $PwshCommand[0] @arguments 2>&1
        $exitCode = $LASTEXITCODE
        $report = $null
        if ($exitCode -eq 0) {
            $report = ($output | Select-Object -Last 1) | ConvertFrom-Json
        }
    }

    It 'runs both modules in one session without a crash or a load error' {
        $exitCode | Should -Be 0 -Because ($output | Out-String)
    }

    It 'lets AnkiSync write and read a package' {
        $report.AnkiSyncNotes | Should -Be 1
        $report.AnkiSyncFront | Should -Be 'hola'
    }

    It 'lets the other module use its own SQLite stack' {
        $report.OtherRows | Should -Be 1
        $report.OtherDataSqlite | Should -Be '11.0.0.0'
        $report.OtherSqlitePclRaw | Should -BeLike '3.*'
        $report.OtherDataSqliteContext | Should -Be 'Default'
    }

    It 'keeps AnkiSync on its own private copies' {
        $report.AnkiSyncLoadContext | Should -Be 'AnkiSync.Loader.DependencyLoadContext'
        $report.AnkiSyncDataSqlite | Should -Be @('8.0.34.0')
        # Two native libraries, each module's own: AnkiSync's (SQLitePCLRaw 2.1) and the other's (SourceGear 3.53).
        $report.AnkiSyncSqlite | Should -Not -Be $report.OtherSqlite
    }
}
