# Meta-test of the built module's help, as Get-Help shows it in this process: every exported cmdlet has
# a synopsis, a description, text for every parameter a user can type, and at least two examples. The
# help comes from docs/help/ through build.ps1 Build (tools/Build-ModuleHelp.ps1).

BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:CmdletNames = (Import-PowerShellDataFile (Join-Path $root 'MaintenanceMode.psd1')).CmdletsToExport |
        ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Module = Import-Module (Join-Path $Root 'MaintenanceMode.psd1') -Force -PassThru

    function Get-TypedParameterName([string] $Name) {
        # What a user can type: the cmdlet's own parameters plus -WhatIf/-Confirm; the other common ones
        # are documented by about_CommonParameters.
        (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters }
    }

    function Get-Text($Description) {
        (@($Description) | ForEach-Object { $_.Text }) -join "`n"
    }
}

Describe 'The module exports exactly the cmdlets of its manifest' {
    It 'has help for each exported cmdlet' {
        @($Module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($CmdletNames.Name | Sort-Object)
    }
}

Describe 'Help of <Name>' -ForEach $CmdletNames {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
    }

    It 'comes from the module help file, not from the syntax PowerShell makes up' {
        $Help.ModuleName | Should -Be 'MaintenanceMode'
        # Without a help file, Get-Help's synopsis is the syntax itself: "Verb-Noun [-Param] ...".
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name))\s"
    }

    It 'has a description' {
        Get-Text $Help.description | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $missing = foreach ($parameter in (Get-TypedParameterName $Name)) {
            $entry = @($Help.parameters.parameter) | Where-Object name -eq $parameter
            if (-not $entry -or -not (Get-Text $entry.description).Trim()) { $parameter }
        }
        $missing | Should -BeNullOrEmpty -Because 'each parameter needs a "### -Name" text in docs/help/ (or docs/help/CommonParameters.md)'
    }

    It 'documents no parameter the cmdlet does not have' {
        $typed = @(Get-TypedParameterName $Name)
        $extra = @($Help.parameters.parameter) | Where-Object { $_ -and $_.name -notin $typed } | ForEach-Object name
        $extra | Should -BeNullOrEmpty
    }

    It 'has at least two examples, each with code and an explanation' {
        $examples = @($Help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Match $Name -Because "an example of $Name runs $Name ($($example.title))"
            Get-Text $example.remarks | Should -Not -BeNullOrEmpty -Because $example.title
        }
    }

    It 'names the output type the cmdlet declares' {
        $declared = @((Get-Command $Name).OutputType.Name)
        $declared | Should -Not -BeNullOrEmpty
        $documented = @($Help.returnValues.returnValue) | ForEach-Object { $_.type.name }
        foreach ($type in $declared) { $documented | Should -Contain $type }
    }
}

Describe 'about_MaintenanceMode' {
    BeforeAll {
        $script:About = Get-Help about_MaintenanceMode | Out-String
    }

    It 'is found by Get-Help' {
        $About | Should -Match 'SHORT DESCRIPTION'
    }

    It 'explains the layout, the snapshot, the lock and the one-call flip' {
        $About | Should -Match 'bypass \| page \| user rules'
        $About | Should -Match 'The snapshot'
        $About | Should -Match 'The lock'
        $About | Should -Match 'The one-call flip'
    }
}
