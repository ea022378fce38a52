# Restructuring a real package: move decks, give them a preset, reshape a note type and move notes to another type,
# then export it and check the file with the independent rule checker. The source file stays untouched.
# Needs the real-file corpus.
param([string]$WorkFolder)
. ([System.IO.Path]::Combine($PSScriptRoot, 'Assert.ps1'))

$fixtures = & ([System.IO.Path]::Combine($PSScriptRoot, 'helpers', 'Find-Fixtures.ps1'))
Assert-True ($null -ne $fixtures) 'the real-file corpus is found (shared/fixtures/real above the scenarios, or $env:ANKISYNC_FIXTURES)'
$source = [System.IO.Path]::Combine($WorkFolder, 'french-japanese.colpkg')
[System.IO.File]::Copy([System.IO.Path]::Combine($fixtures, 'ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg'), $source)
$sourceBytes = [System.IO.File]::ReadAllBytes($source)
$out = [System.IO.Path]::Combine($WorkFolder, 'restructured.apkg')

$p = Open-AnkiPackage -Path $source
try {
    $cards = $p.CardCount
    $subdecks = @(Get-AnkiDeck -Package $p -Name 'Vocabulaire japonais::*' | ForEach-Object { $_.Name.Substring('Vocabulaire japonais'.Length) })
    Assert-True ($subdecks.Count -gt 0) 'the fixture has subdecks to move'
    Rename-AnkiDeck -Package $p -Name 'Vocabulaire japonais' -NewName 'Langues::Japonais'
    $moved = @(Get-AnkiDeck -Package $p -Name 'Langues::Japonais::*' | ForEach-Object { $_.Name.Substring('Langues::Japonais'.Length) })
    Assert-Equal (($subdecks | Sort-Object) -join '|') (($moved | Sort-Object) -join '|') 'every subdeck follows its parent'
    Assert-Equal 0 @(Get-AnkiDeck -Package $p -Name 'Vocabulaire*').Count 'no deck keeps the old name'

    New-AnkiDeckConfig -Package $p -Name 'Exam' -NewPerDay 40 -LearningSteps 1, 10 | Out-Null
    Get-AnkiDeck -Package $p -Name 'Langues::Japonais*' | Set-AnkiDeck -Preset 'Exam'
    $exam = Get-AnkiDeckConfig -Package $p -Name 'Exam'
    Assert-True ($exam.Decks -contains 'Langues::Japonais') 'the preset lists its decks'

    Set-AnkiNoteType -Package $p -Name 'Basic (and reversed card)' -RenameField @{ Front = 'Kanji' } -AddField 'Note' -WarningAction SilentlyContinue
    $type = Get-AnkiNoteType -Package $p -Name 'Basic (and reversed card)'
    Assert-Equal 'Kanji,Back,Note' ($type.Fields -join ',') 'fields renamed and added'
    Assert-True ($type.Templates[0].Front -like '*{{Kanji}}*') 'the template follows the renamed field'
    Assert-ErrorId { Set-AnkiNoteType -Package $p -Name 'Basic (and reversed card)' -SetTemplate @{ Name = 'Card 1'; Front = '{{Front}}' } } 'AnkiSync.UnknownTemplateField'
    Assert-Equal $cards $p.CardCount 'renaming and adding fields keeps the cards'

    Export-AnkiPackage -Package $p -Path $out -WarningAction SilentlyContinue
}
finally {
    Close-AnkiPackage -Package $p -WarningAction SilentlyContinue
}

Assert-AnkiRules $out -Real
Assert-True ([System.Linq.Enumerable]::SequenceEqual([byte[]]$sourceBytes, [byte[]][System.IO.File]::ReadAllBytes($source))) 'the source file is untouched'
