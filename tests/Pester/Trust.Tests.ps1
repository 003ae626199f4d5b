# The trust placed in tags and buckets, for the BUILT module through the AWS-behaviour layer: anyone allowed
# elasticloadbalancing:AddTags can tag a user's rule with the module's role, or point the listener's
# maintenance-mode:state tag at another snapshot. Disable must not delete the user's rule, and must not
# trust a snapshot the tag's digest does not name. (Every S3 request naming the caller's account as the
# expected bucket owner is checked on every request of the fault, crash and race tests: Get-PolicyViolation.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-TestSession -Name 'trust'
    $script:Endpoint = $Moto.Endpoint

    $script:AllowedCidr = '203.0.113.7/32'

    function Set-Tag([string] $Arn, [string] $Key, [string] $Value) {
        Invoke-MotoState -Endpoint $script:Endpoint -ArgumentList @('add-tags', '--arn', $Arn, '--key', $Key, '--value', $Value) | Out-Null
    }

    function Get-StateTag([string] $ListenerArn) {
        @((Get-State $ListenerArn).ListenerTags | Where-Object Key -EQ 'maintenance-mode:state')[0].Value
    }
}

AfterAll {
    Stop-TestSession
}

Describe 'A user rule tagged with the module role by someone else' {
    It 'survives Disable, goes back to its priority with its ARN, and is reported as drift' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'trust-role' -Rules 5
        $before = Get-State $alb.ListenerArn
        $victim = (Get-UserRule $before)[1]
        Enable-Maintenance -ListenerArn $alb.ListenerArn -PageUri $alb.PageUri -AllowSourceIp $AllowedCidr -EndpointUrl $Endpoint -Force | Out-Null
        Set-Tag $victim.RuleArn 'maintenance-mode:role' 'bypass'

        $result = Disable-Maintenance -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint -Force -WarningVariable warnings -WarningAction SilentlyContinue
        $after = Get-State $alb.ListenerArn

        $kept = @($after.Rules | Where-Object RuleArn -EQ $victim.RuleArn)
        $kept.Count | Should -Be 1 -Because 'a rule the snapshot lists as the user''s is never deleted, whatever its tags say'
        $kept[0].Priority | Should -Be $victim.Priority
        ($kept[0].Conditions | ConvertTo-Json -Depth 20) | Should -Be ($victim.Conditions | ConvertTo-Json -Depth 20)
        ($kept[0].Actions | ConvertTo-Json -Depth 20) | Should -Be ($victim.Actions | ConvertTo-Json -Depth 20)
        # Every other rule is back exactly, and the module's own rules are gone.
        @($after.Rules | ForEach-Object { "$($_.RuleArn)@$($_.Priority)" }) | Should -Be @($before.Rules | ForEach-Object { "$($_.RuleArn)@$($_.Priority)" })
        @($after.ListenerTags | Where-Object Key -EQ 'maintenance-mode:state') | Should -BeNullOrEmpty

        $drift = @($result.Drift | Where-Object { "$($_.Kind)" -eq 'RoleTagged' })
        $drift.Count | Should -Be 1
        $drift[0].RuleArn | Should -Be $victim.RuleArn
        @($warnings | Where-Object { "$_" -match [regex]::Escape($victim.RuleArn) }).Count | Should -BeGreaterOrEqual 1 -Because 'the drift is reported as a warning too'
    }
}

