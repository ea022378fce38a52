# A learner's maintenance session: on a real package with reviews, suspend leeches, flag, move, reschedule and reset
# cards, read the review log, tidy the tags; then the same on a live schema-18 desktop collection. Every exported
# file follows Anki's rules and the live collection stays at schema 18, intact and backed up.
# Needs the real-file corpus.
param([string]$WorkFolder)
. ([System.IO.Path]::Combine($PSScriptRoot, 'Assert.ps1'))

$fixtureRoot = & ([System.IO.Path]::Combine($PSScriptRoot, 'helpers', 'Find-Fixtures.ps1'))
Assert-True ($null -ne $fixtureRoot) 'the real-file corpus is found (shared/fixtures/real above the scenarios, or $env:ANKISYNC_FIXTURES)'
$studied = [System.IO.Path]::Combine($fixtureRoot, 'anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg')

$p = Open-AnkiPackage -Path $studied
try {
    $reviewsBefore = @(Get-AnkiReview -Package $p).Count
    Assert-True ($reviewsBefore -gt 0) 'the package has a review log'

    # Suspend the review cards, flag them, and read them back.
    $suspended = @(Get-AnkiCard -Package $p -State Review | Suspend-AnkiCard -PassThru)
    Assert-Equal 2 $suspended.Count 'both review cards were suspended'
    Assert-True (@($suspended | Where-Object { -not $_.Suspended }).Count -eq 0) 'PassThru shows them suspended'
    Get-AnkiCard -Package $p -State Suspended | Set-AnkiCard -Flag Orange
    Assert-Equal 'Orange' "$((Get-AnkiCard -Package $p -State Suspended)[0].Flag)" 'Flag is shown by name'
    Get-AnkiCard -Package $p -State Suspended | Resume-AnkiCard
    Assert-Equal 0 @(Get-AnkiCard -Package $p -State Suspended).Count 'resumed'

    # Move the learning cards to a new deck and give them a due date within a week.
    Get-AnkiCard -Package $p -State Learning | Set-AnkiCard -Deck 'Maintained::Learning' -DueDate '1-7'
    $moved = @(Get-AnkiCard -Package $p -Deck 'Maintained::Learning')
    Assert-Equal 4 $moved.Count 'four learning cards moved into the new deck'
    Assert-True (@($moved | Where-Object State -ne 'Review').Count -eq 0) 'a due date makes them review cards'
    $manual = @(Get-AnkiReview -Package $p | Where-Object Kind -eq 'Manual')
    Assert-Equal 4 $manual.Count 'Set Due Date logs one Manual row per card'
    Assert-True (@($manual | Where-Object Button -ne 'Manual').Count -eq 0) 'manual rows have no button'

    # Forget one card; -WhatIf first.
    $one = Get-AnkiCard -Package $p -Deck 'Maintained::Learning' | Select-Object -First 1
    $one | Reset-AnkiCard -WhatIf
    Assert-Equal 'Review' "$((Get-AnkiCard -Package $p -Id $one.Id).State)" '-WhatIf resets nothing'
    $reset = $one | Reset-AnkiCard -ResetCounts -PassThru
    Assert-Equal 'New' "$($reset.State)" 'the card is new again'
    Assert-Equal 0 ([int]$reset.Reviews) 'with its counts reset'

    # Tags: rename with children, remove, counts.
    Get-AnkiNote -Package $p | Select-Object -First 1 | Set-AnkiNote -AddTag 'wheels::front'
    Rename-AnkiTag -Package $p -Name 'WHEELS' -NewName 'parts::wheels'
    $tags = @(Get-AnkiTag -Package $p)
    Assert-True (@($tags | Where-Object Name -like 'wheels*').Count -eq 0) 'the old tag and its child are gone'
    Assert-True (@($tags | Where-Object Name -eq 'parts::wheels::front').Count -eq 1) 'the child follows the rename'
    Remove-AnkiTag -Package $p -Name 'tech*'
    Assert-True (@(Get-AnkiTag -Package $p -Name 'technic').Count -eq 0) 'removed by wildcard'

    $out = [System.IO.Path]::Combine($WorkFolder, 'maintained.apkg')
    $latest = [System.IO.Path]::Combine($WorkFolder, 'maintained-latest.apkg')
    Export-AnkiPackage -Package $p -Path $out
    Export-AnkiPackage -Package $p -Path $latest -Format Latest
    Assert-AnkiRules $out, $latest -Real
    Assert-Equal ($reviewsBefore + 5) @(Get-AnkiReview -Path $out).Count 'the exported log holds the manual rows'
}
finally {
    Close-AnkiPackage -Package $p
}

# The same kind of work on a live schema-18 desktop collection.
$profile = [System.IO.Path]::Combine($WorkFolder, 'User 1')
$null = New-Item -ItemType Directory -Path $profile
$collection = [System.IO.Path]::Combine($profile, 'collection.anki2')
Copy-Item -LiteralPath ([System.IO.Path]::Combine($fixtureRoot, 'anki2.1.50plus-bare-schema18-japanese-studied.anki2')) -Destination $collection
$c = Open-AnkiCollection -Path $collection
try {
    Get-AnkiCard -Package $c -State Review | Set-AnkiCard -DueDate '3!' -Flag Blue
    Get-AnkiCard -Package $c -State New | Suspend-AnkiCard
    Get-AnkiNote -Package $c | Select-Object -First 1 | Set-AnkiNote -AddTag 'live::tag'
    Rename-AnkiTag -Package $c -Name 'live' -NewName 'renamed'
    Assert-True ($null -ne $c.BackupPath -and [System.IO.File]::Exists($c.BackupPath)) 'a backup was taken before the first change'
    Assert-Equal '18' "$((Invoke-AnkiSql -Package $c -Query 'select ver from col').ver)" 'still schema 18'
    Assert-Equal 'ok' "$((Invoke-AnkiSql -Package $c -Query 'pragma integrity_check').integrity_check)" 'integrity_check is ok'
    Assert-Equal '1' "$((Invoke-AnkiSql -Package $c -Query "select count(*) as n from tags where tag = 'renamed::tag'").n)" 'the tags table follows the rename'
    Assert-True (@(Get-AnkiCard -Package $c | Where-Object Flag -eq 'Blue').Count -gt 0) 'flags are set'
}
finally {
    Close-AnkiPackage -Package $c
}
