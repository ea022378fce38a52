# Build a deck from rows and media with stock, custom and cloze note types, export it,
# reopen it and check everything came back.
param([string]$WorkFolder)
. ([System.IO.Path]::Combine($PSScriptRoot, 'Assert.ps1'))

$deckPath = [System.IO.Path]::Combine($WorkFolder, 'spanish.apkg')
$imagePath = [System.IO.Path]::Combine($WorkFolder, 'gato.png')
[System.IO.File]::WriteAllBytes($imagePath, [byte[]](137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3))

$p = New-AnkiPackage -Path $deckPath
try {
    $rows = @(
        [pscustomobject]@{ Front = 'el gato <img src="gato.png">'; Back = 'the cat'; Tags = 'animals noun'; Deck = 'Spanish::Vocabulary' }
        [pscustomobject]@{ Front = 'el perro'; Back = 'the dog'; Tags = 'animals'; Deck = 'Spanish::Vocabulary' }
        [pscustomobject]@{ Front = 'la casa'; Back = 'the house'; Tags = 'places'; Deck = 'Spanish::Places' }
    )
    # Properties named like fields fill them; Tags and Deck bind to the parameters of the same name.
    $rows | Add-AnkiNote -Package $p
    Add-AnkiNote -Package $p -NoteType 'Basic (and reversed card)' -Deck 'Spanish' -Fields @{ Front = 'hola'; Back = 'hello' } -Tags 'greeting'
    Add-AnkiNote -Package $p -NoteType 'Basic (optional reversed card)' -Deck 'Spanish' -Fields 'adiós', 'goodbye', ''
    Add-AnkiNote -Package $p -NoteType 'Basic (optional reversed card)' -Deck 'Spanish' -Fields 'gracias', 'thanks', 'y'
    Add-AnkiNote -Package $p -NoteType Cloze -Deck 'Spanish::Grammar' -Fields @{ Text = '{{c1::Yo}} {{c2::soy}} de México'; 'Back Extra' = 'ser' }
    $null = New-AnkiNoteType -Package $p -Name 'Spanish Verb' -Field Infinitive, Meaning, Example -Template @(
        @{ Name = 'Meaning'; Front = '{{Infinitive}}'; Back = '{{FrontSide}}<hr id=answer>{{Meaning}}' }
        @{ Name = 'Example'; Front = '{{#Example}}{{Example}}{{/Example}}'; Back = '{{FrontSide}}<hr id=answer>{{Infinitive}}' }
    ) -Css '.card { font-size: 24px; }'
    Add-AnkiNote -Package $p -NoteType 'Spanish Verb' -Deck 'Spanish::Verbs' -Fields @{ Infinitive = 'comer'; Meaning = 'to eat'; Example = 'Yo como pan.' } -Tags @('verb', 'food::bread')
    Add-AnkiNote -Package $p -NoteType 'Spanish Verb' -Deck 'Spanish::Verbs' -Fields @{ Infinitive = 'vivir'; Meaning = 'to live' }
    Add-AnkiMedia -Package $p -Path $imagePath

    Assert-Equal 9 $p.NoteCount 'notes added'
    Export-AnkiPackage -Package $p
} finally {
    Close-AnkiPackage -Package $p -WarningAction SilentlyContinue
}

Assert-True ([System.IO.File]::Exists($deckPath)) 'the package was written'
Assert-AnkiRules $deckPath
$q = Open-AnkiPackage -Path $deckPath
try {
    Assert-Equal 9 $q.NoteCount 'notes after reopening'
    # Basic 3 + reversed 2 + optional reversed 1 + 2 + cloze 2 + verbs 2 + 1 = 13
    Assert-Equal 13 $q.CardCount 'cards after reopening'
    Assert-Equal 'Legacy2' "$($q.Format)" 'format read back'

    $cat = Get-AnkiNote -Package $q -NoteType Basic | Where-Object Back -eq 'the cat'
    Assert-Equal 'el gato <img src="gato.png">' $cat.Front 'field value with HTML'
    Assert-Equal 'animals,noun' ($cat.Tags -join ',') 'one tag string is split on spaces'
    Assert-Equal 'Spanish::Vocabulary' $cat.Deck 'deck of the first card'

    $house = Get-AnkiNote -Package $q -Tag places
    Assert-Equal 'Spanish::Places' $house.Deck 'a row''s Deck property binds'

    $optional = @(Get-AnkiCard -Package $q -NoteType 'Basic (optional reversed card)')
    Assert-Equal 3 $optional.Count 'the reverse card exists only when Add Reverse is filled'

    $vivir = @(Get-AnkiCard -Package $q -NoteType 'Spanish Verb' | Where-Object Infinitive -eq 'vivir')
    Assert-Equal 1 $vivir.Count 'a template whose front renders empty makes no card'
    Assert-Equal 'Meaning' $vivir[0].Template 'the card that was made'

    $cloze = @(Get-AnkiCard -Package $q -NoteType Cloze)
    Assert-Equal '0,1' (($cloze | ForEach-Object Ordinal) -join ',') 'one cloze card per cloze number'

    $decks = (Get-AnkiDeck -Package $q | ForEach-Object Name) -join '|'
    Assert-True ($decks -like '*Spanish|*') "parent deck created: $decks"
    Assert-True ($decks -like '*Spanish::Verbs*') "subdeck created: $decks"

    $media = @(Get-AnkiMedia -Package $q)
    Assert-Equal 1 $media.Count 'media read back'
    Assert-Equal 'gato.png' $media[0].Name 'media name'
    Assert-True $media[0].IsUsed 'the image is referenced by a field'

    $positions = @{}
    Get-AnkiCard -Package $q -State New | ForEach-Object { $positions[$_.Due] = $true }
    Assert-Equal 9 $positions.Count 'new cards are numbered in the order added, one position per note'
} finally {
    Close-AnkiPackage -Package $q
}

# Notes piped into Get-AnkiCard bind -NoteId: the cards of just those notes come back.
$r = Open-AnkiPackage -Path $deckPath
try {
    $reversed = @(Get-AnkiNote -Package $r -NoteType 'Basic (and reversed card)' | Get-AnkiCard)
    Assert-Equal 2 $reversed.Count 'the two cards of the one reversed note'
    # Cards piped into Get-AnkiNote bind their NoteId, not their own card Id.
    $notes = @($reversed[0] | Get-AnkiNote)
    Assert-Equal 'hola' $notes[0].Front 'a card piped in gets its note'
} finally {
    Close-AnkiPackage -Package $r
}
