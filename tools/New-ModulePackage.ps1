<#
.SYNOPSIS
    Lays out the built module as it installs, and packs it as a .nupkg for a PSResource repository.
.DESCRIPTION
    From a built tree (build.ps1 Build: bin/, en-US/), writes
      <OutputDirectory>/MaintenanceMode/<version>/   MaintenanceMode.psd1, bin/ (cmdlets, dependencies/,
                                                     format views), en-US/ (MAML and about help)
      <OutputDirectory>/MaintenanceMode.<version>.nupkg
    with Compress-PSResource of Microsoft.PowerShell.PSResourceGet (shipped with PowerShell 7.4 and later).
    The .nupkg goes to any PSResource repository with Publish-PSResource -NupkgPath, or into a folder that a
    file repository points at. build.ps1 Package runs this after Build; tests/Pester/Package.Tests.ps1 runs it
    into a temporary folder.
    Fails when the manifest's ModuleVersion is not Directory.Build.props' Version, or something is missing.
.EXAMPLE
    ./tools/New-ModulePackage.ps1 -Root . -OutputDirectory ./out
#>
[CmdletBinding()]
[OutputType([pscustomobject])]
param(
    [Parameter(Mandatory)][string] $Root,
    [Parameter(Mandatory)][string] $OutputDirectory
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$Root = (Resolve-Path $Root).Path
$manifestPath = Join-Path $Root 'MaintenanceMode.psd1'
$manifest = Import-PowerShellDataFile $manifestPath
[xml]$props = Get-Content (Join-Path $Root 'Directory.Build.props') -Raw
$assemblyVersion = $props.Project.PropertyGroup | ForEach-Object { $_.Version } | Where-Object { $_ } | Select-Object -First 1
$version = $manifest.ModuleVersion
if ($version -ne $assemblyVersion) {
    throw "MaintenanceMode.psd1 says ModuleVersion '$version' but Directory.Build.props says Version '$assemblyVersion'. Make them the same before packaging."
}

# What an installed module needs; each comes from build.ps1 Build.
$required = @(
    'bin/MaintenanceMode.dll'
    'bin/MaintenanceMode.Format.ps1xml'
    'bin/dependencies/MaintenanceMode.Core.dll'
    'bin/dependencies/AWSSDK.Core.dll'
    'bin/dependencies/AWSSDK.S3.dll'
    'en-US/MaintenanceMode.dll-Help.xml'
    'en-US/about_MaintenanceMode.help.txt'
)
foreach ($file in $required) {
    if (-not (Test-Path (Join-Path $Root $file))) { throw "$file is missing: run build.ps1 Build first." }
}

$null = New-Item -ItemType Directory -Force -Path $OutputDirectory
$OutputDirectory = (Resolve-Path $OutputDirectory).Path
$target = Join-Path $OutputDirectory "MaintenanceMode/$version"
if (Test-Path $target) { Remove-Item $target -Recurse -Force }
$null = New-Item -ItemType Directory -Force -Path $target
Copy-Item $manifestPath $target
Copy-Item (Join-Path $Root 'bin') (Join-Path $target 'bin') -Recurse
Copy-Item (Join-Path $Root 'en-US') (Join-Path $target 'en-US') -Recurse

$nupkg = Join-Path $OutputDirectory "MaintenanceMode.$version.nupkg"
if (Test-Path $nupkg) { Remove-Item $nupkg -Force }
Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
Compress-PSResource -Path $target -DestinationPath $OutputDirectory
if (-not (Test-Path $nupkg)) { throw "Compress-PSResource did not write $nupkg." }

[pscustomobject]@{ Version = $version; ModuleDirectory = $target; Nupkg = $nupkg }
