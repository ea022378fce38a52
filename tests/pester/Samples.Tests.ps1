#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The runnable examples in samples/, run as a user runs them: in pwsh, with the built module imported.

BeforeAll {
    . $PSScriptRoot/common.ps1
    $samples = [System.IO.Path]::Combine($RepositoryRoot, 'samples')
}

Describe 'samples/Build-Deck.ps1' -Tag 'CI' {
    BeforeAll {
        $output = Join-Path $TestDrive 'spanish.apkg'
        Push-Location -LiteralPath $TestDrive
        try {
            $printed = & (Join-Path $samples 'Build-Deck.ps1') -OutputPath 'spanish.apkg'
        }
        finally {
            Pop-Location
        }
    }

    It 'writes the deck where it was asked to, relative to the PowerShell location' {
        $output | Should -Exist
        $printed[0] | Should -Be "Wrote $output"
    }

    It 'writes a deck that follows Anki''s rules' {
        . ([System.IO.Path]::Combine($RepositoryRoot, 'tests', 'scenarios', 'Assert.ps1'))
        { Assert-AnkiRules $output } | Should -Not -Throw
    }

    It 'adds every CSV row as a note with its deck and tags' {
        $notes = @(Get-AnkiNote -Path $output | Sort-Object Front)
        $notes.Front | Should -Be @('comer', 'luna', 'sol', 'vivir')
        ($notes | Where-Object Front -eq 'comer').Deck | Should -Be 'Spanish::Verbs'
        ($notes | Where-Object Front -eq 'sol').Tags | Should -Be @('nature', 'noun')
        @(Get-AnkiCard -Path $output).Count | Should -Be 4
    }

    It 'packs the media folder, and the sun picture is used by its note' {
        $media = @(Get-AnkiMedia -Path $output)
        $media.Name | Should -Be @('sun.svg')
        $media[0].IsUsed | Should -BeTrue
    }

    It 'prints each note back' {
        $printed | Should -Contain ('{0,-8} {1,-18} {2}' -f 'vivir', 'Spanish::Verbs', 'verb')
    }

    It 'builds the same deck again when re-run (stable guids)' {
        $first = @(Get-AnkiNote -Path $output | Sort-Object Front | ForEach-Object Guid)
        Push-Location -LiteralPath $TestDrive
        try {
            $null = & (Join-Path $samples 'Build-Deck.ps1') -OutputPath 'spanish.apkg'
        }
        finally {
            Pop-Location
        }
        @(Get-AnkiNote -Path $output | Sort-Object Front | ForEach-Object Guid) | Should -Be $first
    }
}
