#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The card, review-log and tag cmdlets under the real pwsh: pipeline binding, -WhatIf, -PassThru, errors, -Path.

BeforeAll {
    . $PSScriptRoot/common.ps1
    $fixtureRoot = $FixtureRoot
    $studied = if ($fixtureRoot) { [System.IO.Path]::Combine($fixtureRoot, 'anki2.1.50plus-legacy2-apkg-anki21-stub-media-revlog.apkg') }
    function Get-Raw($Package, [string]$Query) { Invoke-AnkiSql -Package $Package -Query $Query }
}

Describe 'Card scheduling on unusual collections' -Tag 'CI' {
    It 'sets a due date on a collection whose stored creation offset is beyond 14 hours' {
        # Anki stores the offset in minutes west of UTC and allows up to 23 hours; 2000 minutes counts as 23 hours.
        $p = New-AnkiPackage
        try {
            Add-AnkiNote -Package $p -Fields @{ Front = 'hola'; Back = 'hello' }
            Invoke-AnkiSql -Package $p -Query "update col set conf = json_set(conf, '$.schedVer', 2, '$.creationOffset', 2000)"
            Get-AnkiCard -Package $p | Set-AnkiCard -DueDate 3 -ErrorAction Stop
            $card = Get-Raw $p 'select type, queue, due from cards'
            $card.type | Should -Be 2
            $card.queue | Should -Be 2
            $card.due | Should -BeGreaterOrEqual 3
        }
        finally {
            Close-AnkiPackage -Package $p -WarningAction SilentlyContinue
        }
    }
}

