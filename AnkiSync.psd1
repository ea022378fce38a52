#
# Module manifest for AnkiSync. The build copies it into out/AnkiSync/ next to the assemblies.
#
@{
    RootModule             = 'AnkiSync.PowerShell.dll'
    # Imported before the root module: it makes the engine and its third-party assemblies (in dependencies/)
    # load privately, so they never clash with another module's copies.
    NestedModules          = @('AnkiSync.Loader.dll')
    ModuleVersion          = '0.1.0'
    GUID                   = 'f3b0c6a2-5d4e-4b8a-9c1e-2a7d9e4f6b10'
    Author                 = 'AnkiSync contributors'
    CompanyName            = 'AnkiSync contributors'
    Copyright              = 'Copyright (c) AnkiSync contributors. MIT License.'
    Description            = 'Create, read, query and edit Anki files safely: .apkg and .colpkg packages, bare collections (collection.anki2, .anki21, .anki21b) and a live Anki Desktop collection. Binary cmdlets with stable note guids and deck ids, so rebuilt decks update instead of duplicating.'

    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    # netstandard2.0 assemblies need the facades that ship with .NET Framework 4.7.2 and later.
    DotNetFrameworkVersion = '4.7.2'

    FormatsToProcess       = @('AnkiSync.Format.ps1xml')

    CmdletsToExport        = @(
        'New-AnkiPackage'
        'Open-AnkiPackage'
        'Open-AnkiCollection'
        'Get-AnkiPackage'
        'Export-AnkiPackage'
        'Import-AnkiPackage'
        'Close-AnkiPackage'
        'Get-AnkiNoteType'
        'New-AnkiNoteType'
        'Get-AnkiDeck'
        'New-AnkiDeck'
        'Rename-AnkiDeck'
        'Remove-AnkiDeck'
        'Set-AnkiDeck'
        'Get-AnkiDeckConfig'
        'New-AnkiDeckConfig'
        'Set-AnkiDeckConfig'
        'Set-AnkiNoteType'
        'Remove-AnkiNoteType'
        'Add-AnkiNote'
        'Get-AnkiNote'
        'Set-AnkiNote'
        'Remove-AnkiNote'
        'Import-AnkiNote'
        'Export-AnkiNote'
        'Get-AnkiCard'
        'Set-AnkiCard'
        'Suspend-AnkiCard'
        'Resume-AnkiCard'
        'Reset-AnkiCard'
        'Get-AnkiReview'
        'Get-AnkiTag'
        'Rename-AnkiTag'
        'Remove-AnkiTag'
        'Add-AnkiMedia'
        'Get-AnkiMedia'
        'Export-AnkiMedia'
        'Remove-AnkiMedia'
        'Invoke-AnkiSql'
        'Test-AnkiPackage'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()

    PrivateData            = @{
        PSData = @{
            ProjectUri   = 'https://github.com/ankisync/AnkiSync'
            Tags         = @('PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS', 'Anki', 'Flashcards', 'apkg')
            ReleaseNotes = @'
0.1.0 - first release.
- Sessions: New-AnkiPackage, Open-AnkiPackage, Open-AnkiCollection, Get-AnkiPackage, Export-AnkiPackage, Close-AnkiPackage.
- Content: note types, decks, notes, cards and media; Invoke-AnkiSql and Test-AnkiPackage.
- Reads Legacy1, Legacy2 and Latest packages (schema 11 and 18); writes Legacy2 by default, Legacy1 and Latest on request.
- Deterministic note type ids, deck ids and note guids, so a rebuilt deck updates the learner's notes on re-import.
'@
        }
    }
}
