#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# What a first-time user tripped over, each step as that user typed it, under the real pwsh.
# The help examples (item 6) are run by HelpExamples.Tests.ps1.

BeforeAll {
    . $PSScriptRoot/common.ps1
    . ([System.IO.Path]::Combine($RepositoryRoot, 'tests', 'scenarios', 'Assert.ps1'))

    # A deck like the user's: two decks, tags, a cloze note type, a picture, reviews in one card's history.
    function New-UserDeck([string]$Path) {
        $package = New-AnkiPackage -Path $Path -Force
        try {
            $null = Add-AnkiMedia -Package $package -Name 'sun.svg' -Content ([System.Text.Encoding]::UTF8.GetBytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))
            Add-AnkiNote -Package $package -Deck 'Spanish::Nature' -Fields @{ Front = 'sol'; Back = 'sun <img src="sun.svg">' } -Tags 'nature noun'
            Add-AnkiNote -Package $package -Deck 'Spanish::Verbs and other long deck names' -Fields @{ Front = 'comer un poco de todo en la mesa grande'; Back = 'to eat' } -Tags 'verb'
            Add-AnkiNote -Package $package -Deck 'Spanish::Nature' -NoteType 'Cloze' -Fields @{ Text = '{{c1::Luna}} is the moon' }
            Export-AnkiPackage -Package $package -Force
        }
        finally {
            Close-AnkiPackage -Package $package -WarningAction SilentlyContinue
        }
    }

    function Get-Completion([string]$Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
    }
}

