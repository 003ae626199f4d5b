# A missing permission: the proxy answers a call with 403 AccessDenied as IAM would (moto enforces no IAM).
# The command fails with a stable id that names the missing permission, and the listener is as it was.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-TestSession -Name 'accessdenied'
    $script:Endpoint = $Moto.MotoEndpoint
    $script:Proxy = $Moto.Proxy
}

AfterAll {
    Stop-TestSession
}

Describe 'Access denied' {
    AfterEach { Clear-FaultProxy -Proxy $Proxy }

    It 'on elasticloadbalancing:CreateRule: Elbv2.AccessDenied naming the permission, every earlier call undone' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'denied-elb' -Rules 5
        $before = Get-State $alb.ListenerArn
        # Mutating calls of this Enable: AddTags, SetRulePriorities, then CreateRule (the page): deny the third.
        Set-FaultProxy -Proxy $Proxy -K 3 -Mode denied | Out-Null

        $err = $null
        Enable-Maintenance -LoadBalancerName 'denied-elb' -PageUri $alb.PageUri -EndpointUrl $Proxy.Endpoint -Force -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null

        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Elbv2.AccessDenied,*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err[0].Exception.Message | Should -Match 'elasticloadbalancing:CreateRule'
        $err[0].Exception.Message | Should -Match 'undone'
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
        @(Get-S3Key -Endpoint $Endpoint -Bucket $alb.Bucket -Prefix 'maintenance-mode/listeners/') | Should -BeNullOrEmpty -Because 'the snapshot of a run that changed nothing is removed'
    }

    It 'on s3:PutObject of the snapshot: a stable id naming the permission, and no ELBv2 change at all' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'denied-s3' -Rules 3
        $before = Get-State $alb.ListenerArn
        # S3 PUTs of Enable: the lock, then the snapshot: deny the snapshot.
        Set-FaultProxy -Proxy $Proxy -K 2 -Mode denied -On s3-put | Out-Null
        $mark = (Get-FaultProxyStatus -Proxy $Proxy).logged

        $err = $null
        Enable-Maintenance -LoadBalancerName 'denied-s3' -PageUri $alb.PageUri -EndpointUrl $Proxy.Endpoint -Force -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null

        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err[0].Exception.Message | Should -Match 's3:PutObject'
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
        @(Get-FaultProxyLog -Proxy $Proxy -Since $mark | Where-Object { $_.mutating }) | Should -BeNullOrEmpty -Because 'nothing changes before the snapshot is durable'

        Clear-FaultProxy -Proxy $Proxy
        Enable-Maintenance -LoadBalancerName 'denied-s3' -PageUri $alb.PageUri -EndpointUrl $Proxy.Endpoint -Force | Select-Object -ExpandProperty Enabled | Should -BeTrue -Because 'the lock was released after the failure'
        Disable-Maintenance -LoadBalancerName 'denied-s3' -EndpointUrl $Proxy.Endpoint -Force | Out-Null
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }
}
