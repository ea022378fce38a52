#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The help-quality gate (mirrors tests/AnkiSync.Tests/Module/HelpTests.cs): every exported cmdlet has
# help built from docs/en-US, with a synopsis, a description and examples, and its help tells the
# truth about every parameter in every parameter set.

BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $cmdlets = (Import-PowerShellDataFile -LiteralPath $SourceManifest).CmdletsToExport
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters

    [xml]$maml = Get-Content -LiteralPath $MamlPath -Raw
    $namespaces = [System.Xml.XmlNamespaceManager]::new($maml.NameTable)
    $namespaces.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
    $namespaces.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
    $namespaces.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')

    function Get-MamlCommand([string]$Name) {
        $maml.SelectSingleNode("//command:command[command:details/command:name='$Name']", $namespaces)
    }

    function Get-Text($Node) {
        if ($null -eq $Node) { return '' }
        (@($Node.SelectNodes('maml:para', $namespaces) | ForEach-Object InnerText) -join ' ').Trim()
    }

    # The first paragraph under '## <Heading>' of a platyPS page, as the built help shows it.
    function Get-FirstParagraph([string[]]$Page, [string]$Heading) {
        $paragraph = [System.Collections.Generic.List[string]]::new()
        foreach ($line in ($Page | Select-Object -Skip ([array]::IndexOf($Page, "## $Heading") + 1))) {
            if ($line.Trim()) { $paragraph.Add($line.Trim()) }
            elseif ($paragraph.Count -gt 0) { break }
        }
        $text = ($paragraph -join ' ') -replace '\[([^\]]+)\]\([^)]*\)', '$1' -replace '\*\*(.+?)\*\*', '$1'
        ($text -replace '\s+', ' ').Trim()
    }

    function Get-PipelineText([System.Management.Automation.CommandParameterInfo]$Parameter) {
        if ($Parameter.ValueFromPipeline -and $Parameter.ValueFromPipelineByPropertyName) { return 'True (ByPropertyName, ByValue)' }
        if ($Parameter.ValueFromPipeline) { return 'True (ByValue)' }
        if ($Parameter.ValueFromPipelineByPropertyName) { return 'True (ByPropertyName)' }
        'False'
    }

    # What the help says about one parameter of one set that the cmdlet's metadata contradicts.
    function Get-ParameterDifference([System.Management.Automation.CommandParameterInfo]$Actual, [System.Xml.XmlElement]$Documented) {
        $name = "-$($Actual.Name)"
        if (($Documented.required -eq 'true') -ne $Actual.IsMandatory) { "$name Mandatory is $($Actual.IsMandatory) but documented as Required: $($Documented.required)" }
        $position = if ($Actual.Position -eq [int]::MinValue) { 'named' } else { [string]$Actual.Position }
        if ($position -ne $Documented.position.ToLowerInvariant()) { "$name has position $position but documented as $($Documented.position)" }
        $pipeline = Get-PipelineText $Actual
        if ($pipeline -ne $Documented.pipelineInput) { "$name accepts pipeline input '$pipeline' but documented as '$($Documented.pipelineInput)'" }
        $globbing = [bool]($Actual.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        if ($globbing -ne ($Documented.globbing -eq 'true')) { "$name wildcard support is $globbing but documented as $($Documented.globbing)" }
        $aliases = @($Actual.Aliases | Sort-Object)
        $documentedAliases = @($Documented.aliases -split ',' | ForEach-Object Trim | Where-Object { $_ -and $_ -ne 'none' } | Sort-Object)
        if (($aliases -join ',') -ne ($documentedAliases -join ',')) { "$name has aliases [$($aliases -join ', ')] but documented as [$($documentedAliases -join ', ')]" }
        $documentedType = $Documented.SelectSingleNode('dev:type/maml:name', $namespaces).InnerText
        if ($Actual.ParameterType.Name -ne $documentedType -and $Actual.ParameterType.FullName -ne $documentedType) { "$name is of type $($Actual.ParameterType.Name) but documented as $documentedType" }
        $validValues = @($Actual.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object ValidValues)
        $elementType = if ($Actual.ParameterType.IsArray) { $Actual.ParameterType.GetElementType() } else { $Actual.ParameterType }
        if ($validValues.Count -eq 0 -and $elementType.IsEnum) { $validValues = [enum]::GetNames($elementType) }
        $documentedValues = @($Documented.SelectNodes('command:parameterValueGroup/command:parameterValue', $namespaces) | ForEach-Object { $_.InnerText.Trim() })
        if ((@($validValues | Sort-Object) -join ',') -ne (@($documentedValues | Sort-Object) -join ',')) { "$name accepts [$($validValues -join ', ')] but documented as [$($documentedValues -join ', ')]" }
    }
}

