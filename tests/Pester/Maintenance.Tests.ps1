# Enable-Maintenance, Disable-Maintenance and Get-MaintenanceStatus of the BUILT module against moto:
# the round trip, the state during maintenance, -WhatIf, the pipeline, reruns, two runs at once and drift.
# The emulator's state is read through boto3 (moto_state.py), never through the module under test.
# Every test has its own load balancer, so the tests share one emulator without touching each other.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-TestSession -Name 'maintenance'
    $script:Endpoint = $Moto.Endpoint

    $script:AllowedCidr = '203.0.113.7/32'

    # The rules without their priorities, to compare what they are apart from where they sit.
    function Get-RuleContent($Rules) {
        @($Rules | ForEach-Object { [ordered]@{ RuleArn = $_.RuleArn; Conditions = $_.Conditions; Actions = $_.Actions; Tags = $_.Tags } }) |
            ConvertTo-Json -Depth 30 -Compress
    }

    function Enable-Sample([string] $Name, [hashtable] $Extra = @{}) {
        Enable-Maintenance -LoadBalancerName $Name -EndpointUrl $script:Endpoint -Force @Extra
    }
}

AfterAll {
    Stop-TestSession
}

Describe 'Enable-Maintenance then Disable-Maintenance' {
    It 'gives back every rule with the same ARN, priority, conditions, actions and tags' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'round-trip' -Rules 5
        $before = Get-State $alb.ListenerArn
        @($before.Rules | Where-Object Priority -EQ '1').Count | Should -Be 1 -Because 'priority 1 is taken, so the module must move rules to make room'
        @(Get-UserRule $before).Count | Should -Be 5

        $on = Enable-Sample 'round-trip' @{ PageUri = $alb.PageUri; AllowSourceIp = $AllowedCidr; Reason = 'DB upgrade' }
        $on.Enabled | Should -BeTrue
        (Get-State $alb.ListenerArn).Json | Should -Not -Be $before.Json -Because 'maintenance changes the listener'

        $off = Disable-Maintenance -LoadBalancerName 'round-trip' -EndpointUrl $Endpoint -Force
        $off.Enabled | Should -BeFalse
        @($off.Drift).Count | Should -Be 0

        $after = Get-State $alb.ListenerArn
        $after.Json | Should -Be $before.Json
    }
}