Describe 'Item 1: files the PowerShell way' -Tag 'CI' {
    BeforeAll {
        $folder = Join-Path $TestDrive 'files'
        $null = New-Item -ItemType Directory -Path $folder
        New-UserDeck (Join-Path $folder 'deck[v1].apkg')
        Copy-Item -LiteralPath (Join-Path $folder 'deck[v1].apkg') -Destination (Join-Path $folder 'plain.apkg')
        Push-Location -LiteralPath $folder
    }
    AfterAll { Pop-Location }

    It 'Get-ChildItem *.apkg | Get-AnkiCard reads every file, [ ] in names included' {
        $cards = @(Get-ChildItem -Filter *.apkg | Get-AnkiCard)
        $cards.Count | Should -Be 6
        @($cards | Where-Object { $_.Fields['Front'] -eq 'sol' }).Count | Should -Be 2
    }

    It 'Get-ChildItem | Test-AnkiPackage checks each file (nothing to report)' {
        @(Get-ChildItem -Filter *.apkg | Test-AnkiPackage -ErrorVariable problems) | Should -BeNullOrEmpty
        $problems | Should -BeNullOrEmpty
    }

    It 'every read cmdlet takes -LiteralPath and binds it from Get-ChildItem' {
        foreach ($name in 'Get-AnkiCard', 'Get-AnkiNote', 'Get-AnkiDeck', 'Get-AnkiNoteType', 'Get-AnkiMedia', 'Get-AnkiTag', 'Get-AnkiReview', 'Get-AnkiDeckConfig', 'Test-AnkiPackage', 'Export-AnkiMedia', 'Open-AnkiPackage') {
            $parameter = (Get-Command $name).Parameters['LiteralPath']
            $parameter | Should -Not -BeNullOrEmpty -Because "$name reads files"
            $parameter.Aliases | Should -Contain 'PSPath'
            @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.ValueFromPipelineByPropertyName }).Count | Should -BeGreaterThan 0
        }
        # Piped: every read cmdlet but Export-AnkiMedia (there a FileInfo's Name would bind -Name, the media to export).
        foreach ($name in 'Get-AnkiCard', 'Get-AnkiNote', 'Get-AnkiDeck', 'Get-AnkiNoteType', 'Get-AnkiMedia', 'Get-AnkiTag', 'Get-AnkiReview', 'Get-AnkiDeckConfig', 'Test-AnkiPackage') {
            { $null = Get-ChildItem -LiteralPath 'deck[v1].apkg' | & $name -ErrorAction Stop } | Should -Not -Throw -Because "$name binds the piped file"
        }
        @(Get-ChildItem -LiteralPath 'deck[v1].apkg' | Get-AnkiNote).Count | Should -Be 3
        @(Get-ChildItem -LiteralPath 'deck[v1].apkg' | Get-AnkiDeck -Name 'Spanish::Nature').Count | Should -Be 1
        @(Get-ChildItem -LiteralPath 'deck[v1].apkg' | Get-AnkiTag).Name | Should -Be @('nature', 'noun', 'verb')
        @(Get-AnkiMedia -LiteralPath 'deck[v1].apkg').Name | Should -Be 'sun.svg'
    }

    It 'takes the path positionally: Get-AnkiCard ./plain.apkg' {
        @(Get-AnkiCard ./plain.apkg).Count | Should -Be 3
        @(Get-AnkiNote ./plain.apkg -Tag verb).Front | Should -Be 'comer un poco de todo en la mesa grande'
    }

    It 'expands -Path wildcards through the provider, relative to the PowerShell location' {
        @(Get-AnkiNote -Path './pl*.apkg').Count | Should -Be 3
    }

    It '-Path deck[v1].apkg is an error that points at -LiteralPath, not silence' {
        $output = @(Get-AnkiCard -Path 'deck[v1].apkg' -ErrorVariable failures -ErrorAction SilentlyContinue)
        $output | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'AnkiSync.PathNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].Exception.Message | Should -BeLike '*-LiteralPath*'
        @(Get-AnkiCard -LiteralPath 'deck[v1].apkg').Count | Should -Be 3
    }

    It 'a wildcard that matches nothing is an error, like Get-Content' {
        { Get-Content -Path './nothing*.apkg' -ErrorAction Stop } | Should -Throw
        { Get-AnkiNote -Path './nothing*.apkg' -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.PathNotFound*'
        { Open-AnkiPackage -Path './nothing*.apkg' -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.PathNotFound*'
    }
}

Describe 'Item 2: views that fit an 80-column terminal' -Tag 'CI' {
    BeforeAll {
        $deckPath = Join-Path $TestDrive 'views.apkg'
        New-UserDeck $deckPath
        $package = Open-AnkiPackage -Path $deckPath
        function Get-Lines($InputObject, [switch]$List) {
            $text = if ($List) { $InputObject | Format-List | Out-String -Width 80 } else { $InputObject | Format-Table | Out-String -Width 80 }
            @($text -split '\r?\n' | Where-Object { $_.Trim() })
        }
    }
    AfterAll { Close-AnkiPackage -Package $package -WarningAction SilentlyContinue }

    It '<Name> table fits 80 columns and keeps every column' -ForEach @(
        @{ Name = 'card'; Command = { Get-AnkiCard -Package $package }; Headers = 'Deck', 'Front', 'State', 'Due', 'Interval', 'Ease', 'Lapses' }
        @{ Name = 'note'; Command = { Get-AnkiNote -Package $package }; Headers = 'Id', 'NoteType', 'Deck', 'Fields', 'Tags' }
        @{ Name = 'package'; Command = { $package }; Headers = 'Path', 'Format', 'NoteCount', 'CardCount', 'MediaCount', 'IsModified' }
        @{ Name = 'deck'; Command = { Get-AnkiDeck -Package $package }; Headers = 'Name', 'Id', 'Description' }
    ) {
        $lines = Get-Lines (& $Command)
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 80 -Because "'$line' must fit" }
        @($lines[0] -split '\s+' | Where-Object { $_ }) | Should -Be $Headers
    }

    It 'the card view shows Lapses, the README''s headline query' {
        (Get-Lines (Get-AnkiCard -Package $package))[0] | Should -Match '\bLapses\b'
    }

    It 'cuts long text at a word, never inside one' {
        $lines = Get-Lines (Get-AnkiCard -Package $package -Tag verb)
        $row = $lines[2]
        $row | Should -BeLike '*comer un poco de...*'
        $row | Should -BeLike 'Spanish...*' -Because 'a deck name is cut at a :: level too'
    }

    It 'Format-List shows what identifies a card and its fields first, its scheduling after' {
        $lines = Get-Lines (Get-AnkiCard -Package $package -Tag verb) -List
        ($lines | ForEach-Object { ($_ -split ':')[0].Trim() } | Where-Object { $_ } | Select-Object -First 5) | Should -Be @('Id', 'Deck', 'NoteType', 'Template', 'Fields')
        $lines -join "`n" | Should -Match 'Fields\s+: Front: comer un poco'
        $lines -join "`n" | Should -Match 'Lapses\s+: 0'
    }

    It 'Format-List of a note lists each field by name' {
        $lines = Get-Lines (Get-AnkiNote -Package $package -Tag nature) -List
        ($lines -join "`n") | Should -Match 'Fields\s+: Front: sol\s+Back: sun'
    }
}

