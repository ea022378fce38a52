#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Import-AnkiPackage under the real pwsh: the weekly-rebuild story of issue 12 on a learner's live schema-18
# collection (a deck built, imported, studied, rebuilt with a changed and a new note and a same-named picture with new
# content, imported again), -WhatIf, errors, and real packages imported into a fresh package.

BeforeAll {
    . $PSScriptRoot/common.ps1
    . ([System.IO.Path]::Combine($RepositoryRoot, 'tests', 'scenarios', 'Assert.ps1'))
    $fixtureRoot = $FixtureRoot
    function Get-Raw($Package, [string]$Query) { Invoke-AnkiSql -Package $Package -Query $Query }
    function Get-Sha1([byte[]]$Bytes) {
        $sha1 = [System.Security.Cryptography.SHA1]::Create()
        try { -join ($sha1.ComputeHash($Bytes) | ForEach-Object { $_.ToString('x2') }) } finally { $sha1.Dispose() }
    }
}

Describe 'Import-AnkiPackage into a live collection' -Tag 'CI' {
    BeforeAll {
        $work = Join-Path ([System.IO.Path]::GetTempPath()) ("ankisync-merge-" + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $work
        $oldPicture = [System.Text.Encoding]::UTF8.GetBytes('picture, first version')
        $newPicture = [System.Text.Encoding]::UTF8.GetBytes('picture, second version')
    }
    AfterAll {
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'keeps the learner''s progress when a rebuilt deck is imported again' {

        Skip-WithoutCorpus
        $profileFolder = Join-Path $work 'User 1'
        $null = New-Item -ItemType Directory -Path $profileFolder
        $collectionPath = Join-Path $profileFolder 'collection.anki2'
        Copy-Item -LiteralPath (Join-Path $fixtureRoot 'anki2.1.50plus-bare-schema18-suspended.anki2') -Destination $collectionPath

        # Version 1 of the deck: three notes, one showing a picture.
        $v1 = Join-Path $work 'spanish-v1.apkg'
        $deck = New-AnkiPackage -Path $v1
        Add-AnkiMedia -Package $deck -Name 'pic.png' -Content $oldPicture
        $rows = @(
            [pscustomobject]@{ Front = 'el gato'; Back = 'the cat <img src="pic.png">' }
            [pscustomobject]@{ Front = 'el perro'; Back = 'the dog' }
            [pscustomobject]@{ Front = 'la casa'; Back = 'the house' }
        )
        $rows | Add-AnkiNote -Package $deck -Deck 'Spanish::Animals' -Tags 'v1'
        Export-AnkiPackage -Package $deck
        Close-AnkiPackage -Package $deck

        $live = Open-AnkiCollection -Path $collectionPath -NoBackup
        try {
            $before = $live.NoteCount
            $first = Import-AnkiPackage -Package $live -Path $v1
            $first.New | Should -Be 3
            $first.MediaAdded | Should -Be 1
            $live.NoteCount | Should -Be ($before + 3)
            # The learner studies the cat and the dog: review cards with their own due days and intervals.
            $cat = Get-AnkiNote -Package $live -Query '"Front:el gato"'
            $dog = Get-AnkiNote -Package $live -Query '"Front:el perro"'
            $null = Invoke-AnkiSql -Package $live -Query "update cards set type = 2, queue = 2, due = 400, ivl = 9, factor = 2350, reps = 4, lapses = 1, usn = -1 where nid = $($cat.Id)"
            $null = Invoke-AnkiSql -Package $live -Query "update cards set type = 2, queue = 2, due = 402, ivl = 3, factor = 2500, reps = 2, lapses = 0, usn = -1 where nid = $($dog.Id)"
            $studied = @(Get-Raw $live "select id, nid, did, type, queue, due, ivl, factor, reps, lapses from cards where nid in ($($cat.Id), $($dog.Id)) order by id")
        }
        finally {
            Close-AnkiPackage -Package $live
        }

        # Version 2, a second later: the dog's back changed, a new note, and a new picture under the same name.
        Start-Sleep -Milliseconds 1100
        $v2 = Join-Path $work 'spanish-v2.apkg'
        $deck = Open-AnkiPackage -Path $v1
        Get-AnkiNote -Package $deck -Query '"Front:el perro"' | Set-AnkiNote -Fields @{ Back = 'the dog <img src="pic.png">' }
        Add-AnkiMedia -Package $deck -Name 'pic.png' -Content $newPicture -Force
        Add-AnkiNote -Package $deck -Deck 'Spanish::Animals' -Fields @{ Front = 'el pájaro'; Back = 'the bird <img src="pic.png">' } -Tags 'v2'
        Export-AnkiPackage -Package $deck -Path $v2
        Close-AnkiPackage -Package $deck

        $renamed = "pic-$(Get-Sha1 $newPicture).png"
        $live = Open-AnkiCollection -Path $collectionPath -NoBackup
        try {
            $dryRun = Import-AnkiPackage -Package $live -Path $v2 -WhatIf
            $dryRun.WhatIf | Should -BeTrue
            $live.NoteCount | Should -Be ($before + 3)
            Test-Path -LiteralPath (Join-Path $profileFolder 'collection.media' $renamed) | Should -BeFalse

            $second = Import-AnkiPackage -Package $live -Path $v2 -PassThru
            foreach ($result in $dryRun, $second) {
                $result.New | Should -Be 1
                $result.Updated | Should -Be 1
                $result.Unchanged | Should -Be 2
                $result.Conflicting | Should -Be 0
                $result.MediaAdded | Should -Be 1
                $result.MediaRenamed | Should -Be 1
            }
            $second.RenamedMedia['pic.png'] | Should -Be $renamed
            @($second.Notes).Count | Should -Be 2

            (Get-AnkiNote -Package $live -Query '"Front:el perro"').Fields.Back | Should -Be "the dog <img src=`"$renamed`">"
            (Get-AnkiNote -Package $live -Query '"Front:el gato"').Fields.Back | Should -Be 'the cat <img src="pic.png">'
            $bird = Get-AnkiNote -Package $live -Query '"Front:el pájaro"'
            $bird.Fields.Back | Should -Be "the bird <img src=`"$renamed`">"
            $bird.Deck | Should -Be 'Spanish::Animals'

            # The studied cards are exactly as the learner left them; the new card is new, after the existing new cards.
            $after = @(Get-Raw $live "select id, nid, did, type, queue, due, ivl, factor, reps, lapses from cards where nid in ($($cat.Id), $($dog.Id)) order by id")
            ($after | ConvertTo-Json -Compress) | Should -Be ($studied | ConvertTo-Json -Compress)
            $birdCard = Get-Raw $live "select type, queue, due, usn from cards where nid = $($bird.Id)"
            $birdCard.type | Should -Be 0
            $birdCard.queue | Should -Be 0
            $birdCard.usn | Should -Be -1
            $highestOther = (Get-Raw $live "select max(due) as m from cards where type = 0 and nid != $($bird.Id)").m
            $birdCard.due | Should -BeGreaterThan $highestOther
            (Get-Raw $live "select usn from notes where id = $($dog.Id)").usn | Should -Be -1

            (Get-Raw $live 'select ver from col').ver | Should -Be 18
            (Get-Raw $live 'pragma integrity_check').integrity_check | Should -Be 'ok'
        }
        finally {
            Close-AnkiPackage -Package $live
        }

        $media = Join-Path $profileFolder 'collection.media'
        [System.IO.File]::ReadAllBytes((Join-Path $media 'pic.png')) | Should -Be $oldPicture
        [System.IO.File]::ReadAllBytes((Join-Path $media $renamed)) | Should -Be $newPicture
        Assert-AnkiRules -Path $collectionPath -Real -AllowMissingMedia

        # A third import of the same version changes nothing.
        $live = Open-AnkiCollection -Path $collectionPath -NoBackup
        try {
            $third = Import-AnkiPackage -Package $live -Path $v2
            $third.New, $third.Updated, $third.Unchanged, $third.MediaAdded | Should -Be 0, 0, 4, 0
        }
        finally {
            Close-AnkiPackage -Package $live
        }
    }

    It 'merges a changed note type with -UpdateNoteTypes, and the target''s own notes of it get the new template''s cards' {

        $v1 = Join-Path $work 'vocab-v1.apkg'
        $v2 = Join-Path $work 'vocab-v2.apkg'
        $deck = New-AnkiPackage -Path $v1
        $target = New-AnkiPackage
        try {
            [pscustomobject]@{ Front = 'uno'; Back = 'one' } | Add-AnkiNote -Package $deck -Deck 'Vocab'
            Export-AnkiPackage -Package $deck
            $null = Import-AnkiPackage -Package $target -Path $v1
            $type = (Get-AnkiNote -Package $target -Query 'Front:uno').NoteType
            [pscustomobject]@{ Front = 'dos'; Back = 'two' } | Add-AnkiNote -Package $target -NoteType $type -Deck 'Vocab'

            Set-AnkiNoteType -Package $deck -Name 'Basic' -AddTemplate @{ Name = 'Reverse'; Front = '{{Back}}'; Back = '{{Front}}' } -Confirm:$false
            Export-AnkiPackage -Package $deck -Path $v2
            $result = Import-AnkiPackage -Package $target -Path $v2 -UpdateNoteTypes

            $result.NoteTypesUpdated | Should -Be 1
            $reversed = @(Get-AnkiCard -Package $target -Query 'card:Reverse')
            $reversed.Count | Should -Be 2
            @(Get-AnkiCard -Package $target -Query 'card:Reverse Front:dos').Count | Should -Be 1
            $result.CardsAdded | Should -Be 2
        }
        finally {
            Close-AnkiPackage -Package $target
            Close-AnkiPackage -Package $deck
        }
    }

    It 'reports a file that is not a package as an error and changes nothing' {

        $target = New-AnkiPackage
        try {
            $bad = Join-Path $work 'not-a-package.apkg'
            Set-Content -LiteralPath $bad -Value 'not a zip'
            Import-AnkiPackage -Package $target -Path $bad -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'AnkiSync.*'
            $target.NoteCount | Should -Be 0
            $target.IsModified | Should -BeFalse
        }
        finally {
            Close-AnkiPackage -Package $target
        }
    }
}

Describe 'Import-AnkiPackage of real packages' -Tag 'CI' {
    It 'imports <_> whole into a fresh package' -ForEach @(
        'anki2.0-legacy-apkg-sound-media.apkg'
        'anki2.1.50plus-latest-apkg-anki21b-jpg-images.apkg'
        'anki2.1.50plus-legacy2-apkg-anki21-stub-spanish.apkg'
        'ankidroid-colpkg-legacy-subdecks-french-japanese.colpkg'
    ) {

        Skip-WithoutCorpus
        $path = Join-Path $fixtureRoot $_
        $source = Open-AnkiPackage -Path $path
        $notes = $source.NoteCount
        $cards = $source.CardCount
        Close-AnkiPackage -Package $source
        $target = New-AnkiPackage
        try {
            $result = Import-AnkiPackage -Package $target -Path $path
            $result.New | Should -Be $notes
            $result.CardsAdded | Should -Be $cards
            $target.NoteCount | Should -Be $notes
            $target.CardCount | Should -Be $cards
            $out = Join-Path ([System.IO.Path]::GetTempPath()) ("ankisync-merge-" + [guid]::NewGuid().ToString('N') + '.apkg')
            Export-AnkiPackage -Package $target -Path $out -WarningAction SilentlyContinue
            try { Assert-AnkiRules -Path $out -Real } finally { Remove-Item -LiteralPath $out -Force }
        }
        finally {
            Close-AnkiPackage -Package $target -WarningAction SilentlyContinue
        }
    }
}
