# Read every real Anki file in shared/fixtures/real: each opens with the format, schema and counts it holds,
# cards stream from Get-AnkiCard -Path through Where-Object, and media comes out byte for byte.
# Needs the real-file corpus.
param([string]$WorkFolder)
. ([System.IO.Path]::Combine($PSScriptRoot, 'Assert.ps1'))

$fixtureRoot = & ([System.IO.Path]::Combine($PSScriptRoot, 'helpers', 'Find-Fixtures.ps1'))
Assert-True ($null -ne $fixtureRoot) 'the real-file corpus is found (shared/fixtures/real above the scenarios, or $env:ANKISYNC_FIXTURES)'

# From MANIFEST.md: Format/Schema/Notes/Cards of each file.
$expected = @{
    'anki-apkg-export-js-legacy-apkg-image.apkg'                        = 'Legacy1/11/3/3'
    'anki2.0-legacy-apkg-basic-1note.apkg'                              = 'Legacy1/11/1/1'
    'anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg'           = 'Legacy1/11/48/146'
    'anki2.0-legacy-apkg-sound-media.apkg'                              = 'Legacy1/11/1/1'
    'anki2.1.1x-bare-schema11-two-decks-revlog.anki2'                   = 'Legacy1/11/7/12'
    'anki2.1.1x-colpkg-anki21-stub-all-stock-notetypes-media.colpkg'    = 'Legacy2/11/8/10'
    'anki2.1.1x-colpkg-legacy-anki2-all-stock-notetypes-media.colpkg'   = 'Legacy1/11/8/10'
    'anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg'       = 'Legacy1/11/8/10'
    'anki2.1.2x-bare-schema11-media-refs.anki2'                         = 'Legacy1/11/3/3'
    'anki2.1.4x-bare-schema16-empty.anki2'                              = 'Legacy1/16/0/0'
    'anki2.1.50plus-bare-schema18-japanese-studied.anki2'               = 'Legacy1/18/3/3'
    'anki2.1.50plus-bare-schema18-suspended.anki2'                      = 'Legacy1/18/6/6'
    'anki2.1.50plus-latest-apkg-anki21b-4notes.apkg'                    = 'Latest/18/4/4'
    'anki2.1.50plus-latest-apkg-anki21b-basic-19notes.apkg'             = 'Latest/18/19/19'
    'anki2.1.50plus-latest-apkg-anki21b-chinese-custom-notetype.apkg'   = 'Latest/18/3/6'
    'anki2.1.50plus-latest-apkg-anki21b-jpg-images.apkg'                = 'Latest/18/2/2'
    'anki2.1.50plus-latest-apkg-anki21b-media-revlog.apkg'              = 'Latest/18/5/6'
    'anki2.1.50plus-latest-bare-collection-19notes.anki21b'             = 'Latest/18/19/19'
    'anki2.1.50plus-latest-colpkg-anki21b-revlog-filtered-deck.colpkg'  = 'Latest/18/6/8'
    'anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg'         = 'Legacy2/11/5/6'
    'anki2.1.50plus-legacy2-apkg-anki21-stub-spanish.apkg'              = 'Legacy2/11/5/5'
    'ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg'           = 'Legacy1/11/195/390'
    'ankidroid2.12.1-bare-schema11-empty.anki2'                         = 'Legacy1/11/0/0'
    'genanki-legacy-apkg-japanese-kanji-165notes.apkg'                  = 'Legacy1/11/165/165'
}

$files = @([System.IO.Directory]::GetFiles($fixtureRoot) | Where-Object {
        $name = [System.IO.Path]::GetFileName($_)
        $name -ne 'MANIFEST.md' -and -not $name.EndsWith('-wal') -and -not $name.EndsWith('-shm')
    })
Assert-True ($files.Count -ge $expected.Count) "every fixture is present ($($files.Count) files)"

