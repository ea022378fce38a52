#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Cards and notes as PowerShell shows and serialises them (issue 15, item 4; issue 14): field properties from the
# type adapter, Export-Csv and ConvertTo-Json, the Package summary of objects read with -Path, and Write-Progress
# on long pipelines.

BeforeAll {
    . $PSScriptRoot/common.ps1
    . $PSScriptRoot/../scenarios/Assert.ps1

    $deck = Join-Path $TestDrive 'words.apkg'
    $p = New-AnkiPackage -Path $deck
    try {
        Add-AnkiNote -Package $p -Fields 'hola', 'hello' -Tags 'greeting', 'lang::es'
        Add-AnkiNote -Package $p -Fields 'adiós', 'goodbye' -Tags 'greeting'
        Add-AnkiNote -Package $p -Fields 'gato', 'cat'
        Export-AnkiPackage -Package $p
    }
    finally {
        Close-AnkiPackage -Package $p
    }
}

Describe 'Field properties' -Tag 'CI' {
    It 'filter, select and format by field name, in any case' {
        $hola = @(Get-AnkiCard -Path $deck | Where-Object Front -eq 'hola')
        $hola.Count | Should -Be 1
        $hola[0].front | Should -Be 'hola'
        (Get-AnkiNote -Path $deck | Where-Object Back -like 'good*').Front | Should -Be 'adiós'
        $selected = Get-AnkiCard -Path $deck | Select-Object Front, Back | Sort-Object Front
        $selected[0].PSObject.Properties.Name | Should -Be @('Front', 'Back')
        $selected.Front | Should -Be @('adiós', 'gato', 'hola')
        Get-AnkiCard -Path $deck | Format-Table | Out-String | Should -Match 'gato'
    }

    It 'complete on a variable holding a card' {
        $card = Get-AnkiCard -Path $deck | Select-Object -First 1
        $completions = (TabExpansion2 -inputScript '$card.Fro' -cursorColumn 9).CompletionMatches.CompletionText
        $completions | Should -Contain 'Front'
    }

    It 'keep a field named like the object''s own property in Fields only' {
        $path = Join-Path $TestDrive 'tags-field.apkg'
        $p = New-AnkiPackage -Path $path
        try {
            New-AnkiNoteType -Package $p -Name 'Tagged' -Field 'Word', 'Tags' -Template @{ Name = 'Card 1'; Front = '{{Word}}'; Back = '{{Tags}}' } | Out-Null
            $note = Add-AnkiNote -Package $p -NoteType 'Tagged' -Fields @{ Word = 'perro'; Tags = 'in a field' } -Tags 'real' -PassThru
            $note.Word | Should -Be 'perro'
            @($note.Tags) | Should -Be @('real')
            $note.Fields['Tags'] | Should -Be 'in a field'
        }
        finally {
            Close-AnkiPackage -Package $p
        }
    }
}

Describe 'Export-Csv' -Tag 'CI' {
    It 'writes each field as a column, tags as one column, enums as names, and no Fields column' {
        $csv = Join-Path $TestDrive 'cards.csv'
        Get-AnkiCard -Path $deck | Export-Csv -LiteralPath $csv
        $rows = @(Import-Csv -LiteralPath $csv)
        $rows.Count | Should -Be 3
        $columns = $rows[0].PSObject.Properties.Name
        $columns[0..1] | Should -Be @('Front', 'Back')
        $columns | Should -Not -Contain 'Fields'
        $hola = $rows | Where-Object Front -eq 'hola'
        $hola.Tags | Should -Be 'greeting lang::es'
        $hola.State | Should -Be 'New'
        $hola.Flag | Should -Be 'None'
        $hola.Package | Should -Be $deck
    }

    It 'round-trips notes through Import-Csv into Add-AnkiNote' {
        $csv = Join-Path $TestDrive 'notes.csv'
        Get-AnkiNote -Path $deck | Select-Object Front, Back, Tags | Export-Csv -LiteralPath $csv
        $copy = Join-Path $TestDrive 'copy.apkg'
        $p = New-AnkiPackage -Path $copy
        try {
            Import-Csv -LiteralPath $csv | Add-AnkiNote -Package $p
            Export-AnkiPackage -Package $p
        }
        finally {
            Close-AnkiPackage -Package $p
        }

        Assert-AnkiRules $copy
        $notes = Get-AnkiNote -Path $copy | Sort-Object Front
        $notes.Front | Should -Be @('adiós', 'gato', 'hola')
        @(($notes | Where-Object Front -eq 'hola').Tags) | Should -Be @('greeting', 'lang::es')
        @(($notes | Where-Object Front -eq 'gato').Tags).Count | Should -Be 0
    }

    It 'keeps Tags an array for scripts' {
        $card = Get-AnkiCard -Path $deck | Where-Object Front -eq 'hola'
        $card.Tags -contains 'lang::es' | Should -BeTrue
        $card.Tags.Count | Should -Be 2
        $card.Tags[0] | Should -Be 'greeting'
        , $card.Tags | Should -BeOfType [string[]]
    }
}

