#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Files from the wild break small rules Anki tolerates. Under the real pwsh: each fault is planted in a package the
# module wrote (media map and collection edited the way other tools get them wrong); the file opens, warns once for
# that kind of fault, reads normally, and Test-AnkiPackage lists the instance.

BeforeAll {
    . $PSScriptRoot/common.ps1
    Add-Type -AssemblyName System.IO.Compression

    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) "ankisync-tolerance-$PID"
    New-Item -ItemType Directory -Path $work -Force | Out-Null

    # A Legacy2 package written by the module: three Basic notes, the first two showing cat.jpg and dog.jpg.
    $script:clean = Join-Path $work 'clean.apkg'
    $p = New-AnkiPackage -Path $clean -Force
    Add-AnkiMedia -Package $p -Name 'cat.jpg' -Content ([byte[]](1, 2, 3)) | Out-Null
    Add-AnkiMedia -Package $p -Name 'dog.jpg' -Content ([byte[]](4, 5, 6, 7)) | Out-Null
    Add-AnkiNote -Package $p -Deck 'Animals' -Fields @{ Front = 'cat <img src="cat.jpg">'; Back = 'gato' } -Tags 'pets'
    Add-AnkiNote -Package $p -Deck 'Animals' -Fields @{ Front = 'dog <img src="dog.jpg">'; Back = 'perro' }
    Add-AnkiNote -Package $p -Deck 'Animals' -Fields @{ Front = 'bird'; Back = 'pájaro' }
    Export-AnkiPackage -Package $p -Force
    Close-AnkiPackage -Package $p

    # Copies the clean package with its media map replaced, or with SQL run on its collection.
    function New-Faulty {
        param([string] $Name, [string] $MediaMap, [string[]] $Sql)
        $target = Join-Path $work $Name
        $source = [System.IO.Compression.ZipFile]::OpenRead($clean)
        $archive = [System.IO.Compression.ZipFile]::Open($target, 'Create')
        try {
            foreach ($entry in $source.Entries) {
                $buffer = [System.IO.MemoryStream]::new()
                $stream = $entry.Open(); $stream.CopyTo($buffer); $stream.Dispose()
                $bytes = $buffer.ToArray()
                if ($entry.Name -eq 'media' -and $MediaMap) { $bytes = [System.Text.Encoding]::UTF8.GetBytes($MediaMap) }
                if ($entry.Name -eq 'collection.anki21' -and $Sql) {
                    $db = Join-Path $work "$Name.sqlite"
                    [System.IO.File]::WriteAllBytes($db, $bytes)
                    $session = Open-AnkiPackage -Path $db
                    foreach ($statement in $Sql) { Invoke-AnkiSql -Package $session -Query $statement | Out-Null }
                    Export-AnkiPackage -Package $session -Path (Join-Path $work "$Name.anki2") -Format Legacy1 -Force -WarningAction SilentlyContinue
                    Close-AnkiPackage -Package $session
                    $bytes = [System.IO.Compression.ZipFile]::OpenRead((Join-Path $work "$Name.anki2")) | ForEach-Object {
                        $inner = [System.IO.MemoryStream]::new()
                        $s = $_.GetEntry('collection.anki2').Open(); $s.CopyTo($inner); $s.Dispose(); $_.Dispose()
                        , $inner.ToArray()
                    }
                }
                $out = $archive.CreateEntry($entry.FullName).Open()
                $out.Write($bytes, 0, $bytes.Length)
                $out.Dispose()
            }
        }
        finally {
            $archive.Dispose()
            $source.Dispose()
        }
        $target
    }
}

