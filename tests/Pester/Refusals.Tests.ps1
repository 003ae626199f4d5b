# Issue 16, for the BUILT module through the AWS-behaviour layer (Start-TestAws): listeners ALB allows go in and come back exactly (rules at
# the edges of the priority range, an OIDC rule no allowed source can reach, rule shapes other tools
# write); requests that make no sense stop before any change, each with its own error id.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-TestSession -Name 'refusals'
    $script:Endpoint = $Moto.Endpoint

    function New-Fixed([string] $Body) { @(@{ Type = 'fixed-response'; FixedResponseConfig = @{ StatusCode = '200'; ContentType = 'text/plain'; MessageBody = $Body } }) }

    # A load balancer whose listener has rules at exactly these priorities (each answering with its own text).
    function New-EdgeAlb([string] $Name, [int[]] $Priorities) {
        $alb = New-SampleAlb -Endpoint $script:Endpoint -Name $Name -Rules 0
        foreach ($p in $Priorities) {
            New-UserRule -Endpoint $script:Endpoint -ListenerArn $alb.ListenerArn -Priority $p `
                -Conditions @(@{ Field = 'path-pattern'; PathPatternConfig = @{ Values = @("/r$p") } }) -Actions (New-Fixed "rule $p") | Out-Null
        }
        $alb
    }

    # Enable, check the layout, Disable, and check the listener is exactly as before (same ARNs, priorities, everything).
    function Test-Cycle($Alb, [hashtable] $Bypass = @{}) {
        $before = Get-State $Alb.ListenerArn
        $common = @{ LoadBalancerName = $Alb.LoadBalancerName; EndpointUrl = $script:Endpoint; Force = $true; ErrorAction = 'Stop' }
        $on = Enable-Maintenance @common -PageUri $Alb.PageUri @Bypass
        $on.Enabled | Should -BeTrue
        $during = Get-State $Alb.ListenerArn
        $page = @(Get-RuleByRole $during 'maintenance')
        $page.Count | Should -Be 1
        # The page is in front of every user rule, behind every bypass copy; the user rules keep their order.
        $users = @(Get-UserRule $during)
        foreach ($u in $users) { [int]$u.Priority | Should -BeGreaterThan ([int]$page[0].Priority) }
        foreach ($b in @(Get-RuleByRole $during 'bypass')) { [int]$b.Priority | Should -BeLessThan ([int]$page[0].Priority) }
        ($users | ForEach-Object RuleArn) | Should -Be @(Get-UserRule $before | ForEach-Object RuleArn)
        Disable-Maintenance @common | Out-Null
        (Get-State $Alb.ListenerArn).Json | Should -Be $before.Json
        $during
    }
}

AfterAll {
    Stop-TestSession
}

Describe 'Listeners ALB allows are put into maintenance and back exactly' {
    It 'rules at priorities 1 and 50000: only the first moves' {
        $alb = New-EdgeAlb 'edge-1-50000' @(1, 50000)
        $during = Test-Cycle $alb
        @(Get-UserRule $during | ForEach-Object { [int]$_.Priority }) | Should -Be @(2, 50000)
    }

    It 'rules at 1-3 and 49998-50000 (<Case>)' -TestCases @(
        @{ Case = 'without a bypass'; Bypass = @{}; Low = @(4, 5, 6) }
        @{ Case = 'with a bypass'; Bypass = @{ AllowSourceIp = '203.0.113.7/32' }; Low = @(9, 10, 11) }
    ) {
        $alb = New-EdgeAlb ('edge-six-' + ($Case -replace '\W', '')) @(1, 2, 3, 49998, 49999, 50000)
        $during = Test-Cycle $alb -Bypass $Bypass
        @(Get-UserRule $during | ForEach-Object { [int]$_.Priority }) | Should -Be ($Low + @(49998, 49999, 50000))
    }

    It 'an OIDC rule with its own source range that no allowed address can reach gets no copy' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'oidc-unreachable' -Rules 0
        $oidc = @(
            @{ Type = 'authenticate-oidc'; Order = 1; AuthenticateOidcConfig = @{
                    Issuer = 'https://idp.example.com'; AuthorizationEndpoint = 'https://idp.example.com/authorize'
                    TokenEndpoint = 'https://idp.example.com/token'; UserInfoEndpoint = 'https://idp.example.com/userinfo'
                    ClientId = 'client'; ClientSecret = 'not-returned-by-aws' } }
            @{ Type = 'fixed-response'; Order = 2; FixedResponseConfig = @{ StatusCode = '200'; ContentType = 'text/plain'; MessageBody = 'signed in' } }
        )
        New-UserRule -Endpoint $Endpoint -ListenerArn $alb.ListenerArn -Priority 1 `
            -Conditions @(@{ Field = 'source-ip'; SourceIpConfig = @{ Values = @('192.0.2.0/24') } }) -Actions $oidc | Out-Null
        $during = Test-Cycle $alb -Bypass @{ AllowSourceIp = '203.0.113.7/32' }
        $copies = @(Get-RuleByRole $during 'bypass')
        $copies.Count | Should -Be 1   # the default rule's copy only
        @($copies[0].Actions | Where-Object Type -eq 'authenticate-oidc').Count | Should -Be 0
    }

    It 'rule shapes other tools write: legacy Values, weighted forward, redirect with #{} parts, IPv6 source, token-character header, query strings, escaped \*' {
        # The sample's rule 1 is a weighted forward to its two target groups; the others are added here.
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'corpus-shapes' -Rules 1
        $groups = @((Get-UserRule (Get-State $alb.ListenerArn))[0].Actions[0].ForwardConfig.TargetGroups | ForEach-Object TargetGroupArn)
        $groups.Count | Should -Be 2
        $rules = @(
            @{ Priority = 2; Conditions = @(@{ Field = 'path-pattern'; Values = @('/legacy/*') }); Actions = @(@{ Type = 'forward'; TargetGroupArn = $groups[0] }) }
            @{ Priority = 3; Conditions = @(@{ Field = 'host-header'; Values = @('*.example.com') }); Actions = @(@{ Type = 'forward'; ForwardConfig = @{ TargetGroups = @(@{ TargetGroupArn = $groups[0]; Weight = 90 }, @{ TargetGroupArn = $groups[1]; Weight = 10 }); TargetGroupStickinessConfig = @{ Enabled = $true; DurationSeconds = 300 } } }) }
            @{ Priority = 4; Conditions = @(@{ Field = 'path-pattern'; PathPatternConfig = @{ Values = @('/old/*') } }); Actions = @(@{ Type = 'redirect'; RedirectConfig = @{ Protocol = 'HTTPS'; Port = '443'; Host = '#{host}'; Path = '/new/#{path}'; Query = '#{query}&from=old'; StatusCode = 'HTTP_301' } }) }
            @{ Priority = 5; Conditions = @(@{ Field = 'source-ip'; SourceIpConfig = @{ Values = @('2001:db8::/32', '198.51.100.0/24') } }); Actions = (New-Fixed 'v6') }
            @{ Priority = 6; Conditions = @(@{ Field = 'http-header'; HttpHeaderConfig = @{ HttpHeaderName = "X-!#`$%&'*+-.^_``|~Tok3n"; Values = @('on') } }); Actions = (New-Fixed 'token header') }
            @{ Priority = 7; Conditions = @(@{ Field = 'query-string'; QueryStringConfig = @{ Values = @(@{ Key = 'version'; Value = 'v*' }, @{ Value = 'debug' }) } }); Actions = (New-Fixed 'query') }
            @{ Priority = 8; Conditions = @(@{ Field = 'query-string'; QueryStringConfig = @{ Values = @(@{ Key = 'promo'; Value = '50\*off' }) } }); Actions = (New-Fixed 'escaped star') }
        )
        foreach ($r in $rules) {
            New-UserRule -Endpoint $Endpoint -ListenerArn $alb.ListenerArn -Priority $r.Priority -Conditions $r.Conditions -Actions $r.Actions | Out-Null
        }
        $during = Test-Cycle $alb -Bypass @{ AllowSourceIp = @('203.0.113.7/32', '2001:db8:1::/48') }
        # The IPv6 rule gets a copy for the IPv6 block it shares with the allow-list, not for 203.0.113.7.
        $v6 = @(Get-RuleByRole $during 'bypass' | Where-Object { $_.Actions[0].FixedResponseConfig.MessageBody -eq 'v6' })
        $v6.Count | Should -Be 1
        $v6[0].Conditions[0].SourceIpConfig.Values | Should -Be @('2001:db8:1::/48')
    }
}

