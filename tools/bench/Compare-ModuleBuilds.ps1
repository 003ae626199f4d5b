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
Import-Module (Join-Path $PSScriptRoot 'BenchKit.psm1') -Force
$inv = [Globalization.CultureInfo]::InvariantCulture
# pwsh -File passes "a,b" as one string.
$ModuleRoots = @($ModuleRoots | ForEach-Object { $_ -split ',' } | Where-Object { $_ })

[string[]] $pwshCommand = Get-PwshCommand
function Invoke-Sample([string[]] $Arguments) {
    $run = Invoke-Timed $pwshCommand[0] (@($pwshCommand | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive') + $Arguments)
    $values = ConvertFrom-Pairs $run.Output
    $values.Process = $run.Ms
    $values
}

$moto = Start-MotoServer
$saved = Set-BenchEnvironment
try {
    $alb = New-SampleAlb $moto.Endpoint 'shop' 5
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
    Write-Host "Medians of $Runs interleaved runs (ms); load average now $(Get-LoadAverage)"
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
    Restore-BenchEnvironment $saved
    Stop-MotoServer $moto
}
