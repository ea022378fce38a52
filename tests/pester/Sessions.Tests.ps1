#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The session and media cmdlets under the real pwsh as a user runs them: which sessions Get-AnkiPackage lists,
# what Export-AnkiPackage writes (read back and checked against Anki's rules), and media added, exported and removed.

BeforeAll {
    . $PSScriptRoot/common.ps1
    . ([System.IO.Path]::Combine($RepositoryRoot, 'tests', 'scenarios', 'Assert.ps1'))
}

Describe 'Get-AnkiPackage' -Tag 'CI' {
    BeforeEach {
        Get-AnkiPackage | Close-AnkiPackage -WarningAction SilentlyContinue
    }

    It 'lists the sessions open in this runspace with their counts, and not the closed ones' {
        $empty = New-AnkiPackage
        $filled = New-AnkiPackage
        [pscustomobject]@{ Front = 'uno'; Back = 'one' } | Add-AnkiNote -Package $filled
        $closed = New-AnkiPackage
        Close-AnkiPackage -Package $closed

        $open = @(Get-AnkiPackage)
        $open.Count | Should -Be 2
        [object]::ReferenceEquals($open[0], $empty) -or [object]::ReferenceEquals($open[1], $empty) | Should -BeTrue
        ($open | Where-Object NoteCount -eq 1).CardCount | Should -Be 1
        @($open | Where-Object IsModified).Count | Should -Be 1
    }

    It 'feeds Close-AnkiPackage, which warns about the session with unsaved changes' {
        $null = New-AnkiPackage
        $changed = New-AnkiPackage
        [pscustomobject]@{ Front = 'dos'; Back = 'two' } | Add-AnkiNote -Package $changed
        Get-AnkiPackage | Close-AnkiPackage -WarningVariable warnings -WarningAction SilentlyContinue
        @(Get-AnkiPackage).Count | Should -Be 0
        $warnings.Count | Should -Be 1
        { Get-AnkiNote -Package $changed -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.PackageClosed*'
    }

    It 'does not list the sessions of another runspace' {
        $mine = New-AnkiPackage
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Manifest)
                    Import-Module -Name $Manifest
                    $null = New-AnkiPackage
                    @(Get-AnkiPackage).Count
                }).AddArgument($ModuleManifest)
            $theirs = @($shell.Invoke())
        }
        finally {
            $shell.Dispose()
        }
        $theirs | Should -Be @(1)
        $open = @(Get-AnkiPackage)
        $open.Count | Should -Be 1
        [object]::ReferenceEquals($open[0], $mine) | Should -BeTrue
    }
}

Describe 'Export-AnkiPackage and the media cmdlets' -Tag 'CI' {
    BeforeEach {
        $p = New-AnkiPackage
        $picture = Join-Path $TestDrive 'sun.svg'
        Set-Content -LiteralPath $picture -Value '<svg xmlns="http://www.w3.org/2000/svg"/>' -NoNewline
        Add-AnkiMedia -Package $p -Path $picture
        Add-AnkiMedia -Package $p -Name 'unused.txt' -Content ([byte[]](104, 105))
        [pscustomobject]@{ Front = 'sol <img src="sun.svg">'; Back = 'sun' } | Add-AnkiNote -Package $p -Deck 'Spanish'
    }
    AfterEach {
        Close-AnkiPackage -Package $p -WarningAction SilentlyContinue
    }

    It 'writes a package that reopens with the same notes and media and follows Anki''s rules' {
        $path = Join-Path $TestDrive 'out.apkg'
        $written = Export-AnkiPackage -Package $p -Path $path -PassThru
        $written.FullName | Should -Be $path
        $p.IsModified | Should -BeFalse
        Assert-AnkiRules $path
        $note = Get-AnkiNote -Path $path
        $note.Front | Should -Be 'sol <img src="sun.svg">'
        $note.Deck | Should -Be 'Spanish'
        $media = @(Get-AnkiMedia -Path $path | Sort-Object Name)
        $media.Name | Should -Be @('sun.svg', 'unused.txt')
        $media.IsUsed | Should -Be @($true, $false)
        $media[1].Length | Should -Be 2
    }

    It 'refuses to overwrite a file without -Force, and changes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'taken.apkg'
        Set-Content -LiteralPath $path -Value 'mine'
        { Export-AnkiPackage -Package $p -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.FileExists*'
        Get-Content -LiteralPath $path | Should -Be 'mine'
        Export-AnkiPackage -Package $p -Path $path -Force -WhatIf
        Get-Content -LiteralPath $path | Should -Be 'mine'
        Export-AnkiPackage -Package $p -Path $path -Force
        (Get-AnkiNote -Path $path).Back | Should -Be 'sun'
    }

    It 'a collection the conversion to Latest cannot take is AnkiSync.InvalidCollection naming the package, with nothing written' {
        $saved = Join-Path $TestDrive 'saved.apkg'
        Export-AnkiPackage -Package $p -Path $saved -WarningAction SilentlyContinue
        Invoke-AnkiSql -Package $p -Query 'drop table graves' | Out-Null
        $latest = Join-Path $TestDrive 'latest.apkg'

        $failure = { Export-AnkiPackage -Package $p -Path $latest -Format Latest -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'AnkiSync.InvalidCollection*' -PassThru

        $failure.Exception.Message | Should -BeLike "The collection '$saved' could not be converted between schema 11 and 18:*"
        $latest | Should -Not -Exist
    }

    It 'exports media files byte for byte and removes them from the package' {
        $folder = Join-Path $TestDrive 'media'
        $null = New-Item -ItemType Directory -Path $folder
        Export-AnkiMedia -Package $p -Name 'unused.txt', 'sun.svg' -Destination $folder
        [System.IO.File]::ReadAllBytes((Join-Path $folder 'unused.txt')) | Should -Be @(104, 105)
        Get-Content -LiteralPath (Join-Path $folder 'sun.svg') -Raw | Should -Be '<svg xmlns="http://www.w3.org/2000/svg"/>'

        Remove-AnkiMedia -Package $p -Name 'unused.txt' -WhatIf
        @(Get-AnkiMedia -Package $p).Count | Should -Be 2
        Remove-AnkiMedia -Package $p -Name 'unused.txt'
        (Get-AnkiMedia -Package $p).Name | Should -Be 'sun.svg'
        { Remove-AnkiMedia -Package $p -Name 'unused.txt' -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.MediaNotFound*'
    }

    It 'reports adding a media name that is taken as AnkiSync.MediaExists unless -Force replaces it' {
        { Add-AnkiMedia -Package $p -Name 'unused.txt' -Content ([byte[]](1)) -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.MediaExists*'
        Add-AnkiMedia -Package $p -Name 'unused.txt' -Content ([byte[]](1, 2, 3)) -Force
        (Get-AnkiMedia -Package $p | Where-Object Name -eq 'unused.txt').Length | Should -Be 3
    }
}