Describe 'A rule tagged with the module role during maintenance, which the module''s record does not list' {
    BeforeAll {
        $script:Added = New-SampleAlb -Endpoint $Endpoint -Name 'trust-added' -Rules 3
        $script:BeforeAdded = Get-State $Added.ListenerArn
        Enable-Maintenance -ListenerArn $Added.ListenerArn -PageUri $Added.PageUri -AllowSourceIp $AllowedCidr -EndpointUrl $Endpoint -Force | Out-Null
        # Someone adds a rule while the page is up and tags it as the module's page: Disable would have deleted it.
        $script:Intruder = New-UserRule -Endpoint $Endpoint -ListenerArn $Added.ListenerArn -Priority 40 `
            -Conditions @(@{ Field = 'path-pattern'; PathPatternConfig = @{ Values = @('/intruder/*') } }) `
            -Actions @(@{ Type = 'fixed-response'; FixedResponseConfig = @{ StatusCode = '200'; ContentType = 'text/plain'; MessageBody = 'kept' } })
        Set-Tag $Intruder.RuleArn 'maintenance-mode:role' 'maintenance'
        $script:IntruderBefore = @((Get-State $Added.ListenerArn).Rules | Where-Object RuleArn -EQ $Intruder.RuleArn)[0]
    }

    It 'is reported by Get-MaintenanceStatus as UnrecordedRoleTag, while the module''s page still counts as on' {
        $status = Get-MaintenanceStatus -ListenerArn $Added.ListenerArn -EndpointUrl $Endpoint
        $status.State | Should -Be 'On'
        $drift = @($status.Drift | Where-Object { "$($_.Kind)" -eq 'UnrecordedRoleTag' })
        $drift.Count | Should -Be 1
        $drift[0].RuleArn | Should -Be $Intruder.RuleArn
        $drift[0].Detail | Should -Match 'record does not list it'
    }

    It 'is named by Disable -WhatIf as left on the listener, with no DeleteRule for it, and nothing changes' {
        $stuck = Get-State $Added.ListenerArn
        # -WhatIf text goes to the host, not to a stream: only a child process's stdout shows it.
        $whatIf = (Invoke-ModuleInChild -Command "Disable-Maintenance -ListenerArn '$($Added.ListenerArn)' -EndpointUrl '$Endpoint' -WhatIf").StdOut
        $whatIf | Should -Match 'DeleteRule: priority \d+: the maintenance page'
        $whatIf | Should -Not -Match 'DeleteRule: priority 40\b'
        $whatIf | Should -Match ("Left on the listener \(not the module's\): UnrecordedRoleTag 40 " + [regex]::Escape($Intruder.RuleArn))
        (Get-State $Added.ListenerArn).Json | Should -Be $stuck.Json
    }

    It 'survives Disable with its ARN, priority and routing, loses only the module''s tag, and is reported' {
        $result = Disable-Maintenance -ListenerArn $Added.ListenerArn -EndpointUrl $Endpoint -Force -WarningVariable warnings -WarningAction SilentlyContinue
        $after = Get-State $Added.ListenerArn

        $kept = @($after.Rules | Where-Object RuleArn -EQ $Intruder.RuleArn)
        $kept.Count | Should -Be 1 -Because 'a rule the record does not list is never deleted, whatever its tags say'
        $kept[0].Priority | Should -Be '40'
        ($kept[0].Conditions | ConvertTo-Json -Depth 20) | Should -Be ($IntruderBefore.Conditions | ConvertTo-Json -Depth 20)
        ($kept[0].Actions | ConvertTo-Json -Depth 20) | Should -Be ($IntruderBefore.Actions | ConvertTo-Json -Depth 20)
        @($kept[0].Tags | Where-Object Key -Like 'maintenance-mode:*') | Should -BeNullOrEmpty -Because 'no later run may take it for a rule of the module''s left behind'
        # Every other rule is back exactly, and the module's own rules and tag are gone.
        @($after.Rules | Where-Object RuleArn -NE $Intruder.RuleArn | ForEach-Object { "$($_.RuleArn)@$($_.Priority)" }) | Should -Be @($BeforeAdded.Rules | ForEach-Object { "$($_.RuleArn)@$($_.Priority)" })
        @($after.ListenerTags | Where-Object Key -EQ 'maintenance-mode:state') | Should -BeNullOrEmpty

        $result.State | Should -Be 'Off'
        $drift = @($result.Drift | Where-Object { "$($_.Kind)" -eq 'UnrecordedRoleTag' })
        $drift.Count | Should -Be 1
        $drift[0].RuleArn | Should -Be $Intruder.RuleArn
        @($warnings | Where-Object { "$_" -match [regex]::Escape($Intruder.RuleArn) }).Count | Should -BeGreaterOrEqual 1 -Because 'the drift is reported as a warning too'
    }
}