Describe 'Requests that make no sense stop before any change' {
    BeforeAll {
        $alb = New-EdgeAlb 'refusals' @(10, 20)
        $before = Get-State $alb.ListenerArn
        $common = @{ LoadBalancerName = 'refusals'; EndpointUrl = $Endpoint; PageUri = $alb.PageUri; Force = $true; ErrorAction = 'Stop' }
    }
    AfterEach {
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
        (Get-MaintenanceStatus -LoadBalancerName 'refusals' -EndpointUrl $Endpoint).Enabled | Should -BeFalse
    }

    It 'a bypass for every address of a family (<Cidrs>) with BypassAllowsEveryone' -TestCases @(
        @{ Cidrs = @('0.0.0.0/0') }
        @{ Cidrs = @('::/0') }
        @{ Cidrs = @('0.0.0.0/1', '128.0.0.0/1') }
        @{ Cidrs = @('203.0.113.7/32', '::/1', '8000::/1') }
    ) {
        $id = Get-StopErrorId { Enable-Maintenance @common -AllowSourceIp $Cidrs }
        $id | Should -BeLike 'BypassAllowsEveryone,*'
        $message = try { Enable-Maintenance @common -AllowSourceIp $Cidrs } catch { "$_" }
        $message | Should -BeLike '*leave -AllowSourceIp out*'
    }

    It 'an empty -AllowHeader with AllowHeaderEmpty' {
        $id = Get-StopErrorId { Enable-Maintenance @common -AllowHeader @{} }
        $id | Should -BeLike 'AllowHeaderEmpty,*'
    }

    It 'a listener holding a rule with no actions, with InvalidListenerRule' {
        $odd = New-EdgeAlb 'no-actions' @(10)
        # moto takes a rule with no actions (AWS would not); New-UserRule insists on some, so straight to moto.
        $spec = @{ Conditions = @(@{ Field = 'path-pattern'; PathPatternConfig = @{ Values = @('/odd') } }); Actions = @() } | ConvertTo-Json -Depth 10 -Compress
        Invoke-MotoState -Endpoint $Endpoint -ArgumentList @('create-rule', '--listener', $odd.ListenerArn, '--priority', '20') -InputText $spec | Out-Null
        @(Get-UserRule (Get-State $odd.ListenerArn) | Where-Object { @($_.Actions).Count -eq 0 }).Count | Should -Be 1
        $oddBefore = Get-State $odd.ListenerArn
        $id = Get-StopErrorId { Enable-Maintenance -LoadBalancerName 'no-actions' -PageUri $odd.PageUri -AllowSourceIp '203.0.113.7/32' -EndpointUrl $Endpoint -Force -ErrorAction Stop }
        $id | Should -BeLike 'InvalidListenerRule,*'
        (Get-State $odd.ListenerArn).Json | Should -Be $oddBefore.Json
    }
}