Describe 'Item 3: completion everywhere' -Tag 'CI' {
    BeforeAll {
        $deckPath = Join-Path $TestDrive 'complete.apkg'
        New-UserDeck $deckPath
        $package = Open-AnkiPackage -Path $deckPath
    }
    AfterAll {
        $PSDefaultParameterValues.Remove('*-Anki*:Package')
        Close-AnkiPackage -Package $package -WarningAction SilentlyContinue
    }

    It '<Line> offers <Expected>' -ForEach @(
        @{ Line = 'Get-AnkiCard -Package $package -Deck Spanish::V'; Expected = "'Spanish::Verbs and other long deck names'" }
        @{ Line = 'Add-AnkiNote -Package $package -NoteType Clo'; Expected = 'Cloze' }
        @{ Line = 'Get-AnkiNote -Package $package -Tag ve'; Expected = 'verb' }
        @{ Line = 'Add-AnkiNote -Package $package -Tags na'; Expected = 'nature' }
        @{ Line = 'Set-AnkiNote -Package $package -AddTag no'; Expected = 'noun' }
        @{ Line = 'Set-AnkiNote -Package $package -RemoveTag ve'; Expected = 'verb' }
        @{ Line = 'Set-AnkiNote -Package $package -Tags ve'; Expected = 'verb' }
        @{ Line = 'Get-AnkiMedia -Package $package -Name s'; Expected = 'sun.svg' }
        @{ Line = 'Remove-AnkiMedia -Package $package -Name s'; Expected = 'sun.svg' }
        @{ Line = 'Set-AnkiNoteType -Package $package -Name Cloze -RemoveField '; Expected = "'Back Extra'" }
        @{ Line = 'Set-AnkiNoteType -Package $package -Name Basic -SortField B'; Expected = 'Back' }
        @{ Line = '$package | Get-AnkiCard -Deck Spanish::N'; Expected = 'Spanish::Nature' }
    ) {
        Get-Completion $Line | Should -Contain $Expected
    }

    It 'completes field names of the named note type only' {
        $fields = Get-Completion 'Set-AnkiNoteType -Package $package -Name Basic -FieldOrder '
        $fields | Should -Be @('Front', 'Back')
    }

    It 'completes from the file given by -Path, and leaves it unchanged' {
        $before = (Get-FileHash -LiteralPath $deckPath).Hash
        Get-Completion "Get-AnkiCard -Path '$deckPath' -Deck Spanish::N" | Should -Contain 'Spanish::Nature'
        Get-Completion "Get-AnkiMedia -LiteralPath '$deckPath' -Name s" | Should -Contain 'sun.svg'
        Get-Completion "Get-AnkiNote '$deckPath' -Tag n" | Should -Be @('nature', 'noun')
        (Get-FileHash -LiteralPath $deckPath).Hash | Should -Be $before
    }

    It 'completes from $PSDefaultParameterValues[''*-Anki*:Package''], the setup the help recommends' {
        $PSDefaultParameterValues['*-Anki*:Package'] = $package
        try {
            Get-Completion 'Get-AnkiCard -Deck Spanish::N' | Should -Contain 'Spanish::Nature'
            Get-Completion 'Set-AnkiNote -AddTag ver' | Should -Contain 'verb'
            Get-Completion 'Remove-AnkiMedia -Name s' | Should -Contain 'sun.svg'
        }
        finally {
            $PSDefaultParameterValues.Remove('*-Anki*:Package')
        }
    }

    It 'offers nothing, and does not fail, when there is no package' {
        Get-Completion 'Get-AnkiCard -Deck Sp' | Should -BeNullOrEmpty
        Get-Completion "Get-AnkiCard -Path '$(Join-Path $TestDrive 'missing.apkg')' -Deck Sp" | Should -BeNullOrEmpty
    }
}

