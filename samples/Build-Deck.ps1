<#
.SYNOPSIS
    Builds a Spanish deck from a CSV file and a media folder, the way an admin's weekly script does.
.EXAMPLE
    ./samples/Build-Deck.ps1 -OutputPath spanish.apkg
    Run it again next week: the guids and ids are the same, so learners who re-import get updates, not duplicates.
#>
param(
    [string]$CsvPath = ([System.IO.Path]::Combine($PSScriptRoot, 'data', 'vocabulary.csv')),
    [string]$MediaFolder = ([System.IO.Path]::Combine($PSScriptRoot, 'data', 'media')),
    [string]$OutputPath = 'spanish.apkg'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Import-Csv and Get-ChildItem come with pwsh; the sample runner's embedded engine lacks them, so the
# script falls back to plain .NET for this simple CSV file and the media folder.
function Read-Rows([string]$Path) {
    if (Get-Command Import-Csv -ErrorAction SilentlyContinue) { return Import-Csv -LiteralPath $Path }
    $lines = [System.IO.File]::ReadAllLines($Path)
    $headers = $lines[0].Split(',')
    for ($i = 1; $i -lt $lines.Length; $i++) {
        $cells = [regex]::Matches($lines[$i], '("([^"]|"")*"|[^,]*)(,|$)') | ForEach-Object { $_.Groups[1].Value }
        $row = [ordered]@{}
        for ($c = 0; $c -lt $headers.Length; $c++) {
            $cell = $cells[$c]
            if ($cell.StartsWith('"')) { $cell = $cell.Substring(1, $cell.Length - 2).Replace('""', '"') }
            $row[$headers[$c]] = $cell
        }
        [pscustomobject]$row
    }
}

$package = New-AnkiPackage -Path $OutputPath -Force
try {
    Read-Rows $CsvPath | Add-AnkiNote -Package $package
    if (Get-Command Get-ChildItem -ErrorAction SilentlyContinue) {
        Get-ChildItem -LiteralPath $MediaFolder -File | Add-AnkiMedia -Package $package
    } else {
        foreach ($file in [System.IO.Directory]::GetFiles($MediaFolder)) { Add-AnkiMedia -Package $package -LiteralPath $file }
    }
    "Wrote $((Export-AnkiPackage -Package $package -PassThru).FullName)"
} finally {
    Close-AnkiPackage -Package $package
}

# Read it back: every note with its deck and tags.
Get-AnkiNote -Path $OutputPath | ForEach-Object { "{0,-8} {1,-18} {2}" -f $_.Front, $_.Deck, ($_.Tags -join ' ') }
