# The format views of bin/MaintenanceMode.Format.ps1xml. The objects are made from the module's own core
# types (found in its private load context), so the views are checked against the real type names.

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $Root 'MaintenanceMode.psd1') -Force
    $script:Core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'MaintenanceMode.Core' } | Select-Object -First 1

    function New-CoreObject([string] $TypeName, [object[]] $Arguments = @()) {
        $type = $Core.GetType($TypeName, $true)
        return [Activator]::CreateInstance($type, $Arguments)
    }

    function New-Drift([string] $Kind, [string] $Priority, [string] $Detail) {
        $kindValue = [Enum]::Parse($Core.GetType('MaintenanceMode.Listeners.DriftKind', $true), $Kind)
        New-CoreObject 'MaintenanceMode.Listeners.RuleDrift' @($kindValue, "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shop/1/2/$Priority", $Priority, $Detail)
    }

    function New-Status {
        $status = New-CoreObject 'MaintenanceMode.Operations.MaintenanceStatus'
        $status.ListenerArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2'
        $status.AccountId = '123456789012'
        $status.Region = 'us-east-1'
        $status.LoadBalancerName = 'shop'
        $status.Port = 443
        $status.Protocol = 'HTTPS'
        $status.Enabled = $true
        $status.State = 'On'
        $status.Since = [DateTimeOffset]::new(2025, 3, 1, 22, 5, 0, [TimeSpan]::Zero)
        $status.Reason = 'DB upgrade'
        $status.EnabledBy = 'arn:aws:iam::123456789012:user/ops'
        $status.StatusCode = 503
        $status.PageUri = 's3://ops-pages/maintenance.html'
        $status.AllowSourceIp = [string[]]@('203.0.113.7/32')
        $status.AllowHeaderName = [string[]]@('X-Bypass')
        $status.BypassRuleCount = 4
        $status.SnapshotUri = 's3://ops-pages/maintenance-mode/listeners/app-shop-1.json'
        $drift = [Array]::CreateInstance($Core.GetType('MaintenanceMode.Listeners.RuleDrift', $true), 1)
        $drift[0] = New-Drift 'Added' '7' 'added during maintenance'
        $status.Drift = $drift
        return $status
    }
}

Describe 'MaintenanceStatus views' {
    It 'has a table view to read at a glance' {
        $lines = @((New-Status | Format-Table | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] -split '\s+' | Where-Object { $_ } | Should -Be @('Account', 'Region', 'LoadBalancer', 'Port', 'State', 'Since', 'Reason', 'Bypass', 'AllowedSources', 'Drift')
        $lines[2] | Should -Match '^123456789012\s+us-east-1\s+shop\s+443\s+On\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+DB upgrade\s+4\s+203\.0\.113\.7/32, header X-Bypass\s+1\s*$'
    }

    It 'is the default view of the object' {
        (New-Status | Out-String -Width 200) | Should -Match 'AllowedSources'
    }

    It 'shows Since in local time' {
        $status = New-Status
        $expected = $status.Since.ToLocalTime().ToString('yyyy-MM-dd HH:mm')
        ($status | Format-Table | Out-String -Width 200) | Should -Match ([regex]::Escape($expected))
    }

    It 'leaves the columns of a listener out of maintenance empty' {
        $status = New-CoreObject 'MaintenanceMode.Operations.MaintenanceStatus'
        $status.LoadBalancerName = 'shop'; $status.Port = 80; $status.State = 'Off'
        $row = @(($status | Format-Table | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() })[2]
        $row.Trim() | Should -Match '^shop\s+80\s+Off$'
    }

    It 'has a list view with the rest: who, the page, the snapshot, each drift and the ARNs' {
        $list = New-Status | Format-List | Out-String -Width 200
        foreach ($label in 'AccountId', 'Region', 'Listener', 'EnabledBy', 'StatusCode', 'PageUri', 'AllowSourceIp', 'AllowHeaderName', 'BypassRuleCount', 'SnapshotUri', 'Drift', 'ListenerArn') {
            $list | Should -Match "(?m)^$label\s+:"
        }
        $list | Should -Match 'Listener\s+: HTTPS:443'
        $list | Should -Match 'AccountId\s+: 123456789012'
        $list | Should -Match 'Region\s+: us-east-1'
        $list | Should -Match 'Drift\s+: Added 7 arn:'
    }
}

Describe 'RuleDrift view' {
    It 'is a table of kind, priority, detail and rule' {
        $drift = @((New-Drift 'Changed' '12' 'actions differ'), (New-Drift 'Removed' '3' 'deleted during maintenance'))
        $lines = @(($drift | Format-Table | Out-String -Width 250) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] -split '\s+' | Where-Object { $_ } | Should -Be @('Kind', 'Priority', 'Detail', 'RuleArn')
        $lines[2] | Should -Match '^Changed\s+12 actions differ\s+arn:'
    }
}
