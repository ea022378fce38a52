#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The built module as a whole: its manifest, the commands it exports and its default views.

BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $exported = (Import-PowerShellDataFile -LiteralPath $SourceManifest).CmdletsToExport
    $producers = @($exported | Where-Object { $_ -match '^(Get|New|Open|Test|Invoke)-' })
    $sessionCmdlets = @($exported | Where-Object { $_ -notin 'New-AnkiPackage', 'Open-AnkiPackage', 'Open-AnkiCollection', 'Get-AnkiPackage' })
    $changers = @('New-AnkiPackage', 'Export-AnkiPackage', 'New-AnkiNoteType', 'New-AnkiDeck', 'Add-AnkiNote', 'Set-AnkiNote',
        'Remove-AnkiNote', 'Add-AnkiMedia', 'Export-AnkiMedia', 'Remove-AnkiMedia', 'Invoke-AnkiSql',
        'Set-AnkiCard', 'Suspend-AnkiCard', 'Resume-AnkiCard', 'Reset-AnkiCard', 'Rename-AnkiTag', 'Remove-AnkiTag',
        'Rename-AnkiDeck', 'Remove-AnkiDeck', 'Set-AnkiDeck', 'New-AnkiDeckConfig', 'Set-AnkiDeckConfig', 'Set-AnkiNoteType', 'Remove-AnkiNoteType')
    $viewTypes = @('AnkiSync.AnkiPackage', 'AnkiSync.AnkiNoteType', 'AnkiSync.AnkiDeck', 'AnkiSync.AnkiNote', 'AnkiSync.AnkiCard', 'AnkiSync.AnkiMedia',
        'AnkiSync.AnkiReview', 'AnkiSync.AnkiTag', 'AnkiSync.AnkiDeckConfig')
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $sourceData = Import-PowerShellDataFile -LiteralPath $SourceManifest
}

