# A run that dies half-way loses nothing: a child pwsh runs Enable-Maintenance or Disable-Maintenance of the
# BUILT module through tests/FaultProxy/fault_proxy.py, which forwards the k-th mutating call (or S3 PUT) to
# moto and holds its response; the test then kills the child, so the process ends right after that change.
# A rerun on this machine clears the dead run's lock by itself and converges: Enable to full maintenance,
# Disable to the listener exactly as boto3 read it before (moto_state.py). A lock left by a run on another
# machine (or container: the same host name proves nothing) is refused with MaintenanceInProgress until its
# lease runs out, when the next run clears it, or until Unlock-Maintenance removes it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'IamPolicy.psm1') -Force
    $script:Moto = Start-TestSession -Name 'crash'
    $script:Endpoint = $Moto.MotoEndpoint
    $script:Proxy = $Moto.Proxy

    $script:AllowedCidr = '203.0.113.7/32'
    $script:CrashPoints = [Collections.Generic.List[string]]::new()

    function Invoke-Through([string] $Command, [hashtable] $Parameters) {
        $errors = $null; $warnings = $null
        $output = & $Command @Parameters -EndpointUrl $script:Proxy.Endpoint -Force -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
        [pscustomobject]@{ Output = $output; Errors = @($errors); Warnings = @($warnings | ForEach-Object { "$_" }); ErrorIds = @($errors | ForEach-Object FullyQualifiedErrorId) }
    }

    function New-CrashListener([string] $Name) {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name $Name -Rules 5
        $l = [pscustomobject]@{
            Alb     = $alb
            Before  = Get-State $alb.ListenerArn
            Enable  = @{ ListenerArn = $alb.ListenerArn; PageUri = $alb.PageUri; AllowSourceIp = $AllowedCidr; Reason = 'crash' }
            Disable = @{ ListenerArn = $alb.ListenerArn }
            Full    = $null
            Calls   = $null
        }
        $mark = (Get-FaultProxyStatus -Proxy $Proxy).logged
        (Invoke-Through Enable-Maintenance $l.Enable).ErrorIds | Should -BeNullOrEmpty
        $l.Full = Get-ListenerShape (Get-State $alb.ListenerArn)
        $l.Calls = @(Get-FaultProxyLog -Proxy $Proxy -Since $mark | Where-Object { $_.mutating -or ($_.service -eq 's3' -and $_.method -eq 'PUT') } |
                ForEach-Object { if ($_.mutating) { $_.action } else { 'PUT ' + ($_.path -replace '^/[^/]+/maintenance-mode/([^/]+)/.*?(\.record)?\.json$', '$1$2') } })
        (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
        (Get-State $alb.ListenerArn).Json | Should -Be $l.Before.Json
        $l
    }

    function Get-LockKey($L) { @(Get-S3Key -Endpoint $Endpoint -Bucket $L.Alb.Bucket -Prefix 'maintenance-mode/locks/') }

    # Starts the command in a child pwsh, waits until the proxy holds the response of the K-th counted call,
    # kills the child and lets the proxy go on. Returns the dead child's process id and the call it died after.
    # -Mode hold-before holds the call before it reaches moto (the child dies before that change); -Action counts
    # only that action's calls; -Meanwhile runs once the call is held, before the kill (to wait for a call beside it).
    function Invoke-Crash([string] $Command, [hashtable] $Parameters, [int] $K, [string] $On = 'mutating', [string] $Mode = 'hold', [string] $Action, [scriptblock] $Meanwhile) {
        $arguments = ($Parameters.GetEnumerator() | ForEach-Object { "-$($_.Key) '$($_.Value)'" }) -join ' '
        Set-FaultProxy -Proxy $script:Proxy -K $K -Mode $Mode -On $On -Action $Action | Out-Null
        $child = Start-ModuleInChild -Command "$Command $arguments -EndpointUrl '$($script:Proxy.Endpoint)' -Force"
        try {
            $held = Wait-FaultProxyHold -Proxy $script:Proxy -Child $child
            if (-not $held) {
                $done = Wait-ChildPwsh -Child $child
                throw "The child ended before call $K was held.`nstdout: $($done.StdOut)`nstderr: $($done.StdErr)"
            }
            if ($Meanwhile) { & $Meanwhile $child }
            $child.Process.Kill($true)
            $child.Process.WaitForExit()
        } finally {
            Clear-FaultProxy -Proxy $script:Proxy | Out-Null
            Remove-Item $child.ScriptPath -ErrorAction SilentlyContinue
        }
        [pscustomobject]@{ ProcessId = $child.Process.Id; Held = $held }
    }

    # The dead run's lock is still there, naming the dead process.
    function Assert-LockOf($L, $Crash, [string] $Because) {
        $keys = @(Get-LockKey $L)
        $keys.Count | Should -Be 1 -Because "$Because (the crashed run left its lock)"
        $lock = (Invoke-MotoState -Endpoint $Endpoint -ArgumentList @('get-object', '--bucket', $L.Alb.Bucket, '--key', $keys[0])).Body | ConvertFrom-Json
        $lock.ProcessId | Should -Be $Crash.ProcessId -Because $Because
        $lock.Host | Should -Be ([Environment]::MachineName) -Because $Because
    }

    # The listener's tag and the priority move go side by side: either may reach the proxy first, so the call held
    # at K may be either of the two that the reference run logged at K and beside it.
    function Get-CallsAt([string[]] $Calls, [int] $K) {
        $pair = 'AddTags', 'SetRulePriorities'
        $at = $Calls[$K - 1]
        $beside = @($Calls[([Math]::Max(0, $K - 2))..([Math]::Min($Calls.Count - 1, $K))] | Where-Object { $_ -in $pair -and $_ -ne $at })
        if ($at -in $pair -and $beside.Count -gt 0) { $pair } else { @($at) }
    }

    function Assert-ClearedDeadLock($Run, $Crash, [string] $Because) {
        @($Run.Warnings | Where-Object { $_ -match "Clearing the lock left by .*process $($Crash.ProcessId) .*no longer runs" }).Count | Should -Be 1 -Because "$Because (the dead run's lock is cleared by the rerun)"
    }
}

