# What the benchmark scripts share: statistics and formatting, timing a whole process, the counting proxy in front
# of moto, the sample load balancer, and the emulator-only environment. Imported by Invoke-Benchmark.ps1,
# Measure-RoundTrips.ps1 and Compare-ModuleBuilds.ps1; nothing here is part of the module or its tests.
Set-StrictMode -Version 3
$script:Invariant = [Globalization.CultureInfo]::InvariantCulture
$script:ToolsRoot = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $script:ToolsRoot 'MotoServer.psm1')   # Get-FreeTcpPort

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count -eq 0) { return [double]::NaN }
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

function Format-Ms([double] $Ms) { $Ms.ToString('F0', $script:Invariant) }

# Runs a native command; returns its wall time (ms, process start to exit) and its output lines. A failure throws
# with the output, so a broken run never counts as a fast one.
function Invoke-Timed([string] $FilePath, [string[]] $ArgumentList) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $output = & $FilePath @ArgumentList 2>&1
    $ms = $watch.Elapsed.TotalMilliseconds
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code ${LASTEXITCODE}:`n$($output -join "`n")" }
    [pscustomobject]@{ Ms = $ms; Output = @($output | ForEach-Object { "$_" }) }
}

# The name=value lines the sample scripts (Invoke-Cycle.ps1, Invoke-FirstCall.ps1) print, as numbers.
function ConvertFrom-Pairs([string[]] $Lines) {
    $values = @{}
    foreach ($line in $Lines) { if ($line -match '^(\w+)=(.+)$') { $values[$Matches[1]] = [double]::Parse($Matches[2], $script:Invariant) } }
    $values
}

# The PowerShell running the calling script, as a command line for a new process: the executable and the arguments
# before -NoProfile (a dotnet tool's pwsh runs as "dotnet pwsh.dll").
function Get-PwshCommand {
    if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll')) }
    else { @([Environment]::ProcessPath) }
}

function New-SampleAlb([string] $Endpoint, [string] $Name, [int] $Rules) {
    $json = & python3 (Join-Path $script:ToolsRoot 'New-SampleAlb.py') --endpoint $Endpoint --name $Name --rules $Rules
    if ($LASTEXITCODE -ne 0) { throw "Creating the sample load balancer '$Name' failed." }
    $json | ConvertFrom-Json
}

# counting_proxy.py in front of moto on a free port: logs every call and adds the latency it is given.
function Start-CountingProxy([string] $Upstream) {
    $port = Get-FreeTcpPort
    $log = Join-Path ([IO.Path]::GetTempPath()) "bench-proxy-$port.log"
    $process = Start-Process python3 -ArgumentList @((Join-Path $PSScriptRoot 'counting_proxy.py'), '--upstream', $Upstream, '--port', "$port") `
        -PassThru -RedirectStandardOutput $log -RedirectStandardError "$log.err"
    $endpoint = "http://127.0.0.1:$port"
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ($true) {
        try { Invoke-RestMethod "$endpoint/__bench__/log" -TimeoutSec 2 | Out-Null; break }
        catch {
            if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The counting proxy did not start; see $log.err" }
            Start-Sleep -Milliseconds 100
        }
    }
    [pscustomobject]@{ Endpoint = $endpoint; Process = $process; Port = $port }
}

function Stop-CountingProxy($Proxy) {
    if ($Proxy -and -not $Proxy.Process.HasExited) { Stop-Process -Id $Proxy.Process.Id -Force -ErrorAction SilentlyContinue }
}

# The proxy's log, one object a call; an empty log comes back from Invoke-RestMethod as one empty array, not as nothing.
function Get-ProxyLog([string] $Endpoint) {
    @(Invoke-RestMethod "$Endpoint/__bench__/log" | ForEach-Object { $_ } | Where-Object { $null -ne $_ -and $_.PSObject.Properties['service'] })
}
function Clear-ProxyLog([string] $Endpoint) { Invoke-RestMethod "$Endpoint/__bench__/reset" -Method Post | Out-Null }
function Set-ProxyLatency([string] $Endpoint, [int] $Ms) { Invoke-RestMethod "$Endpoint/__bench__/latency?ms=$Ms" -Method Post | Out-Null }

# Emulator-only keys for this process and its children, as a CI runbook would have them. Returns what to give
# Restore-BenchEnvironment.
function Set-BenchEnvironment([string] $PrependPath) {
    $saved = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'PATH') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    $env:AWS_ACCESS_KEY_ID = 'bench'; $env:AWS_SECRET_ACCESS_KEY = 'bench'; $env:AWS_REGION = 'us-east-1'; $env:AWS_DEFAULT_REGION = 'us-east-1'
    if ($PrependPath) { $env:PATH = $PrependPath + [IO.Path]::PathSeparator + $env:PATH }
    $saved
}

function Restore-BenchEnvironment([hashtable] $Saved) {
    foreach ($name in $Saved.Keys) { [Environment]::SetEnvironmentVariable($name, $Saved[$name]) }
}

# The load average, for the report: the machine may be shared, and medians are only as quiet as it was.
function Get-LoadAverage { "$((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)" }

Export-ModuleMember -Function Get-Median, Format-Ms, Invoke-Timed, ConvertFrom-Pairs, Get-PwshCommand, New-SampleAlb, Start-CountingProxy, Stop-CountingProxy,
    Get-ProxyLog, Clear-ProxyLog, Set-ProxyLatency, Set-BenchEnvironment, Restore-BenchEnvironment, Get-LoadAverage