Describe 'During maintenance' {
    BeforeAll {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'during' -Rules 5
        $pageBody = '<html><body><h1>Back at 10:00</h1><p>during test</p></body></html>'
        $pageFile = Write-Utf8File -Path (Join-Path $TestDrive 'during.html') -Text $pageBody
        Send-S3Object -Endpoint $Endpoint -Bucket $alb.Bucket -Key 'pages/during.html' -Path $pageFile -ContentType 'text/html' | Out-Null
        $pageUri = "s3://$($alb.Bucket)/pages/during.html"
        $before = Get-State $alb.ListenerArn
        $enabled = Enable-Sample 'during' @{ PageUri = $pageUri; AllowSourceIp = $AllowedCidr; Reason = 'DB upgrade'; StatusCode = 500 }
        $during = Get-State $alb.ListenerArn
        $pageRules = Get-RuleByRole $during 'maintenance'
        $bypassRules = Get-RuleByRole $during 'bypass'
    }
    AfterAll {
        Disable-Maintenance -LoadBalancerName 'during' -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue | Out-Null
    }

    It 'has one page rule with a fixed response of the page and the status code' {
        $pageRules.Count | Should -Be 1
        $actions = @($pageRules[0].Actions)
        $actions.Count | Should -Be 1
        $actions[0].Type | Should -Be 'fixed-response'
        $actions[0].FixedResponseConfig.MessageBody | Should -BeExactly $pageBody
        $actions[0].FixedResponseConfig.StatusCode | Should -Be '500'
        $actions[0].FixedResponseConfig.ContentType | Should -Be 'text/html'
    }

    It 'has bypass rules for the allowed CIDR, all above the page' {
        $bypassRules.Count | Should -BeGreaterThan 0
        $pagePriority = [int]$pageRules[0].Priority
        foreach ($rule in $bypassRules) {
            [int]$rule.Priority | Should -BeLessThan $pagePriority
            $source = @($rule.Conditions | Where-Object Field -EQ 'source-ip')
            $source.Count | Should -Be 1
            @($source[0].SourceIpConfig.Values) | Should -Be @($AllowedCidr)
        }
        # The last bypass copies the default rule: an allowed request that no rule matches still reaches the default target.
        # Compared by where they forward: AWS returns a bare TargetGroupArn also as a ForwardConfig, which the copy keeps.
        function Get-ForwardTarget($Actions) {
            @($Actions | ForEach-Object { if ($_.PSObject.Properties['ForwardConfig'] -and $_.ForwardConfig) { $_.ForwardConfig.TargetGroups.TargetGroupArn } else { $_.TargetGroupArn } }) -join ','
        }
        $defaultTarget = Get-ForwardTarget $before.DefaultActions
        $defaultTarget | Should -Not -BeNullOrEmpty
        @($bypassRules | Where-Object { (Get-ForwardTarget $_.Actions) -eq $defaultTarget }).Count | Should -BeGreaterThan 0
    }

    It 'keeps the user rules, unchanged and in their order, below the page' {
        $userBefore = Get-UserRule $before
        $userDuring = Get-UserRule $during
        @($userDuring.RuleArn) | Should -Be @($userBefore.RuleArn) -Because 'the same rules in the same relative order'
        Get-RuleContent $userDuring | Should -Be (Get-RuleContent $userBefore)
        $pagePriority = [int]$pageRules[0].Priority
        foreach ($rule in $userDuring) { [int]$rule.Priority | Should -BeGreaterThan $pagePriority }
        $defaultBefore = $before.Rules | Where-Object IsDefault
        $defaultDuring = $during.Rules | Where-Object IsDefault
        Get-RuleContent $defaultDuring | Should -Be (Get-RuleContent $defaultBefore)
    }

    It 'tags the listener with maintenance-mode:state' {
        $tag = @($during.ListenerTags | Where-Object Key -EQ 'maintenance-mode:state')
        $tag.Count | Should -Be 1
        $tag[0].Value | Should -BeLike 's3://*'
    }

    It 'reports the maintenance in Get-MaintenanceStatus' {
        $status = @(Get-MaintenanceStatus -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint)
        $status.Count | Should -Be 1
        $status[0].Enabled | Should -BeTrue
        "$($status[0].State)" | Should -Be 'On'
        $status[0].Reason | Should -Be 'DB upgrade'
        @($status[0].AllowSourceIp) | Should -Be @($AllowedCidr)
        $status[0].StatusCode | Should -Be 500
        $status[0].PageUri | Should -Be $pageUri
        $status[0].EnabledBy | Should -Not -BeNullOrEmpty
        $status[0].Since | Should -Not -BeNullOrEmpty
        $status[0].SnapshotUri | Should -BeLike 's3://*'
        $status[0].BypassRuleCount | Should -Be $bypassRules.Count
        $enabled.SnapshotUri | Should -Be $status[0].SnapshotUri
    }

    It 'keeps the snapshot in S3, encrypted by the bucket default, and status says how' {
        $head = Get-S3ObjectHead -Endpoint $Endpoint -Uri $enabled.SnapshotUri
        $head.Missing | Should -BeFalse
        $head.ServerSideEncryption | Should -Be 'AES256' -Because "the sample bucket's default encryption is SSE-S3"
        $enabled.SnapshotEncryption | Should -Be 'AES256'
        (Get-MaintenanceStatus -ListenerArn $enabled.ListenerArn -EndpointUrl $Endpoint).SnapshotEncryption | Should -Be 'AES256'
    }
}

Describe '-WhatIf' {
    It 'lists the calls of Enable-Maintenance and changes nothing' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'whatif-enable' -Rules 5
        $before = Get-State $alb.ListenerArn
        $keysBefore = Get-S3Key -Endpoint $Endpoint -Bucket $alb.Bucket

        # -WhatIf text goes to the host, not to a stream: only a child process's stdout shows it.
        $run = Invoke-ModuleInChild -Command "Enable-Maintenance -LoadBalancerName 'whatif-enable' -PageUri '$($alb.PageUri)' -AllowSourceIp '$AllowedCidr' -EndpointUrl '$Endpoint' -WhatIf"
        $run.ErrorIds | Should -BeNullOrEmpty
        $run.StdOut | Should -Match 'What if:'
        $run.StdOut | Should -Match 'SetRulePriorities'
        $run.StdOut | Should -Match 'CreateRule'
        $run.StdOut | Should -Match 'AddTags'
        $run.StdOut | Should -Match ([regex]::Escape($AllowedCidr))

        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
        Get-S3Key -Endpoint $Endpoint -Bucket $alb.Bucket | Should -Be $keysBefore -Because 'no snapshot is written for -WhatIf'
    }

    It 'lists the calls of Disable-Maintenance and changes nothing' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'whatif-disable' -Rules 3
        Enable-Sample 'whatif-disable' @{ PageUri = $alb.PageUri; AllowSourceIp = $AllowedCidr } | Out-Null
        $during = Get-State $alb.ListenerArn

        $run = Invoke-ModuleInChild -Command "Disable-Maintenance -LoadBalancerName 'whatif-disable' -EndpointUrl '$Endpoint' -WhatIf"
        $run.ErrorIds | Should -BeNullOrEmpty
        $run.StdOut | Should -Match 'What if:'
        $run.StdOut | Should -Match 'DeleteRule'
        $run.StdOut | Should -Match 'RemoveTags'
        (Get-State $alb.ListenerArn).Json | Should -Be $during.Json

        Disable-Maintenance -LoadBalancerName 'whatif-disable' -EndpointUrl $Endpoint -Force | Out-Null
    }
}

