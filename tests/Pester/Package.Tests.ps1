# The package as a user gets it: tools/New-ModulePackage.ps1 (what build.ps1 Package runs) packs the
# built module; the .nupkg is published to a file PSResource repository in a temporary folder, saved from
# it into a temporary module path, imported by name in a fresh pwsh and run against moto behind the
# AWS-behaviour layer (Start-TestAws).

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Function Start-TestAws, Stop-TestAws, Invoke-ChildPwsh -Force

    $script:Package = & (Join-Path $Root 'tools/New-ModulePackage.ps1') -Root $Root -OutputDirectory (Join-Path $TestDrive 'out')
    $script:Version = (Import-PowerShellDataFile (Join-Path $Root 'MaintenanceMode.psd1')).ModuleVersion

    # A repository of this run only; unregistered in AfterAll.
    $script:RepositoryName = "MaintenanceModeTest$([guid]::NewGuid().ToString('N').Substring(0, 12))"
    $script:RepositoryPath = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'repository')
    Register-PSResourceRepository -Name $RepositoryName -Uri $RepositoryPath.FullName -Trusted
    $script:ModulesPath = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'modules')
}

AfterAll {
    if ($RepositoryName -and (Get-PSResourceRepository -Name $RepositoryName -ErrorAction SilentlyContinue)) {
        Unregister-PSResourceRepository -Name $RepositoryName
    }
    if ($Moto) { Stop-TestAws $Moto }
}

Describe 'The package layout' {
    It 'is out/MaintenanceMode/<version>/ with the manifest, bin/, format views and help' {
        $Package.ModuleDirectory | Should -Be (Join-Path $TestDrive "out/MaintenanceMode/$Version")
        foreach ($file in 'MaintenanceMode.psd1', 'bin/MaintenanceMode.dll', 'bin/MaintenanceMode.Format.ps1xml', 'bin/dependencies/MaintenanceMode.Core.dll',
            'bin/dependencies/AWSSDK.Core.dll', 'en-US/MaintenanceMode.dll-Help.xml', 'en-US/about_MaintenanceMode.help.txt') {
            Join-Path $Package.ModuleDirectory $file | Should -Exist
        }
    }

    It 'passes Test-ModuleManifest with what a gallery shows' {
        $manifest = Test-ModuleManifest (Join-Path $Package.ModuleDirectory 'MaintenanceMode.psd1')
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $declared = (Import-PowerShellDataFile (Join-Path $Root 'MaintenanceMode.psd1')).CmdletsToExport
        @($manifest.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($declared | Sort-Object)
        $manifest.ExportedCmdlets.Keys | Should -Contain 'Enable-Maintenance'
        $manifest.ExportedFunctions.Count | Should -Be 0
        $manifest.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.ReleaseNotes | Should -Match ([regex]::Escape($Version))
        $manifest.Tags | Should -Contain 'PSEdition_Desktop'
    }

    It 'ships no System.Management.Automation: PowerShell brings its own' {
        Get-ChildItem $Package.ModuleDirectory -Recurse -Filter 'System.Management.Automation*' | Should -BeNullOrEmpty
    }
}

Describe 'Publish, install and run from a PSResource repository' {
    BeforeAll {
        Publish-PSResource -NupkgPath $Package.Nupkg -Repository $RepositoryName
        Save-PSResource -Name MaintenanceMode -Version $Version -Repository $RepositoryName -Path $ModulesPath.FullName -TrustRepository

        $python = Get-Command python3, python -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $python) { throw 'python3 was not found on PATH; tools/New-SampleAlb.py needs it (with boto3, which moto installs).' }
        $script:Moto = Start-TestAws
        $json = & $python.Source (Join-Path $Root 'tools/New-SampleAlb.py') --endpoint $Moto.MotoEndpoint --name 'packaged' --rules 2
        if ($LASTEXITCODE -ne 0) { throw "New-SampleAlb.py failed: $json" }
        $script:Sample = $json | ConvertFrom-Json

        $script:ChildScript = Join-Path $TestDrive 'installed-child.ps1'
        Set-Content -Path $ChildScript -Value @'
param([string] $ModulesPath, [string] $Endpoint, [string] $LoadBalancerName)
$ErrorActionPreference = 'Stop'
$env:AWS_ACCESS_KEY_ID = 'testing'; $env:AWS_SECRET_ACCESS_KEY = 'testing'; $env:AWS_EC2_METADATA_DISABLED = 'true'
Remove-Item Env:AWS_PROFILE, Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue
$env:PSModulePath = $ModulesPath + [IO.Path]::PathSeparator + $env:PSModulePath
Import-Module MaintenanceMode
$module = Get-Module MaintenanceMode
$status = @(Get-MaintenanceStatus -LoadBalancerName $LoadBalancerName -Region us-east-1 -EndpointUrl $Endpoint)
[pscustomobject]@{
    ModuleBase   = $module.ModuleBase
    Version      = $module.Version.ToString()
    ListenerArns = @($status | ForEach-Object ListenerArn)
    States       = @($status | ForEach-Object State)
    Table        = ($status | Format-Table | Out-String -Width 200)
    Synopsis     = (Get-Help Enable-Maintenance).Synopsis
    About        = (Get-Help about_MaintenanceMode | Out-String)
} | ConvertTo-Json -Compress
'@
        $run = Invoke-ChildPwsh $ChildScript @($ModulesPath.FullName, $Moto.Endpoint, $Sample.LoadBalancerName)
        $script:ChildExitCode = $run.ExitCode
        $script:ChildOutput = $run.Output
        $script:Installed = ($run.Output -split "`r?`n" | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1) | ConvertFrom-Json
    }

    It 'is in the repository as MaintenanceMode <version>' {
        $found = Find-PSResource -Name MaintenanceMode -Repository $RepositoryName
        $found.Version.ToString() | Should -Be $Version
    }

    It 'saves as MaintenanceMode/<version>/ into the module path' {
        Join-Path $ModulesPath "MaintenanceMode/$Version/MaintenanceMode.psd1" | Should -Exist
        Join-Path $ModulesPath "MaintenanceMode/$Version/en-US/MaintenanceMode.dll-Help.xml" | Should -Exist
    }

    It 'imports by name in a fresh pwsh and reads every listener from moto' {
        $ChildExitCode | Should -Be 0 -Because $ChildOutput
        $Installed.ModuleBase | Should -BeLike "$($ModulesPath.FullName)*"
        $Installed.Version | Should -Be $Version
        $Installed.ListenerArns | Should -Be @($Sample.ListenerArns)
        $Installed.States | Should -Be @($Sample.ListenerArns | ForEach-Object { 'Off' })
    }

    It 'brings its format views and help along' {
        $Installed.Table | Should -Match 'LoadBalancer\s+Port\s+State'
        $Installed.Synopsis | Should -Match 'maintenance page'
        $Installed.About | Should -Match 'bypass \| page \| user rules'
    }
}