Describe 'Card cmdlets' -Tag 'CI' {
    BeforeEach {
        $p = if ($studied) { Open-AnkiPackage -Path $studied }
    }
    AfterEach {
        if ($p) { Close-AnkiPackage -Package $p -WarningAction SilentlyContinue }
    }

    It 'bind the Id and Package of piped cards and mark changed rows for sync' {

        Skip-WithoutCorpus
        Get-AnkiCard -Package $p -State Review | Suspend-AnkiCard
        $rows = @(Get-Raw $p 'select queue, usn from cards where type = 2')
        $rows.Count | Should -Be 2
        $rows | ForEach-Object { $_.queue | Should -Be -1; $_.usn | Should -Be -1 }
        Get-AnkiCard -Package $p -State Suspended | Resume-AnkiCard -PassThru | ForEach-Object { $_.Queue | Should -Be 2 }
    }

    It 'change nothing with -WhatIf' {

        Skip-WithoutCorpus
        $before = (Get-Raw $p 'select group_concat(queue || flags || due) as s from cards').s
        Get-AnkiCard -Package $p | Suspend-AnkiCard -WhatIf
        Get-AnkiCard -Package $p | Set-AnkiCard -Flag Red -DueDate 3 -Deck 'Nowhere' -WhatIf
        Get-AnkiCard -Package $p | Reset-AnkiCard -WhatIf
        (Get-Raw $p 'select group_concat(queue || flags || due) as s from cards').s | Should -Be $before
        @(Get-AnkiDeck -Package $p -Name 'Nowhere').Count | Should -Be 0
    }

    It 'shows Flag as a name and accepts it by name' {

        Skip-WithoutCorpus
        $card = Get-AnkiCard -Package $p | Select-Object -First 1 | Set-AnkiCard -Flag Turquoise -PassThru
        $card.Flag | Should -Be ([AnkiSync.CardFlag]::Turquoise)
        "$($card.Flag)" | Should -Be 'Turquoise'
        (Get-Raw $p "select flags from cards where id = $($card.Id)").flags | Should -Be 6
        { Set-AnkiCard -Package $p -Id $card.Id -Flag Magenta } | Should -Throw
    }

    It 'set a due date in days from today with the Manual review-log row' {

        Skip-WithoutCorpus
        $before = @(Get-AnkiReview -Package $p).Count
        $card = Get-AnkiCard -Package $p -State Review | Select-Object -First 1
        $changed = $card | Set-AnkiCard -DueDate '0' -PassThru
        # '0' is the collection's today, which starts at its rollover hour (4 AM), not at midnight.
        [math]::Abs(($changed.DueDate.Date - [datetime]::Today).TotalDays) | Should -BeLessOrEqual 1
        $other = Get-AnkiCard -Package $p -State Review | Where-Object Id -ne $card.Id | Set-AnkiCard -DueDate '3' -PassThru
        $other.Due - $changed.Due | Should -Be 3
        $changed.Interval | Should -Be $card.Interval
        @(Get-AnkiReview -Package $p).Count | Should -Be ($before + 2)
        $row = Get-AnkiReview -Package $p -CardId $card.Id | Select-Object -Last 1
        $row.Kind | Should -Be 'Manual'
        $row.Button | Should -Be 'Manual'
    }

    It 'report a due date Anki cannot read as AnkiSync.InvalidDueDate' {

        Skip-WithoutCorpus
        { Get-AnkiCard -Package $p | Set-AnkiCard -DueDate 'next week' -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.InvalidDueDate*'
    }

    It 'report an unknown card as a non-terminating AnkiSync.CardNotFound while the other cards go on' {

        Skip-WithoutCorpus
        $ids = @(42) + @(Get-AnkiCard -Package $p -State Review | ForEach-Object Id)
        $ids | ForEach-Object { [pscustomobject]@{ Id = $_; Package = $p } } | Suspend-AnkiCard -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'AnkiSync.CardNotFound*'
        @(Get-AnkiCard -Package $p -State Suspended).Count | Should -Be 2
    }

    It 'roll back the whole pipeline when it is stopped' {

        Skip-WithoutCorpus
        Get-AnkiCard -Package $p | Suspend-AnkiCard -PassThru | Select-Object -First 1 | Out-Null
        @(Get-AnkiCard -Package $p -State Suspended).Count | Should -Be 0
    }

    It 'reset cards to the end of the new queue, optionally with their counts' {

        Skip-WithoutCorpus
        $cards = @(Get-AnkiCard -Package $p -State Review)
        $reset = @($cards | Reset-AnkiCard -ResetCounts -PassThru)
        $reset.State | Should -Be @('New', 'New')
        $reset.Reviews | Should -Be @(0, 0)
        $reset[1].Due | Should -Be ($reset[0].Due + 1)
    }

    It 'move cards to a deck, creating it' {

        Skip-WithoutCorpus
        Get-AnkiCard -Package $p | Set-AnkiCard -Deck 'Sorted::All'
        @(Get-AnkiCard -Package $p -Deck 'Sorted::All').Count | Should -Be $p.CardCount
        (Get-AnkiDeck -Package $p -Name 'Sorted').Name | Should -Be 'Sorted'
    }
}

Describe 'Get-AnkiReview' -Tag 'CI' {
    It 'streams the log of a file with -Path, each row read back as the revlog stores it' {
        Skip-WithoutCorpus
        $reviews = @(Get-AnkiReview -Path $studied)
        $p = Open-AnkiPackage -Path $studied
        try {
            $raw = @(Get-Raw $p 'select r.id, r.cid, c.nid, r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.type from revlog r left join cards c on c.id = r.cid order by r.id')
        }
        finally {
            Close-AnkiPackage -Package $p
        }
        $reviews.Count | Should -Be 7
        $raw.Count | Should -Be 7
        for ($i = 0; $i -lt $raw.Count; $i++) {
            $review = $reviews[$i]
            $row = $raw[$i]
            $review.Id | Should -Be $row.id
            # revlog.id is the review time in epoch milliseconds; the module shows it as local time to the second.
            $review.Time | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds([math]::Floor($row.id / 1000)).LocalDateTime)
            $review.CardId | Should -Be $row.cid
            $review.NoteId | Should -Be $row.nid
            # A schema-11 file studied with the v2 scheduler: ease 1-4 are the buttons, 0 a manual reschedule.
            [int]$review.Button | Should -Be $row.ease
            [int]$review.Kind | Should -Be $row.type
            $review.Interval | Should -Be $row.ivl
            $review.LastInterval | Should -Be $row.lastIvl
            $review.Ease | Should -Be ($row.factor / 1000)
            $review.Duration | Should -Be ([timespan]::FromMilliseconds($row.time))
        }
        @($reviews | Where-Object Button -eq 'Again').Count | Should -Be @($raw | Where-Object ease -eq 1).Count
    }

    It 'takes cards from the pipeline and a time window' {

        Skip-WithoutCorpus
        $p = if ($studied) { Open-AnkiPackage -Path $studied }
        try {
            $all = @(Get-AnkiReview -Package $p)
            $card = $all[0].CardId
            $piped = @(Get-AnkiCard -Package $p -Id $card | Get-AnkiReview)
            $piped.Count | Should -Be @($all | Where-Object CardId -eq $card).Count
            $middle = $all[3].Time
            @(Get-AnkiReview -Package $p -After $middle).Count + @(Get-AnkiReview -Package $p -Before $middle).Count | Should -Be $all.Count
        }
        finally {
            Close-AnkiPackage -Package $p
        }
    }
}

