# Nothing is lost when ELBv2 fails past the retries, in Disable: the BUILT module talks to moto through
# tests/FaultProxy/fault_proxy.py, which fails the k-th mutating call of Disable-Maintenance (500, Throttling or a
# connection reset, more often than the retry budget allows) for every k. After each failure the command has failed
# cleanly (an ELBv2 error, its lock released) and a rerun gives back the listener exactly as boto3 read it before
# (moto_state.py). The proxy's log also shows that the module calls nothing outside the README's IAM policy.
# Faults.Common.ps1 holds what the Faults.*.Tests.ps1 files share.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Faults.Common.ps1')
}

AfterAll {
    Stop-TestSession
}

Describe 'Faults on every mutating call of Disable, past the retries' {
    It 'Disable fails cleanly at every mutating call when it fails longer than the retries, and a rerun restores exactly' {
        $l = New-FaultListener 'faults-disable'
        for ($k = 1; $k -le $l.DisableCalls.Count; $k++) {
            $mode = Get-FaultMode $k $l.DisableCalls.Count 'reset', '500'
            $attempts = Get-Attempts $mode
            $burst = if ($k % 2) { 2 * $attempts + 2 } else { $attempts + 2 }
            $because = "Disable, call $k ($($l.DisableCalls[$k - 1])) failing $burst times with $mode"
            (Invoke-Through Enable-Maintenance $l.Enable).ErrorIds | Should -BeNullOrEmpty
            $mark = Get-LogMark
            Set-FaultProxy -Proxy $Proxy -K $k -Mode $mode -Burst $burst -PerCall $attempts | Out-Null
            $run = Invoke-Through Disable-Maintenance $l.Disable
            Clear-FaultProxy -Proxy $Proxy | Out-Null
            Assert-DisableFailed $run $mark $because

            $rerun = Invoke-Through Disable-Maintenance $l.Disable
            $rerun.ErrorIds | Should -BeNullOrEmpty -Because "$because, then rerun"
            Assert-Restored $l "$because, then rerun"
            $script:FaultPoints.Add("Disable/$k/$mode/$burst")
        }
    }

    It 'called nothing outside the IAM policy of the README in all of the above, and asked for no encryption but the bucket''s default on every S3 write' {
        Assert-CalledWithinPolicy
    }
}