Describe 'Item 5: clear hints for common mistakes' -Tag 'CI' {
    BeforeAll {
        $deckPath = Join-Path $TestDrive 'hints.apkg'
        New-UserDeck $deckPath
        Push-Location -LiteralPath $TestDrive
    }
    AfterAll { Pop-Location }

    It 'a file path given to -Package says to use Open-AnkiPackage' {
        $failure = { Get-AnkiNote -Package ./hints.apkg } | Should -Throw -PassThru
        $failure.Exception.Message | Should -BeLike "*is a file, not an open package*Open-AnkiPackage -Path './hints.apkg'*"
        $failure = { Set-AnkiNote -Package ./hints.apkg -NoteId 1 -AddTag x } | Should -Throw -PassThru
        $failure.Exception.Message | Should -BeLike '*Open-AnkiPackage*'
    }

    It 'an open package given where a path goes (Get-AnkiNote $p) says to pass it as -Package' {
        $package = Open-AnkiPackage -Path $deckPath
        try {
            foreach ($attempt in { Get-AnkiNote $package }, { Get-AnkiCard $package }, { Test-AnkiPackage $package },
                { Get-AnkiReview $package }, { Export-AnkiPackage $package }, { Export-AnkiNote $package },
                { Get-AnkiNote -LiteralPath $package }) {
                $failure = $attempt | Should -Throw -PassThru
                $failure.Exception.Message | Should -BeLike "*An open package ('$deckPath') was given where a file path is expected. Pass it as -Package*"
            }

            # A package given as the first positional name (Get-AnkiDeck $p) gets the same hint, naming what goes there.
            foreach ($case in @(
                    @{ Attempt = { Get-AnkiDeck $package }; Expected = 'a deck name' },
                    @{ Attempt = { Remove-AnkiDeck $package -WhatIf }; Expected = 'a deck name' },
                    @{ Attempt = { Get-AnkiNoteType $package }; Expected = 'a note type name' },
                    @{ Attempt = { Get-AnkiTag $package }; Expected = 'a tag' },
                    @{ Attempt = { Export-AnkiMedia $package -Destination $TestDrive }; Expected = 'a media file name' },
                    @{ Attempt = { Invoke-AnkiSql $package 'select 1' }; Expected = 'an SQL statement' })) {
                $failure = $case.Attempt | Should -Throw -PassThru
                $failure.Exception.Message | Should -BeLike "*An open package ('$deckPath') was given where $($case.Expected) is expected. Pass it as -Package*"
            }

            @(Get-AnkiDeck -Package $package -Name 'Default').Count | Should -Be 1
            $failure = { Get-AnkiNote (New-AnkiPackage) } | Should -Throw -PassThru
            $failure.Exception.Message | Should -BeLike '*An open package (a new package)*'
            @(Get-AnkiNote -Package $package).Count | Should -Be 3
            @(Get-AnkiNote $deckPath).Count | Should -Be 3
        }
        finally {
            Close-AnkiPackage -Package $package
        }
    }

    It '$p | Add-AnkiNote -Fields ... explains that -Package is needed' {
        $package = Open-AnkiPackage -Path $deckPath
        try {
            $failure = { $package | Add-AnkiNote -Fields @{ Front = 'agua'; Back = 'water' } } | Should -Throw -ErrorId 'AnkiSync.PackageRequired*' -PassThru
            $failure.Exception.Message | Should -BeLike '*Give the package with -Package*'
            $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $package.NoteCount | Should -Be 3
            $package.IsModified | Should -BeFalse
        }
        finally {
            Close-AnkiPackage -Package $package -WarningAction SilentlyContinue
        }
    }

    It 'writing through a -Path read says such reads are read-only snapshots, and the file stays as it was' {
        $before = (Get-FileHash -LiteralPath $deckPath).Hash
        $failure = { Get-AnkiNote -Path $deckPath -Tag verb | Set-AnkiNote -AddTag 'changed' } | Should -Throw -ErrorId 'AnkiSync.ReadOnlySnapshot*' -PassThru
        $failure.Exception.Message | Should -BeLike '*read-only snapshot*Open-AnkiPackage*'
        $notes = @(Get-AnkiNote -Path $deckPath)
        { $notes[0] | Remove-AnkiNote -Confirm:$false } | Should -Throw -ErrorId 'AnkiSync.ReadOnlySnapshot*'
        $rows = Join-Path $TestDrive 'snapshot-rows.txt'
        Set-Content -LiteralPath $rows -Value "agua`twater"
        { Import-AnkiNote -Package $notes[0].Package -Path $rows } | Should -Throw -ErrorId 'AnkiSync.ReadOnlySnapshot*'
        @(Get-AnkiNote -Path $deckPath -Tag 'changed') | Should -BeNullOrEmpty
        (Get-FileHash -LiteralPath $deckPath).Hash | Should -Be $before
    }

    It 'a cloze note without {{c1::...}} warns, as Anki does; one with a cloze does not' {
        $package = Open-AnkiPackage -Path $deckPath
        try {
            $warnings = @(Add-AnkiNote -Package $package -NoteType Cloze -Fields @{ Text = 'no deletion here' } 3>&1)
            $warnings.Count | Should -Be 1
            $warnings[0] | Should -BeOfType System.Management.Automation.WarningRecord
            $warnings[0].Message | Should -BeLike "*'no deletion here'*cloze note type 'Cloze'*{{c1::*"
            @(Add-AnkiNote -Package $package -NoteType Cloze -Fields @{ Text = 'with {{c2::one}}' } 3>&1) | Should -BeNullOrEmpty
            @(Add-AnkiNote -Package $package -Fields @{ Front = 'plain'; Back = 'no cloze needed' } 3>&1) | Should -BeNullOrEmpty
            $out = Join-Path $TestDrive 'cloze-out.apkg'
            Export-AnkiPackage -Package $package -Path $out
            Assert-AnkiRules $out
        }
        finally {
            Close-AnkiPackage -Package $package -WarningAction SilentlyContinue
        }
    }

    It 'Remove-AnkiMedia of a file fields still use warns and keeps it; -Force deletes it' {
        $package = Open-AnkiPackage -Path $deckPath
        try {
            $unused = Add-AnkiMedia -Package $package -Name '_unused.css' -Content ([byte[]](1, 2, 3)) -PassThru
            $warnings = @(Remove-AnkiMedia -Package $package -Name 'sun.svg', $unused.Name 3>&1)
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -BeLike "*'sun.svg' is still used*-Force*"
            @(Get-AnkiMedia -Package $package).Name | Should -Be @('sun.svg')
            @(Remove-AnkiMedia -Package $package -Name 'sun.svg' -Force 3>&1) | Should -BeNullOrEmpty
            @(Get-AnkiMedia -Package $package | Where-Object { -not $_.IsMissing }) | Should -BeNullOrEmpty
        }
        finally {
            Close-AnkiPackage -Package $package -WarningAction SilentlyContinue
        }
    }

    It '-WhatIf on notes names them by their sort field, not only their id' {
        $package = Open-AnkiPackage -Path $deckPath
        try {
            $note = Get-AnkiNote -Package $package -Tag nature
            # What -WhatIf says goes to the host, not to a stream: read it from a child pwsh's output.
            $script = "Import-Module '$ModuleManifest'; `$p = Open-AnkiPackage -Path '$deckPath'; " +
                "Get-AnkiNote -Package `$p -Tag nature | Remove-AnkiNote -WhatIf; Get-AnkiNote -Package `$p -Tag nature | Set-AnkiNote -AddTag x -WhatIf; " +
                "'notes: ' + `$p.NoteCount; 'modified: ' + `$p.IsModified"
            $said = @(& $PwshCommand[0] @($PwshCommand | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script)
            $LASTEXITCODE | Should -Be 0
            $whatIf = @($said | Where-Object { $_ -like 'What if:*' })
            $whatIf.Count | Should -Be 2
            $whatIf[0] | Should -BeLike "*Remove note*note $($note.Id) 'sol'*"
            $whatIf[1] | Should -BeLike "*Change note*note $($note.Id) 'sol'*"
            $said | Should -Contain 'notes: 3'
            $said | Should -Contain 'modified: False'
        }
        finally {
            Close-AnkiPackage -Package $package -WarningAction SilentlyContinue
        }
    }

    It 'New-AnkiNoteType and New-AnkiDeck of what already exists return it; another definition stays an error' {
        $package = Open-AnkiPackage -Path $deckPath
        try {
            $template = @{ Name = 'Card 1'; Front = '{{Word}}'; Back = '{{FrontSide}}<hr id=answer>{{Meaning}}' }
            $first = New-AnkiNoteType -Package $package -Name 'Vocabulary' -Field Word, Meaning -Template $template
            $again = New-AnkiNoteType -Package $package -Name 'Vocabulary' -Field Word, Meaning -Template $template
            $again.Id | Should -Be $first.Id
            @(Get-AnkiNoteType -Package $package -Name 'Vocabulary').Count | Should -Be 1
            $failure = { New-AnkiNoteType -Package $package -Name 'Vocabulary' -Field Word, Meaning, Example -Template $template } | Should -Throw -ErrorId 'AnkiSync.NoteTypeExists*' -PassThru
            $failure.Exception.Message | Should -BeLike '*fields are Word, Meaning*Set-AnkiNoteType*'

            $deck = New-AnkiDeck -Package $package -Name 'Spanish::Nature'
            $deck.Name | Should -Be 'Spanish::Nature'
            { New-AnkiDeck -Package $package -Name 'Spanish::Nature' -Description 'other' -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.DeckExists*'

            $out = Join-Path $TestDrive 'idempotent.apkg'
            Export-AnkiPackage -Package $package -Path $out
            Assert-AnkiRules $out
        }
        finally {
            Close-AnkiPackage -Package $package -WarningAction SilentlyContinue
        }
    }
}

Describe 'Item 6: the README Quick start runs twice as written' -Tag 'CI' {
    BeforeAll {
        $readme = (Get-Content -LiteralPath ([System.IO.Path]::Combine($RepositoryRoot, 'README.md')) -Raw) -replace "`r`n", "`n"
        $section = $readme.Substring($readme.IndexOf('## Quick start'))
        $code = [regex]::Match($section, '(?s)```powershell\n(.*?)```').Groups[1].Value
        # A copy of the repository's samples beside the script, as at the repository root; the module is already imported.
        $root = Join-Path $TestDrive 'repo'
        $null = New-Item -ItemType Directory -Path (Join-Path $root 'samples')
        Copy-Item -LiteralPath ([System.IO.Path]::Combine($RepositoryRoot, 'samples', 'data')) -Destination (Join-Path $root 'samples') -Recurse
    }

    It 'imports the built module first, and names the sample data it uses' {
        ($code -split "`n")[0] | Should -Be 'Import-Module ./out/AnkiSync/AnkiSync.psd1'
        $code | Should -BeLike '*./samples/data*'
    }

    It 'runs without an error, twice' {
        $script = [scriptblock]::Create(($code -split "`n" | Select-Object -Skip 1) -join "`n")
        Push-Location -LiteralPath $root
        try {
            foreach ($run in 1, 2) {
                $ErrorActionPreference = 'Stop'
                $null = & $script
                $ErrorActionPreference = 'Continue'
            }
        }
        finally {
            $ErrorActionPreference = 'Continue'
            Pop-Location
        }
        $try = Join-Path $root 'try'
        Join-Path $try 'media/media' | Should -Not -Exist
        (Get-AnkiNote -Path (Join-Path $try 'spanish-v2.apkg') -Tag astronomy).Front | Should -Be 'sol'
        @(Get-AnkiMedia -Path (Join-Path $try 'spanish.apkg')).Name | Should -Be 'sun.svg'
        Assert-AnkiRules (Join-Path $try 'spanish.apkg'), (Join-Path $try 'spanish-v2.apkg')
    }
}

Describe 'Item 7: Get-Help -Online and Export-AnkiMedia -PassThru' -Tag 'CI' {
    BeforeDiscovery {
        . $PSScriptRoot/common.ps1
        $cmdlets = (Import-PowerShellDataFile -LiteralPath $SourceManifest).CmdletsToExport
    }

    It '<_> has a HelpUri at the project''s docs, and its help names the same page' -ForEach $cmdlets {
        $projectUri = (Import-PowerShellDataFile -LiteralPath $SourceManifest).PrivateData.PSData.ProjectUri
        $projectUri | Should -Match '^https://'
        $expected = "$projectUri/blob/main/docs/en-US/$_.md"
        (Get-Command $_).HelpUri | Should -Be $expected
        $page = Get-Content -LiteralPath ([System.IO.Path]::Combine($RepositoryRoot, 'docs', 'en-US', "$_.md")) -Raw
        $page | Should -Match ('(?m)^online version: ' + [regex]::Escape($expected) + '\s*$')
        # Get-Help -Online opens the first related link of the help, else the HelpUri.
        $link = @((Get-Help $_).relatedLinks.navigationLink)[0]
        $link.uri | Should -Be $expected
    }

    It 'Export-AnkiMedia writes quietly, and with -PassThru returns the written FileInfo objects' {
        $deckPath = Join-Path $TestDrive 'media.apkg'
        New-UserDeck $deckPath
        $quiet = Join-Path $TestDrive 'quiet'
        @(Export-AnkiMedia -Path $deckPath -Destination $quiet) | Should -BeNullOrEmpty
        Join-Path $quiet 'sun.svg' | Should -Exist
        $files = @(Export-AnkiMedia -Path $deckPath -Destination (Join-Path $TestDrive 'loud') -PassThru)
        $files.Count | Should -Be 1
        $files[0] | Should -BeOfType System.IO.FileInfo
        $files[0].FullName | Should -Be (Join-Path $TestDrive 'loud/sun.svg')
        $files[0].Length | Should -BeGreaterThan 0
    }
}