Describe 'A run killed between creating the page rule and recording its ARN' {
    It 'leaves a page rule that status and Disable still know as the module''s, by the identity recorded before it was created' {
        if (-not $Moto.Proxy) { throw 'This case needs the AWS-behaviour layer (MAINTENANCE_MODE_TEST_AWS is moto).' }
        # The index of the page's CreateRule among the mutating calls of an Enable, from a twin listener.
        $twin = New-SampleAlb -Endpoint $Endpoint -Name 'trust-crash-twin' -Rules 3
        $mark = (Get-FaultProxyStatus -Proxy $Moto.Proxy).logged
        Enable-Maintenance -ListenerArn $twin.ListenerArn -PageUri $twin.PageUri -EndpointUrl $Endpoint -Force | Out-Null
        $calls = @(Get-FaultProxyLog -Proxy $Moto.Proxy -Since $mark | Where-Object mutating | ForEach-Object action)
        $k = [array]::IndexOf($calls, 'CreateRule') + 1
        $k | Should -BeGreaterThan 0
        Disable-Maintenance -ListenerArn $twin.ListenerArn -EndpointUrl $Endpoint -Force | Out-Null

        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'trust-crash' -Rules 3
        $before = Get-State $alb.ListenerArn
        Set-FaultProxy -Proxy $Moto.Proxy -K $k -Mode hold -On mutating | Out-Null
        $child = Start-ModuleInChild -Command "Enable-Maintenance -ListenerArn '$($alb.ListenerArn)' -PageUri '$($alb.PageUri)' -EndpointUrl '$Endpoint' -Force"
        try {
            Wait-FaultProxyHold -Proxy $Moto.Proxy -Child $child | Should -Be 'CreateRule'
            $child.Process.Kill($true)
            $child.Process.WaitForExit()
        } finally {
            Clear-FaultProxy -Proxy $Moto.Proxy | Out-Null
            Remove-Item $child.ScriptPath -ErrorAction SilentlyContinue
        }
        $page = @(Get-RuleByRole -State (Get-State $alb.ListenerArn) -Role 'maintenance')
        $page.Count | Should -Be 1 -Because 'the run died right after its CreateRule took effect'
        $recordKey = @(Get-S3Key -Endpoint $Endpoint -Bucket $alb.Bucket -Prefix 'maintenance-mode/listeners/' | Where-Object { $_ -like '*.record.json' })[0]
        $record = Get-S3ObjectText -Endpoint $Endpoint -Bucket $alb.Bucket -Key $recordKey | ConvertFrom-Json
        @($record.ModuleRules | Where-Object { $_.PSObject.Properties['RuleArn'] }) | Should -BeNullOrEmpty -Because 'the ARN was never recorded'
        @($record.ModuleRules | Where-Object Role -EQ 'maintenance').Count | Should -Be 1 -Because 'its identity was recorded before CreateRule'

        # Meanwhile someone tags a rule of theirs as the module's.
        $intruder = New-UserRule -Endpoint $Endpoint -ListenerArn $alb.ListenerArn -Priority 40 `
            -Conditions @(@{ Field = 'path-pattern'; PathPatternConfig = @{ Values = @('/late/*') } }) `
            -Actions @(@{ Type = 'fixed-response'; FixedResponseConfig = @{ StatusCode = '200'; ContentType = 'text/plain'; MessageBody = 'late' } })
        Set-Tag $intruder.RuleArn 'maintenance-mode:role' 'maintenance'

        $status = Get-MaintenanceStatus -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint
        $status.State | Should -Be 'On'
        @($status.Drift | Where-Object { "$($_.Kind)" -eq 'UnrecordedRoleTag' } | ForEach-Object RuleArn) | Should -Be @($intruder.RuleArn)

        $result = Disable-Maintenance -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint -Force -WarningAction SilentlyContinue
        $result.State | Should -Be 'Off'
        $after = Get-State $alb.ListenerArn
        @($after.Rules | Where-Object RuleArn -EQ $page[0].RuleArn) | Should -BeNullOrEmpty -Because 'the page matched the identity recorded before its CreateRule'
        @($after.Rules | Where-Object RuleArn -EQ $intruder.RuleArn).Count | Should -Be 1
        @($after.Rules | Where-Object RuleArn -NE $intruder.RuleArn | ForEach-Object { "$($_.RuleArn)@$($_.Priority)" }) | Should -Be @($before.Rules | ForEach-Object { "$($_.RuleArn)@$($_.Priority)" })
        @(Get-S3Key -Endpoint $Endpoint -Bucket $alb.Bucket -Prefix 'maintenance-mode/locks/') | Should -BeNullOrEmpty -Because 'the dead run''s lock was cleared'
    }
}

