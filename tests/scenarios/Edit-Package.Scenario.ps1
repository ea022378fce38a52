# Editing a package: change and remove notes through the pipeline, raw SQL, media, and the integrity report.
# The source file stays untouched until the user exports over it with -Force.
param([string]$WorkFolder)
. ([System.IO.Path]::Combine($PSScriptRoot, 'Assert.ps1'))

$path = [System.IO.Path]::Combine($WorkFolder, 'edit.apkg')
$p = New-AnkiPackage -Path $path
@(
    [pscustomobject]@{ Front = 'uno'; Back = 'one'; Tags = 'numbers old' }
    [pscustomobject]@{ Front = 'dos'; Back = 'two'; Tags = 'numbers' }
    [pscustomobject]@{ Front = 'tres <img src="tres.png">'; Back = 'three'; Tags = 'numbers' }
) | Add-AnkiNote -Package $p
Add-AnkiMedia -Package $p -Name 'unused.png' -Content ([byte[]](1, 2, 3)) -WarningAction SilentlyContinue
Export-AnkiPackage -Package $p -WarningAction SilentlyContinue
Close-AnkiPackage -Package $p
# 'tres' names a picture the package lacks on purpose (Test-AnkiPackage reports it below).
Assert-AnkiRules $path -AllowMissingMedia
$before = [System.IO.File]::ReadAllBytes($path)

$q = Open-AnkiPackage -Path $path
try {
    # -WhatIf changes nothing.
    Get-AnkiNote -Package $q -NoteType Basic | Where-Object Front -eq 'uno' | Set-AnkiNote -Fields @{ Back = 'ONE' } -WhatIf
    Assert-Equal 'one' (Get-AnkiNote -Package $q -NoteType Basic | Where-Object Front -eq 'uno').Back '-WhatIf leaves the note alone'

    $changed = Get-AnkiNote -Package $q -NoteType Basic | Where-Object Front -eq 'uno' |
        Set-AnkiNote -Fields @{ Front = 'UNO' } -AddTag 'edited' -RemoveTag 'OLD' -PassThru
    Assert-Equal 'UNO' $changed.Front 'the field changed'
    Assert-Equal 'edited,numbers' ($changed.Tags -join ',') 'tags added and removed (case-insensitively)'
    $row = Invoke-AnkiSql -Package $q -Query 'select csum, sfld, usn from notes where id = $id' -Parameters @{ id = $changed.Id }
    Assert-Equal 'UNO' "$($row.sfld)" 'the sort field follows the change'
    Assert-Equal -1 ([int]$row.usn) 'changed notes are marked for sync'
    # csum: the first 8 hex digits of the SHA-1 of the first field's text (ANKI-FORMAT.md), here 'UNO'.
    $sha1 = [System.Security.Cryptography.SHA1]::HashData([System.Text.Encoding]::UTF8.GetBytes('UNO'))
    Assert-Equal ([System.Convert]::ToInt64([System.Convert]::ToHexString($sha1).Substring(0, 8), 16)) ([long]$row.csum) 'csum is the checksum of the new first field'

    # A card piped in binds its NoteId (not its own Id), so the card's note is removed.
    Get-AnkiCard -Package $q -NoteType Basic | Where-Object Front -eq 'dos' | Remove-AnkiNote
    Assert-Equal 2 $q.NoteCount 'the note is gone'
    Assert-Equal 2 $q.CardCount 'with its card'
    # Everything so far went through the cmdlets: the edited package follows Anki's rules.
    $edited = [System.IO.Path]::Combine($WorkFolder, 'edited.apkg')
    Export-AnkiPackage -Package $q -Path $edited -WarningAction SilentlyContinue
    Assert-AnkiRules $edited -AllowMissingMedia
    $graves = Invoke-AnkiSql -Package $q -Query 'select count(*) as n from graves'
    Assert-Equal 2 ([int]$graves.n) 'the note and its card are recorded in graves'

    $count = Invoke-AnkiSql -Package $q -Query 'update notes set tags = '' sql '' where flds like $pattern' -Parameters @{ pattern = 'tres%' }
    Assert-Equal 1 $count 'a write reports how many rows it changed'

    $problems = @(Test-AnkiPackage -Package $q)
    $kinds = ($problems | ForEach-Object Kind) -join ','
    Assert-True ($kinds -like '*MissingMedia*') "a field references media the package lacks: $kinds"
    Assert-True ($kinds -like '*UnusedMedia*') "a media file no field uses: $kinds"

    Remove-AnkiMedia -Package $q -Name 'unused.png'
    Assert-Equal 0 $q.MediaCount 'the media file is gone'

    $null = Invoke-AnkiSql -Package $q -Query 'update notes set csum = 1'
    $kinds = (Test-AnkiPackage -Package $q | ForEach-Object Kind) -join ','
    Assert-True ($kinds -like '*WrongChecksum*') "a wrong csum is reported: $kinds"

    Assert-Equal ([Convert]::ToBase64String($before)) ([Convert]::ToBase64String([System.IO.File]::ReadAllBytes($path))) 'the source file is not modified by edits'
    $null = Assert-ErrorId { Export-AnkiPackage -Package $q } 'AnkiSync.FileExists'
    Export-AnkiPackage -Package $q -Force
} finally {
    Close-AnkiPackage -Package $q
}
$r = Open-AnkiPackage -Path $path
try {
    Assert-Equal 2 $r.NoteCount 'the export over the source kept the edits'
} finally {
    Close-AnkiPackage -Package $r
}
$null = Assert-ErrorId { Set-AnkiNote -Package $r -Id 1 -Fields @{ Front = 'x' } } 'AnkiSync.PackageClosed'
