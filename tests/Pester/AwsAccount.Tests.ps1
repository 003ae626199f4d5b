# What an AWS account says that moto does not (issue 11 §2.4-2.7), through the AWS-behaviour layer of the
# fault proxy: the account's rule quota (DescribeAccountLimits, or 100 when denied), a bucket whose policy
# requires aws:kms, a chosen KMS key, rules owned by the AWS Load Balancer Controller or CloudFormation.
# Each case switches on only the behaviour it is about, so it fails for that reason alone.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Aws = Start-TestSession -Name 'awsaccount' -AwsProfile moto
    $script:Scratch = $Aws.Scratch
    $script:Endpoint = $Aws.Endpoint

    function Get-Json([string] $ListenerArn) { (Get-ListenerState -Endpoint $script:Endpoint -ListenerArn $ListenerArn).Json }
    function Get-Log([int] $Since) { @(Get-FaultProxyLog -Proxy $script:Aws.Proxy -Since $Since) }
    function Get-Mark { (Get-FaultProxyStatus -Proxy $script:Aws.Proxy).logged }
}

AfterAll {
    Stop-TestSession
}

Describe 'The rule quota is the account''s' {
    AfterEach { Set-AwsBehaviour -Proxy $Aws.Proxy -Switch @{ profile = 'moto' } | Out-Null }

    It 'refuses, before any change, a bypass past a quota of 8 that DescribeAccountLimits reports, naming the figure and its source' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'quota-low' -Rules 5
        $before = Get-Json $alb.ListenerArn
        Set-AwsBehaviour -Proxy $Aws.Proxy -Switch @{ rules_quota = 8; limits = 1 } | Out-Null
        $mark = Get-Mark

        $err = $null
        Enable-Maintenance -LoadBalancerName 'quota-low' -PageUri $alb.PageUri -AllowSourceIp 203.0.113.7/32 -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null

        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RuleQuotaExceeded,*'
        $err[0].Exception.Message | Should -Match 'its quota is 8, the account''s quota read with DescribeAccountLimits'
        (Get-Json $alb.ListenerArn) | Should -Be $before
        @(Get-Log $mark | Where-Object mutating) | Should -BeNullOrEmpty -Because 'the quota is checked before anything is written'
    }

    It 'asks DescribeAccountLimits once per command; denied, assumes 100 with a warning and still enables' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'quota-denied' -Rules 3
        Set-AwsBehaviour -Proxy $Aws.Proxy -Switch @{ deny_action = 'DescribeAccountLimits' } | Out-Null
        $mark = Get-Mark

        $warnings = $null
        $status = Enable-Maintenance -LoadBalancerName 'quota-denied' -PageUri $alb.PageUri -AllowSourceIp 203.0.113.7/32 -EndpointUrl $Endpoint -Force -WarningVariable warnings -WarningAction SilentlyContinue

        $status.Enabled | Should -BeTrue
        @($warnings | Where-Object { "$_" -match 'DescribeAccountLimits was denied' -and "$_" -match 'assuming ALB''s default of 100' }).Count | Should -Be 1
        @(Get-Log $mark | Where-Object action -EQ 'DescribeAccountLimits').Count | Should -Be 1
        Set-AwsBehaviour -Proxy $Aws.Proxy -Switch @{ profile = 'moto' } | Out-Null
        (Disable-Maintenance -LoadBalancerName 'quota-denied' -EndpointUrl $Endpoint -Force).State | Should -Be 'Off'
    }
}

