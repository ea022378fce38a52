BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Card rendering' -Tag 'CI' {
    BeforeAll {
        $script:Dir = $TestDrive
        $script:Pkg = New-AnkiPackage -Path (Join-Path $Dir 'render.apkg')
        New-AnkiNoteType -Package $Pkg -Name 'Vocab' -Field 'Word', 'Meaning', 'Hint' -Template @{
            Name = 'Recognise'; Front = '{{Word}}{{#Hint}} ({{text:Hint}}){{/Hint}} [{{Deck}}|{{Subdeck}}|{{Tags}}|{{Card}}]'; Back = '{{FrontSide}}<hr id=answer>{{furigana:Meaning}}'
        } | Out-Null
        [pscustomobject]@{ Word = 'gato'; Meaning = '猫[ねこ]'; Hint = '<b>animal</b>'; Tags = 'pet' } | Add-AnkiNote -Package $Pkg -NoteType 'Vocab' -Deck 'Spanish::Animals'
        [pscustomobject]@{ Text = 'The {{c1::cat}} sat on the {{c2::mat::floor}}'; 'Back Extra' = '' } | Add-AnkiNote -Package $Pkg -NoteType 'Cloze' -Deck 'Spanish'
    }
    AfterAll { Close-AnkiPackage -Package $Pkg -WarningAction SilentlyContinue }

    It 'renders fields, sections, filters and special fields' {
        $card = Get-AnkiCard -Package $Pkg -NoteType 'Vocab'
        $card.Question | Should -Be 'gato (animal) [Spanish::Animals|Animals|pet|Recognise]'
        $card.Answer | Should -Be 'gato (animal) [Spanish::Animals|Animals|pet|Recognise]<hr id=answer><ruby><rb>猫</rb><rt>ねこ</rt></ruby>'
        $card.QuestionText | Should -Be 'gato (animal) [Spanish::Animals|Animals|pet|Recognise]'
        $card.AnswerText | Should -Be '猫ねこ'
    }
    It 'renders clozes with data-ordinal and hints' {
        $cards = Get-AnkiCard -Package $Pkg -NoteType 'Cloze'
        $cards[0].Question | Should -BeLike '*<span class="cloze" data-cloze="cat" data-ordinal="1">`[...`]</span>*'
        $cards[1].QuestionText | Should -Be 'The cat sat on the [floor]'
        $cards[1].AnswerText | Should -BeLike 'The cat sat on the mat*'
    }
    It 'renders a card when its text is read, also after the pipeline that output it has ended' {
        $cards = @(Get-AnkiCard -Package $Pkg | Sort-Object NoteId, Ordinal)
        $cards.Count | Should -Be 3
        $cards.QuestionText | Should -Be @('gato (animal) [Spanish::Animals|Animals|pet|Recognise]', 'The [...] sat on the mat', 'The cat sat on the [floor]')
        $cards[2].Question | Should -Be 'The <span class="cloze-inactive" data-ordinal="1">cat</span> sat on the <span class="cloze" data-cloze="mat" data-ordinal="2">[floor]</span>'
    }
}

Describe 'Test-AnkiPackage empty cards' -Tag 'CI' {
    It 'reports a card whose front renders blank' {
        $dir = $TestDrive
        $pkg = New-AnkiPackage -Path (Join-Path $dir 'empty.apkg')
        try {
            [pscustomobject]@{ Front = 'a'; Back = 'b' } | Add-AnkiNote -Package $pkg -NoteType 'Basic (and reversed card)'
            Invoke-AnkiSql -Package $pkg -Query "update notes set flds = 'a' || char(31) || ''" | Out-Null
            $problems = Test-AnkiPackage -Package $pkg
            @($problems | Where-Object Kind -eq 'EmptyCard').Count | Should -Be 1
        }
        finally { Close-AnkiPackage -Package $pkg -WarningAction SilentlyContinue }
    }
}