Describe 'Tag cmdlets' -Tag 'CI' {
    BeforeEach {
        $p = New-AnkiPackage
        @(
            [pscustomobject]@{ Front = 'a'; Back = '1'; Tags = 'Verbs verbs::irregular common' }
            [pscustomobject]@{ Front = 'b'; Back = '2'; Tags = 'verbs common' }
        ) | Add-AnkiNote -Package $p
    }
    AfterEach {
        if ($p) { Close-AnkiPackage -Package $p -WarningAction SilentlyContinue }
    }

    It 'count notes per tag, with wildcards' {

        Skip-WithoutCorpus
        $tags = @(Get-AnkiTag -Package $p)
        ($tags | ForEach-Object { '{0}={1}' -f $_.Name, $_.NoteCount }) -join ',' | Should -Be 'common=2,Verbs=2,verbs::irregular=1'
        (Get-AnkiTag -Package $p 'VERB*').Name | Should -Be @('Verbs', 'verbs::irregular')
    }

    It 'rename a tag with its children, from the pipeline, with -PassThru' {

        Skip-WithoutCorpus
        $renamed = Get-AnkiTag -Package $p -Name 'verbs' | Rename-AnkiTag -NewName 'grammar::verbs' -PassThru
        $renamed.Name | Should -Be 'grammar::verbs'
        $renamed.NoteCount | Should -Be 2
        (Get-AnkiTag -Package $p).Name | Should -Be @('common', 'grammar::verbs', 'grammar::verbs::irregular')
        (Invoke-AnkiSql -Package $p -Query 'select tags from col').tags | Should -Match 'grammar::verbs::irregular'
        (Invoke-AnkiSql -Package $p -Query 'select tags from col').tags | Should -Not -Match '"Verbs"'
    }

    It 'report a rename of a tag no note carries as AnkiSync.TagNotFound' {

        Skip-WithoutCorpus
        { Rename-AnkiTag -Package $p -Name 'nothing' -NewName 'else' -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.TagNotFound*'
        { Rename-AnkiTag -Package $p -Name 'verbs' -NewName 'two words' -ErrorAction Stop } | Should -Throw -ErrorId 'AnkiSync.InvalidTag*'
    }

    It 'remove tags with their children, not with -WhatIf' {

        Skip-WithoutCorpus
        Remove-AnkiTag -Package $p -Name 'verbs' -WhatIf
        @(Get-AnkiTag -Package $p).Count | Should -Be 3
        Remove-AnkiTag -Package $p -Name 'verbs'
        (Get-AnkiTag -Package $p).Name | Should -Be @('common')
        (Get-AnkiNote -Package $p | ForEach-Object { $_.Tags -join ' ' }) | Should -Be @('common', 'common')
    }

    It 'read tags from a file with -Path' {

        Skip-WithoutCorpus
        (Get-AnkiTag -Path $studied).Name | Should -Be @('technic', 'wheels')
    }
}