Describe 'Help for <_>' -ForEach $cmdlets -Tag 'Help', 'CI' {
    BeforeAll {
        $name = $_
        $command = Get-Command -Name $name -Module AnkiSync -CommandType Cmdlet -ErrorAction SilentlyContinue
        $mamlCommand = Get-MamlCommand $name
        $help = if ($command) { Get-Help -Name $name -Full } else { $null }
        $parameters = if ($command) { @($command.Parameters.Keys | Where-Object { $_ -notin $commonParameters }) } else { @() }
    }

    It 'shows the synopsis and the description written in docs/en-US/<_>.md' {
        $synopsis = Get-Text $mamlCommand.SelectSingleNode('command:details/maml:description', $namespaces)
        $synopsis | Should -Not -BeLike '*{{ Fill*'
        $page = Get-Content -LiteralPath ([System.IO.Path]::Combine($RepositoryRoot, 'docs', 'en-US', "$name.md"))
        # The build keeps a link's text and drops bold markers; Get-Help shows what the page says.
        ($help.Synopsis -replace '\s+', ' ').Trim() | Should -BeExactly (Get-FirstParagraph $page 'SYNOPSIS')
        $description = (@($help.description | ForEach-Object Text) -join ' ') -replace '\s+', ' '
        $first = Get-FirstParagraph $page 'DESCRIPTION'
        $first | Should -Not -BeNullOrEmpty -Because 'the page needs a description paragraph'
        $description.Substring(0, [math]::Min($first.Length, $description.Length)) | Should -BeExactly $first
    }

    It 'has at least two examples, each with code that uses the cmdlet' {
        $examples = @($mamlCommand.SelectNodes('command:examples/command:example', $namespaces))
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.SelectSingleNode('dev:code', $namespaces).InnerText | Should -BeLike "*$name*"
        }
    }

    It 'documents every parameter, and only parameters the cmdlet has' {
        # A cmdlet without parameters has no 'parameter' entries at all.
        $helpParameters = $help.PSObject.Properties['parameters'].Value
        $documented = @(if ($helpParameters -and $helpParameters.PSObject.Properties['parameter']) { $helpParameters.parameter | ForEach-Object name })
        @($parameters | Where-Object { $_ -notin $documented }) | Should -BeNullOrEmpty -Because 'every parameter needs help'
        @($documented | Where-Object { $_ -notin $parameters }) | Should -BeNullOrEmpty -Because 'help should describe only real parameters'
    }

    It 'describes every parameter' {
        $undescribed = @($mamlCommand.SelectNodes('command:parameters/command:parameter', $namespaces) |
            Where-Object { -not (Get-Text $_.SelectSingleNode('maml:description', $namespaces)) } |
            ForEach-Object { $_.SelectSingleNode('maml:name', $namespaces).InnerText })
        $undescribed | Should -BeNullOrEmpty
    }

    It 'has a syntax block that matches each parameter set in every detail' {
        $syntaxItems = @($mamlCommand.SelectNodes('command:syntax/command:syntaxItem', $namespaces))
        $problems = foreach ($set in $command.ParameterSets) {
            $setParameters = @($set.Parameters | Where-Object { $_.Name -notin $commonParameters })
            $names = @($setParameters | ForEach-Object Name | Sort-Object) -join ','
            $candidates = @($syntaxItems | Where-Object {
                    (@($_.SelectNodes('command:parameter/maml:name', $namespaces) | ForEach-Object InnerText | Sort-Object) -join ',') -eq $names
                })
            if ($candidates.Count -eq 0) {
                "parameter set '$($set.Name)' ($names) has no syntax block with exactly these parameters"
                continue
            }
            # Several sets may share parameter names; one syntax block has to match in every detail.
            $best = $null
            foreach ($candidate in $candidates) {
                $found = @(foreach ($parameter in $setParameters) {
                        $documented = $candidate.SelectNodes('command:parameter', $namespaces) |
                            Where-Object { $_.SelectSingleNode('maml:name', $namespaces).InnerText -eq $parameter.Name }
                        Get-ParameterDifference $parameter $documented
                    })
                if ($null -eq $best -or $found.Count -lt $best.Count) { $best = $found }
            }
            foreach ($difference in $best) { "set '$($set.Name)': $difference" }
        }
        $syntaxItems.Count | Should -Be $command.ParameterSets.Count -Because 'each parameter set needs its own syntax block'
        @($problems) | Should -BeNullOrEmpty
    }
}

Describe 'about_AnkiSync' -Tag 'Help', 'CI' {
    It 'is built as a help text file' {
        $path = Join-Path $ModuleDirectory 'en-US' 'about_AnkiSync.help.txt'
        $path | Should -Exist
        Get-Content -LiteralPath $path -Raw | Should -BeLike "TOPIC*about_ankisync*SHORT DESCRIPTION*LONG DESCRIPTION*"
    }

    It 'is found by Get-Help' {
        Get-Help -Name about_AnkiSync | Out-String | Should -BeLike '*package session*'
    }
}
