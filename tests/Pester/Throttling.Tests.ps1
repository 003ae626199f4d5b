# Sustained throttling: a long plan (a bypass over 40 rules) through the AWS-behaviour layer, whose write bucket
# refills at one call a second, completes Enable and Disable, and Disable gives back the listener exactly.
# The module's throttling budget (10 attempts, jittered backoff up to 5 s) and its pacing (a Throttling answer
# slows the transport's own send rate) make it; with the budget of old (5 attempts, 250 ms to 2 s, no pacing)
# one of some 80 writes gives up. The truth is read from moto directly, never through the layer.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Set-TestAwsEnvironment -ScratchDirectory ([IO.Path]::GetTempPath())
    $script:Aws = Start-TestAws -AwsProfile aws
    $script:Endpoint = $Aws.Endpoint
    $script:Proxy = $Aws.Proxy
    Start-MotoStateSession -Endpoint $Aws.MotoEndpoint
    Import-Module (Get-ModuleManifestPath) -Force

    function Get-State([string] $ListenerArn) { Get-ListenerState -Endpoint $script:Aws.MotoEndpoint -ListenerArn $ListenerArn }

    function Get-LogMark { [int](Get-FaultProxyStatus -Proxy $script:Proxy).logged }

    function Invoke-Module([string] $Command, [hashtable] $Parameters) {
        $errors = $null
        $status = & $Command @Parameters -EndpointUrl $script:Endpoint -Force -ErrorAction SilentlyContinue -ErrorVariable errors
        [pscustomobject]@{ Status = $status; Errors = @($errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) }
    }
}

AfterAll {
    Stop-MotoStateSession
    if ($script:Aws) { Stop-TestAws -Server $script:Aws }
    Restore-TestAwsEnvironment
}

Describe 'A long plan under an account''s sustained throttling' {
    AfterEach { Clear-FaultProxy -Proxy $Proxy | Out-Null }

    It 'Enable and Disable of a bypass over 40 rules finish with a write bucket of one call a second, and every rule comes back' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'throttled-long' -Rules 40
        $before = Get-State $alb.ListenerArn
        # Reads as the layer's default; writes: one a second, a burst of one.
        Set-AwsBehaviour -Proxy $Proxy -Switch @{ throttle = 'read:10:40,write:1:1' } | Out-Null

        $mark = Get-LogMark
        $on = Invoke-Module Enable-Maintenance @{ ListenerArn = $alb.ListenerArn; PageUri = $alb.PageUri; AllowSourceIp = '203.0.113.7/32'; Reason = 'throttled' }
        $enableLog = @(Get-FaultProxyLog -Proxy $Proxy -Since $mark)
        $on.Errors | Should -BeNullOrEmpty
        $on.Status.Enabled | Should -BeTrue
        $during = Get-State $alb.ListenerArn
        $roles = @($during.Rules | ForEach-Object { @($_.Tags | Where-Object Key -EQ 'maintenance-mode:role' | ForEach-Object Value) })
        @($roles | Where-Object { $_ -eq 'bypass' }).Count | Should -Be 31 -Because 'a copy of each of the 30 rules the allowed address can reach (10 match only other networks) and of the default action'
        @($roles | Where-Object { $_ -eq 'maintenance' }).Count | Should -Be 1
        @($enableLog | Where-Object aws -EQ 'Throttling').Count | Should -BeGreaterThan 0 -Because 'the bucket is smaller than the plan, so the layer throttled writes'

        $mark = Get-LogMark
        $off = Invoke-Module Disable-Maintenance @{ ListenerArn = $alb.ListenerArn }
        $disableLog = @(Get-FaultProxyLog -Proxy $Proxy -Since $mark)
        $off.Errors | Should -BeNullOrEmpty
        @($disableLog | Where-Object aws -EQ 'Throttling').Count | Should -BeGreaterThan 0
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json -Because 'every rule is back at its priority, with its conditions, actions and tags'
        Write-Host "Throttled at one write a second: Enable $(@($enableLog | Where-Object mutating).Count) writes, $(@($enableLog | Where-Object aws -EQ 'Throttling').Count) throttled; Disable $(@($disableLog | Where-Object mutating).Count) writes, $(@($disableLog | Where-Object aws -EQ 'Throttling').Count) throttled"
    }
}
