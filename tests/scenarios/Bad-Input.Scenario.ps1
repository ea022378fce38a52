# Bad input gets a clear AnkiSync.* error and nothing else; a bad row in a pipeline does not stop the others.
param([string]$WorkFolder)
. ([System.IO.Path]::Combine($PSScriptRoot, 'Assert.ps1'))

$p = New-AnkiPackage
try {
    $null = Assert-ErrorId { Add-AnkiNote -Package $p -NoteType 'No Such Type' -Fields 'a', 'b' } 'AnkiSync.UnknownNoteType'
    $null = Assert-ErrorId { Add-AnkiNote -Package $p -Fields @{ Frnt = 'a'; Back = 'b' } } 'AnkiSync.UnknownField'
    $null = Assert-ErrorId { Add-AnkiNote -Package $p -Fields 'only one value' } 'AnkiSync.FieldCountMismatch'
    $null = Assert-ErrorId { Add-AnkiNote -Package $p -Fields 'a', 'b' -Tags @('has space') } 'AnkiSync.InvalidTag'
    $null = Assert-ErrorId { Add-AnkiNote -Package $p -Fields 'a', 'b' -Deck 'Broken::::Deck' } 'AnkiSync.InvalidDeckName'
    $null = Assert-ErrorId { Add-AnkiMedia -Package $p -Name '../escape.png' -Content ([byte[]](1, 2)) } 'AnkiSync.InvalidMediaName'

    Add-AnkiNote -Package $p -Fields 'same front', 'one'
    $dup = Assert-ErrorId { Add-AnkiNote -Package $p -Fields 'same front', 'two' } 'AnkiSync.DuplicateGuid'
    Assert-True ("$dup" -like '*same front*') 'the duplicate error names the notes'

    $rows = @(
        [pscustomobject]@{ Front = 'good 1'; Back = 'x' }
        [pscustomobject]@{ Front = 'bad'; Back = 'x'; Bakc = 'typo' }
        [pscustomobject]@{ Front = 'good 2'; Back = 'x' }
    )
    $rows | Add-AnkiNote -Package $p -ErrorAction SilentlyContinue -ErrorVariable rowErrors
    Assert-Equal 1 $rowErrors.Count 'one non-terminating error for the bad row'
    # A piped property that is no field is one ExtraProperty error per pipeline, naming it.
    Assert-Equal 'AnkiSync.ExtraProperty,AnkiSync.PowerShell.Commands.AddAnkiNoteCommand' $rowErrors[0].FullyQualifiedErrorId 'the row error id'
    Assert-True ("$($rowErrors[0])" -like '*Bakc*') 'the error names the property'
    Assert-Equal 3 $p.NoteCount 'the good rows went in'

    # Warnings, not errors: a name Anki would treat as a whole-collection backup, and media no field uses.
    Add-AnkiMedia -Package $p -Name 'orphan.png' -Content ([byte[]](1, 2, 3))
    Export-AnkiPackage -Package $p -Path ([System.IO.Path]::Combine($WorkFolder, 'collection.apkg')) -WarningVariable exportWarnings -WarningAction SilentlyContinue
    Assert-AnkiRules ([System.IO.Path]::Combine($WorkFolder, 'collection.apkg'))
    $warningText = ($exportWarnings | ForEach-Object { "$_" }) -join ' | '
    Assert-True ($warningText -like '*collection.apkg*') "warned about the name collection.apkg: $warningText"
    Assert-True ($warningText -like '*orphan.png*') "warned about media no field references: $warningText"

    $existing = [System.IO.Path]::Combine($WorkFolder, 'exists.apkg')
    [System.IO.File]::WriteAllText($existing, 'keep me')
    $null = Assert-ErrorId { Export-AnkiPackage -Package $p -Path $existing } 'AnkiSync.FileExists'
    Assert-Equal 'keep me' ([System.IO.File]::ReadAllText($existing)) 'the existing file is untouched'
} finally {
    Close-AnkiPackage -Package $p -WarningAction SilentlyContinue
}

$null = Assert-ErrorId { Get-AnkiNote -Package $p } 'AnkiSync.PackageClosed'
