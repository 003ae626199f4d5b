# Shared by the Faults.*.Tests.ps1 files, dot-sourced in their BeforeAll: the session (moto behind the fault
# proxy, the built module), the retry budgets the faults are sized by, a listener with its fault points, and the
# assertions of a failed, restored or fully maintained listener. The faults are split over several files by what
# they break, so that build.ps1 Test can run them side by side; each file checks its own requests against the
# README's IAM policy at its end.

Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'IamPolicy.psm1') -Force
$script:Moto = Start-TestSession -Name 'faults'
$script:Endpoint = $Moto.MotoEndpoint
$script:Proxy = $Moto.Proxy

$script:AllowedCidr = '203.0.113.7/32'
# RetryPolicy.Default: 5 attempts per call for a 500 or a reset, 10 for Throttling. The proxy's faults go to
# the failing call's own retries first (-PerCall), since calls beside it (bypass copies) are sent meanwhile;
# a burst of one budget exhausts that call, of two budgets also the first undo.
$script:RetryAttempts = 5
$script:ThrottledAttempts = 10
function Get-Attempts([string] $Mode) { if ($Mode -eq 'throttle') { $script:ThrottledAttempts } else { $script:RetryAttempts } }
# The fault at call k of N: 500 and reset alternate; Throttling, whose budget is twice as long in real time
# (about 20 s per exhausted call), at one call in the middle (a bypass copy, sent beside others), with the
# undo throttled too where the burst is double. The runner fails and undoes alike whatever the error.
function Get-FaultMode([int] $K, [int] $Calls, [string[]] $Modes) {
    if ($K -eq [Math]::Max(2, [Math]::Floor($Calls / 2))) { 'throttle' } else { $Modes[($K - 1) % $Modes.Count] }
}

# Runs a command in this process through the proxy; errors and warnings are collected, never thrown.
function Invoke-Through([string] $Command, [hashtable] $Parameters) {
    $errors = $null; $warnings = $null
    $output = & $Command @Parameters -EndpointUrl $script:Proxy.Endpoint -Force -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
    [pscustomobject]@{ Output = $output; Errors = @($errors); Warnings = @($warnings); ErrorIds = @($errors | ForEach-Object FullyQualifiedErrorId) }
}

function Get-LogMark { (Get-FaultProxyStatus -Proxy $script:Proxy).logged }

function Get-MutatingCall([int] $Since) { @(Get-FaultProxyLog -Proxy $script:Proxy -Since $Since | Where-Object mutating) }

# A run released its lock when the proxy saw the lock object deleted after the mark.
function Test-LockReleased([int] $Since) {
    @(Get-FaultProxyLog -Proxy $script:Proxy -Since $Since |
            Where-Object { $_.service -eq 's3' -and $_.method -eq 'DELETE' -and $_.path -like '*/locks/*' -and $_.status -lt 300 }).Count -gt 0
}

# A listener of its own for each test, so a failure cannot spill into the next: a load balancer like
# the sample (5 rules, priority 1 taken), read before; one clean round trip through the proxy gives
# the mutating calls (the fault points) and the shape of full maintenance.
# -Allow: who gets past the page (the allowed CIDR unless a test says otherwise).
function New-FaultListener([string] $Name, [hashtable] $Allow = @{ AllowSourceIp = $AllowedCidr }) {
    $alb = New-SampleAlb -Endpoint $Endpoint -Name $Name -Rules 5
    $l = [pscustomobject]@{
        Alb          = $alb
        Before       = Get-State $alb.ListenerArn
        Enable       = @{ ListenerArn = $alb.ListenerArn; PageUri = $alb.PageUri; Reason = 'faults' } + $Allow
        Disable      = @{ ListenerArn = $alb.ListenerArn }
        EnableCalls  = $null
        DisableCalls = $null
        Full         = $null
        On           = $null
        Off          = $null
    }
    $mark = Get-LogMark
    $l.On = Invoke-Through Enable-Maintenance $l.Enable
    $l.EnableCalls = @(Get-MutatingCall $mark | ForEach-Object action)
    $l.Full = Get-ListenerShape (Get-State $alb.ListenerArn)
    $mark = Get-LogMark
    $l.Off = Invoke-Through Disable-Maintenance $l.Disable
    $l.DisableCalls = @(Get-MutatingCall $mark | ForEach-Object action)
    (Get-State $alb.ListenerArn).Json | Should -Be $l.Before.Json -Because 'a clean round trip restores exactly'
    $l
}

# Each fault point is recorded for the summary at the end.
$script:FaultPoints = [Collections.Generic.List[string]]::new()

