#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Import-AnkiNote, Export-AnkiNote and Add-AnkiNote's upsert and copying under the real pwsh, driven as a user would.

BeforeAll {
    . $PSScriptRoot/common.ps1
    . ([System.IO.Path]::Combine($RepositoryRoot, 'tests', 'scenarios', 'Assert.ps1'))
    # A file laid out as Anki's "Notes in Plain Text" export writes it (guid and tags columns, HTML fields).
    $script:AnkiLayout = "#separator:tab`n#html:true`n#guid column:1`n#tags column:4`n" +
        "g-perro`t<b>perro</b>`tdog`tanimal noun`n" +
        "g-casa`t`"la casa`nde papel`"`t`"say `"`"hi`"`"`"`t`n" +
        "g-hash`t`"#1`"`t`"tab`there`"`tx`n"
}

Describe 'Anki text format' -Tag 'CI' {
    BeforeEach {
        $p = New-AnkiPackage
        $file = Join-Path $TestDrive 'notes.txt'
        [System.IO.File]::WriteAllText($file, $AnkiLayout)
    }
    AfterEach {
        Close-AnkiPackage -Package $p -WarningAction SilentlyContinue
    }

    It 'round-trips a file laid out as Anki exports it through Import-AnkiNote and Export-AnkiNote' {
        $result = Import-AnkiNote -Package $p -Path $file
        $result.New | Should -Be 3
        $result.Rows | Should -Be 3
        (Get-AnkiNote -Package $p | Where-Object Guid -eq 'g-perro').Tags | Should -Be @('animal', 'noun')
        $out = Join-Path $TestDrive 'out.txt'
        Export-AnkiNote -Package $p -Path $out -WithGuid -WithTags
        [System.IO.File]::ReadAllText($out) | Should -BeExactly $AnkiLayout
        $apkg = Join-Path $TestDrive 'imported.apkg'
        Export-AnkiPackage -Package $p -Path $apkg
        { Assert-AnkiRules $apkg } | Should -Not -Throw
    }

    It 'updates matched notes in place on a second import and counts what it did' {
        Import-AnkiNote -Package $p -Path $file | Out-Null
        $id = (Get-AnkiNote -Package $p | Where-Object Guid -eq 'g-perro').Id
        [System.IO.File]::WriteAllText($file, $AnkiLayout.Replace("`tdog`t", "`tthe dog`t"))
        $result = Import-AnkiNote -Package $p -Path $file
        $result.Updated | Should -Be 1
        $result.Unchanged | Should -Be 2
        $result.New | Should -Be 0
        $note = Get-AnkiNote -Package $p | Where-Object Guid -eq 'g-perro'
        $note.Id | Should -Be $id
        $note.Back | Should -Be 'the dog'
        $skipped = Import-AnkiNote -Package $p -Path $file -IfExists Skip
        $skipped.Skipped | Should -Be 3
    }

    It 'reads a headed CSV with columns by name, a deck, tags and plain text, and passes the notes through' {
        $csv = Join-Path $TestDrive 'words.csv'
        [System.IO.File]::WriteAllText($csv, "#separator:comma`n#html:false`n#columns:Back,Front`n#deck:Spanish::Words`n#tags:imported`ndog,perro`n`"a, b`",<uno>`n")
        $notes = @(Get-Item $csv | Import-AnkiNote -Package $p -PassThru)
        $notes.Count | Should -Be 2
        $notes[1].Front | Should -BeExactly '&lt;uno&gt;'
        $notes[1].Back | Should -BeExactly 'a, b'
        $notes | ForEach-Object { $_.Deck | Should -Be 'Spanish::Words'; $_.Tags | Should -Be @('imported') }
    }

    It 'reports an empty file and keeps an existing export without -Force' {
        $empty = Join-Path $TestDrive 'empty.txt'
        [System.IO.File]::WriteAllText($empty, "#separator:tab`n")
        Import-AnkiNote -Package $p -Path $empty -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'AnkiSync.EmptyFile,*'

        Add-AnkiNote -Package $p -Fields @{ Front = 'x'; Back = 'y' }
        $out = Join-Path $TestDrive 'existing.txt'
        [System.IO.File]::WriteAllText($out, 'keep me')
        Export-AnkiNote -Package $p -Path $out -WarningVariable warned -WarningAction SilentlyContinue
        $warned.Count | Should -Be 1
        [System.IO.File]::ReadAllText($out) | Should -Be 'keep me'
        (Export-AnkiNote -Package $p -Path $out -Force -PlainText -PassThru).Length | Should -BeGreaterThan 0
        [System.IO.File]::ReadAllText($out) | Should -BeExactly "#separator:tab`n#html:false`nx`ty`n"
    }

    It 'exports only the piped notes' {
        Add-AnkiNote -Package $p -Fields @{ Front = 'one'; Back = '1' } -Tags keep
        Add-AnkiNote -Package $p -Fields @{ Front = 'two'; Back = '2' }
        $out = Join-Path $TestDrive 'some.txt'
        Get-AnkiNote -Package $p -Tag keep | Export-AnkiNote -Path $out -WithDeck
        [System.IO.File]::ReadAllText($out) | Should -BeExactly "#separator:tab`n#html:true`n#deck column:1`nDefault`tone`t1`n"
    }
}

Describe 'Add-AnkiNote upsert and copying' -Tag 'CI' {
    BeforeEach {
        $a = New-AnkiPackage
        $b = New-AnkiPackage
    }
    AfterEach {
        Close-AnkiPackage -Package $a -WarningAction SilentlyContinue
        Close-AnkiPackage -Package $b -WarningAction SilentlyContinue
    }

    It 'copies notes piped from another package with their note type, guid, tags and deck' {
        New-AnkiNoteType -Package $a -Name Vocab -Field Word, Meaning -Template @{ Name = 'Card 1'; Front = '{{Word}}'; Back = '{{Meaning}}' } | Out-Null
        Add-AnkiNote -Package $a -NoteType Vocab -Deck 'Lang' -Fields @{ Word = 'casa'; Meaning = 'house' } -Tags home
        Get-AnkiNote -Package $a | Add-AnkiNote -Package $b -ErrorVariable problems
        $problems | Should -BeNullOrEmpty
        $copy = Get-AnkiNote -Package $b
        $original = Get-AnkiNote -Package $a
        $copy.Guid | Should -Be $original.Guid
        $copy.NoteTypeId | Should -Be $original.NoteTypeId
        $copy.Deck | Should -Be 'Lang'
        $copy.Tags | Should -Be @('home')
        $copy.Word | Should -Be 'casa'
        $path = Join-Path $TestDrive 'copy.apkg'
        Export-AnkiPackage -Package $b -Path $path
        { Assert-AnkiRules $path } | Should -Not -Throw
    }

    It 'updates in place with -IfExists Update and refuses duplicates by default' {
        Add-AnkiNote -Package $a -Fields @{ Front = 'uno'; Back = 'one' }
        $id = (Get-AnkiNote -Package $a).Id
        Add-AnkiNote -Package $a -Fields @{ Front = 'uno'; Back = 'ONE' } -ErrorVariable dupe -ErrorAction SilentlyContinue
        $dupe[0].FullyQualifiedErrorId | Should -BeLike 'AnkiSync.DuplicateGuid,*'
        $note = Add-AnkiNote -Package $a -Fields @{ Front = 'uno'; Back = 'ONE' } -IfExists Update -PassThru
        $note.Id | Should -Be $id
        (Get-AnkiNote -Package $a).Back | Should -Be 'ONE'
        Add-AnkiNote -Package $a -Fields @{ Front = 'uno'; Back = 'other' } -IfExists Skip
        (Get-AnkiNote -Package $a).Back | Should -Be 'ONE'
    }

    It 'reports rows with extra properties once per pipeline, or adds them with -IgnoreExtraProperty' {
        $rows = 1..5 | ForEach-Object { [pscustomobject]@{ Front = "f$_"; Back = "b$_"; Source = 'web' } }
        $rows | Add-AnkiNote -Package $a -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'AnkiSync.ExtraProperty,*'
        $problems[0].Exception.Message | Should -BeLike '*Source*Front, Back*'
        @(Get-AnkiNote -Package $a).Count | Should -Be 0
        $rows | Add-AnkiNote -Package $a -IgnoreExtraProperty
        @(Get-AnkiNote -Package $a).Count | Should -Be 5
    }
}
