# One benchmark sample, run by Invoke-Benchmark.ps1 in a fresh pwsh: how long Import-Module takes, then the
# first AWS call (Get-MaintenanceStatus on one listener: session, clients, first requests), then a second,
# warm one for comparison. Prints "name=milliseconds" lines.
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $ListenerArn,
    [Parameter(Mandatory)][uri] $EndpointUrl
)
$ErrorActionPreference = 'Stop'
$inv = [Globalization.CultureInfo]::InvariantCulture
$watch = [Diagnostics.Stopwatch]::StartNew()
Import-Module $ModulePath
$import = $watch.Elapsed.TotalMilliseconds
$watch.Restart()
$null = Get-MaintenanceStatus -ListenerArn $ListenerArn -EndpointUrl $EndpointUrl
$first = $watch.Elapsed.TotalMilliseconds
$watch.Restart()
$null = Get-MaintenanceStatus -ListenerArn $ListenerArn -EndpointUrl $EndpointUrl
$second = $watch.Elapsed.TotalMilliseconds
"import=$($import.ToString('F1', $inv))"
"firstCall=$($first.ToString('F1', $inv))"
"secondCall=$($second.ToString('F1', $inv))"