Describe 'The record of the rules to be created, refused' {
    AfterEach { if ($Moto.Proxy) { Clear-FaultProxy -Proxy $Moto.Proxy | Out-Null } }

    It 'stops Enable before its first CreateRule, undoes what ran beside the write, and leaves no snapshot or record behind' {
        if (-not $Moto.Proxy) { throw 'This case needs the AWS-behaviour layer (MAINTENANCE_MODE_TEST_AWS is moto).' }
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'trust-norecord' -Rules 3
        $before = Get-State $alb.ListenerArn
        # S3 PUTs of Enable: the lock, the snapshot, then the record naming the rules it will create: deny that one.
        Set-FaultProxy -Proxy $Moto.Proxy -K 3 -Mode denied -On s3-put | Out-Null
        $mark = (Get-FaultProxyStatus -Proxy $Moto.Proxy).logged

        $err = $null
        Enable-Maintenance -ListenerArn $alb.ListenerArn -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null

        $err.Count | Should -Be 1
        $err[0].Exception.Message | Should -Match 's3:PutObject'
        $log = @(Get-FaultProxyLog -Proxy $Moto.Proxy -Since $mark)
        @($log | Where-Object { $_.service -eq 's3' -and $_.method -eq 'PUT' -and $_.path -like '*.record.json' }).Count | Should -BeGreaterThan 0
        @($log | Where-Object { $_.mutating -and $_.action -eq 'CreateRule' }) | Should -BeNullOrEmpty -Because 'no rule is created before the record names it'
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
        @(Get-S3Key -Endpoint $Endpoint -Bucket $alb.Bucket -Prefix 'maintenance-mode/') | Should -BeNullOrEmpty -Because 'the snapshot of a run that changed nothing is removed, and the lock released'
    }
}

