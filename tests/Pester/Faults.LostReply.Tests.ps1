# Nothing is lost when a call takes effect but its reply is lost: the BUILT module talks to moto through
# tests/FaultProxy/fault_proxy.py, which forwards the k-th mutating call of Enable-Maintenance or of
# Disable-Maintenance and resets the connection before the answer, for every k, and keeps the link down for the
# retries. The error never claims the listener is as it was, the listener still names its snapshot, and a rerun
# converges to full maintenance or to the listener exactly as boto3 read it before (moto_state.py). The proxy's
# log also shows that the module calls nothing outside the README's IAM policy.
# Faults.Common.ps1 holds what the Faults.*.Tests.ps1 files share.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Faults.Common.ps1')
}

AfterAll {
    Stop-TestSession
}

Describe 'Faults on every mutating call: the reply lost after the call took effect' {
    It 'Enable whose call took effect but whose response was lost (at every call) keeps its snapshot reachable, and reruns converge' {
        # The call reaches moto, the connection is reset before the answer, and stays down for the retries.
        # Before the fix, a lost SetRulePriorities was "undone" by removing the tag and deleting the snapshot,
        # so the rerun snapshotted the shifted rules and Disable never gave back priorities 1-5.
        $l = New-FaultListener 'faults-lost-enable'
        for ($k = 1; $k -le $l.EnableCalls.Count; $k++) {
            $because = "Enable, the response of call $k ($($l.EnableCalls[$k - 1])) lost"
            $mark = Get-LogMark
            Set-FaultProxy -Proxy $Proxy -K $k -Mode reset-after -Burst $RetryAttempts -PerCall $RetryAttempts | Out-Null
            $run = Invoke-Through Enable-Maintenance $l.Enable
            Clear-FaultProxy -Proxy $Proxy | Out-Null
            $run.ErrorIds.Count | Should -Be 1 -Because $because
            $run.Errors[0].Exception.Message | Should -Not -Match 'Every earlier call was undone' -Because "$because (the call took effect, so the listener is not as it was)"
            Test-LockReleased $mark | Should -BeTrue -Because "$because (the lock is released)"
            $status = Get-MaintenanceStatus -ListenerArn $l.Alb.ListenerArn -EndpointUrl $Endpoint
            $status.SnapshotUri | Should -Not -BeNullOrEmpty -Because "$because (the listener still names its snapshot)"

            # Even numbers: finish with Enable, then Disable; odd: Disable straight away.
            if ($k % 2 -eq 0) {
                (Invoke-Through Enable-Maintenance $l.Enable).ErrorIds | Should -BeNullOrEmpty -Because "$because, then rerun"
                Assert-FullMaintenance $l "$because, then rerun"
            }
            (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty -Because "$because, then Disable"
            Assert-Restored $l "$because, then Disable"
            $script:FaultPoints.Add("Enable/$k/reset-after/$RetryAttempts")
        }
    }

    It 'Disable whose call took effect but whose response was lost (at every call) leaves a rerun that restores exactly' {
        # Before the fix, a lost RemoveTags left the module's rules back in place with no tag: the rerun found
        # no snapshot and left the user's rules at their shifted priorities.
        $l = New-FaultListener 'faults-lost-disable'
        for ($k = 1; $k -le $l.DisableCalls.Count; $k++) {
            $because = "Disable, the response of call $k ($($l.DisableCalls[$k - 1])) lost"
            (Invoke-Through Enable-Maintenance $l.Enable).ErrorIds | Should -BeNullOrEmpty
            $mark = Get-LogMark
            Set-FaultProxy -Proxy $Proxy -K $k -Mode reset-after -Burst $RetryAttempts -PerCall $RetryAttempts | Out-Null
            $run = Invoke-Through Disable-Maintenance $l.Disable
            Clear-FaultProxy -Proxy $Proxy | Out-Null
            $run.ErrorIds.Count | Should -Be 1 -Because $because
            $run.Errors[0].Exception.Message | Should -Not -Match 'Every earlier call was undone' -Because $because
            Test-LockReleased $mark | Should -BeTrue -Because "$because (the lock is released)"

            $rerun = Invoke-Through Disable-Maintenance $l.Disable
            $rerun.ErrorIds | Should -BeNullOrEmpty -Because "$because, then rerun"
            @($rerun.Warnings | Where-Object { "$_" -match 'No snapshot was found' }) | Should -BeNullOrEmpty -Because "$because (the snapshot is still found)"
            Assert-Restored $l "$because, then rerun"
            $script:FaultPoints.Add("Disable/$k/reset-after/$RetryAttempts")
        }
    }

    It 'called nothing outside the IAM policy of the README in all of the above, and asked for no encryption but the bucket''s default on every S3 write' {
        Assert-CalledWithinPolicy
    }
}
