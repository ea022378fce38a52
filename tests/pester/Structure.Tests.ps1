#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Decks, presets and note types through the cmdlets under the real pwsh: confirmation, -WhatIf, errors, warnings,
# one transaction per pipeline, and the rows the changes leave (checked with SQL).

BeforeAll {
    . $PSScriptRoot/common.ps1
    . ([System.IO.Path]::Combine($RepositoryRoot, 'tests', 'scenarios', 'Assert.ps1'))
    function New-Sample {
        $p = New-AnkiPackage
        New-AnkiNoteType -Package $p -Name 'Vocab' -Field 'Word', 'Meaning' -Template @{ Name = 'Recognise'; Front = '{{Word}}'; Back = '{{FrontSide}}<hr id=answer>{{Meaning}}' } | Out-Null
        @(
            [pscustomobject]@{ Word = 'perro'; Meaning = 'dog' }
            [pscustomobject]@{ Word = 'gato'; Meaning = 'cat' }
        ) | Add-AnkiNote -Package $p -NoteType 'Vocab' -Deck 'Spanish::Animals'
        Add-AnkiNote -Package $p -NoteType 'Vocab' -Deck 'Spanish::Home' -Fields @{ Word = 'casa'; Meaning = 'house' }
        $p
    }
}

Describe 'Deck cmdlets' -Tag 'CI' {
    BeforeEach { $p = New-Sample }
    AfterEach { Close-AnkiPackage -Package $p -WarningAction SilentlyContinue }

    It 'Rename-AnkiDeck moves the subdecks and marks them for sync' {
        Rename-AnkiDeck -Package $p -Name 'spanish' -NewName 'Languages::Español' -PassThru | ForEach-Object Name | Should -Be 'Languages::Español'
        (Get-AnkiDeck -Package $p).Name | Should -Contain 'Languages::Español::Animals'
        (Get-AnkiCard -Package $p | Where-Object Deck -eq 'Languages::Español::Animals').Count | Should -Be 2
        $json = (Invoke-AnkiSql -Package $p -Query 'select decks from col').decks | ConvertFrom-Json -AsHashtable
        @($json.Values | Where-Object { $_.name -like 'Languages*' -and $_.usn -ne -1 }).Count | Should -Be 0
    }

    It 'Rename-AnkiDeck -WhatIf changes nothing' {
        Rename-AnkiDeck -Package $p -Name 'Spanish' -NewName 'X' -WhatIf
        (Get-AnkiDeck -Package $p -Name 'Spanish').Name | Should -Be 'Spanish'
        (Get-AnkiDeck -Package $p -Name 'X') | Should -BeNullOrEmpty
    }

    It 'Remove-AnkiDeck and Remove-AnkiNoteType ask before removing; Rename-AnkiDeck does not' {
        # A runspace without a host cannot ask: a cmdlet that asks by default fails there and removes nothing.
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Manifest, $Package)
                    Import-Module -Name $Manifest
                    foreach ($command in { Remove-AnkiDeck -Package $Package -Name 'Spanish::Home' },
                        { Remove-AnkiNoteType -Package $Package -Name 'Vocab' },
                        { Rename-AnkiDeck -Package $Package -Name 'Spanish::Animals' -NewName 'Spanish::Pets' }) {
                        try { & $command; 'done' } catch { $_.Exception.GetType().Name }
                    }
                }).AddArgument($ModuleManifest).AddArgument($p)
            $outcomes = @($shell.Invoke())
        }
        finally {
            $shell.Dispose()
        }
        $outcomes | Should -Be @('HostException', 'HostException', 'done')
        (Get-AnkiDeck -Package $p).Name | Should -Contain 'Spanish::Home'
        (Get-AnkiNoteType -Package $p).Name | Should -Contain 'Vocab'
        $p.NoteCount | Should -Be 3
        (Get-AnkiDeck -Package $p).Name | Should -Contain 'Spanish::Pets'
    }

    It 'Remove-AnkiDeck removes subdecks, cards and orphaned notes with graves' {
        Remove-AnkiDeck -Package $p -Name 'Spanish::Animals' -Confirm:$false
        $p.NoteCount | Should -Be 1
        $p.CardCount | Should -Be 1
        (Invoke-AnkiSql -Package $p -Query 'select count(*) n from graves where usn = -1').n | Should -Be 5
        (Get-AnkiDeck -Package $p).Name | Should -Not -Contain 'Spanish::Animals'
    }

    It 'Remove-AnkiDeck refuses the Default deck' {
        { Remove-AnkiDeck -Package $p -Name 'Default' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.DefaultDeckRequired*'
    }

    It 'a failing item leaves the others of the pipeline' {
        'Spanish::Home', 'Nope' | ForEach-Object { [pscustomobject]@{ Name = $_ } } |
            Set-AnkiDeck -Package $p -Description 'd' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.FullyQualifiedErrorId | Should -BeLike 'AnkiSync.DeckNotFound*'
        (Get-AnkiDeck -Package $p -Name 'Spanish::Home').Description | Should -Be 'd'
    }

    It 'presets are created, changed, listed and given to decks' {
        $exam = New-AnkiDeckConfig -Package $p -Name 'Exam' -NewPerDay 40 -LearningSteps 1, 10, 60 -StartingEase 2.3
        $exam.NewPerDay | Should -Be 40
        Get-AnkiDeckConfig -Package $p -Name 'Ex*' | Set-AnkiDeckConfig -ReviewsPerDay 400 -MaximumInterval 90
        Get-AnkiDeck -Package $p -Name 'Spanish*' | Set-AnkiDeck -Preset 'Exam'
        $config = Get-AnkiDeckConfig -Package $p -Name 'Exam'
        $config.ReviewsPerDay | Should -Be 400
        $config.MaximumInterval | Should -Be 90
        $config.LearningSteps | Should -Be @(1, 10, 60)
        $config.Decks | Should -Be @('Spanish', 'Spanish::Animals', 'Spanish::Home')
        (Get-AnkiDeckConfig -Package $p -Name 'Default').Decks | Should -Be @('Default')
        { Set-AnkiDeckConfig -Package $p -Name 'Exam' -StartingEase 9 -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.InvalidDeckConfig*'
        { Set-AnkiDeck -Package $p -Name 'Spanish' -Preset 'Nope' -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.DeckConfigNotFound*'
    }

    It 'a preset change touches only the sections of the settings given' {
        # A preset written by another tool without the relearning ('lapse') section: Anki reads it as its defaults.
        $id = (Get-AnkiDeckConfig -Package $p -Name 'Default').Id
        Invoke-AnkiSql -Package $p -Query "update col set dconf = json_remove(dconf, '$.""$id"".lapse')"
        Set-AnkiDeckConfig -Package $p -Name 'Default' -NewPerDay 5
        $stored = (Invoke-AnkiSql -Package $p -Query "select json_extract(dconf, '$.""$id""') as preset from col").preset | ConvertFrom-Json
        $stored.new.perDay | Should -Be 5
        $stored.PSObject.Properties.Name | Should -Not -Contain 'lapse'
        (Get-AnkiDeckConfig -Package $p -Name 'Default').RelearningSteps | Should -BeNullOrEmpty
    }

    It 'the collection JSON keeps template HTML and non-ASCII names as Anki writes them' {
        New-AnkiDeck -Package $p -Name 'Français <B1>' | Out-Null
        $col = Invoke-AnkiSql -Package $p -Query 'select models, decks from col'
        $col.models | Should -Match '<hr id=answer>'
        $col.models | Should -Not -Match '\\u003C'
        $col.decks | Should -Match '"Français <B1>"'
    }
}

Describe 'Note type cmdlets' -Tag 'CI' {
    BeforeEach { $p = New-Sample }
    AfterEach { Close-AnkiPackage -Package $p -WarningAction SilentlyContinue }

    It 'Set-AnkiNoteType reshapes fields and templates, and the notes and cards follow' {
        $type = Set-AnkiNoteType -Package $p -Name 'Vocab' -RenameField @{ Word = 'Term' } -AddField 'Example' -FieldOrder 'Meaning', 'Term', 'Example' `
            -AddTemplate @{ Name = 'Recall'; Front = '{{Meaning}}'; Back = '{{FrontSide}}<hr id=answer>{{Term}}' } -SortField 'Term' -PassThru -WarningVariable w -WarningAction SilentlyContinue
        $type.Fields | Should -Be @('Meaning', 'Term', 'Example')
        $type.Templates[0].Front | Should -Be '{{Term}}'
        $w | Should -BeLike '*one-way full sync*'
        $note = Get-AnkiNote -Package $p | Where-Object Term -eq 'perro'
        $note.Meaning | Should -Be 'dog'
        (Get-AnkiCard -Package $p -NoteId $note.Id).Template | Sort-Object | Should -Be @('Recall', 'Recognise')
        (Get-AnkiCard -Package $p -NoteId $note.Id | Where-Object Template -eq 'Recall').Deck | Should -Be 'Spanish::Animals'
        $row = Invoke-AnkiSql -Package $p -Query 'select sfld, usn from notes where id = $id' -Parameters @{ id = $note.Id }
        $row.sfld | Should -Be 'perro'
        $row.usn | Should -Be -1
    }

    It 'a template that uses a special field Anki fills ({{Card}}, {{Tags}} on a tagged note) makes its card' {
        $templates = @(
            @{ Name = 'Plain'; Front = '{{Front}}'; Back = '{{Back}}' }
            @{ Name = 'Named'; Front = '{{Card}}: {{#Front}}{{Front}}{{/Front}}'; Back = '{{Back}}' }
            @{ Name = 'Tagged'; Front = '{{#Tags}}{{Tags}}{{/Tags}}'; Back = '{{Back}}' }
        )
        $null = New-AnkiNoteType -Package $p -Name 'Special' -Field Front, Back -Template $templates
        $untagged = Add-AnkiNote -Package $p -NoteType 'Special' -Fields @{ Back = 'only a back' } -Key 'untagged' -PassThru
        $tagged = Add-AnkiNote -Package $p -NoteType 'Special' -Fields @{ Back = 'only a back' } -Tags 'x' -Key 'tagged' -PassThru
        (Get-AnkiCard -Package $p -NoteId $untagged.Id).Template | Should -Be @('Named')
        (Get-AnkiCard -Package $p -NoteId $tagged.Id).Template | Sort-Object | Should -Be @('Named', 'Tagged')
        $out = Join-Path $TestDrive 'special.apkg'
        Export-AnkiPackage -Package $p -Path $out
        Assert-AnkiRules $out
    }

    It 'Set-AnkiNoteType -RemoveTemplate deletes its cards; the last one is refused' {
        Set-AnkiNoteType -Package $p -Name 'Vocab' -AddTemplate @{ Name = 'Recall'; Front = '{{Meaning}}' } -WarningAction SilentlyContinue
        $p.CardCount | Should -Be 6
        Set-AnkiNoteType -Package $p -Name 'Vocab' -RemoveTemplate 'Recognise' -WarningAction SilentlyContinue
        $p.CardCount | Should -Be 3
        (Get-AnkiCard -Package $p).Ordinal | Sort-Object -Unique | Should -Be 0
        { Set-AnkiNoteType -Package $p -Name 'Vocab' -RemoveTemplate 'Recall' -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.LastTemplateRequired*'
    }

    It 'Set-AnkiNoteType -RemoveField removes the values from every note and says which' {
        $type = Set-AnkiNoteType -Package $p -Name 'Vocab' -AddField 'Example' -PassThru -WarningAction SilentlyContinue
        $type.Fields | Should -Be @('Word', 'Meaning', 'Example')
        $said = Set-AnkiNoteType -Package $p -Name 'Vocab' -RemoveField 'Meaning' -Verbose -WarningAction SilentlyContinue 4>&1
        ($said | Out-String) | Should -BeLike "*values of 'Meaning' were removed*"
        $note = Get-AnkiNote -Package $p | Where-Object Word -eq 'perro'
        $note.Fields.Keys | Should -Be @('Word', 'Example')
        (Invoke-AnkiSql -Package $p -Query 'select flds from notes where id = $id' -Parameters @{ id = $note.Id }).flds | Should -Be "perro`u{1f}"
    }

    It 'a template that names a missing field is refused when defined' {
        { Set-AnkiNoteType -Package $p -Name 'Vocab' -AddTemplate @{ Name = 'X'; Front = '{{Wrod}}' } -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.UnknownTemplateField*'
        { New-AnkiNoteType -Package $p -Name 'T' -Field 'A' -Template @{ Name = 'C'; Front = '{{B}}' } -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.UnknownTemplateField*'
        (Get-AnkiNoteType -Package $p -Name 'Vocab').Templates.Count | Should -Be 1
    }

    It 'Set-AnkiNoteType -WhatIf changes nothing' {
        Set-AnkiNoteType -Package $p -Name 'Vocab' -AddField 'X' -WhatIf
        (Get-AnkiNoteType -Package $p -Name 'Vocab').Fields | Should -Be @('Word', 'Meaning')
    }

    It 'Set-AnkiNote -NoteType moves notes, maps fields and warns about dropped ones' {
        $moved = Get-AnkiNote -Package $p -NoteType 'Vocab' | Set-AnkiNote -NoteType 'Basic (and reversed card)' -FieldMap @{ Word = 'Front' } -PassThru -WarningVariable w -WarningAction SilentlyContinue
        $moved.Count | Should -Be 3
        ($moved | Where-Object Front -eq 'perro').Back | Should -Be ''
        @($w | Where-Object { $_ -like '*drops the values*Meaning*' }).Count | Should -Be 1
        @($w | Where-Object { $_ -like '*one-way full sync*' }).Count | Should -Be 1
        $p.CardCount | Should -Be 3 -Because 'the reverse card needs a Back'
    }

    It 'Remove-AnkiNoteType removes its notes and cards' {
        Remove-AnkiNoteType -Package $p -Name 'Vocab' -Confirm:$false -WarningAction SilentlyContinue
        $p.NoteCount | Should -Be 0
        (Get-AnkiNoteType -Package $p).Name | Should -Not -Contain 'Vocab'
        (Invoke-AnkiSql -Package $p -Query 'select count(*) n from graves where type = 1').n | Should -Be 3
    }
}
