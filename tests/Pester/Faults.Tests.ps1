# Nothing is lost when ELBv2 fails: the BUILT module talks to moto through tests/FaultProxy/fault_proxy.py,
# which fails the k-th mutating call (500, Throttling, a connection reset, or a response lost after the call
# took effect) for every k of Enable-Maintenance and of Disable-Maintenance. After each failure the command has
# failed cleanly (an error, its lock released); a rerun without faults reaches full maintenance (or the full
# restore), and a clean Disable gives back the listener exactly as boto3 read it before (moto_state.py).
# The proxy's log of every request also shows that the module calls nothing outside the README's IAM policy.

BeforeAll {
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
}

AfterAll {
    Stop-TestSession
}

Describe 'Faults on every mutating call' {
    BeforeAll {
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
    }

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

    It 'with -AllowPath and -AllowHost, Enable fails cleanly at every mutating call, Disable at the flip, a copy and its last call, and reruns converge' {
        # Copies narrowed to the allowed paths (rule 1's /api/v1/* to /api/v1/hooks/*), none where a rule shares
        # no path or host, one per rule for the host: the calls differ from the CIDR bypass, so they are faulted too.
        $l = New-FaultListener 'faults-allowpath' @{ AllowPath = '/health', '/api/v1/hooks/*'; AllowHost = 'status.example.com' }
        $l.On.ErrorIds | Should -BeNullOrEmpty
        $l.EnableCalls.Count | Should -BeGreaterOrEqual 8 -Because 'tag, shift, path and host copies, the page'
        for ($k = 1; $k -le $l.EnableCalls.Count; $k++) {
            $mode = Get-FaultMode $k $l.EnableCalls.Count '500', 'reset'
            $attempts = Get-Attempts $mode
            $burst = if ($k % 2) { $attempts + 2 } else { 2 * $attempts + 2 }
            $because = "Enable -AllowPath -AllowHost, call $k ($($l.EnableCalls[$k - 1])) failing $burst times with $mode"
            $mark = Get-LogMark
            Set-FaultProxy -Proxy $Proxy -K $k -Mode $mode -Burst $burst -PerCall $attempts | Out-Null
            $run = Invoke-Through Enable-Maintenance $l.Enable
            Clear-FaultProxy -Proxy $Proxy | Out-Null
            Assert-FailedCleanly $l $run $mark $l.EnableCalls[$k - 1] $because $mode

            $rerun = Invoke-Through Enable-Maintenance $l.Enable
            $rerun.ErrorIds | Should -BeNullOrEmpty -Because "$because, then rerun"
            Assert-FullMaintenance $l "$because, then rerun"
            $script:FaultPoints.Add("EnableAllowPath/$k/$mode/$burst")
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
            $run.ErrorIds.Count | Should -Be 1 -Because $because
            $run.ErrorIds[0] | Should -BeLike 'Elbv2.*' -Because $because
            Test-LockReleased $mark | Should -BeTrue -Because "$because (the lock is released)"
            (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty -Because "$because, then rerun"
            Assert-Restored $l "$because, then rerun"
            $script:FaultPoints.Add("DisableAllowPath/$k/500")
            if ($k -ne $points[-1]) {
                (Invoke-Through Enable-Maintenance $l.Enable).ErrorIds | Should -BeNullOrEmpty
                Assert-FullMaintenance $l "$because, rerun, then Enable again"
            }
        }
    }

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
            $run.ErrorIds.Count | Should -Be 1 -Because $because
            $run.ErrorIds[0] | Should -BeLike 'Elbv2.*' -Because $because
            Test-LockReleased $mark | Should -BeTrue -Because "$because (the lock is released)"

            $rerun = Invoke-Through Disable-Maintenance $l.Disable
            $rerun.ErrorIds | Should -BeNullOrEmpty -Because "$because, then rerun"
            Assert-Restored $l "$because, then rerun"
            $script:FaultPoints.Add("Disable/$k/$mode/$burst")
        }
    }

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
        $log = @(Get-FaultProxyLog -Proxy $Proxy)
        $log.Count | Should -BeGreaterThan 100
        Get-PolicyViolation -Log $log | Should -BeNullOrEmpty
        Get-NarrowPolicyViolation -Log $log -ReadmePath (Join-Path (Get-RepositoryRoot) 'README.md') -LoadBalancerName 'faults-*' | Should -BeNullOrEmpty -Because 'the README''s narrowed policy allows every request'
        @($log | Where-Object action -EQ 'ModifyListener').Count | Should -Be 0 -Because 'the default action is never touched'
        Write-Host "Fault points injected and recovered: $($script:FaultPoints.Count) (Enable has $EnableCallCount mutating calls, Disable $DisableCallCount); requests checked against the IAM policy: $($log.Count)"
    }
}