AfterAll {
    Stop-TestSession
}

Describe 'A run killed right after a change' {
    It 'Enable killed after each mutating call: a rerun of Enable (odd calls) or Disable (even calls) clears the dead lock and converges' {
        $l = New-CrashListener 'crash-enable'
        $mutating = @($l.Calls | Where-Object { $_ -notlike 'PUT *' })
        $mutating.Count | Should -BeGreaterOrEqual 8
        for ($k = 1; $k -le $mutating.Count; $k++) {
            $because = "Enable killed after call $k ($($mutating[$k - 1]))"
            $crash = Invoke-Crash Enable-Maintenance $l.Enable $k
            $crash.Held | Should -BeIn (Get-CallsAt $mutating $k) -Because $because
            Assert-LockOf $l $crash $because

            if ($k % 2) {
                $rerun = Invoke-Through Enable-Maintenance $l.Enable
                $rerun.ErrorIds | Should -BeNullOrEmpty -Because "$because, then Enable"
                Assert-ClearedDeadLock $rerun $crash "$because, then Enable"
                Get-ListenerShape (Get-State $l.Alb.ListenerArn) | Should -Be $l.Full -Because "$because, then Enable"
                (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
            } else {
                $rerun = Invoke-Through Disable-Maintenance $l.Disable
                $rerun.ErrorIds | Should -BeNullOrEmpty -Because "$because, then Disable"
                Assert-ClearedDeadLock $rerun $crash "$because, then Disable"
            }
            (Get-State $l.Alb.ListenerArn).Json | Should -Be $l.Before.Json -Because "$because, then the rerun and Disable"
            Get-LockKey $l | Should -BeNullOrEmpty -Because "$because (no lock is left)"
            $script:CrashPoints.Add("Enable/$k")
        }
    }

    It 'Enable killed after it wrote its <What>: a rerun of Enable clears the dead lock and converges' -ForEach @(
        @{ What = 'lock'; K = 1 }
        @{ What = 'snapshot'; K = 2 }
        @{ What = 'record of the rules it is about to create (no rule change made)'; K = 3 }
        @{ What = 'record with the ARNs of its rules (every rule change made)'; K = 4 }
    ) {
        $l = New-CrashListener "crash-put-$K"
        $puts = @($l.Calls | Where-Object { $_ -like 'PUT *' })
        $puts[0..3] | Should -Be 'PUT locks', 'PUT listeners', 'PUT listeners.record', 'PUT listeners.record'
        $crash = Invoke-Crash Enable-Maintenance $l.Enable $K -On 's3-put'
        $crash.Held | Should -BeLike 'PUT *'
        Assert-LockOf $l $crash "Enable killed after the $What"

        $rerun = Invoke-Through Enable-Maintenance $l.Enable
        $rerun.ErrorIds | Should -BeNullOrEmpty
        Assert-ClearedDeadLock $rerun $crash "Enable killed after the $What"
        Get-ListenerShape (Get-State $l.Alb.ListenerArn) | Should -Be $l.Full
        (Get-MaintenanceStatus -ListenerArn $l.Alb.ListenerArn -EndpointUrl $Endpoint).Reason | Should -Be 'crash' -Because 'the rerun writes the record'
        (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
        (Get-State $l.Alb.ListenerArn).Json | Should -Be $l.Before.Json
        $script:CrashPoints.Add("Enable/put-$What")
    }

    It 'Enable killed after its priority move and before its tag reached AWS (the two go side by side): Disable changes nothing and says to enable first; Enable keeps the original snapshot and converges; Disable restores exactly' {
        $l = New-CrashListener 'crash-beside-tag'
        $mark = (Get-FaultProxyStatus -Proxy $Proxy).logged
        $movedBeside = {
            param($Child)
            # The move was sent beside the held tag: the child dies once moto has made it.
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while (-not @(Get-FaultProxyLog -Proxy $script:Proxy -Since $mark | Where-Object { $_.action -eq 'SetRulePriorities' -and $_.status -eq 200 })) {
                if ($Child.Process.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw 'SetRulePriorities was not made beside the held AddTags.' }
                Start-Sleep -Milliseconds 50
            }
        }
        $crash = Invoke-Crash Enable-Maintenance $l.Enable 1 -Mode hold-before -Action AddTags -Meanwhile $movedBeside
        $crash.Held | Should -Be 'AddTags'
        Assert-LockOf $l $crash 'Enable killed between its move and its tag'
        $moved = Get-State $l.Alb.ListenerArn
        $moved.Json | Should -Not -Be $l.Before.Json -Because 'the user''s rules were moved'
        @($moved.ListenerTags | Where-Object Key -EQ 'maintenance-mode:state') | Should -BeNullOrEmpty -Because 'the tag never reached moto'

        $disable = Invoke-Through Disable-Maintenance $l.Disable
        $disable.ErrorIds | Should -BeNullOrEmpty
        @($disable.Warnings | Where-Object { $_ -match 'not in maintenance' -and $_ -match 'run Enable-Maintenance again.*then Disable-Maintenance' }).Count | Should -Be 1
        (Get-State $l.Alb.ListenerArn).Json | Should -Be $moved.Json -Because 'Disable without the tag changes nothing'

        $rerun = Invoke-Through Enable-Maintenance $l.Enable
        $rerun.ErrorIds | Should -BeNullOrEmpty
        Assert-ClearedDeadLock $rerun $crash 'Enable killed between its move and its tag, then Enable'
        @($rerun.Warnings | Where-Object { $_ -match 'stopped before tagging the listener' }).Count | Should -Be 1 -Because 'the rerun keeps the original snapshot'
        Get-ListenerShape (Get-State $l.Alb.ListenerArn) | Should -Be $l.Full
        (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
        (Get-State $l.Alb.ListenerArn).Json | Should -Be $l.Before.Json -Because 'the original priorities came back from the kept snapshot'
        Get-LockKey $l | Should -BeNullOrEmpty
        $script:CrashPoints.Add('Enable/moved-before-tag')
    }

    It 'Disable killed after each mutating call: a rerun of Disable clears the dead lock and restores exactly' {
        $l = New-CrashListener 'crash-disable'
        (Invoke-Through Enable-Maintenance $l.Enable).ErrorIds | Should -BeNullOrEmpty
        $mark = (Get-FaultProxyStatus -Proxy $Proxy).logged
        (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
        $mutating = @(Get-FaultProxyLog -Proxy $Proxy -Since $mark | Where-Object mutating | ForEach-Object action)
        $mutating.Count | Should -BeGreaterOrEqual 8
        for ($k = 1; $k -le $mutating.Count; $k++) {
            $because = "Disable killed after call $k ($($mutating[$k - 1]))"
            (Invoke-Through Enable-Maintenance $l.Enable).ErrorIds | Should -BeNullOrEmpty
            $crash = Invoke-Crash Disable-Maintenance $l.Disable $k
            $crash.Held | Should -Be $mutating[$k - 1] -Because $because
            Assert-LockOf $l $crash $because

            $rerun = Invoke-Through Disable-Maintenance $l.Disable
            $rerun.ErrorIds | Should -BeNullOrEmpty -Because "$because, then Disable"
            if ($k -lt $mutating.Count) {
                Assert-ClearedDeadLock $rerun $crash "$because, then Disable"
            } else {
                # Killed after its last call: the listener is back, so the rerun has nothing to do and takes no
                # lock; the dead lock stays until the next run that needs it, which clears it.
                @($rerun.Warnings | Where-Object { $_ -match 'not in maintenance' }).Count | Should -Be 1 -Because $because
                (Get-State $l.Alb.ListenerArn).Json | Should -Be $l.Before.Json -Because "$because (it had finished every change)"
                $next = Invoke-Through Enable-Maintenance $l.Enable
                $next.ErrorIds | Should -BeNullOrEmpty -Because "$because, then Enable"
                Assert-ClearedDeadLock $next $crash "$because, then Enable"
                (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
            }
            (Get-State $l.Alb.ListenerArn).Json | Should -Be $l.Before.Json -Because "$because, then Disable"
            Get-LockKey $l | Should -BeNullOrEmpty -Because "$because (no lock is left)"
            $script:CrashPoints.Add("Disable/$k")
        }
    }
}

Describe 'A lock left by a run on another machine' {
    BeforeAll {
        # The crashed run's lock, rewritten as if that run had died in another container of the same host name:
        # another process space, its lease ending at $ExpiresAt. This machine cannot tell whether it still runs.
        function Set-ForeignLock($L, [DateTimeOffset] $ExpiresAt) {
            $key = @(Get-LockKey $L)[0]
            $lock = (Invoke-MotoState -Endpoint $Endpoint -ArgumentList @('get-object', '--bucket', $L.Alb.Bucket, '--key', $key)).Body | ConvertFrom-Json
            $lock.Host = [Environment]::MachineName
            $lock.ProcessSpace = 'linux:00000000-0000-0000-0000-000000000000:pid:[4026531836]'
            $lock.ExpiresAt = $ExpiresAt.ToString('o')
            $file = Write-Utf8File -Path (Join-Path $TestDrive "foreign-lock-$(New-Guid).json") -Text ($lock | ConvertTo-Json)
            Send-S3Object -Endpoint $Endpoint -Bucket $L.Alb.Bucket -Key $key -Path $file -ContentType 'application/json' | Out-Null
            [pscustomobject]@{ Key = $key; Lock = $lock }
        }
    }

    It 'is refused with MaintenanceInProgress while its lease runs, even under the same host name, and cleared by the next run once it ran out' {
        $l = New-CrashListener 'crash-foreign'
        $crash = Invoke-Crash Enable-Maintenance $l.Enable 3
        Assert-LockOf $l $crash 'Enable killed after call 3'
        $foreign = Set-ForeignLock $l ([DateTimeOffset]::UtcNow.AddMinutes(10))
        $stuck = Get-State $l.Alb.ListenerArn

        foreach ($command in 'Enable-Maintenance', 'Disable-Maintenance') {
            $parameters = if ($command -eq 'Enable-Maintenance') { $l.Enable } else { $l.Disable }
            $refused = Invoke-Through $command $parameters
            $refused.ErrorIds.Count | Should -Be 1 -Because $command
            $refused.ErrorIds[0] | Should -BeLike 'MaintenanceInProgress,*' -Because "$command (a dead process id under the same host name is no proof: the holder ran elsewhere)"
            $message = $refused.Errors[0].Exception.Message
            $message | Should -Match "process $($crash.ProcessId)" -Because 'the error says who holds the lock'
            $message | Should -Match 'expires by itself at' -Because 'the error says when the lease runs out'
            $message | Should -Match 'Unlock-Maintenance' -Because 'the error names the command that breaks the lock'
            $message | Should -Match ([regex]::Escape("s3://$($l.Alb.Bucket)/$($foreign.Key)")) -Because 'the error names the lock object'
            (Get-State $l.Alb.ListenerArn).Json | Should -Be $stuck.Json -Because "a refused $command changes nothing"
        }

        # The same lock once its lease has run out without renewal: the next run clears it by itself.
        Set-ForeignLock $l ([DateTimeOffset]::UtcNow.AddMinutes(-1)) | Out-Null
        $rerun = Invoke-Through Enable-Maintenance $l.Enable
        $rerun.ErrorIds | Should -BeNullOrEmpty
        @($rerun.Warnings | Where-Object { $_ -match "Clearing the lock left by .*process $($crash.ProcessId) .*lease ran out" }).Count | Should -Be 1
        Get-ListenerShape (Get-State $l.Alb.ListenerArn) | Should -Be $l.Full
        (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
        (Get-State $l.Alb.ListenerArn).Json | Should -Be $l.Before.Json
        Get-LockKey $l | Should -BeNullOrEmpty
    }

    It 'is removed by Unlock-Maintenance, which names it, leaves it under -WhatIf, and lets the next run in at once' {
        $l = New-CrashListener 'crash-unlock'
        $crash = Invoke-Crash Enable-Maintenance $l.Enable 3
        $foreign = Set-ForeignLock $l ([DateTimeOffset]::UtcNow.AddMinutes(10))
        $lockUri = "s3://$($l.Alb.Bucket)/$($foreign.Key)"

        Unlock-Maintenance -ListenerArn $l.Alb.ListenerArn -EndpointUrl $Proxy.Endpoint -WhatIf | Should -BeNullOrEmpty
        @(Get-LockKey $l) | Should -Be @($foreign.Key) -Because '-WhatIf removes nothing'

        $removed = Unlock-Maintenance -ListenerArn $l.Alb.ListenerArn -EndpointUrl $Proxy.Endpoint -Force
        $removed.Removed | Should -BeTrue
        $removed.LockUri | Should -Be $lockUri
        $removed.ProcessId | Should -Be $crash.ProcessId
        $removed.LockId | Should -Be $foreign.Lock.LockId
        $removed.HolderState | Should -Be 'Elsewhere'
        Get-LockKey $l | Should -BeNullOrEmpty

        Unlock-Maintenance -ListenerArn $l.Alb.ListenerArn -EndpointUrl $Proxy.Endpoint -Force -WarningVariable nothing -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        "$nothing" | Should -Match 'not locked'

        $rerun = Invoke-Through Enable-Maintenance $l.Enable
        $rerun.ErrorIds | Should -BeNullOrEmpty
        Get-ListenerShape (Get-State $l.Alb.ListenerArn) | Should -Be $l.Full
        (Invoke-Through Disable-Maintenance $l.Disable).ErrorIds | Should -BeNullOrEmpty
        (Get-State $l.Alb.ListenerArn).Json | Should -Be $l.Before.Json
    }

    It 'called nothing outside the IAM policy of the README in all of the above' {
        $log = @(Get-FaultProxyLog -Proxy $Proxy)
        Get-PolicyViolation -Log $log | Should -BeNullOrEmpty
        Get-NarrowPolicyViolation -Log $log -ReadmePath (Join-Path (Get-RepositoryRoot) 'README.md') -LoadBalancerName 'crash-*' | Should -BeNullOrEmpty -Because 'the README''s narrowed policy allows every request'
        Write-Host "Crash points recovered: $($script:CrashPoints.Count); requests checked against the IAM policy: $($log.Count)"
    }
}