Describe 'A state tag pointed at another snapshot' {
    BeforeAll {
        $script:A = New-SampleAlb -Endpoint $Endpoint -Name 'trust-tag-a' -Rules 3
        $script:B = New-SampleAlb -Endpoint $Endpoint -Name 'trust-tag-b' -Rules 3
        $script:BeforeA = Get-State $A.ListenerArn
        Enable-Maintenance -ListenerArn $A.ListenerArn -PageUri $A.PageUri -EndpointUrl $Endpoint -Force | Out-Null
        $script:Genuine = Get-StateTag $A.ListenerArn
        $script:During = Get-State $A.ListenerArn

        # A copy of A's snapshot in B's bucket, altered the way someone would to have their rules "restored".
        $key = @(Get-S3Key -Endpoint $Endpoint -Bucket $A.Bucket -Prefix 'maintenance-mode/listeners/' | Where-Object { $_ -notlike '*.record.json' })[0]
        $json = Get-S3ObjectText -Endpoint $Endpoint -Bucket $A.Bucket -Key $key
        $altered = $json -replace '"CapturedBy":\s*"[^"]*"', '"CapturedBy": "someone else"'
        $altered | Should -Not -Be $json
        $file = Write-Utf8File -Path (Join-Path $TestDrive 'altered.json') -Text $altered
        Send-S3Object -Endpoint $Endpoint -Bucket $B.Bucket -Key $key -Path $file -ContentType 'application/json' | Out-Null
    }

    It 'names the snapshot by location and SHA-256 digest' {
        $Genuine | Should -Match '^s3://trust-tag-a[^ ]*/maintenance-mode/ sha256:[0-9a-f]{64}$'
    }

    It 'is refused with SnapshotDigestMismatch when <Case>, changing nothing' -ForEach @(
        @{ Case = 'it keeps the genuine digest'; Tag = { "s3://$($B.Bucket)/maintenance-mode/ " + ($Genuine -replace '^.* ', '') } }
        @{ Case = 'it carries no digest'; Tag = { "s3://$($B.Bucket)/maintenance-mode/" } }
    ) {
        Set-Tag $A.ListenerArn 'maintenance-mode:state' (& $Tag)
        $stuck = Get-State $A.ListenerArn
        { Disable-Maintenance -ListenerArn $A.ListenerArn -EndpointUrl $Endpoint -Force -ErrorAction Stop } | Should -Throw -ErrorId 'SnapshotDigestMismatch,*'
        { Enable-Maintenance -ListenerArn $A.ListenerArn -PageUri $A.PageUri -EndpointUrl $Endpoint -Force -ErrorAction Stop } | Should -Throw -ErrorId 'SnapshotDigestMismatch,*'
        (Get-State $A.ListenerArn).Json | Should -Be $stuck.Json
    }

    It 'is trusted again once the tag names the genuine snapshot, and Disable restores exactly' {
        Set-Tag $A.ListenerArn 'maintenance-mode:state' $Genuine
        (Get-State $A.ListenerArn).Json | Should -Be $During.Json
        Disable-Maintenance -ListenerArn $A.ListenerArn -EndpointUrl $Endpoint -Force | Out-Null
        (Get-State $A.ListenerArn).Json | Should -Be $BeforeA.Json
    }
}

Describe 'S3 requests when sts:GetCallerIdentity is denied' {
    BeforeAll {
        if (-not $Moto.Proxy) { throw 'These cases need the AWS-behaviour layer (MAINTENANCE_MODE_TEST_AWS is moto).' }
        Set-AwsBehaviour -Proxy $Moto.Proxy -Switch @{ deny_action = 'GetCallerIdentity' } | Out-Null
    }

    AfterAll { Set-AwsBehaviour -Proxy $Moto.Proxy -Switch @{ deny_action = '' } | Out-Null }

    It 'still name an expected bucket owner, the listener''s account, on every request of Enable, status and Disable' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'trust-nosts' -Rules 3
        $before = Get-State $alb.ListenerArn
        $mark = (Get-FaultProxyStatus -Proxy $Moto.Proxy).logged

        (Enable-Maintenance -ListenerArn $alb.ListenerArn -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force -WarningAction SilentlyContinue).Enabled | Should -BeTrue
        (Get-MaintenanceStatus -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint -WarningAction SilentlyContinue).State | Should -Be 'On'
        (Disable-Maintenance -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint -Force -WarningAction SilentlyContinue).State | Should -Be 'Off'

        $log = @(Get-FaultProxyLog -Proxy $Moto.Proxy -Since $mark)
        @($log | Where-Object { $_.service -eq 'sts' -and $_.status -eq 403 }).Count | Should -BeGreaterThan 0 -Because 'STS was asked and refused'
        @($log | Where-Object service -EQ 's3').Count | Should -BeGreaterThan 4 -Because 'the page, locks, snapshot and record went through S3'
        @(Get-PolicyViolation -Log $log | Where-Object { $_ -match 'expected bucket owner' }) | Should -BeNullOrEmpty
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }

    It 'refuses with BucketOwnerUnknown, sending nothing to S3, when no account is known at all' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'trust-noowner' -Rules 1
        $mark = (Get-FaultProxyStatus -Proxy $Moto.Proxy).logged
        { Test-MaintenancePage -PageUri $alb.PageUri -EndpointUrl $Endpoint -WarningAction SilentlyContinue -ErrorAction Stop } | Should -Throw -ErrorId 'BucketOwnerUnknown,*'
        @(Get-FaultProxyLog -Proxy $Moto.Proxy -Since $mark | Where-Object service -EQ 's3') | Should -BeNullOrEmpty
    }
}

