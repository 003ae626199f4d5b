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