function Assert-FullMaintenance($L, [string] $Because) {
    Get-ListenerShape (Get-State $L.Alb.ListenerArn) | Should -Be $L.Full -Because $Because
    "$((Get-MaintenanceStatus -ListenerArn $L.Alb.ListenerArn -EndpointUrl $Endpoint).State)" | Should -Be 'On' -Because $Because
}

function Assert-Restored($L, [string] $Because) {
    (Get-State $L.Alb.ListenerArn).Json | Should -Be $L.Before.Json -Because $Because
}

# A failed run: an ELBv2 error, the k-th call tried exactly as often as the retry policy allows, and
# the lock released. Its message either says the listener is as it was (then it must be) or names what remains.
function Assert-FailedCleanly($L, $Run, [int] $Since, [string] $Action, [string] $Because, [string] $Mode = '500') {
    $Run.ErrorIds.Count | Should -Be 1 -Because $Because
    $Run.ErrorIds[0] | Should -BeLike 'Elbv2.*' -Because $Because
    $attempts = Get-Attempts $Mode
    $faulted = @(Get-FaultProxyLog -Proxy $script:Proxy -Since $Since | Where-Object fault)
    $actions = @($faulted | Select-Object -First $attempts | ForEach-Object action)
    # AddTags and SetRulePriorities go side by side: the k-th call to reach the proxy may be either of them.
    $pair = 'AddTags', 'SetRulePriorities'
    if ($Action -in $pair -and $actions[0] -in $pair) { $Action = $actions[0] }
    $actions | Should -Be (@($Action) * $attempts) -Because "$Because (the failing call is retried $attempts times, then given up)"
    Test-LockReleased $Since | Should -BeTrue -Because "$Because (the lock is released)"
    $message = $Run.Errors[0].Exception.Message
    if ($message -match 'Every earlier call was undone') {
        Assert-Restored $L "$Because (the error says the listener is as it was)"
    } else {
        $message | Should -Match 'remain in effect|does not read back as it was' -Because $Because
    }
}

# A Disable that failed: one ELBv2 error, and the lock released.
function Assert-DisableFailed($Run, [int] $Since, [string] $Because) {
    $Run.ErrorIds.Count | Should -Be 1 -Because $Because
    $Run.ErrorIds[0] | Should -BeLike 'Elbv2.*' -Because $Because
    Test-LockReleased $Since | Should -BeTrue -Because "$Because (the lock is released)"
}

# Fails Enable's k-th mutating call longer than the retries allow (500 or a reset; an odd k lets the undo through
# after 2 more failures, an even one makes the first undo fail too), checks that it failed cleanly, then reruns it
# without faults to full maintenance. Returns what the run was checked for, for the caller's next steps.
function Invoke-EnablePastRetries($L, [int] $K, [string] $Label) {
    $mode = Get-FaultMode $K $L.EnableCalls.Count '500', 'reset'
    $attempts = Get-Attempts $mode
    $burst = if ($K % 2) { $attempts + 2 } else { 2 * $attempts + 2 }
    $because = "$Label, call $K ($($L.EnableCalls[$K - 1])) failing $burst times with $mode"
    $mark = Get-LogMark
    Set-FaultProxy -Proxy $script:Proxy -K $K -Mode $mode -Burst $burst -PerCall $attempts | Out-Null
    $run = Invoke-Through Enable-Maintenance $L.Enable
    Clear-FaultProxy -Proxy $script:Proxy | Out-Null
    Assert-FailedCleanly $L $run $mark $L.EnableCalls[$K - 1] $because $mode

    $rerun = Invoke-Through Enable-Maintenance $L.Enable
    $rerun.ErrorIds | Should -BeNullOrEmpty -Because "$because, then rerun"
    Assert-FullMaintenance $L "$because, then rerun"
    $script:FaultPoints.Add("$Label/$K/$mode/$burst")
    $because
}

# What every Faults file ends with: over all its requests, nothing outside the README's IAM policy (the short one
# and the narrowed one), no encryption asked for but the bucket's default, and the default action never touched.
function Assert-CalledWithinPolicy([string] $Counts = '') {
    $log = @(Get-FaultProxyLog -Proxy $script:Proxy)
    $log.Count | Should -BeGreaterThan 100
    Get-PolicyViolation -Log $log | Should -BeNullOrEmpty
    Get-NarrowPolicyViolation -Log $log -ReadmePath (Join-Path (Get-RepositoryRoot) 'README.md') -LoadBalancerName 'faults-*' | Should -BeNullOrEmpty -Because 'the README''s narrowed policy allows every request'
    @($log | Where-Object action -EQ 'ModifyListener').Count | Should -Be 0 -Because 'the default action is never touched'
    Write-Host "Fault points injected and recovered: $($script:FaultPoints.Count)$Counts; requests checked against the IAM policy: $($log.Count)"
}
