# Nothing is lost when ELBv2 fails past the retries, with -AllowPath and -AllowHost: the BUILT module talks to moto
# through tests/FaultProxy/fault_proxy.py, which fails the k-th mutating call of Enable-Maintenance (500, Throttling
# or a connection reset, more often than the retry budget allows) for every k, and Disable-Maintenance at the flip, a
# bypass copy and its last call; the copies narrowed to the allowed paths and hosts make other calls than the CIDR
# bypass. After each failure the command has failed cleanly (an ELBv2 error, its lock released); a rerun reaches full
# maintenance (or the full restore), and a clean Disable gives back the listener exactly as boto3 read it before
# (moto_state.py). The proxy's log also shows that the module calls nothing outside the README's IAM policy.
# Faults.Common.ps1 holds what the Faults.*.Tests.ps1 files share.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Faults.Common.ps1')
}

AfterAll {
    Stop-TestSession
}

Describe 'Faults on every mutating call with -AllowPath and -AllowHost, past the retries' {
    It 'with -AllowPath and -AllowHost, Enable fails cleanly at every mutating call, Disable at the flip, a copy and its last call, and reruns converge' {
        # Copies narrowed to the allowed paths (rule 1's /api/v1/* to /api/v1/hooks/*), none where a rule shares
        # no path or host, one per rule for the host: the calls differ from the CIDR bypass, so they are faulted too.
        $l = New-FaultListener 'faults-allowpath' @{ AllowPath = '/health', '/api/v1/hooks/*'; AllowHost = 'status.example.com' }
        $l.On.ErrorIds | Should -BeNullOrEmpty
        $l.EnableCalls.Count | Should -BeGreaterOrEqual 8 -Because 'tag, shift, path and host copies, the page'
        for ($k = 1; $k -le $l.EnableCalls.Count; $k++) {
            $because = Invoke-EnablePastRetries $l $k 'EnableAllowPath'
            if ($k -lt $l.EnableCalls.Count) {
                (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
                Assert-Restored $l "$because, rerun, then Disable"
            }
        }

        # In full maintenance now: fail a call of Disable past the retries, then rerun: the flip, a bypass copy's
        # delete and the last call (every call of Disable is faulted with the CIDR bypass above; its steps are alike).
        $points = @(1, [int][Math]::Ceiling($l.DisableCalls.Count / 2), $l.DisableCalls.Count) | Select-Object -Unique
        foreach ($k in $points) {
            $because = "Disable after -AllowPath -AllowHost, call $k ($($l.DisableCalls[$k - 1])) failing"
            $mark = Get-LogMark
            Set-FaultProxy -Proxy $Proxy -K $k -Mode '500' -Burst ($RetryAttempts + 2) -PerCall $RetryAttempts | Out-Null
            $run = Invoke-Through Disable-Maintenance $l.Disable
            Clear-FaultProxy -Proxy $Proxy | Out-Null
            Assert-DisableFailed $run $mark $because
            (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty -Because "$because, then rerun"
            Assert-Restored $l "$because, then rerun"
            $script:FaultPoints.Add("DisableAllowPath/$k/500")
            if ($k -ne $points[-1]) {
                (Invoke-Through Enable-Maintenance $l.Enable).ErrorIds | Should -BeNullOrEmpty
                Assert-FullMaintenance $l "$because, rerun, then Enable again"
            }
        }
    }

    It 'called nothing outside the IAM policy of the README in all of the above, and asked for no encryption but the bucket''s default on every S3 write' {
        Assert-CalledWithinPolicy
    }
}
