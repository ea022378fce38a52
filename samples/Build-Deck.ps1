<#
.SYNOPSIS
    Builds a Spanish deck from a CSV file and a media folder, the way an admin's weekly script does.
.EXAMPLE
    Import-Module ./out/AnkiSync/AnkiSync.psd1; ./samples/Build-Deck.ps1 -OutputPath spanish.apkg
    Run it again next week: the guids and ids are the same, so learners who re-import get updates, not duplicates.
#>
param(
    [string]$CsvPath = ([System.IO.Path]::Combine($PSScriptRoot, 'data', 'vocabulary.csv')),
    [string]$MediaFolder = ([System.IO.Path]::Combine($PSScriptRoot, 'data', 'media')),
    [string]$OutputPath = 'spanish.apkg'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$package = New-AnkiPackage -Path $OutputPath -Force
try {
    # Each CSV column is a field (Front, Back), or says where the note goes (Deck) and how it is tagged (Tags).
    Import-Csv -LiteralPath $CsvPath | Add-AnkiNote -Package $package | Out-Null
    Get-ChildItem -LiteralPath $MediaFolder -File | Add-AnkiMedia -Package $package
    "Wrote $((Export-AnkiPackage -Package $package -PassThru).FullName)"
} finally {
    Close-AnkiPackage -Package $package
}

# Read it back: every note with its deck and tags.
Get-AnkiNote -Path $OutputPath | ForEach-Object { "{0,-8} {1,-18} {2}" -f $_.Front, $_.Deck, ($_.Tags -join ' ') }