Describe 'The pipeline' {
    BeforeAll {
        # Get-MaintenanceStatus without a target lists every listener of the account: start from an empty one.
        Reset-MotoServer -Server $Moto
    }

    It 'Get-MaintenanceStatus | Where-Object Enabled | Disable-Maintenance takes down exactly the listeners in maintenance' {
        $on = New-SampleAlb -Endpoint $Endpoint -Name 'pipe-on' -Rules 4
        $off = New-SampleAlb -Endpoint $Endpoint -Name 'pipe-off' -Rules 2
        $onBefore = Get-State $on.ListenerArn
        $offBefore = Get-State $off.ListenerArn
        Enable-Sample 'pipe-on' @{ PageUri = $on.PageUri; AllowSourceIp = $AllowedCidr } | Out-Null

        $out = @(Get-MaintenanceStatus -EndpointUrl $Endpoint | Where-Object Enabled |
                Disable-Maintenance -Force -EndpointUrl $Endpoint -ErrorVariable pipeErrors -WarningVariable pipeWarnings)

        $pipeErrors | Should -BeNullOrEmpty
        $out.Count | Should -Be 1
        $out[0].ListenerArn | Should -Be $on.ListenerArn
        $out[0].Enabled | Should -BeFalse
        (Get-State $on.ListenerArn).Json | Should -Be $onBefore.Json
        (Get-State $off.ListenerArn).Json | Should -Be $offBefore.Json
        @(Get-MaintenanceStatus -EndpointUrl $Endpoint | Where-Object Enabled).Count | Should -Be 0
    }
}

