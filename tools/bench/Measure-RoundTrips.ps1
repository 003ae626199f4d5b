# The cycle as an operator's network sees it: every call of the module and of the aws-cli runbook goes through
# the counting proxy, which adds the same latency to each (a stand-in for AWS's round trips, which loopback lacks).
# For each added latency and each module build (give several to compare builds side by side, interleaved run by
# run so load from other processes falls on each alike):
#  - the whole enable-then-disable cycle (a fresh pwsh: start, import, Enable -Force, Disable -Force) and the
#    aws-cli runbook's same switch; medians, and the ratio module / runbook;
#  - time to the flip in round trips: from Enable's first AWS call to the page rule's CreateRule answered,
#    divided by the added latency (a listener named by ARN, 5 rules, priority 1 taken, no bypass);
#  - calls per cycle per service;
#  - the critical path of Enable and of Disable: the calls in start order, overlapping calls merged into one
#    step, so the number of steps is the number of sequential round trips.
# Run by Invoke-Benchmark.ps1 (build.ps1 Bench) for the module it built, or on its own:
#   dotnet pwsh tools/bench/Measure-RoundTrips.ps1 -Module before=/path/a/MaintenanceMode.psd1,after=./MaintenanceMode.psd1
[CmdletBinding()]
param(
    # label=path of a MaintenanceMode.psd1; default: this repository's build.
    [string[]] $Module,
    # Milliseconds, 0 to 1000. Strings, split on commas here: pwsh -File passes "0,50" as one string, which [int[]] would read as 50.
    [string[]] $LatencyMs = @('0', '20', '50', '100'),
    [ValidateRange(1, 100)][int] $Runs = 3,
    # The latency at which the critical paths are listed (steps are clearest when each call takes this long).
    [ValidateRange(1, 1000)][int] $PathLatencyMs = 50,
    # The PowerShell that runs each cycle: an executable and the arguments before -NoProfile (a dotnet tool's pwsh.dll).
    [string[]] $PwshCommand,
    # An existing moto endpoint (Invoke-Benchmark's); one is started when absent.
    [string] $MotoEndpoint,
    [string] $OutDirectory
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
if (-not $OutDirectory) { $OutDirectory = Join-Path $root 'out/bench' }
Import-Module (Join-Path $root 'tools/MotoServer.psm1')
Import-Module (Join-Path $PSScriptRoot 'BenchKit.psm1') -Force
$inv = [Globalization.CultureInfo]::InvariantCulture
[int[]] $LatencyMs = @($LatencyMs | ForEach-Object { "$_" -split ',' } | Where-Object { $_ } | ForEach-Object { [int]::Parse($_, $inv) })
if (@($LatencyMs | Where-Object { $_ -lt 0 -or $_ -gt 1000 }).Count) { throw "-LatencyMs takes milliseconds from 0 to 1000, not $($LatencyMs -join ',')." }
if (-not $Module) { $Module = @("this build=$(Join-Path $root 'MaintenanceMode.psd1')") }
$builds = @($Module | ForEach-Object { $_ -split ',' } | ForEach-Object {
        $label, $path = $_ -split '=', 2
        if (-not $path) { $path = $label; $label = Split-Path (Split-Path $path -Parent) -Leaf }
        if (-not (Test-Path $path)) { throw "No module manifest at $path." }
        [pscustomobject]@{ Label = $label; Path = (Resolve-Path $path).Path }
    })
if (-not $PwshCommand) { $PwshCommand = Get-PwshCommand }

function Get-CallName($Entry) {
    if ($Entry.service -eq 's3') {
        # The object's role, not its key: page, lock, snapshot or record.
        $method = ($Entry.action -split ' ')[0]
        $what = switch -Regex ($Entry.action) { '/locks/' { 'lock'; break } '\.record\.json$' { 'record'; break } '/maintenance-mode/' { 'snapshot'; break } default { 'page' } }
        return "S3 $method $what"
    }
    if ($Entry.service -eq 'sts') { return 'GetCallerIdentity' }
    $Entry.action
}

# The sequential steps: a call's step is one after the latest step of any call that had answered before it started,
# so calls that overlap share a step and the number of steps is the longest chain of calls that waited on each other.
function Get-CriticalPath($Entries) {
    $calls = @($Entries | Sort-Object t0)
    $level = @{}
    for ($i = 0; $i -lt $calls.Count; $i++) {
        $depth = 1
        for ($j = 0; $j -lt $i; $j++) { if ($calls[$j].t1 -le $calls[$i].t0 -and $level[$j] + 1 -gt $depth) { $depth = $level[$j] + 1 } }
        $level[$i] = $depth
    }
    $steps = @{}
    for ($i = 0; $i -lt $calls.Count; $i++) {
        if (-not $steps.ContainsKey($level[$i])) { $steps[$level[$i]] = [Collections.Generic.List[string]]::new() }
        $steps[$level[$i]].Add((Get-CallName $calls[$i]))
    }
    @($steps.Keys | Sort-Object | ForEach-Object { ($steps[$_] | Sort-Object -Unique) -join ' | ' })
}

function Measure-Services($Entries) {
    [ordered]@{
        Elbv2 = @($Entries | Where-Object service -eq 'elasticloadbalancing').Count
        S3 = @($Entries | Where-Object service -eq 's3').Count
        Sts = @($Entries | Where-Object service -eq 'sts').Count
    }
}

$moto = $null
$proxy = $null
$saved = @{}
try {
    $awsCli = (Get-Command aws -CommandType Application | Select-Object -First 1).Source
    $saved = Set-BenchEnvironment -PrependPath (Split-Path $awsCli -Parent)
    if (-not $MotoEndpoint) { $moto = Start-MotoServer; $MotoEndpoint = $moto.Endpoint }
    $proxy = Start-CountingProxy $MotoEndpoint
    $endpoint = $proxy.Endpoint
    $alb = New-SampleAlb $MotoEndpoint "rt-$($proxy.Port)" 5
    $listener = $alb.ListenerArns[0]
    Write-Host "round trips: $($builds.Count) build(s), latencies $($LatencyMs -join ', ') ms, $Runs runs each, through $endpoint"

    $samples = [Collections.Generic.List[object]]::new()
    foreach ($latency in $LatencyMs) {
        Set-ProxyLatency $endpoint $latency
        for ($i = 1; $i -le $Runs; $i++) {
            Clear-ProxyLog $endpoint
            $runbook = Invoke-Timed 'bash' @((Join-Path $PSScriptRoot 'aws-cli-runbook.sh'), $endpoint, $listener, $alb.PageUri, 'cycle')
            $runbookCalls = Measure-Services (Get-ProxyLog $endpoint)
            foreach ($build in $builds) {
                Clear-ProxyLog $endpoint
                $cycle = Invoke-Timed $PwshCommand[0] (@($PwshCommand | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Invoke-Cycle.ps1'),
                        '-ModulePath', $build.Path, '-ListenerArn', $listener, '-PageUri', $alb.PageUri, '-EndpointUrl', $endpoint))
                $marks = ConvertFrom-Pairs $cycle.Output
                $log = Get-ProxyLog $endpoint
                $enable = @($log | Where-Object { $_.t0 -ge $marks.enableStart -and $_.t0 -lt $marks.enableEnd })
                $disable = @($log | Where-Object { $_.t0 -ge $marks.enableEnd -and $_.t0 -lt $marks.disableEnd })
                $flip = @($enable | Where-Object { $_.action -eq 'CreateRule' -and $_.fixedResponse -eq '503' })
                if ($flip.Count -ne 1) { throw "Expected one CreateRule of the page rule in Enable, found $($flip.Count)." }
                $firstCall = ($enable | Measure-Object t0 -Minimum).Minimum
                $samples.Add([pscustomobject]@{
                        Build = $build.Label; LatencyMs = $latency; Run = $i
                        ModuleProcess = $cycle.Ms; Runbook = $runbook.Ms
                        Enable = 1000 * ($marks.enableEnd - $marks.enableStart); Disable = 1000 * ($marks.disableEnd - $marks.enableEnd)
                        FlipMs = 1000 * ($flip[0].t1 - $firstCall)
                        EnableCalls = Measure-Services $enable; DisableCalls = Measure-Services $disable; RunbookCalls = $runbookCalls
                        EnablePath = Get-CriticalPath $enable; DisablePath = Get-CriticalPath $disable
                        # Each call's start and end in ms from Enable's first call, to see what waited on what.
                        EnableTimeline = @($enable | Sort-Object t0 | ForEach-Object { '{0,6:F0} {1,6:F0} {2}' -f (1000 * ($_.t0 - $firstCall)), (1000 * ($_.t1 - $firstCall)), (Get-CallName $_) })
                    })
                Write-Host ("  {0} ms, run {1}, {2}: cycle {3} ms (runbook {4} ms), flip after {5} ms, Enable {6} steps, Disable {7} steps" -f $latency, $i, $build.Label,
                    (Format-Ms $cycle.Ms), (Format-Ms $runbook.Ms), (Format-Ms (1000 * ($flip[0].t1 - $firstCall))), (Get-CriticalPath $enable).Count, (Get-CriticalPath $disable).Count)
            }
        }
    }
    Set-ProxyLatency $endpoint 0

    #region Report
    $lines = [Collections.Generic.List[string]]::new()
    $lines.Add("The enable-then-disable cycle with latency added to every call (module and aws-cli runbook through the same proxy), 5 rules, priority 1 taken, no bypass; medians of $Runs runs (ms); load average at the end $(Get-LoadAverage):")
    $lines.Add('')
    $lines.Add('| added latency | build | module cycle | runbook | **ratio** | Enable | Disable | flip after ms | flip in round trips | Enable steps | Disable steps |')
    $lines.Add('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    $summary = [Collections.Generic.List[object]]::new()
    foreach ($latency in $LatencyMs) {
        foreach ($build in $builds) {
            $mine = @($samples | Where-Object { $_.LatencyMs -eq $latency -and $_.Build -eq $build.Label })
            $m = [ordered]@{ LatencyMs = $latency; Build = $build.Label }
            foreach ($p in 'ModuleProcess', 'Runbook', 'Enable', 'Disable', 'FlipMs') { $m[$p] = Get-Median @($mine | ForEach-Object $p) }
            $m.Ratio = $m.ModuleProcess / $m.Runbook
            $m.FlipRoundTrips = if ($latency -gt 0) { $m.FlipMs / $latency } else { [double]::NaN }
            $m.EnableSteps = Get-Median @($mine | ForEach-Object { $_.EnablePath.Count })
            $m.DisableSteps = Get-Median @($mine | ForEach-Object { $_.DisablePath.Count })
            $summary.Add([pscustomobject]$m)
            $rt = if ($latency -gt 0) { $m.FlipRoundTrips.ToString('F1', $inv) } else { '' }
            $lines.Add("| $latency | $($build.Label) | $(Format-Ms $m.ModuleProcess) | $(Format-Ms $m.Runbook) | **$($m.Ratio.ToString('F2', $inv))** | $(Format-Ms $m.Enable) | $(Format-Ms $m.Disable) | $(Format-Ms $m.FlipMs) | $rt | $($m.EnableSteps) | $($m.DisableSteps) |")
        }
    }
    $lines.Add('')
    $lines.Add('Calls per cycle, per service (Enable + Disable):')
    $lines.Add('')
    $lines.Add('| build | ELBv2 | S3 | STS | all |')
    $lines.Add('|---|---:|---:|---:|---:|')
    foreach ($build in $builds) {
        $one = $samples | Where-Object Build -eq $build.Label | Select-Object -First 1
        $e = $one.EnableCalls; $d = $one.DisableCalls
        $lines.Add("| $($build.Label) | $($e.Elbv2) + $($d.Elbv2) | $($e.S3) + $($d.S3) | $($e.Sts) + $($d.Sts) | $($e.Elbv2 + $d.Elbv2 + $e.S3 + $d.S3 + $e.Sts + $d.Sts) |")
    }
    $rb = $samples[0].RunbookCalls
    $lines.Add("| aws-cli runbook | $($rb.Elbv2) | $($rb.S3) | $($rb.Sts) | $($rb.Elbv2 + $rb.S3 + $rb.Sts) |")
    $pathLatency = if ($LatencyMs -contains $PathLatencyMs) { $PathLatencyMs } else { ($LatencyMs | Measure-Object -Maximum).Maximum }
    foreach ($build in $builds) {
        $one = $samples | Where-Object { $_.Build -eq $build.Label -and $_.LatencyMs -eq $pathLatency } | Select-Object -First 1
        foreach ($command in 'Enable', 'Disable') {
            $path = $one."${command}Path"
            $lines.Add('')
            $lines.Add("Critical path of $command ($($build.Label), $pathLatency ms a call, first run): $($path.Count) sequential steps; calls on one line overlapped")
            $lines.Add('')
            $n = 0
            foreach ($step in $path) { $n++; $lines.Add("$n. $step") }
        }
    }
    New-Item -ItemType Directory -Force -Path $OutDirectory | Out-Null
    $lines | Set-Content (Join-Path $OutDirectory 'roundtrips.md')
    [ordered]@{ Builds = $builds; Runs = $Runs; Summary = $summary; Samples = $samples } | ConvertTo-Json -Depth 6 | Set-Content (Join-Path $OutDirectory 'roundtrips.json')
    Write-Host ''
    $lines | ForEach-Object { Write-Host $_ }
    Write-Host ''
    Write-Host "Written to $(Join-Path $OutDirectory 'roundtrips.md') and roundtrips.json"
    #endregion
}
finally {
    Restore-BenchEnvironment $saved
    Stop-CountingProxy $proxy
    if ($moto) { Stop-MotoServer $moto }
}
