# Nothing is lost when ELBv2 fails past the retries, in Enable: the BUILT module talks to moto through
# tests/FaultProxy/fault_proxy.py, which fails the k-th mutating call of Enable-Maintenance (500, Throttling or a
# connection reset, more often than the retry budget allows) for every k, with the CIDR bypass (with -AllowPath
# and -AllowHost: Faults.AllowPathExhausted.Tests.ps1). After each failure the command has failed cleanly (an
# ELBv2 error, its lock released); a rerun without faults reaches full maintenance, and a clean Disable gives back
# the listener exactly as boto3 read it before (moto_state.py). The proxy's log also shows that the module calls
# nothing outside the README's IAM policy. Faults.Common.ps1 holds what the Faults.*.Tests.ps1 files share.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Faults.Common.ps1')
}

AfterAll {
    Stop-TestSession
}

Describe 'Faults on every mutating call of Enable, past the retries' {
    It 'Enable fails cleanly at every mutating call when it fails longer than the retries, and a rerun converges' {
        $l = New-FaultListener 'faults-enable'
        for ($k = 1; $k -le $l.EnableCalls.Count; $k++) {
            $mode = Get-FaultMode $k $l.EnableCalls.Count '500', 'reset'
            $attempts = Get-Attempts $mode
            # Alternate: 7 lets the undo through after 2 more failures, 12 makes the first undo fail too.
            $burst = if ($k % 2) { $attempts + 2 } else { 2 * $attempts + 2 }
            $because = "Enable, call $k ($($l.EnableCalls[$k - 1])) failing $burst times with $mode"
            $mark = Get-LogMark
            Set-FaultProxy -Proxy $Proxy -K $k -Mode $mode -Burst $burst -PerCall $attempts | Out-Null
            $run = Invoke-Through Enable-Maintenance $l.Enable
            Clear-FaultProxy -Proxy $Proxy | Out-Null
            Assert-FailedCleanly $l $run $mark $l.EnableCalls[$k - 1] $because $mode

            $rerun = Invoke-Through Enable-Maintenance $l.Enable
            $rerun.ErrorIds | Should -BeNullOrEmpty -Because "$because, then rerun"
            Assert-FullMaintenance $l "$because, then rerun"
            (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
            Assert-Restored $l "$because, rerun, then Disable"
            $script:FaultPoints.Add("Enable/$k/$mode/$burst")
        }
    }

    It 'called nothing outside the IAM policy of the README in all of the above, and asked for no encryption but the bucket''s default on every S3 write' {
        $log = @(Get-FaultProxyLog -Proxy $Proxy)
        $log.Count | Should -BeGreaterThan 100
        Get-PolicyViolation -Log $log | Should -BeNullOrEmpty
        Get-NarrowPolicyViolation -Log $log -ReadmePath (Join-Path (Get-RepositoryRoot) 'README.md') -LoadBalancerName 'faults-*' | Should -BeNullOrEmpty -Because 'the README''s narrowed policy allows every request'
        @($log | Where-Object action -EQ 'ModifyListener').Count | Should -Be 0 -Because 'the default action is never touched'
        Write-Host "Fault points injected and recovered: $($script:FaultPoints.Count); requests checked against the IAM policy: $($log.Count)"
    }
}
