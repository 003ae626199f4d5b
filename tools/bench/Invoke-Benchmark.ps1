# The module's benchmark against moto on loopback; run it through `build.ps1 Bench`, which builds first.
#  1. The whole pwsh process that imports the module, enables and disables maintenance on the demo listener
#     (5 rules, priority 1 taken), against an aws-cli runbook doing the same switch; the ratio of medians.
#  2. Import-Module, and the first AWS call in a fresh process (Get-MaintenanceStatus on one listener).
#  3. API calls (ELBv2 read and mutating, S3, STS) of Enable and of Disable on listeners of 5, 50 and 99
#     rules, with and without -AllowSourceIp, counted by a proxy in front of moto (product code untouched).
#  4. Time from the start of Enable to the one call that flips public traffic (the page rule's CreateRule).
# Measures 1 and 2 run under the PowerShell that runs this script and, when that one is plain IL (the dotnet
# tool), under a copy compiled ReadyToRun as PowerShell's packages ship (New-ReadyToRunPowerShell.ps1).
#  5. The headline: the cycle with -LatencyMs (0, 20, 50, 100 ms) added to every call of both, through the counting
#     proxy (a stand-in for AWS's round trips, which loopback does not have): ratio to the runbook, time to the flip
#     in round trips, calls per cycle per service, and the critical paths of Enable and Disable (Measure-RoundTrips.ps1).
# Medians of -Runs runs each. Prints tables and writes out/bench/results.{md,json}.
[CmdletBinding()]
param(
    [ValidateRange(1, 100)][int] $Runs = 5,
    [int[]] $RuleCounts = @(5, 50, 99),
    # Also time the cycle and the runbook with these latencies added to every call (none: skip), through the counting
    # proxy: loopback has no round trip, AWS has tens of milliseconds, and every sequential call pays one.
    [ValidateRange(0, 1000)][int[]] $LatencyMs = @(0, 20, 50, 100),
    # Runs of each latency point (each is a whole cycle per build, and the runbook).
    [ValidateRange(1, 100)][int] $LatencyRuns = 3,
    [string] $OutDirectory
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
if (-not $OutDirectory) { $OutDirectory = Join-Path $root 'out/bench' }
Import-Module (Join-Path $root 'tools/MotoServer.psm1')
Import-Module (Join-Path $PSScriptRoot 'BenchKit.psm1') -Force
$modulePath = Join-Path $root 'MaintenanceMode.psd1'
$inv = [Globalization.CultureInfo]::InvariantCulture

#region Helpers (the shared ones are in BenchKit.psm1)

# The same PowerShell that runs this script, in a new process (as a dotnet tool: "dotnet pwsh.dll"); and,
# when that one is plain IL (the dotnet tool), a copy compiled ReadyToRun as PowerShell's packages are
# (New-ReadyToRunPowerShell.ps1), so the ratio is measured under both.
[string[]] $toolPrefix = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
$pwshHosts = [Collections.Generic.List[object]]::new()
$pwshHosts.Add([pscustomobject]@{ Key = 'Installed'; Label = 'pwsh as installed here'; Path = [Environment]::ProcessPath; Prefix = $toolPrefix })
function Invoke-Pwsh($PwshHost, [string[]] $ArgumentList) { Invoke-Timed $PwshHost.Path ($PwshHost.Prefix + @('-NoProfile', '-NonInteractive') + $ArgumentList) }

# The aws-cli entry point itself, not a version manager's shim in front of it, so the runbook pays only for aws.
$awsCli = (Get-Command aws -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
if ((Get-Content $awsCli -TotalCount 1) -notmatch '^#!.*python') {
    $real = & pyenv which aws 2>$null
    if ($LASTEXITCODE -eq 0 -and $real) { $awsCli = "$real".Trim() }
}
$binDir = Split-Path $awsCli -Parent

function Get-Version([scriptblock] $Script) { try { "$(& $Script)".Trim() } catch { 'unknown' } }

function Get-MachineInfo {
    $cpu = Get-Version { (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', '' }
    $os = Get-Version { (Get-Content /etc/os-release | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace '^PRETTY_NAME="?|"$', '' }
    [ordered]@{
        Cpu = $cpu
        Cores = [Environment]::ProcessorCount
        Os = "$os, kernel $([Environment]::OSVersion.Version)"
        DotNet = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
        PowerShell = $PSVersionTable.PSVersion.ToString()
        Moto = Get-Version { python3 -c 'import moto; print(moto.__version__)' }
        AwsCli = Get-Version { & $awsCli --version 2>&1 }
        LoadAverage = Get-Version { (Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3 }
    }
}

function Measure-Calls($Entries) {
    $elb = @($Entries | Where-Object service -eq 'elasticloadbalancing')
    [ordered]@{
        ElbRead = @($elb | Where-Object { -not $_.mutating }).Count
        ElbMutating = @($elb | Where-Object mutating).Count
        S3Read = @($Entries | Where-Object { $_.service -eq 's3' -and -not $_.mutating }).Count
        S3Mutating = @($Entries | Where-Object { $_.service -eq 's3' -and $_.mutating }).Count
        Sts = @($Entries | Where-Object service -eq 'sts').Count
        Actions = (@($Entries | ForEach-Object { if ($_.service -eq 's3') { $_.action -replace '^(\w+) .*', 'S3 $1' } else { $_.action } }) -join ', ')
    }
}

#endregion

$machine = Get-MachineInfo
$moto = Start-MotoServer
$proxy = $null
$saved = Set-BenchEnvironment -PrependPath $binDir
try {
    $proxy = Start-CountingProxy $moto.Endpoint
    Write-Host "moto $($machine.Moto) on $($moto.Endpoint); counting proxy on $($proxy.Endpoint); $Runs runs each"

    $compiledPwsh = & (Join-Path $PSScriptRoot 'New-ReadyToRunPowerShell.ps1') -Destination (Join-Path $OutDirectory 'pwsh-readytorun') -ModulePath $modulePath
    if ($compiledPwsh) {
        $pwshHosts[0].Label = 'pwsh as installed here (dotnet tool: IL, JIT at every start)'
        $pwshHosts.Add([pscustomobject]@{ Key = 'ReadyToRun'; Label = 'the same pwsh compiled ReadyToRun, as its packages ship'; Path = 'dotnet'; Prefix = @($compiledPwsh) })
    }

    #region 1 and 2: whole process against the aws-cli runbook; import and first call (each PowerShell in turn)
    $demo = New-SampleAlb $moto.Endpoint 'shop' 5
    $listener = $demo.ListenerArns[0]
    $samples = [Collections.Generic.List[object]]::new()
    for ($i = 1; $i -le $Runs; $i++) {
        $runbook = Invoke-Timed 'bash' @((Join-Path $PSScriptRoot 'aws-cli-runbook.sh'), $moto.Endpoint, $listener, $demo.PageUri, 'cycle')
        foreach ($pwsh in $pwshHosts) {
            $bare = Invoke-Pwsh $pwsh @('-Command', 'exit 0')
            $cycle = Invoke-Pwsh $pwsh @('-File', (Join-Path $PSScriptRoot 'Invoke-Cycle.ps1'), '-ModulePath', $modulePath,
                '-ListenerArn', $listener, '-PageUri', $demo.PageUri, '-EndpointUrl', $moto.Endpoint)
            $marks = ConvertFrom-Pairs $cycle.Output
            $first = ConvertFrom-Pairs (Invoke-Pwsh $pwsh @('-File', (Join-Path $PSScriptRoot 'Invoke-FirstCall.ps1'), '-ModulePath', $modulePath,
                        '-ListenerArn', $listener, '-EndpointUrl', $moto.Endpoint)).Output
            $samples.Add([pscustomobject]@{
                    Host = $pwsh.Key; PwshBare = $bare.Ms; ModuleProcess = $cycle.Ms; Runbook = $runbook.Ms
                    Enable = 1000 * ($marks.enableEnd - $marks.enableStart); Disable = 1000 * ($marks.disableEnd - $marks.enableEnd)
                    Import = $first.import; FirstCall = $first.firstCall; SecondCall = $first.secondCall
                })
            Write-Host ("  run {0}, {1}: module process {2} ms, aws-cli runbook {3} ms, import {4} ms, first call {5} ms" -f $i, $pwsh.Key,
                (Format-Ms $cycle.Ms), (Format-Ms $runbook.Ms), (Format-Ms $first.import), (Format-Ms $first.firstCall))
        }
    }
    $medians = [ordered]@{}
    foreach ($pwsh in $pwshHosts) {
        $mine = @($samples | Where-Object Host -eq $pwsh.Key)
        $median = [ordered]@{}
        foreach ($p in 'PwshBare', 'ModuleProcess', 'Runbook', 'Enable', 'Disable', 'Import', 'FirstCall', 'SecondCall') { $median[$p] = Get-Median @($mine | ForEach-Object $p) }
        $median.Ratio = $median.ModuleProcess / $median.Runbook
        $medians[$pwsh.Key] = $median
    }
    #endregion

    #region 3 and 4: calls per command, and time to the flip, through the counting proxy
    $callRows = [Collections.Generic.List[object]]::new()
    foreach ($count in $RuleCounts) {
        $alb = New-SampleAlb $moto.Endpoint "bench-$count" $count
        foreach ($bypass in @($false, $true)) {
            $flips = [Collections.Generic.List[double]]::new()
            $counts = $null
            $error_ = $null
            for ($i = 1; $i -le $Runs; $i++) {
                Clear-ProxyLog $proxy.Endpoint
                $arguments = @('-File', (Join-Path $PSScriptRoot 'Invoke-Cycle.ps1'), '-ModulePath', $modulePath,
                    '-ListenerArn', $alb.ListenerArns[0], '-PageUri', $alb.PageUri, '-EndpointUrl', $proxy.Endpoint)
                if ($bypass) { $arguments += @('-AllowSourceIp', '203.0.113.7/32') }
                try { $run = Invoke-Pwsh $pwshHosts[0] $arguments }
                catch {
                    # Invoke-Cycle.ps1 prints "error=ID: message" when Enable fails.
                    $error_ = @($_.Exception.Message -split "`n" | Where-Object { $_ -like 'error=*' } | ForEach-Object { $_.Substring(6) }) + @('failed') | Select-Object -First 1
                    break
                }
                $marks = ConvertFrom-Pairs $run.Output
                $log = Get-ProxyLog $proxy.Endpoint
                $enable = @($log | Where-Object { $_.t0 -ge $marks.enableStart -and $_.t0 -lt $marks.enableEnd })
                $disable = @($log | Where-Object { $_.t0 -ge $marks.enableEnd -and $_.t0 -lt $marks.disableEnd })
                # The page rule answers 503 (the module's default); bypass copies of the sample's fixed-response rules answer 200.
                $flip = @($enable | Where-Object { $_.action -eq 'CreateRule' -and $_.fixedResponse -eq '503' })
                if ($flip.Count -ne 1) { throw "Expected one CreateRule of the page rule in Enable, found $($flip.Count):`n$($log | ConvertTo-Json -Compress)" }
                $flips.Add(1000 * ($flip[0].t1 - $marks.enableStart))
                $now = [pscustomobject]@{ Enable = Measure-Calls $enable; Disable = Measure-Calls $disable; PageRuleCalls = $flip.Count }
                if ($null -eq $counts) { $counts = $now }
                elseif (($now | ConvertTo-Json -Depth 4) -ne ($counts | ConvertTo-Json -Depth 4)) { Write-Warning "Call counts differ between runs ($count rules, bypass $bypass)." }
            }
            $row = [pscustomobject]@{
                Rules = $count; Bypass = $bypass; Error = $error_
                FlipMs = if ($flips.Count) { Get-Median $flips.ToArray() } else { [double]::NaN }
                Enable = if ($counts) { $counts.Enable } else { $null }
                Disable = if ($counts) { $counts.Disable } else { $null }
            }
            $callRows.Add($row)
            Write-Host ("  {0} rules, bypass {1}: {2}" -f $count, $bypass, $(if ($error_) { "failed: $error_" } else { "flip after $(Format-Ms $row.FlipMs) ms" }))
        }
    }
    #endregion

    #region 5: the cycle with latency added to every call; round trips to the flip; critical paths
    $latencyReport = $null
    if ($LatencyMs.Count -gt 0) {
        $roundTripHost = $pwshHosts[$pwshHosts.Count - 1]
        & (Join-Path $PSScriptRoot 'Measure-RoundTrips.ps1') -Module "this build=$modulePath" -LatencyMs $LatencyMs -Runs $LatencyRuns `
            -PwshCommand (@($roundTripHost.Path) + $roundTripHost.Prefix) -MotoEndpoint $moto.Endpoint -OutDirectory $OutDirectory
        $latencyReport = Get-Content (Join-Path $OutDirectory 'roundtrips.md')
    }
    #endregion

    #region Report
    $lines = [Collections.Generic.List[string]]::new()
    $lines.Add("Machine: $($machine.Cpu), $($machine.Cores) cores; $($machine.Os); $($machine.DotNet); PowerShell $($machine.PowerShell); moto $($machine.Moto); $($machine.AwsCli); load average at start $($machine.LoadAverage)")
    if ($latencyReport) {
        # The headline: on AWS every sequential call is a round trip, so the cycle at 50 ms a call is what counts.
        $lines.Add('')
        $lines.Add("Under $($pwshHosts[$pwshHosts.Count - 1].Label):")
        $lines.Add('')
        $latencyReport | ForEach-Object { $lines.Add($_) }
    }
    $lines.Add('')
    $lines.Add("On loopback, medians of $Runs runs (ms):")
    $lines.Add('')
    $lines.Add("| measure | $(($pwshHosts | ForEach-Object Label) -join ' | ') | target |")
    $lines.Add("|---|$(($pwshHosts | ForEach-Object { '---:' }) -join '|')|---|")
    function Add-Row([string] $Measure, [scriptblock] $Cell, [string] $Target = '') {
        $cells = foreach ($pwsh in $pwshHosts) { & $Cell $medians[$pwsh.Key] }
        $lines.Add("| $Measure | $($cells -join ' | ') | $Target |")
    }
    Add-Row "pwsh -NoProfile -Command 'exit 0' (bare process, for reference)" { param($m) Format-Ms $m.PwshBare }
    Add-Row 'module: whole pwsh process (start, import, enable, disable), 5 rules' { param($m) Format-Ms $m.ModuleProcess }
    Add-Row 'of which Enable-Maintenance' { param($m) Format-Ms $m.Enable }
    Add-Row 'of which Disable-Maintenance' { param($m) Format-Ms $m.Disable }
    Add-Row 'aws-cli runbook: the same switch, whole script' { param($m) Format-Ms $m.Runbook }
    Add-Row '**ratio module / runbook**' { param($m) "**$($m.Ratio.ToString('F2', $inv))**" } '<= 0.25'
    Add-Row 'Import-Module' { param($m) Format-Ms $m.Import } '<= 150'
    Add-Row 'first AWS call in a fresh process (Get-MaintenanceStatus, one listener)' { param($m) Format-Ms $m.FirstCall } '<= 200'
    Add-Row 'second call, same process (warm, for reference)' { param($m) Format-Ms $m.SecondCall }
    $lines.Add('')
    $lines.Add("API calls per command (ELBv2 read / mutating, S3 read / mutating, STS) and time from the start of Enable to the page rule's CreateRule (median ms; $($pwshHosts[0].Label)):")
    $lines.Add('')
    $lines.Add('| rules | bypass | Enable ELBv2 r/m | Enable S3 r/m | Enable STS | Disable ELBv2 r/m | Disable S3 r/m | Disable STS | flip after ms |')
    $lines.Add('|---:|---|---|---|---:|---|---|---:|---:|')
    foreach ($row in $callRows) {
        if ($row.Error -or -not $row.Enable) { $lines.Add("| $($row.Rules) | $(if ($row.Bypass) { '/32' } else { 'none' }) | failed: $($row.Error) | | | | | | |"); continue }
        $e = $row.Enable; $d = $row.Disable
        $lines.Add("| $($row.Rules) | $(if ($row.Bypass) { '/32' } else { 'none' }) | $($e.ElbRead) / $($e.ElbMutating) | $($e.S3Read) / $($e.S3Mutating) | $($e.Sts) | $($d.ElbRead) / $($d.ElbMutating) | $($d.S3Read) / $($d.S3Mutating) | $($d.Sts) | $(Format-Ms $row.FlipMs) |")
    }
    $lines.Add('')
    $lines.Add('Calls in order (5 rules, no bypass):')
    $lines.Add('')
    $five = $callRows | Where-Object { $_.Rules -eq $RuleCounts[0] -and -not $_.Bypass -and -not $_.Error } | Select-Object -First 1
    if ($five) {
        $lines.Add("- Enable: $($five.Enable.Actions)")
        $lines.Add("- Disable: $($five.Disable.Actions)")
    }

    New-Item -ItemType Directory -Force -Path $OutDirectory | Out-Null
    $lines | Set-Content (Join-Path $OutDirectory 'results.md')
    [ordered]@{ Machine = $machine; Runs = $Runs; PowerShells = $pwshHosts; Samples = $samples; Medians = $medians; LatencyMs = $LatencyMs; Calls = $callRows } |
        ConvertTo-Json -Depth 6 | Set-Content (Join-Path $OutDirectory 'results.json')
    Write-Host ''
    $lines | ForEach-Object { Write-Host $_ }
    Write-Host ''
    Write-Host "Written to $(Join-Path $OutDirectory 'results.md') and results.json"
    #endregion
}
finally {
    Restore-BenchEnvironment $saved
    Stop-CountingProxy $proxy
    Stop-MotoServer $moto
}
