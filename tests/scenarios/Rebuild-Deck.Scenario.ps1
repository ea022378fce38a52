# The weekly rebuild: the same script run twice gives the same note guids, note type ids and deck ids,
# so learners who re-import get their notes updated instead of duplicated.
param([string]$WorkFolder)
. ([System.IO.Path]::Combine($PSScriptRoot, 'Assert.ps1'))

function Build-Week([string]$Path, [string]$Extra) {
    $p = New-AnkiPackage -Path $Path -Force
    try {
        $null = New-AnkiNoteType -Package $p -Name 'Capital' -Field Country, City -Template @{ Name = 'Card 1'; Front = '{{Country}}'; Back = '{{City}}' }
        @(
            [pscustomobject]@{ Country = 'France'; City = 'Paris' }
            [pscustomobject]@{ Country = 'Spain'; City = "Madrid$Extra" }
        ) | Add-AnkiNote -Package $p -NoteType Capital -Deck 'Geography::Capitals'
        Add-AnkiNote -Package $p -Deck 'Geography' -Fields 'Largest ocean', 'Pacific' -Key 'ocean-1'
        Add-AnkiNote -Package $p -Deck 'Geography' -Fields 'Longest river', 'Nile' -Guid 'river-guid-1'
        Export-AnkiPackage -Package $p
    } finally {
        Close-AnkiPackage -Package $p
    }
    Assert-AnkiRules $Path
    $q = Open-AnkiPackage -Path $Path
    try {
        [pscustomobject]@{
            Guids     = (Get-AnkiNote -Package $q | ForEach-Object { "$($_.Fields[0])=$($_.Guid)" }) -join ';'
            NoteTypes = (Get-AnkiNoteType -Package $q | ForEach-Object { "$($_.Name)=$($_.Id)" }) -join ';'
            Decks     = (Get-AnkiDeck -Package $q | ForEach-Object { "$($_.Name)=$($_.Id)" }) -join ';'
        }
    } finally {
        Close-AnkiPackage -Package $q
    }
}

$first = Build-Week ([System.IO.Path]::Combine($WorkFolder, 'week1.apkg')) ''
$second = Build-Week ([System.IO.Path]::Combine($WorkFolder, 'week2.apkg')) ' (capital)'

Assert-Equal $first.Guids $second.Guids 'same guids every run (a changed back side keeps the guid)'
Assert-Equal $first.NoteTypes $second.NoteTypes 'same note type ids every run'
Assert-Equal $first.Decks $second.Decks 'same deck ids every run'
Assert-True ($first.Guids -like '*Longest river=river-guid-1*') '-Guid sets the guid'
