#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Every example in docs/en-US runs as written. Each runs in its own folder seeded with the sample
# data: samples/data (vocabulary.csv, words.csv, media/) plus spanish.apkg, the deck samples/Build-Deck.ps1 builds from
# it, and what the import examples read: Spanish.txt (that deck as Anki's "Notes in Plain Text" export), lists/*.txt,
# and update.apkg and shared.apkg (the deck with one note changed and one added). An example that does not open a
# session of its own uses $package, a session open on that spanish.apkg (as the help pages assume). A failure is any
# error: the example runs with $ErrorActionPreference = 'Stop'.

BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    # Examples that cannot run here, each with the reason.
    $exceptions = @{
        'Add-AnkiNote/Example 4'        = 'it reads rows with Invoke-Sqlcmd, from a SQL Server that is not here'
        'Open-AnkiCollection/Example 1' = 'it opens the Anki Desktop profile "User 1", which needs a live Anki profile'
        'Open-AnkiCollection/Example 2' = 'it opens a profile''s collection in a user''s home folder, which needs a live Anki profile'
        'Open-AnkiCollection/Example 3' = 'it opens the first Anki Desktop profile, which needs a live Anki profile'
        'Import-AnkiPackage/Example 1'  = 'it imports into the Anki Desktop profile "User 1", which needs a live Anki profile'
        'Remove-AnkiDeck/Example 1'     = 'it asks a human to confirm (ConfirmImpact High)'
        'Remove-AnkiNoteType/Example 1' = 'it asks a human to confirm (ConfirmImpact High)'
        'Test-AnkiPackage/Example 3'    = 'it is the body of a Pester test, for a file of the user''s own Pester suite'
    }
    $examples = foreach ($page in Get-ChildItem -LiteralPath ([System.IO.Path]::Combine($RepositoryRoot, 'docs', 'en-US')) -Filter '*-*.md') {
        $text = (Get-Content -LiteralPath $page.FullName -Raw) -replace "`r`n", "`n"
        $start = $text.IndexOf("`n## EXAMPLES")
        $end = $text.IndexOf("`n## PARAMETERS")
        if ($start -lt 0 -or $end -lt $start) { continue }
        $section = $text.Substring($start, $end - $start)
        foreach ($match in [regex]::Matches($section, '(?ms)^### (Example \d+)[^\n]*\n```powershell\n(.*?)^```')) {
            $key = "$($page.BaseName)/$($match.Groups[1].Value)"
            @{ Key = $key; Code = $match.Groups[2].Value; Skip = $exceptions[$key] }
        }
    }
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $seed = Join-Path $TestDrive 'seed'
    Copy-Item -LiteralPath ([System.IO.Path]::Combine($RepositoryRoot, 'samples', 'data')) -Destination $seed -Recurse
    Push-Location -LiteralPath $seed
    try {
        $null = & ([System.IO.Path]::Combine($RepositoryRoot, 'samples', 'Build-Deck.ps1')) -OutputPath 'spanish.apkg'
        $deck = Open-AnkiPackage -Path ./spanish.apkg
        Export-AnkiNote -Package $deck -Path ./Spanish.txt -WithNoteType -WithDeck -WithTags
        $null = New-Item -ItemType Directory -Path ./lists
        Copy-Item ./Spanish.txt ./lists/spanish-1.txt
        Copy-Item ./Spanish.txt ./lists/spanish-2.txt
        Get-AnkiNote -Package $deck | Select-Object -First 1 | Set-AnkiNote -AddTag 'revised'
        Add-AnkiNote -Package $deck -Deck 'Spanish' -Fields @{ Front = 'nuevo'; Back = 'new' } -Tags 'A1'
        Export-AnkiPackage -Package $deck -Path ./update.apkg -WarningAction SilentlyContinue
        Copy-Item ./update.apkg ./shared.apkg
        Close-AnkiPackage -Package $deck
    }
    finally {
        Pop-Location
    }
}

Describe 'Help examples' -Tag 'Help', 'CI' {
    It 'finds the examples of every help page (<Count> examples)' -ForEach @{ Count = @($examples).Count } {
        $Count | Should -BeGreaterThan 100
    }

    It '<Key> runs as written on the sample data' -ForEach $examples {
        if ($Skip) {
            Set-ItResult -Skipped -Because $Skip
            return
        }

        $folder = Join-Path $TestDrive ($Key -replace '[^A-Za-z0-9]', '-')
        Copy-Item -LiteralPath $seed -Destination $folder -Recurse
        $defaults = $PSDefaultParameterValues.Clone()
        Push-Location -LiteralPath $folder
        $package = Open-AnkiPackage -Path ./spanish.apkg
        try {
            $ErrorActionPreference = 'Stop'
            $null = & ([scriptblock]::Create($Code)) 3>$null 6>$null
        }
        finally {
            $ErrorActionPreference = 'Continue'
            Pop-Location
            Get-AnkiPackage | Close-AnkiPackage -WarningAction SilentlyContinue
            $PSDefaultParameterValues.Clear()
            foreach ($entry in $defaults.GetEnumerator()) { $PSDefaultParameterValues[$entry.Key] = $entry.Value }
        }
    }
}
