# Enable-Maintenance racing Disable-Maintenance from separate processes (child pwsh, the BUILT module), through
# tests/FaultProxy/fault_proxy.py with added latency so that their calls interleave. Whatever the order, the
# listener ends consistent: exactly as boto3 read it before, or in full maintenance for the Enable's settings;
# any failure is MaintenanceInProgress, and no lock is left behind. (Two Enables at once: Maintenance.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'IamPolicy.psm1') -Force
    $script:Moto = Start-TestSession -Name 'concurrency'
    $script:Endpoint = $Moto.MotoEndpoint
    $script:Proxy = $Moto.Proxy
}

AfterAll {
    Stop-TestSession
}

Describe 'Enable-Maintenance racing Disable-Maintenance' {
    BeforeAll {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'race-both' -Rules 5
        $before = Get-State $alb.ListenerArn
        $cidrs = '203.0.113.7/32', '198.51.100.0/24'
        # The shape of full maintenance for each -AllowSourceIp, from a clean run through the same proxy (and so the
        # same AWS behaviours: a bypass copy keeps the defaults AWS filled in on the rule it copies).
        $full = @{}
        foreach ($cidr in $cidrs) {
            Enable-Maintenance -ListenerArn $alb.ListenerArn -PageUri $alb.PageUri -AllowSourceIp $cidr -EndpointUrl $Proxy.Endpoint -Force | Out-Null
            $full[$cidr] = Get-ListenerShape (Get-State $alb.ListenerArn)
            Disable-Maintenance -ListenerArn $alb.ListenerArn -EndpointUrl $Proxy.Endpoint -Force | Out-Null
            (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
        }
        $script:Outcomes = [Collections.Generic.List[string]]::new()
    }

    It 'round <Round> (listener <Start> before): ends restored exactly or in full maintenance, failing only with MaintenanceInProgress' -ForEach @(
        @{ Round = 1; Start = 'off'; Cidr = '203.0.113.7/32' }
        @{ Round = 2; Start = 'on'; Cidr = '198.51.100.0/24' }
        @{ Round = 3; Start = 'off'; Cidr = '198.51.100.0/24' }
        @{ Round = 4; Start = 'on'; Cidr = '203.0.113.7/32' }
        @{ Round = 5; Start = 'off'; Cidr = '203.0.113.7/32' }
        @{ Round = 6; Start = 'on'; Cidr = '198.51.100.0/24' }
    ) {
        if ($Start -eq 'on') {
            # In maintenance with the other CIDR, so the racing Enable has bypass rules to replace.
            $other = @($cidrs | Where-Object { $_ -ne $Cidr })[0]
            Enable-Maintenance -ListenerArn $alb.ListenerArn -PageUri $alb.PageUri -AllowSourceIp $other -EndpointUrl $Proxy.Endpoint -Force | Out-Null
        }
        $through = $Proxy.Endpoint
        $enable = "Enable-Maintenance -ListenerArn '$($alb.ListenerArn)' -PageUri '$($alb.PageUri)' -AllowSourceIp '$Cidr' -Reason race -EndpointUrl '$through' -Force"
        $disable = "Disable-Maintenance -ListenerArn '$($alb.ListenerArn)' -EndpointUrl '$through' -Force"
        # Latency on every request widens the window in which the two runs overlap.
        Set-FaultProxyLatency -Proxy $Proxy -Milliseconds 15 | Out-Null
        try {
            $children = if ($Round % 2) { @((Start-ModuleInChild -Command $enable), (Start-ModuleInChild -Command $disable)) }
            else { @((Start-ModuleInChild -Command $disable), (Start-ModuleInChild -Command $enable)) }
            $runs = @($children | Wait-ModuleInChild)
        } finally {
            Clear-FaultProxy -Proxy $Proxy | Out-Null
        }

        $errorIds = @($runs | ForEach-Object { $_.ErrorIds })
        foreach ($id in $errorIds) { $id | Should -BeLike 'MaintenanceInProgress,*' }
        @($runs | Where-Object { $_.ErrorIds.Count -eq 0 }).Count | Should -BeGreaterThan 0 -Because 'one of the two runs goes through'

        $after = Get-State $alb.ListenerArn
        $restored = $after.Json -eq $before.Json
        $inMaintenance = (Get-ListenerShape $after) -eq $full[$Cidr]
        ($restored -or $inMaintenance) | Should -BeTrue -Because "the listener ends restored or in full maintenance for $Cidr, not in between: $($after.Json)"
        @(Get-S3Key -Endpoint $Endpoint -Bucket $alb.Bucket -Prefix 'maintenance-mode/locks/') | Should -BeNullOrEmpty -Because 'both runs released their locks'
        $script:Outcomes.Add("$(if ($restored) { 'restored' } else { 'maintenance' }) ($($errorIds.Count) refused)")

        if ($inMaintenance) { Disable-Maintenance -ListenerArn $alb.ListenerArn -EndpointUrl $Proxy.Endpoint -Force | Out-Null }
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }

    It 'called nothing outside the IAM policy of the README in all of the races' {
        Get-PolicyViolation -Log @(Get-FaultProxyLog -Proxy $Proxy) | Should -BeNullOrEmpty
        Get-NarrowPolicyViolation -Log @(Get-FaultProxyLog -Proxy $Proxy) -ReadmePath (Join-Path (Get-RepositoryRoot) 'README.md') -LoadBalancerName 'race-*' | Should -BeNullOrEmpty -Because 'the README''s narrowed policy allows every request'
        Write-Host "Races of Enable and Disable: $($script:Outcomes -join '; ')"
    }
}