$checked = 0
foreach ($file in $files) {
    $name = [System.IO.Path]::GetFileName($file)
    $p = Open-AnkiPackage -LiteralPath $file
    try {
        $notes = @(Get-AnkiNote -Package $p)
        $cards = @(Get-AnkiCard -Package $p)
        Assert-Equal $p.NoteCount $notes.Count "$name notes listed"
        Assert-Equal $p.CardCount $cards.Count "$name cards listed"
        # The "please update" stub of legacy-2 and latest packages must never be what was read.
        $stub = @($notes | Where-Object { ($_.Fields.Values -join ' ') -match 'update to the latest Anki|requires a newer version of Anki' })
        Assert-Equal 0 $stub.Count "$name is not read from its stub"
        if ($expected.ContainsKey($name)) {
            $actual = '{0}/{1}/{2}/{3}' -f $p.Format, $p.Schema, $p.NoteCount, $p.CardCount
            Assert-Equal $expected[$name] $actual "$name format/schema/notes/cards"
            $checked++
        }
    } finally {
        Close-AnkiPackage -Package $p
    }
}
Assert-Equal $expected.Count $checked 'every file of the expectations table was opened'

# Cards stream from -Path through Where-Object. No real file has lapsed cards; this deck's six review cards all have reviews.
$revlogDeck = [System.IO.Path]::Combine($fixtureRoot, 'anki2.1.50plus-latest-apkg-anki21b-media-revlog.apkg')
Assert-Equal 0 @(Get-AnkiCard -Path $revlogDeck | Where-Object Lapses -gt 0).Count 'no lapsed cards in the real deck'
$reviewed = @(Get-AnkiCard -Path $revlogDeck | Where-Object Reviews -gt 0)
Assert-Equal 6 $reviewed.Count 'review cards with their review counts'
Assert-True (@($reviewed | Where-Object { $_.State -eq 'Review' -and $null -ne $_.DueDate -and $_.Ease -gt 0 }).Count -eq 6) 'review cards carry state, due date and ease'

# Give two of its cards lapses, export, and find exactly those through -Path and Where-Object.
$lapsedDeck = [System.IO.Path]::Combine($WorkFolder, 'lapsed.apkg')
$p = Open-AnkiPackage -LiteralPath $revlogDeck
try {
    $ids = @(Get-AnkiCard -Package $p | ForEach-Object Id)[1, 4]
    $null = Invoke-AnkiSql -Package $p -Query 'update cards set lapses = 4 where id in ($a, $b)' -Parameters @{ a = $ids[0]; b = $ids[1] }
    Export-AnkiPackage -Package $p -Path $lapsedDeck
    Assert-AnkiRules $lapsedDeck -Real
} finally {
    Close-AnkiPackage -Package $p -WarningAction SilentlyContinue
}
$lapsed = @(Get-AnkiCard -Path $lapsedDeck | Where-Object Lapses -gt 3)
Assert-Equal 2 $lapsed.Count 'the lapsed cards stream out of the exported deck'
Assert-Equal (($ids | ForEach-Object { "$_" }) -join ',') (($lapsed | ForEach-Object { "$($_.Id)" }) -join ',') 'the lapsed cards by id'

# Media comes out byte for byte: this legacy package's media map ({"0": "favicon.ico", "1": "bloop.wav", …})
# names the ZIP entry holding each file.
$mediaDeck = [System.IO.Path]::Combine($fixtureRoot, 'anki2.1.1x-legacy-apkg-all-stock-notetypes-image-audio.apkg')
$mediaEntries = [ordered]@{ 'favicon.ico' = '0'; 'bloop.wav' = '1'; 'png1.png' = '2'; 'png2.png' = '3' }
$destination = [System.IO.Path]::Combine($WorkFolder, 'media')
$exported = [string[]]@(Export-AnkiMedia -Path $mediaDeck -Destination $destination -PassThru | ForEach-Object Name)
[System.Array]::Sort($exported, [System.StringComparer]::Ordinal)
Assert-Equal 'bloop.wav,favicon.ico,png1.png,png2.png' ($exported -join ',') 'every media file exported'
$zip = [System.IO.Compression.ZipArchive]::new([System.IO.File]::OpenRead($mediaDeck))
try {
    foreach ($name in $mediaEntries.Keys) {
        $stream = $zip.GetEntry($mediaEntries[$name]).Open()
        $buffer = [System.IO.MemoryStream]::new()
        $stream.CopyTo($buffer)
        $stream.Dispose()
        $written = [System.IO.File]::ReadAllBytes([System.IO.Path]::Combine($destination, $name))
        Assert-True ($written.Length -gt 0) "$name is not empty"
        Assert-Equal ([System.Convert]::ToBase64String($buffer.ToArray())) ([System.Convert]::ToBase64String($written)) "$name byte for byte"
    }
} finally {
    $zip.Dispose()
}
