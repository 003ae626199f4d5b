# Before/after on a busy machine: runs Invoke-FirstCall.ps1 and Invoke-Cycle.ps1 for several builds of the
# module interleaved (A, B, C, A, B, C, ...), so that load from other processes falls on every build alike,
# and prints the medians. A build is a folder holding MaintenanceMode.psd1 and bin/.
#
#   dotnet pwsh tools/bench/Compare-ModuleBuilds.ps1 -ModuleRoots ../before,. -Runs 7
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string[]] $ModuleRoots,
    [ValidateRange(1, 100)][int] $Runs = 7
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
Import-Module (Join-Path $root 'tools/MotoServer.psm1')
$inv = [Globalization.CultureInfo]::InvariantCulture
# pwsh -File passes "a,b" as one string.
$ModuleRoots = @($ModuleRoots | ForEach-Object { $_ -split ',' } | Where-Object { $_ })

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    return ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

[string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
function Invoke-Sample([string[]] $Arguments) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $output = & ([Environment]::ProcessPath) @prefix -NoProfile -NonInteractive @Arguments 2>&1
    $ms = $watch.Elapsed.TotalMilliseconds
    if ($LASTEXITCODE -ne 0) { throw "A sample failed:`n$($output -join "`n")" }
    $values = @{ Process = $ms }
    foreach ($line in $output) { if ("$line" -match '^(\w+)=(.+)$') { $values[$Matches[1]] = [double]::Parse($Matches[2], $inv) } }
    $values
}

$moto = Start-MotoServer
$saved = @{}
foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
try {
    $env:AWS_ACCESS_KEY_ID = 'bench'; $env:AWS_SECRET_ACCESS_KEY = 'bench'; $env:AWS_REGION = 'us-east-1'
    $alb = & python3 (Join-Path $root 'tools/New-SampleAlb.py') --endpoint $moto.Endpoint --name shop --rules 5 | ConvertFrom-Json
    $listener = $alb.ListenerArns[0]
    $samples = @{}
    foreach ($build in $ModuleRoots) { $samples[$build] = [Collections.Generic.List[object]]::new() }
    for ($i = 1; $i -le $Runs; $i++) {
        foreach ($build in $ModuleRoots) {
            $psd1 = Join-Path (Resolve-Path $build) 'MaintenanceMode.psd1'
            $first = Invoke-Sample @('-File', (Join-Path $PSScriptRoot 'Invoke-FirstCall.ps1'), '-ModulePath', $psd1, '-ListenerArn', $listener, '-EndpointUrl', $moto.Endpoint)
            $cycle = Invoke-Sample @('-File', (Join-Path $PSScriptRoot 'Invoke-Cycle.ps1'), '-ModulePath', $psd1, '-ListenerArn', $listener, '-PageUri', $alb.PageUri, '-EndpointUrl', $moto.Endpoint)
            $samples[$build].Add([pscustomobject]@{
                    Import = $first.import; FirstCall = $first.firstCall; SecondCall = $first.secondCall
                    CycleProcess = $cycle.Process; Enable = 1000 * ($cycle.enableEnd - $cycle.enableStart); Disable = 1000 * ($cycle.disableEnd - $cycle.enableEnd)
                })
        }
        Write-Host "  round $i of $Runs done"
    }
    Write-Host ''
    Write-Host "Medians of $Runs interleaved runs (ms); load average now $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)"
    Write-Host ''
    Write-Host '| build | Import-Module | first call | second call | whole process (import, enable, disable) | Enable | Disable |'
    Write-Host '|---|---:|---:|---:|---:|---:|---:|'
    foreach ($build in $ModuleRoots) {
        $s = $samples[$build]
        $cells = foreach ($p in 'Import', 'FirstCall', 'SecondCall', 'CycleProcess', 'Enable', 'Disable') { (Get-Median @($s | ForEach-Object $p)).ToString('F0', $inv) }
        Write-Host "| $build | $($cells -join ' | ') |"
    }
}
finally {
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    Stop-MotoServer $moto
}
