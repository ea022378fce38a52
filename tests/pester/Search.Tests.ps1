BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Fixture = if ($FixtureRoot) { Join-Path $FixtureRoot 'anki2.0-legacy-apkg-cloze-subdecks-filtered-revlog.apkg' }
}

Describe 'Get-AnkiCard -Query' -Tag 'CI' {
    BeforeAll {
        $script:Dir = $TestDrive
        $script:Pkg = New-AnkiPackage -Path (Join-Path $Dir 'search.apkg')
        1..20 | ForEach-Object { [pscustomobject]@{ Front = "question $_"; Back = "answer $_"; Tags = if ($_ % 2) { 'odd' } else { 'even verb' } } } |
            Add-AnkiNote -Package $Pkg -Deck 'Spanish::Verbs'
        [pscustomobject]@{ Front = 'casa'; Back = 'house' } | Add-AnkiNote -Package $Pkg -Deck 'French'
    }
    AfterAll { Close-AnkiPackage -Package $Pkg -WarningAction SilentlyContinue }

    It 'selects by field glob, like Anki' {
        $cards = Get-AnkiCard -Package $Pkg -Query 'Front:*7'
        $cards.Front | Should -Be @('question 7', 'question 17')
    }
    It 'includes subdecks for deck: and children for tag:' {
        (Get-AnkiCard -Package $Pkg -Query 'deck:Spanish').Count | Should -Be 20
        (Get-AnkiCard -Package $Pkg -Query 'tag:verb').Count | Should -Be 10
        (Get-AnkiCard -Package $Pkg -Query 'deck:French or tag:odd').Count | Should -Be 11
        (Get-AnkiCard -Package $Pkg -Query '-deck:Spanish').Front | Should -Be 'casa'
    }
    It 'combines with -Deck and -Tag' {
        (Get-AnkiCard -Package $Pkg -Deck 'Spanish' -Query 'question' -Tag 'odd').Count | Should -Be 10
    }
    It 'searches notes too' {
        (Get-AnkiNote -Package $Pkg -Query '"answer 1*" is:new').Count | Should -Be 11
    }
    It 'fixes now with -Now for day-relative terms' {
        @(Get-AnkiCard -Package $Pkg -Query 'added:1' -Now (Get-Date).AddDays(1000)).Count | Should -Be 0
        (Get-AnkiCard -Package $Pkg -Query 'added:1').Count | Should -Be 21
    }
    It 'treats hostile text as text' {
        @(Get-AnkiCard -Package $Pkg -Query "`"x' or 1=1 --`"").Count | Should -Be 0
    }
    It 'reports a malformed query as AnkiSync.InvalidQuery naming the term' {
        { Get-AnkiCard -Package $Pkg -Query 'prop:ivl>>3' } | Should -Throw -ErrorId 'AnkiSync.InvalidQuery*'
        { Get-AnkiCard -Package $Pkg -Query '(dog' } | Should -Throw -ExpectedMessage "*'(dog'*"
    }
    It 'reads real collections by -Path' {
        Skip-WithoutCorpus
        (Get-AnkiCard -Path $Fixture -Query 'deck:filtered').Count | Should -Be 16
        (Get-AnkiCard -Path $Fixture -Query 'is:learn -deck:filtered').Count | Should -BeLessThan 16
    }
}

Describe 'Name filters that match nothing' -Tag 'CI' {
    It 'warns about a deck, note type or tag name that does not exist' {
        Skip-WithoutCorpus
        $null = Get-AnkiCard -Path $Fixture -Deck 'No Such Deck' -NoteType 'Nope' -Tag 'nothere' -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 3
        "$($warnings[0])" | Should -BeLike "*No deck named 'No Such Deck'*"
    }
    It 'stays quiet for wildcards and names that exist' {
        Skip-WithoutCorpus
        $null = Get-AnkiCard -Path $Fixture -Deck '1-TEMPLATES', 'Zz*' -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 0
    }
}
