#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Batch cmdlets under the real pwsh: a downstream command that ends the pipeline early by choice
# (Select-Object -First) gets the rows already done committed; an error downstream rolls them back.

BeforeAll {
    . $PSScriptRoot/common.ps1
    function New-Row([int] $Number) { [pscustomobject]@{ Front = "front $Number"; Back = "back $Number" } }
}

Describe 'Early end of a batch pipeline' -Tag 'CI' {
    BeforeEach {
        $package = New-AnkiPackage
    }

    AfterEach {
        Close-AnkiPackage -Package $package -WarningAction SilentlyContinue
    }

    It 'Add-AnkiNote -PassThru | Select-Object -First 1 commits the note' {
        $first = 1..5 | ForEach-Object { New-Row $_ } | Add-AnkiNote -Package $package -PassThru | Select-Object -First 1
        $first.Front | Should -Be 'front 1'
        $package.NoteCount | Should -Be 1
        $package.IsModified | Should -BeTrue
        (Get-AnkiNote -Package $package).Front | Should -Be 'front 1'
    }

    It 'commits every row up to the one Select-Object -First stopped at' {
        $found = 1..5 | ForEach-Object { New-Row $_ } | Add-AnkiNote -Package $package -PassThru |
            Where-Object Front -eq 'front 3' | Select-Object -First 1
        $found.Front | Should -Be 'front 3'
        $package.NoteCount | Should -Be 3
    }

    It 'Set-AnkiNote -PassThru | Select-Object -First 2 commits both changes' {
        1..5 | ForEach-Object { New-Row $_ } | Add-AnkiNote -Package $package
        $null = Get-AnkiNote -Package $package | Set-AnkiNote -AddTag 'seen' -PassThru | Select-Object -First 2
        @(Get-AnkiNote -Package $package | Where-Object { $_.Tags -contains 'seen' }).Count | Should -Be 2
    }

    It 'rolls back when a command downstream fails' {
        {
            1..5 | ForEach-Object { New-Row $_ } | Add-AnkiNote -Package $package -PassThru |
                ForEach-Object { if ($_.Front -eq 'front 3') { Write-Error 'downstream failed' -ErrorAction Stop } }
        } | Should -Throw '*downstream failed*'
        $package.NoteCount | Should -Be 0
        $package.IsModified | Should -BeFalse
    }
}