Describe 'Running again' {
    BeforeAll {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'rerun' -Rules 5
        $before = Get-State $alb.ListenerArn
        $settings = @{ PageUri = $alb.PageUri; AllowSourceIp = $AllowedCidr; Reason = 'rerun' }

        function Test-PageChange([string] $PagePath, [hashtable] $Extra) {
            $first = Get-State $alb.ListenerArn
            $newBody = Get-Content -Path $PagePath -Raw
            $out = Enable-Sample 'rerun' (@{ PagePath = $PagePath; AllowSourceIp = $AllowedCidr; Reason = 'rerun' } + $Extra)
            $out.Enabled | Should -BeTrue
            $second = Get-State $alb.ListenerArn

            $page = @(Get-RuleByRole $second 'maintenance')
            $page.Count | Should -Be 1
            $page[0].Actions[0].FixedResponseConfig.MessageBody | Should -BeExactly $newBody
            $page[0].Actions[0].FixedResponseConfig.ContentType | Should -Be 'text/plain'
            $page[0].Priority | Should -Be @(Get-RuleByRole $first 'maintenance')[0].Priority

            # Everything but the page rule, priorities and tags included, is as it was.
            $pageArns = @((Get-RuleByRole $first 'maintenance').RuleArn) + @($page.RuleArn)
            $notPage = { param($state) @($state.Rules | Where-Object RuleArn -NotIn $pageArns) | ConvertTo-Json -Depth 30 -Compress }
            & $notPage $second | Should -Be (& $notPage $first)
            $second.ListenerTags | ConvertTo-Json -Compress | Should -Be ($first.ListenerTags | ConvertTo-Json -Compress)
        }
    }
    AfterAll {
        Disable-Maintenance -LoadBalancerName 'rerun' -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
    }

    It 'Enable with the same settings a second time changes no rule' {
        Enable-Sample 'rerun' $settings | Out-Null
        $first = Get-State $alb.ListenerArn
        $again = Enable-Sample 'rerun' $settings
        $again.Enabled | Should -BeTrue
        (Get-State $alb.ListenerArn).Json | Should -Be $first.Json
    }

    It 'a second Enable keeps when and by whom maintenance began, and takes the new reason' {
        $first = Enable-Sample 'rerun' $settings
        $changed = $settings.Clone(); $changed.Reason = 'rerun, longer'
        $again = Enable-Sample 'rerun' $changed

        $again.Reason | Should -Be 'rerun, longer'
        $again.Since | Should -Be $first.Since
        $again.EnabledBy | Should -Be $first.EnabledBy
        $stored = @(Get-MaintenanceStatus -LoadBalancerName 'rerun' -EndpointUrl $Endpoint)
        $stored[0].Reason | Should -Be 'rerun, longer'
        $stored[0].Since | Should -Be $first.Since
    }

    It 'Enable with another page (-PagePath) changes only the page rule' {
        # No -StateUri: the listener already names where its snapshot is (maintenance-mode:state).
        Test-PageChange -PagePath (Write-Utf8File -Path (Join-Path $TestDrive 'second.txt') -Text 'Second page: back at noon.') -Extra @{}
    }

    It 'Enable with another page (-PagePath and the same -StateUri) changes only the page rule' {
        Test-PageChange -PagePath (Write-Utf8File -Path (Join-Path $TestDrive 'third.txt') -Text 'Third page: back at one.') `
            -Extra @{ StateUri = "s3://$($alb.Bucket)/maintenance-mode/" }
    }

    It 'Disable afterwards still gives back the listener as it was before the first Enable' {
        Disable-Maintenance -LoadBalancerName 'rerun' -EndpointUrl $Endpoint -Force | Out-Null
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }

    It 'Disable on a listener not in maintenance warns and changes nothing' {
        $out = Disable-Maintenance -LoadBalancerName 'rerun' -EndpointUrl $Endpoint -Force -WarningVariable notOn -WarningAction SilentlyContinue -ErrorVariable failed
        $failed | Should -BeNullOrEmpty
        @($notOn).Count | Should -BeGreaterThan 0
        "$($notOn[0])" | Should -Match 'not in maintenance'
        $out.Enabled | Should -BeFalse
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }
}

Describe 'Two Enable-Maintenance at once' {
    It 'leave one page rule, fail only with MaintenanceInProgress, and Disable restores the listener' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'race' -Rules 5
        $before = Get-State $alb.ListenerArn
        $command = "Enable-Maintenance -ListenerArn '$($alb.ListenerArn)' -PageUri '$($alb.PageUri)' -AllowSourceIp '$AllowedCidr' -Reason race -EndpointUrl '$Endpoint' -Force"

        $children = @((Start-ModuleInChild -Command $command), (Start-ModuleInChild -Command $command))
        $runs = @($children | Wait-ModuleInChild)

        $errorIds = @($runs | ForEach-Object { $_.ErrorIds })
        foreach ($id in $errorIds) { $id | Should -BeLike 'MaintenanceInProgress*' }
        @($runs | Where-Object { $_.ErrorIds.Count -eq 0 }).Count | Should -BeGreaterThan 0 -Because 'one of the two runs wins'
        @($runs | ForEach-Object { $_.Output } | Where-Object Enabled).Count | Should -BeGreaterThan 0

        $during = Get-State $alb.ListenerArn
        @(Get-RuleByRole $during 'maintenance').Count | Should -Be 1
        $bypassCount = @(Get-RuleByRole $during 'bypass').Count
        (Get-MaintenanceStatus -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint).BypassRuleCount | Should -Be $bypassCount
        @(Get-UserRule $during).RuleArn | Should -Be @(Get-UserRule $before).RuleArn

        Disable-Maintenance -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint -Force | Out-Null
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }
}

Describe 'A rule added during maintenance' {
    It 'is left in place, reported as Drift Added, and every other rule is restored' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'drift' -Rules 5
        $before = Get-State $alb.ListenerArn
        Enable-Sample 'drift' @{ PageUri = $alb.PageUri; AllowSourceIp = $AllowedCidr } | Out-Null

        $added = New-UserRule -Endpoint $Endpoint -ListenerArn $alb.ListenerArn -Priority 500 `
            -Conditions @(@{ Field = 'path-pattern'; PathPatternConfig = @{ Values = @('/late/*') } }) `
            -Actions @(@{ Type = 'fixed-response'; FixedResponseConfig = @{ StatusCode = '200'; ContentType = 'text/plain'; MessageBody = 'late' } })

        $out = Disable-Maintenance -LoadBalancerName 'drift' -EndpointUrl $Endpoint -Force -WarningAction SilentlyContinue
        $out.Enabled | Should -BeFalse
        $drift = @($out.Drift | Where-Object { "$($_.Kind)" -eq 'Added' })
        $drift.Count | Should -Be 1
        $drift[0].RuleArn | Should -Be $added.RuleArn

        $after = Get-State $alb.ListenerArn
        $kept = @($after.Rules | Where-Object RuleArn -EQ $added.RuleArn)
        $kept.Count | Should -Be 1
        $kept[0].Priority | Should -Be '500'
        $rest = [pscustomobject]@{
            DefaultActions = $after.DefaultActions
            ListenerTags   = $after.ListenerTags
            Rules          = @($after.Rules | Where-Object RuleArn -NE $added.RuleArn)
        }
        ($rest | ConvertTo-Json -Depth 30 -Compress) | Should -Be $before.Json
    }
}