AfterAll {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Reading files that break rules Anki tolerates' -Tag 'CI' {
    It 'a media name listed twice: opens, keeps the first file, warns, and Test-AnkiPackage lists it' {
        $path = New-Faulty -Name 'twice.apkg' -MediaMap '{"0":"cat.jpg","1":"cat.jpg"}'

        $p = Open-AnkiPackage -Path $path -WarningVariable warnings -WarningAction SilentlyContinue
        try {
            $warnings.Count | Should -Be 1
            "$($warnings[0])" | Should -BeLike "*'cat.jpg'*first was kept*"
            (Get-AnkiMedia -Package $p -Name 'cat.jpg').Length | Should -Be 3
            @(Get-AnkiNote -Package $p).Count | Should -Be 3
            $problem = Test-AnkiPackage -Package $p | Where-Object Kind -eq 'DuplicateMediaName'
            $problem.Target | Should -Be 'cat.jpg'
        }
        finally { Close-AnkiPackage -Package $p }
    }

    It 'a media map entry whose file is missing: the file is left out with a warning, also on a -Path read' {
        $path = New-Faulty -Name 'absent.apkg' -MediaMap '{"0":"cat.jpg","1":"dog.jpg","2":"owl.jpg"}'

        $cards = @(Get-AnkiCard -Path $path -WarningVariable warnings -WarningAction SilentlyContinue)

        $cards.Count | Should -Be 3
        "$warnings" | Should -BeLike "*'owl.jpg'*left out*"
        (Test-AnkiPackage -Path $path -WarningAction SilentlyContinue | Where-Object Kind -eq 'MissingMediaFile').Target | Should -Be 'owl.jpg'
    }

    It 'cards in a deck that is gone: they read, and the warning names the deck id' {
        $path = New-Faulty -Name 'gone.apkg' -Sql "update cards set did = 4242 where nid = (select min(id) from notes)"

        $p = Open-AnkiPackage -Path $path -WarningVariable warnings -WarningAction SilentlyContinue
        try {
            "$warnings" | Should -BeLike '*1 card is in deck 4242, which does not exist*'
            @(Get-AnkiCard -Package $p).Count | Should -Be 3
            (Test-AnkiPackage -Package $p).Kind | Should -Contain 'CardWithoutDeck'
        }
        finally { Close-AnkiPackage -Package $p }
    }

    It 'notes with more or fewer fields than their note type: one warning for all of them' {
        $path = New-Faulty -Name 'fields.apkg' -Sql @(
            "update notes set flds = flds || char(31) || 'extra' where id = (select min(id) from notes)"
            "update notes set flds = 'alone' where id = (select max(id) from notes)"
        )

        $p = Open-AnkiPackage -Path $path -WarningVariable warnings -WarningAction SilentlyContinue
        try {
            $warnings.Count | Should -Be 1
            "$warnings" | Should -BeLike "2 notes have more or fewer fields than their note type 'Basic'*"
            (Get-AnkiNote -Package $p | Where-Object Front -eq 'alone') | Should -Not -BeNullOrEmpty
            @(Test-AnkiPackage -Package $p | Where-Object Kind -eq 'FieldCountMismatch').Count | Should -Be 2
        }
        finally { Close-AnkiPackage -Package $p }
    }

    It 'a tag listed twice: warns, and the note still reads with its tags' {
        $path = New-Faulty -Name 'tags.apkg' -Sql "update notes set tags = ' pets Pets ' where tags <> ''"

        $p = Open-AnkiPackage -Path $path -WarningVariable warnings -WarningAction SilentlyContinue
        try {
            "$warnings" | Should -BeLike "*the tag 'Pets' twice*"
            (Get-AnkiNote -Package $p -Tag 'pets').Front | Should -BeLike 'cat*'
            @(Test-AnkiPackage -Package $p | Where-Object Kind -eq 'UntidyTags').Count | Should -Be 1
        }
        finally { Close-AnkiPackage -Package $p }
    }

    It 'a card requirement Anki would ignore (a card number given as text) still exports as Latest' {
        $path = New-Faulty -Name 'req.apkg' -Sql "update col set models = (select json_group_object(key, json_set(value, '$.req', json('[[""0"",""any"",[0]]]'))) from json_each(col.models))"
        $latest = Join-Path $work 'req-latest.apkg'

        $p = Open-AnkiPackage -Path $path
        try { Export-AnkiPackage -Package $p -Path $latest -Format Latest -Force }
        finally { Close-AnkiPackage -Package $p }

        @(Get-AnkiNote -Path $latest).Front | Should -Be @('cat <img src="cat.jpg">', 'dog <img src="dog.jpg">', 'bird')
    }

    It 'the package the module wrote opens without warnings' {
        $p = Open-AnkiPackage -Path $clean -WarningVariable warnings
        Close-AnkiPackage -Package $p
        $warnings.Count | Should -Be 0
    }

    It 'an empty package the module exported (no notes, so no note types) opens again, empty and without warnings' {
        $path = Join-Path $work 'empty.apkg'
        $p = New-AnkiPackage -Path $path -Force
        Export-AnkiPackage -Package $p -Force
        Close-AnkiPackage -Package $p

        $again = Open-AnkiPackage -Path $path -WarningVariable warnings
        try {
            @(Get-AnkiNote -Package $again).Count | Should -Be 0
            $warnings.Count | Should -Be 0
        }
        finally { Close-AnkiPackage -Package $again }
    }
}
