<#
.SYNOPSIS
    A copy of the running PowerShell with its engine compiled to ReadyToRun, as PowerShell's own packages are.
.DESCRIPTION
    PowerShell's release packages (deb, rpm, msi, zip, tar.gz) ship ReadyToRun images of its assemblies; the
    "PowerShell" dotnet tool, which this repository's .config/dotnet-tools.json uses, ships plain IL (a dotnet
    tool cannot carry images for one platform), so every start JITs the engine. The benchmark times the module
    under both, so its ratio is not only a measure of how PowerShell was installed here.

    Copies $PSHOME to -Destination and compiles the assemblies a benchmark process loads from it (found by
    starting one: import the module, make one call) through tools/ReadyToRun, the SDK's ReadyToRun publish.
    Prints the path of the copy's pwsh.dll, to be started as "dotnet <path>".
    Returns nothing when the running PowerShell is already compiled (an installed package): there is nothing
    to add then.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $Destination,
    [Parameter(Mandatory)][string] $ModulePath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent

function Test-NativeCode([string] $Path) {
    $stream = [IO.File]::OpenRead($Path)
    try { ([System.Reflection.PortableExecutable.PEReader]::new($stream)).PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 }
    finally { $stream.Dispose() }
}

$engine = Join-Path $PSHOME 'System.Management.Automation.dll'
if (Test-NativeCode $engine) { return }

# What a benchmark process loads from $PSHOME: start one that imports the module and writes an object.
$probe = Join-Path ([IO.Path]::GetTempPath()) "list-loaded-$PID.ps1"
Set-Content $probe -Value @'
Import-Module $args[0]
Test-MaintenancePage -Content '<p>probe</p>' | Out-String | Out-Null
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not $_.IsDynamic -and $_.Location } | ForEach-Object { $_.Location }
'@
[string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
try { $loaded = & ([Environment]::ProcessPath) @prefix -NoProfile -NonInteractive -File $probe $ModulePath 2>&1 }
finally { Remove-Item $probe -ErrorAction SilentlyContinue }
if ($LASTEXITCODE -ne 0) { throw "Listing the assemblies PowerShell loads failed: $loaded" }
$home_ = (Resolve-Path $PSHOME).Path
$wanted = @($loaded | Where-Object { (Split-Path $_ -Parent) -eq $home_ } | ForEach-Object { Split-Path $_ -Leaf })

$all = @(Get-ChildItem $home_ -Filter *.dll -File)
$compiled = Join-Path $root 'obj/ready-to-run/powershell'
if (Test-Path $compiled) { Remove-Item $compiled -Recurse -Force }
$runtime = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
# Every PowerShell assembly is an input (the compiler needs them as references); all but the loaded ones
# are copied through uncompiled. "%3B" is a semicolon the command line keeps inside the property.
$inputs = ($all.FullName) -join '%3B'
$exclude = (@($all.Name | Where-Object { $_ -notin $wanted })) -join '%3B'
$output = & dotnet publish (Join-Path $root 'tools/ReadyToRun/ReadyToRun.csproj') -c Release -r $runtime -o $compiled --nologo -v quiet `
    "-p:ReadyToRunInputs=$inputs" "-p:ReadyToRunExclude=$exclude" 2>&1
if ($LASTEXITCODE -ne 0) { throw "Compiling PowerShell's assemblies failed:`n$($output -join "`n")" }

if (Test-Path $Destination) { Remove-Item $Destination -Recurse -Force }
Copy-Item $home_ $Destination -Recurse
foreach ($name in $wanted) { Copy-Item (Join-Path $compiled $name) (Join-Path $Destination $name) -Force }
Join-Path (Resolve-Path $Destination).Path 'pwsh.dll'
