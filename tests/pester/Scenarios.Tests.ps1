#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The user-style scenarios in tests/scenarios, the same scripts the xUnit suite runs through its
# embedded PowerShell engine (tests/AnkiSync.Tests/Module/ScenarioTests.cs). A scenario throws on
# the first failed assertion.

BeforeDiscovery {
    $scenarioFolder = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', 'scenarios'))
    $scenarios = Get-ChildItem -LiteralPath $scenarioFolder -Filter '*.Scenario.ps1' | ForEach-Object {
        @{ Name = $_.BaseName -replace '\.Scenario$', ''; Script = $_.FullName }
    }
}

BeforeAll {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'common.ps1'))
}

Describe 'Scenario <Name>' -ForEach $scenarios -Tag 'CI' {
    It 'passes' {
        $work = [System.IO.Path]::Combine($TestDrive, $Name)
        $null = New-Item -ItemType Directory -Path $work -Force
        { & $Script -WorkFolder $work } | Should -Not -Throw
    }
}
