# What the retries absorb: the BUILT module talks to moto through tests/FaultProxy/fault_proxy.py. A clean round
# trip gives the fault points (the mutating calls of Enable-Maintenance and Disable-Maintenance); one transient
# 500, Throttling or reset, and a reply lost once (the call took effect, its retry answered) at every call, leave
# the command succeeding, the listener in full maintenance, and Disable giving it back exactly as boto3 read it
# before (moto_state.py). The snapshot and record stay server-side encrypted, and the proxy's log shows that the
# module calls nothing outside the README's IAM policy.
# Faults.Common.ps1 holds what the Faults.*.Tests.ps1 files share.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Faults.Common.ps1')
}

AfterAll {
    Stop-TestSession
}

Describe 'Faults on every mutating call: absorbed by the retries' {
    It 'a clean round trip restores exactly, and its calls are the fault points' {
        $l = New-FaultListener 'faults-reference'
        $l.On.ErrorIds | Should -BeNullOrEmpty
        $l.Off.ErrorIds | Should -BeNullOrEmpty
        $l.EnableCalls.Count | Should -BeGreaterOrEqual 8 -Because 'tag, shift (priority 1 is taken), bypass copies, the page'
        $l.EnableCalls[0] | Should -BeIn 'AddTags', 'SetRulePriorities' -Because 'the tag and the shift go side by side'
        $l.EnableCalls | Should -Contain 'SetRulePriorities'
        $l.EnableCalls[-1] | Should -Be 'CreateRule'
        $l.DisableCalls.Count | Should -BeGreaterOrEqual 8
        $l.DisableCalls[0] | Should -Be 'DeleteRule'
        $l.DisableCalls[-1] | Should -Be 'RemoveTags'
        $script:EnableCallCount = $l.EnableCalls.Count
        $script:DisableCallCount = $l.DisableCalls.Count
    }

    It 'a single transient failure of any kind at any call is absorbed by the retries' {
        $l = New-FaultListener 'faults-transient'
        $cases = @(
            @{ Command = 'Enable-Maintenance'; Mode = '500'; K = 2 }
            @{ Command = 'Enable-Maintenance'; Mode = 'throttle'; K = 4 }
            @{ Command = 'Enable-Maintenance'; Mode = 'reset'; K = 8 }
            @{ Command = 'Disable-Maintenance'; Mode = '500'; K = 1 }
            @{ Command = 'Disable-Maintenance'; Mode = 'throttle'; K = 7 }
            @{ Command = 'Disable-Maintenance'; Mode = 'reset'; K = 8 }
        )
        foreach ($case in $cases) {
            $because = "$($case.Command) absorbs one $($case.Mode) at call $($case.K)"
            if ($case.Command -eq 'Disable-Maintenance') { (Invoke-Through Enable-Maintenance $l.Enable).ErrorIds | Should -BeNullOrEmpty }
            $parameters = if ($case.Command -eq 'Enable-Maintenance') { $l.Enable } else { $l.Disable }
            $mark = Get-LogMark
            Set-FaultProxy -Proxy $Proxy -K $case.K -Mode $case.Mode -Burst 1 | Out-Null
            $run = Invoke-Through $case.Command $parameters
            $status = Get-FaultProxyStatus -Proxy $Proxy
            Clear-FaultProxy -Proxy $Proxy | Out-Null

            $status.injected | Should -Be 1 -Because $because
            $run.ErrorIds | Should -BeNullOrEmpty -Because $because
            # The failed call and its successful retry, one after the other.
            $calls = @(Get-MutatingCall $mark)
            $calls[$case.K - 1].fault | Should -Be $case.Mode -Because $because
            $calls[$case.K].fault | Should -BeNullOrEmpty -Because $because
            $calls[$case.K].action | Should -Be $calls[$case.K - 1].action -Because $because
            if ($case.Command -eq 'Enable-Maintenance') {
                Assert-FullMaintenance $l $because
                (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
            }
            Assert-Restored $l $because
            $script:FaultPoints.Add("$($case.Command)/$($case.K)/$($case.Mode)/1")
        }
    }

    It 'a reply lost once (the call took effect, its retry answered) is absorbed at every call of Enable and Disable' {
        # The retry of a CreateRule meets its own rule (PriorityInUse), of a SetRulePriorities the rules already
        # moved (PriorityInUse on moto), of a DeleteRule a rule already gone: each counts as done.
        $l = New-FaultListener 'faults-lost-once'
        foreach ($command in 'Enable-Maintenance', 'Disable-Maintenance') {
            $parameters = if ($command -eq 'Enable-Maintenance') { $l.Enable } else { $l.Disable }
            for ($k = 1; $k -le 8; $k++) {
                $because = "$command absorbs a reply lost once at call $k"
                if ($command -eq 'Disable-Maintenance') { (Invoke-Through Enable-Maintenance $l.Enable).ErrorIds | Should -BeNullOrEmpty }
                Set-FaultProxy -Proxy $Proxy -K $k -Mode reset-after -Burst 1 | Out-Null
                $run = Invoke-Through $command $parameters
                $status = Get-FaultProxyStatus -Proxy $Proxy
                Clear-FaultProxy -Proxy $Proxy | Out-Null
                if ($status.injected -eq 0) { break } # fewer mutating calls than k
                $run.ErrorIds | Should -BeNullOrEmpty -Because $because
                if ($command -eq 'Enable-Maintenance') {
                    Assert-FullMaintenance $l $because
                    (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
                }
                Assert-Restored $l $because
                $script:FaultPoints.Add("$command/$k/reset-after/1")
            }
        }
    }

    It 'keeps the snapshot and the record server-side encrypted' {
        $l = New-FaultListener 'faults-encrypted'
        (Invoke-Through Enable-Maintenance $l.Enable).ErrorIds | Should -BeNullOrEmpty
        $snapshotUri = (Get-MaintenanceStatus -ListenerArn $l.Alb.ListenerArn -EndpointUrl $Endpoint).SnapshotUri
        foreach ($uri in $snapshotUri, ($snapshotUri -replace '\.json$', '.record.json')) {
            $head = Get-S3ObjectHead -Endpoint $Endpoint -Uri $uri
            $head.Missing | Should -BeFalse -Because $uri
            $head.ServerSideEncryption | Should -Not -BeNullOrEmpty -Because $uri
        }
        (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
        Assert-Restored $l 'after the encryption check'
    }

    It 'called nothing outside the IAM policy of the README in all of the above, and asked for no encryption but the bucket''s default on every S3 write' {
        Assert-CalledWithinPolicy " (Enable has $EnableCallCount mutating calls, Disable $DisableCallCount)"
    }
}
