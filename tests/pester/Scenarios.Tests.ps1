#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The user-style scenarios in tests/scenarios, the same scripts the xUnit suite runs through its
# embedded PowerShell engine (tests/AnkiSync.Tests/Module/ScenarioTests.cs). A scenario throws on
# the first failed assertion.

BeforeDiscovery {
    $scenarioFolder = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', 'scenarios'))
    # Scenarios that need the real-file corpus are skipped, with the reason, where it is absent (a fresh clone).
    $fixtureRoot = & ([System.IO.Path]::Combine($scenarioFolder, 'helpers', 'Find-Fixtures.ps1'))
    $scenarios = Get-ChildItem -LiteralPath $scenarioFolder -Filter '*.Scenario.ps1' | ForEach-Object {
        $needsFixtures = @(Get-Content -LiteralPath $_.FullName | Where-Object { $_.Trim() -eq '# Needs the real-file corpus.' }).Count -gt 0
        @{ Name = $_.BaseName -replace '\.Scenario$', ''; Script = $_.FullName; Skip = $needsFixtures -and $null -eq $fixtureRoot }
    }
}

BeforeAll {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'common.ps1'))
}

Describe 'Scenario <Name>' -ForEach $scenarios -Tag 'CI' {
    It 'passes' {
        if ($Skip) {
            Set-ItResult -Skipped -Because 'it needs the real-file corpus (shared/fixtures/real beside the repository, or $env:ANKISYNC_FIXTURES), which is absent'
            return
        }

        $work = [System.IO.Path]::Combine($TestDrive, $Name)
        $null = New-Item -ItemType Directory -Path $work -Force
        { & $Script -WorkFolder $work } | Should -Not -Throw
    }
}
