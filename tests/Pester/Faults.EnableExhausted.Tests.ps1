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
            $because = Invoke-EnablePastRetries $l $k 'Enable'
            (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
            Assert-Restored $l "$because, rerun, then Disable"
        }
    }

    It 'called nothing outside the IAM policy of the README in all of the above, and asked for no encryption but the bucket''s default on every S3 write' {
        Assert-CalledWithinPolicy
    }
}
