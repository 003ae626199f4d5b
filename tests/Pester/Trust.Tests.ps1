# The trust placed in tags and buckets, for the BUILT module against moto: anyone allowed
# elasticloadbalancing:AddTags can tag a user's rule with the module's role, or point the listener's
# maintenance-mode:state tag at another snapshot. Disable must not delete the user's rule, and must not
# trust a snapshot the tag's digest does not name. (Every S3 request naming the caller's account as the
# expected bucket owner is checked on every request of the fault, crash and race tests: Get-PolicyViolation.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepositoryRoot) 'tools/MotoServer.psm1') -Force
    Set-TestAwsEnvironment -ScratchDirectory ([IO.Path]::GetTempPath())
    $script:Moto = Start-MotoServer
    $script:Endpoint = $Moto.Endpoint
    Start-MotoStateSession -Endpoint $Endpoint
    Import-Module (Get-ModuleManifestPath) -Force

    $script:AllowedCidr = '203.0.113.7/32'

    function Get-State([string] $ListenerArn) { Get-ListenerState -Endpoint $script:Endpoint -ListenerArn $ListenerArn }

    function Set-Tag([string] $Arn, [string] $Key, [string] $Value) {
        Invoke-MotoState -Endpoint $script:Endpoint -ArgumentList @('add-tags', '--arn', $Arn, '--key', $Key, '--value', $Value) | Out-Null
    }

    function Get-StateTag([string] $ListenerArn) {
        @((Get-State $ListenerArn).ListenerTags | Where-Object Key -EQ 'maintenance-mode:state')[0].Value
    }
}

AfterAll {
    Stop-MotoStateSession
    if ($script:Moto) { Stop-MotoServer -Server $script:Moto }
    Restore-TestAwsEnvironment
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