Describe 'ConvertTo-Json' -Tag 'CI' {
    It 'writes each field once, as a property, tags as an array and enums by name' {
        $text = Get-AnkiCard -Path $deck | Where-Object Front -eq 'hola' | ConvertTo-Json -Depth 3
        [regex]::Matches($text, '"Back": "hello"').Count | Should -Be 1
        $text | Should -Not -Match '"Fields"'
        $json = $text | ConvertFrom-Json
        $json.PSObject.Properties.Name | Should -Not -Contain 'Fields'
        $json.Front | Should -Be 'hola'
        $json.Back | Should -Be 'hello'
        @($json.Tags) | Should -Be @('greeting', 'lang::es')
        $json.State | Should -Be 'New'
        $json.Flag | Should -Be 'None'
        $json.Package.Format | Should -Be 'Legacy2'
        $json.Package.Container | Should -Be 'Apkg'
    }

    It 'writes notes the same way, and they come back through ConvertFrom-Json into Add-AnkiNote' {
        $text = Get-AnkiNote -Path $deck | ConvertTo-Json -Depth 3
        $copy = Join-Path $TestDrive 'from-json.apkg'
        $p = New-AnkiPackage -Path $copy
        try {
            $text | ConvertFrom-Json | Add-AnkiNote -Package $p -IgnoreExtraProperty
            Export-AnkiPackage -Package $p
        }
        finally {
            Close-AnkiPackage -Package $p
        }

        Assert-AnkiRules $copy
        $original = Get-AnkiNote -Path $deck | Sort-Object Front
        $copied = Get-AnkiNote -Path $copy | Sort-Object Front
        $copied.Front | Should -Be $original.Front
        $copied.Back | Should -Be $original.Back
        $copied.Guid | Should -Be $original.Guid
        @(($copied | Where-Object Front -eq 'hola').Tags) | Should -Be @('greeting', 'lang::es')
    }

    It 'keeps the note''s tags, not a field named Tags, in Tags' {
        $path = Join-Path $TestDrive 'tags-field-json.apkg'
        $p = New-AnkiPackage -Path $path
        try {
            New-AnkiNoteType -Package $p -Name 'Tagged' -Field 'Word', 'Tags' -Template @{ Name = 'Card 1'; Front = '{{Word}}'; Back = '{{Tags}}' } | Out-Null
            $json = Add-AnkiNote -Package $p -NoteType 'Tagged' -Fields @{ Word = 'perro'; Tags = 'in a field' } -Tags 'real' -PassThru | ConvertTo-Json | ConvertFrom-Json
            $json.Word | Should -Be 'perro'
            @($json.Tags) | Should -Be @('real')
        }
        finally {
            Close-AnkiPackage -Package $p -WarningAction SilentlyContinue
        }
    }

    It 'gives objects read with -Path the package as it was while open' {
        $card = Get-AnkiCard -Path $deck | Select-Object -First 1
        $card.Package.IsClosed | Should -BeTrue
        $card.Package.NoteCount | Should -Be 3
        $card.Package.CardCount | Should -Be 3
        $card.Package.DeckCount | Should -BeGreaterOrEqual 1
        $json = $card | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json.Package.NoteCount | Should -Be 3
        $json.Package.Path | Should -Be $deck
    }
}

Describe 'Write-Progress on long pipelines' -Tag 'CI' {
    It 'counts the rows of Add-AnkiNote, Set-AnkiNote and Remove-AnkiNote, then clears the bar' {
        # A runspace of its own: its PowerShell object keeps every progress record the pipeline wrote. The rows are fed
        # with a pause every 1,000, so each pipeline lasts past the first second however fast the machine is.
        $rowCount = 30000
        $rows = foreach ($i in 1..$rowCount) { [pscustomobject]@{ Front = "question $i"; Back = "answer $i" } }
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $shell = [powershell]::Create()
        try {
            $shell.Runspace = $runspace
            $null = $shell.AddScript({
                    param($Manifest, $Rows)
                    Import-Module -Name $Manifest
                    $ProgressPreference = 'Continue'
                    filter Slowly { $_; if ((++$script:fed % 1000) -eq 0) { Start-Sleep -Milliseconds 50 } }
                    $p = New-AnkiPackage
                    try {
                        $Rows | Slowly | Add-AnkiNote -Package $p
                        Get-AnkiNote -Package $p | Slowly | Set-AnkiNote -AddTag 'seen'
                        Get-AnkiNote -Package $p | Slowly | Remove-AnkiNote -Confirm:$false
                        $p.NoteCount
                    }
                    finally {
                        Close-AnkiPackage -Package $p -WarningAction SilentlyContinue
                    }
                }.ToString()).AddParameter('Manifest', $ModuleManifest).AddParameter('Rows', $rows)
            $left = $shell.Invoke()
            $shell.Streams.Error | ForEach-Object { throw $_ }
            $left | Should -Be 0
            $records = @($shell.Streams.Progress)
        }
        finally {
            $shell.Dispose()
            $runspace.Dispose()
        }

        foreach ($activity in 'Add-AnkiNote', 'Set-AnkiNote', 'Remove-AnkiNote') {
            $mine = @($records | Where-Object Activity -eq $activity)
            $mine.Count | Should -BeGreaterThan 1 -Because "$activity of $rowCount rows fed slowly takes more than a second"
            $counts = @($mine | Where-Object StatusDescription -match '^([\d,.\s]+) notes so far$' | ForEach-Object { [long]($Matches[1] -replace '\D', '') })
            $counts.Count | Should -BeGreaterThan 0
            $counts | Should -Be ($counts | Sort-Object)
            $counts[-1] | Should -BeLessOrEqual $rowCount
            $mine[-2].StatusDescription | Should -Be ('Saving {0:N0} notes' -f $rowCount)
            $mine[-1].RecordType | Should -Be 'Completed'
        }
    }
}