Describe 'The check against the narrowed IAM policy of the README' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'IamPolicy.psm1') -Force
        $script:Readme = Join-Path (Get-RepositoryRoot) 'README.md'
        $script:Listener = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/faults-a/50dc6c495c0c9188/f2f7dc8efc522ab2'
        $script:Rule = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/faults-a/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee'
        function Entry([string] $Service, [string] $Method, [string] $Path, [string] $Action, [hashtable] $Resources = @{}) {
            [pscustomobject]@{ service = $Service; method = $Method; path = $Path; action = $Action; resources = [pscustomobject]$Resources }
        }
    }

    It 'allows what Enable and Disable send' {
        $log = @(
            Entry 'elasticloadbalancing' 'POST' '/' 'DescribeRules' @{ ListenerArn = $Listener }
            Entry 'elasticloadbalancing' 'POST' '/' 'CreateRule' @{ ListenerArn = $Listener; 'Tags.member.1.Key' = 'maintenance-mode:role' }
            Entry 'elasticloadbalancing' 'POST' '/' 'SetRulePriorities' @{ 'RulePriorities.member.1.RuleArn' = $Rule }
            Entry 'elasticloadbalancing' 'POST' '/' 'AddTags' @{ 'ResourceArns.member.1' = $Listener; 'Tags.member.1.Key' = 'maintenance-mode:state' }
            Entry 'elasticloadbalancing' 'POST' '/' 'DeleteRule' @{ RuleArn = $Rule }
            Entry 'sts' 'POST' '/' 'GetCallerIdentity'
            Entry 's3' 'GET' '/faults-a-maintenance/maintenance.html' $null
            Entry 's3' 'PUT' '/faults-a-maintenance/maintenance-mode/locks/x.json' $null
            Entry 's3' 'DELETE' '/faults-a-maintenance/maintenance-mode/listeners/x.json' $null
        )
        Get-NarrowPolicyViolation -Log $log -ReadmePath $Readme -LoadBalancerName 'faults-*' | Should -BeNullOrEmpty
    }

    It 'refuses <Case>' -ForEach @(
        @{ Case = 'ModifyListener (the restore role''s)'; Entry = { Entry 'elasticloadbalancing' 'POST' '/' 'ModifyListener' @{ ListenerArn = $Listener } } }
        @{ Case = 'a rule of another load balancer'; Entry = { Entry 'elasticloadbalancing' 'POST' '/' 'DeleteRule' @{ RuleArn = $Rule.Replace('faults-a', 'billing') } } }
        @{ Case = 'a tag key that is not the module''s'; Entry = { Entry 'elasticloadbalancing' 'POST' '/' 'AddTags' @{ 'ResourceArns.member.1' = $Rule; 'Tags.member.1.Key' = 'owner' } } }
        @{ Case = 'a rule created with a user''s tag'; Entry = { Entry 'elasticloadbalancing' 'POST' '/' 'CreateRule' @{ ListenerArn = $Listener; 'Tags.member.1.Key' = 'team' } } }
        @{ Case = 'a rule ARN given where a listener is needed'; Entry = { Entry 'elasticloadbalancing' 'POST' '/' 'CreateRule' @{ ListenerArn = $Rule } } }
        @{ Case = 'an S3 write outside the state prefix'; Entry = { Entry 's3' 'PUT' '/faults-a-maintenance/maintenance.html' $null } }
        @{ Case = 'an S3 read of another bucket'; Entry = { Entry 's3' 'GET' '/billing-exports/report.csv' $null } }
    ) {
        @(Get-NarrowPolicyViolation -Log @(& $Entry) -ReadmePath $Readme -LoadBalancerName 'faults-*').Count | Should -Be 1
    }
}