Describe 'The module manifest' -Tag 'CI' {
    BeforeAll {
        $manifest = Test-ModuleManifest -Path $ModuleManifest -ErrorAction Stop
        $builtData = Import-PowerShellDataFile -LiteralPath $ModuleManifest
    }

    It 'is valid' {
        $manifest | Should -Not -BeNullOrEmpty
        $manifest.Name | Should -Be 'AnkiSync'
    }

    It 'is copied unchanged into the module folder' {
        (Get-FileHash -LiteralPath $ModuleManifest).Hash | Should -Be (Get-FileHash -LiteralPath $SourceManifest).Hash
    }

    It 'loads the cmdlet assembly and keeps the module GUID' {
        $manifest.RootModule | Should -Be 'AnkiSync.PowerShell.dll'
        $manifest.Guid | Should -Be 'f3b0c6a2-5d4e-4b8a-9c1e-2a7d9e4f6b10'
        $manifest.Version | Should -Be ([version]'0.1.0')
    }

    It 'supports Windows PowerShell 5.1 and PowerShell 7 (Desktop and Core)' {
        $manifest.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        $manifest.DotNetFrameworkVersion | Should -Be ([version]'4.7.2')
    }

    It 'has the metadata the PowerShell Gallery shows' {
        $manifest.Author | Should -Not -BeNullOrEmpty
        $manifest.CompanyName | Should -Not -BeNullOrEmpty
        $manifest.Copyright | Should -Not -BeNullOrEmpty
        $manifest.Description | Should -Not -BeNullOrEmpty
        $manifest.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'is tagged for both editions, every platform and Anki' {
        foreach ($tag in 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS', 'Anki', 'Flashcards', 'apkg') {
            $manifest.Tags | Should -Contain $tag
        }
    }

    It 'names only real web addresses, if any' {
        foreach ($uri in $manifest.LicenseUri, $manifest.ProjectUri, $manifest.IconUri) {
            if ($null -ne $uri) {
                $uri.IsAbsoluteUri | Should -BeTrue
                $uri.Host | Should -Not -BeLike '*example*'
            }
        }
    }

    It 'exports an explicit list of cmdlets and nothing else' {
        $builtData.CmdletsToExport | Should -Not -BeNullOrEmpty
        $builtData.CmdletsToExport | Should -Not -BeLike '*`**'
        @($builtData.FunctionsToExport) | Should -BeNullOrEmpty
        @($builtData.VariablesToExport) | Should -BeNullOrEmpty
        @($builtData.AliasesToExport) | Should -BeNullOrEmpty
    }

    It 'processes the format file that ships in the module folder' {
        $manifest.ExportedFormatFiles | Should -HaveCount 1
        $manifest.ExportedFormatFiles[0] | Should -BeLike '*AnkiSync.Format.ps1xml'
        $manifest.ExportedFormatFiles[0] | Should -Exist
    }
}

Describe 'The module folder' -Tag 'CI' {
    It 'holds the compiled help and the about topic' {
        Join-Path $ModuleDirectory 'en-US' 'AnkiSync.PowerShell.dll-Help.xml' | Should -Exist
        Join-Path $ModuleDirectory 'en-US' 'about_AnkiSync.help.txt' | Should -Exist
    }

    It 'holds only the cmdlets and the loader in its root, the engine and third-party assemblies in dependencies/' {
        $root = @(Get-ChildItem -LiteralPath $ModuleDirectory -Filter '*.dll' | ForEach-Object Name | Sort-Object)
        $root | Should -Be @('AnkiSync.Loader.dll', 'AnkiSync.PowerShell.dll')
        $dependencies = Join-Path $ModuleDirectory 'dependencies'
        foreach ($name in 'AnkiSync', 'Microsoft.Data.Sqlite', 'SQLitePCLRaw.core', 'SQLitePCLRaw.provider.e_sqlite3', 'Google.Protobuf', 'ZstdSharp') {
            Join-Path $dependencies "$name.dll" | Should -Exist
        }
    }

    It 'loads the engine and its dependencies into a private load context on PowerShell 7' {
        $engine = [AnkiSync.AnkiPackage].Assembly
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine)
        $context | Should -Not -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
        $engine.Location | Should -Be (Join-Path $ModuleDirectory 'dependencies' 'AnkiSync.dll')
        $null = Invoke-AnkiSql -Package (New-AnkiPackage) -Query 'select 1 as one'
        $sqlite = @($context.Assemblies | Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' })
        $sqlite.Count | Should -Be 1
        [System.IO.Path]::GetDirectoryName($sqlite[0].Location) | Should -Be (Join-Path $ModuleDirectory 'dependencies')
    }

    It 'publishes the engine types by their full names for scripts' {
        'AnkiSync.AnkiNote' -as [type] | Should -Not -BeNullOrEmpty
        [AnkiSync.CardState]::Review | Should -Be 'Review'
    }
}

Describe 'The exported commands' -Tag 'CI' {
    BeforeAll {
        $commands = @(Get-Command -Module AnkiSync)
    }

    It 'are exactly the cmdlets the manifest lists' {
        @($commands.Name | Sort-Object) | Should -Be @($sourceData.CmdletsToExport | Sort-Object)
    }

    It 'are all binary cmdlets' {
        $commands | Where-Object CommandType -ne 'Cmdlet' | Should -BeNullOrEmpty
    }

    It '<_> uses an approved verb and an Anki noun' -ForEach $exported {
        $verb, $noun = $_ -split '-', 2
        (Get-Verb -Verb $verb) | Should -Not -BeNullOrEmpty -Because "$verb must be an approved verb"
        $noun | Should -BeLike 'Anki*'
        $noun | Should -Not -BeLike '*s' -Because 'nouns are singular'
    }

    It '<_> declares what it outputs' -ForEach $producers {
        (Get-Command -Name $_).OutputType | Should -Not -BeNullOrEmpty
    }

    It '<_> supports -WhatIf and -Confirm' -ForEach $changers {
        $parameters = (Get-Command -Name $_).Parameters
        $parameters.Keys | Should -Contain 'WhatIf'
        $parameters.Keys | Should -Contain 'Confirm'
    }

    It '<_> takes the session as -Package (alias -Session) from the pipeline' -ForEach $sessionCmdlets {
        $package = (Get-Command -Name $_).Parameters['Package']
        $package | Should -Not -BeNullOrEmpty
        $package.Aliases | Should -Contain 'Session'
        $package.ParameterType.Name | Should -Be 'AnkiPackage'
        foreach ($set in $package.ParameterSets.Values) {
            # Add-AnkiNote's piped objects are note content, so its session binds only by property name.
            $set.ValueFromPipeline | Should -Be ($_ -ne 'Add-AnkiNote')
            $set.ValueFromPipelineByPropertyName | Should -BeTrue
        }
    }
}

Describe 'The default views' -Tag 'CI' {
    BeforeAll {
        # Objects shaped like the module's output; the views select them by type name.
        $fields = [ordered]@{ Front = '<b>What is the capital of France, and which river runs through it?</b>'; Back = 'Paris' }
        $samples = @{
            'AnkiSync.AnkiPackage'  = [pscustomobject]@{ PSTypeName = 'AnkiSync.AnkiPackage'; Path = '/decks/spanish.apkg'; Format = 'Legacy2'; Schema = 11; NoteCount = 3; CardCount = 4; DeckCount = 2; MediaCount = 1; IsModified = $true }
            'AnkiSync.AnkiNoteType' = [pscustomobject]@{ PSTypeName = 'AnkiSync.AnkiNoteType'; Name = 'Basic'; Kind = 'Standard'; Fields = [string[]]('Front', 'Back'); Id = 1700000000001 }
            'AnkiSync.AnkiDeck'     = [pscustomobject]@{ PSTypeName = 'AnkiSync.AnkiDeck'; Name = 'Spanish::Verbs'; Id = 1700000000002; Description = '<p>A deck of verbs that goes on and on for many more words than fit</p>' }
            'AnkiSync.AnkiNote'     = [pscustomobject]@{ PSTypeName = 'AnkiSync.AnkiNote'; Id = 1700000000003; NoteType = 'Basic'; Deck = 'Spanish'; Fields = $fields; Tags = [string[]]('geo', 'A1') }
            'AnkiSync.AnkiCard'     = [pscustomobject]@{ PSTypeName = 'AnkiSync.AnkiCard'; Deck = 'Spanish'; Fields = $fields; Template = 'Card 1'; State = 'Review'; Due = 120; DueDate = [datetime]'2030-01-02'; Interval = 4; Ease = 2.5 }
            'AnkiSync.AnkiMedia'    = [pscustomobject]@{ PSTypeName = 'AnkiSync.AnkiMedia'; Name = 'paris.jpg'; Length = 2048; IsUsed = $true }
            'AnkiSync.AnkiDeckConfig' = [pscustomobject]@{ PSTypeName = 'AnkiSync.AnkiDeckConfig'; Name = 'Exam'; NewPerDay = 35; ReviewsPerDay = 400; LearningSteps = [double[]](1, 10, 60); MaximumInterval = 180; StartingEase = 2.3; Decks = [string[]]('Spanish', 'Spanish::Verbs') }
        }
        $expected = @{
            'AnkiSync.AnkiPackage'  = 'Path', 'Format', 'NoteCount', 'CardCount', 'MediaCount', 'IsModified'
            'AnkiSync.AnkiNoteType' = 'Name', 'Kind', 'Fields', 'Id', 'Front, Back'
            'AnkiSync.AnkiDeck'     = 'Name', 'Id', 'Description', 'A deck of verbs'
            'AnkiSync.AnkiNote'     = 'Id', 'NoteType', 'Deck', 'Fields', 'Tags', 'What is the capital...', 'geo A1'
            'AnkiSync.AnkiCard'     = 'Deck', 'Front', 'State', 'Due', 'Interval', 'Ease', 'Lapses', 'What is the', '2030-01-02'
            'AnkiSync.AnkiMedia'    = 'Name', 'Length', 'IsUsed', 'paris.jpg'
            'AnkiSync.AnkiDeckConfig' = 'Name', 'NewPerDay', 'ReviewsPerDay', 'LearningSteps', 'MaximumInterval', 'StartingEase', 'Decks', 'Exam', '1 10 60', 'Spanish, Spanish::Verbs'
        }
    }

    It 'has a table view for <_>' -ForEach $viewTypes {
        $format = Get-FormatData -TypeName $_
        $format | Should -Not -BeNullOrEmpty
        # Cards and notes also have a list view (Format-List); the table is the default.
        $format.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
    }

    It 'shows the expected columns of <_> under strict mode, without HTML' -ForEach $viewTypes {
        Set-StrictMode -Version Latest
        $text = $samples[$_] | Format-Table | Out-String -Width 250
        foreach ($piece in $expected[$_]) { $text | Should -BeLike "*$piece*" }
        $text | Should -Not -BeLike '*<b>*'
        $text | Should -Not -BeLike '*#ERR*'
    }

    It 'cuts long first fields short' {
        $text = $samples['AnkiSync.AnkiNote'] | Format-Table | Out-String -Width 250
        $text | Should -BeLike '*...*'
        $text | Should -Not -BeLike '*which river runs through it*'
    }
}