Describe 'Encryption as the bucket says' {
    AfterEach { Set-AwsBehaviour -Proxy $Aws.Proxy -Switch @{ profile = 'moto' } | Out-Null }

    It 'enables and disables on a bucket whose policy refuses AES256, sending no encryption header' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'kms-only' -Rules 3
        $before = Get-Json $alb.ListenerArn
        Set-AwsBehaviour -Proxy $Aws.Proxy -Switch @{ require_kms = 1 } | Out-Null
        $mark = Get-Mark

        $status = Enable-Maintenance -LoadBalancerName 'kms-only' -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force
        $status.Enabled | Should -BeTrue
        $status.SnapshotEncryption | Should -Be 'AES256' -Because 'the bucket default encrypts it, and S3 says so'
        (Disable-Maintenance -LoadBalancerName 'kms-only' -EndpointUrl $Endpoint -Force).State | Should -Be 'Off'

        $puts = @(Get-Log $mark | Where-Object { $_.service -eq 's3' -and $_.method -eq 'PUT' })
        $puts.Count | Should -BeGreaterThan 2 -Because 'locks, snapshot and record were written'
        @($puts | Where-Object { $_.headers.'x-amz-server-side-encryption' }) | Should -BeNullOrEmpty
        (Get-Json $alb.ListenerArn) | Should -Be $before
    }

    It 'writes the snapshot, record and locks with -KmsKeyId as aws:kms under that key, and status shows it' {
        $key = 'arn:aws:kms:us-east-1:123456789012:key/0f4d5e6a-1b2c-4d3e-9f8a-7b6c5d4e3f2a'
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'kms-key' -Rules 3
        Set-AwsBehaviour -Proxy $Aws.Proxy -Switch @{ require_kms = 1 } | Out-Null
        $mark = Get-Mark

        $status = Enable-Maintenance -LoadBalancerName 'kms-key' -PageUri $alb.PageUri -KmsKeyId $key -EndpointUrl $Endpoint -Force
        $status.SnapshotEncryption | Should -Be "aws:kms ($key)"
        (Get-MaintenanceStatus -LoadBalancerName 'kms-key' -EndpointUrl $Endpoint).SnapshotEncryption | Should -Be "aws:kms ($key)"
        $head = Get-S3ObjectHead -Endpoint $Endpoint -Uri ($status.SnapshotUri -replace '\.json$', '.record.json')
        $head.ServerSideEncryption | Should -Be 'aws:kms'
        (Disable-Maintenance -LoadBalancerName 'kms-key' -KmsKeyId $key -EndpointUrl $Endpoint -Force).State | Should -Be 'Off'

        $puts = @(Get-Log $mark | Where-Object { $_.service -eq 's3' -and $_.method -eq 'PUT' })
        $puts.Count | Should -BeGreaterThan 2
        foreach ($put in $puts) {
            $put.headers.'x-amz-server-side-encryption' | Should -Be 'aws:kms' -Because $put.path
            $put.headers.'x-amz-server-side-encryption-aws-kms-key-id' | Should -Be $key -Because $put.path
        }
    }

    It 'Save-ListenerSnapshot -KmsKeyId writes aws:kms and reports it' {
        $key = 'arn:aws:kms:us-east-1:123456789012:key/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d'
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'kms-save' -Rules 2
        $saved = Save-ListenerSnapshot -ListenerArn $alb.ListenerArn -Uri "s3://$($alb.Bucket)/saved/" -KmsKeyId $key -EndpointUrl $Endpoint
        $saved.Encryption | Should -Be "aws:kms ($key)"
        $plain = Save-ListenerSnapshot -ListenerArn $alb.ListenerArn -Uri "s3://$($alb.Bucket)/saved-default/" -EndpointUrl $Endpoint
        $plain.Encryption | Should -Be 'AES256'
    }
}

Describe 'Other owners of the listener' {
    BeforeAll {
        function New-TaggedRule([string] $ListenerArn, [int] $Priority, [hashtable] $Tags) {
            $spec = @{
                Conditions = @(@{ Field = 'path-pattern'; PathPatternConfig = @{ Values = @("/owned-$Priority/*") } })
                Actions    = @(@{ Type = 'fixed-response'; FixedResponseConfig = @{ StatusCode = '200'; ContentType = 'text/plain'; MessageBody = 'owned' } })
                Tags       = @($Tags.GetEnumerator() | ForEach-Object { @{ Key = $_.Key; Value = $_.Value } })
            } | ConvertTo-Json -Depth 20 -Compress
            Invoke-MotoState -Endpoint $script:Endpoint -ArgumentList @('create-rule', '--listener', $ListenerArn, '--priority', "$Priority") -InputText $spec | Out-Null
        }
    }

    It 'refuses a listener with a rule of the AWS Load Balancer Controller before any change; -IgnoreLoadBalancerController goes ahead' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'k8s-owned' -Rules 2
        New-TaggedRule $alb.ListenerArn 40 @{ 'elbv2.k8s.aws/cluster' = 'prod'; 'ingress.k8s.aws/stack' = 'shop/web' }
        $before = Get-Json $alb.ListenerArn
        $mark = Get-Mark

        $err = $null
        Enable-Maintenance -LoadBalancerName 'k8s-owned' -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null

        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ListenerManagedByController,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -Match 'AWS Load Balancer Controller'
        $err[0].Exception.Message | Should -Match '-IgnoreLoadBalancerController'
        (Get-Json $alb.ListenerArn) | Should -Be $before
        @(Get-Log $mark | Where-Object { $_.mutating -or ($_.service -eq 's3' -and $_.method -eq 'PUT') }) | Should -BeNullOrEmpty -Because 'nothing is written, not even a lock'

        (Enable-Maintenance -LoadBalancerName 'k8s-owned' -PageUri $alb.PageUri -IgnoreLoadBalancerController -EndpointUrl $Endpoint -Force).Enabled | Should -BeTrue
        (Disable-Maintenance -LoadBalancerName 'k8s-owned' -EndpointUrl $Endpoint -Force).State | Should -Be 'Off'
        (Get-Json $alb.ListenerArn) | Should -Be $before
    }

    It 'warns, and goes ahead, on rules of a CloudFormation stack' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'cfn-owned' -Rules 2
        New-TaggedRule $alb.ListenerArn 40 @{ 'aws:cloudformation:stack-name' = 'shop-prod'; 'aws:cloudformation:logical-id' = 'ApiRule' }

        $warnings = $null
        $status = Enable-Maintenance -LoadBalancerName 'cfn-owned' -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force -WarningVariable warnings -WarningAction SilentlyContinue

        $status.Enabled | Should -BeTrue
        @($warnings | Where-Object { "$_" -match 'CloudFormation' -and "$_" -match 'aws:cloudformation:stack-name=shop-prod' }).Count | Should -Be 1
        (Disable-Maintenance -LoadBalancerName 'cfn-owned' -EndpointUrl $Endpoint -Force).State | Should -Be 'Off'
    }
}
