# -AllowPath and -AllowHost of the BUILT module through the AWS-behaviour layer (Start-TestAws): a listener whose rules use every condition kind,
# routes checked with Resolve-ListenerRoute (the rule matcher) and on the preview, then Disable gives the
# listener back exactly. Bad patterns and patterns that overlap a rule's only in part change nothing.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-TestSession -Name 'allowpath'
    $script:Endpoint = $Moto.Endpoint

    function Resolve-Sample([string] $ListenerArn, [string] $Uri, [hashtable] $Extra = @{}) {
        Resolve-ListenerRoute -ListenerArn $ListenerArn -Uri $Uri -EndpointUrl $script:Endpoint @Extra
    }

    # New-SampleAlb's rules 1..5 (path /api/v1/*; header X-Canary; source 10.3.0.0/16 + path /admin/*; host
    # app4.example.com; path /api/v5/*) plus the kinds it lacks: query-string with method, and a wildcard host.
    function New-EveryConditionAlb([string] $Name) {
        $alb = New-SampleAlb -Endpoint $script:Endpoint -Name $Name -Rules 5
        New-UserRule -Endpoint $script:Endpoint -ListenerArn $alb.ListenerArn -Priority 6 `
            -Conditions @(
                @{ Field = 'query-string'; QueryStringConfig = @{ Values = @(@{ Key = 'mode'; Value = 'debug' }) } },
                @{ Field = 'http-request-method'; HttpRequestMethodConfig = @{ Values = @('POST') } }) `
            -Actions @(@{ Type = 'fixed-response'; FixedResponseConfig = @{ StatusCode = '202'; ContentType = 'text/plain'; MessageBody = 'debug' } }) | Out-Null
        New-UserRule -Endpoint $script:Endpoint -ListenerArn $alb.ListenerArn -Priority 7 `
            -Conditions @(@{ Field = 'host-header'; HostHeaderConfig = @{ Values = @('*.example.com') } }) `
            -Actions @(@{ Type = 'fixed-response'; FixedResponseConfig = @{ StatusCode = '200'; ContentType = 'text/plain'; MessageBody = 'sites' } }) | Out-Null
        $alb
    }
}

AfterAll {
    Stop-TestSession
}

Describe 'Enable-Maintenance -AllowPath -AllowHost on a listener with every condition kind' {
    BeforeAll {
        $alb = New-EveryConditionAlb 'allow-every'
        $before = Get-State $alb.ListenerArn
        # Requests that match an allowance (a path or the host), each reaching a different rule before.
        $allowed = @(
            @{ Uri = 'https://shop.example.org/health'; Extra = @{} }                                     # the default rule
            @{ Uri = 'https://shop.example.org/api/v1/hooks/stripe'; Extra = @{} }                        # rule 1, narrowed to /api/v1/hooks/*
            @{ Uri = 'http://shop.example.org/health'; Extra = @{ Header = @{ 'X-Canary' = 'group-2' } } } # rule 2 (http-header)
            @{ Uri = 'https://shop.example.org/health'; Extra = @{ SourceIp = '10.3.1.1' } }              # rule 3 does not match: default
            @{ Uri = 'https://status.example.com/x?mode=debug'; Extra = @{ Method = 'POST' } }            # rule 6 (query-string, method)
            @{ Uri = 'https://STATUS.example.com/x'; Extra = @{} }                                        # rule 7 (host wildcard), any case
        )
        $notAllowed = @(
            @{ Uri = 'https://shop.example.org/api/v1/orders'; Extra = @{} }
            @{ Uri = 'https://app4.example.com/health/x'; Extra = @{} }
            @{ Uri = 'https://www.example.com/x'; Extra = @{} }
            @{ Uri = 'https://shop.example.org/Health'; Extra = @{} }
        )
        $routesBefore = @($allowed | ForEach-Object { Resolve-Sample $alb.ListenerArn $_.Uri $_.Extra })

        # -WhatIf text goes to the host, not to a stream: only a child process's stdout shows it.
        $whatIf = (Invoke-ModuleInChild -Command "Enable-Maintenance -LoadBalancerName 'allow-every' -PageUri '$($alb.PageUri)' -EndpointUrl '$Endpoint' -AllowPath '/health', '/api/v1/hooks/*' -AllowHost 'status.example.com' -WhatIf").StdOut
        $afterWhatIf = Get-State $alb.ListenerArn
        $enabled = Enable-Maintenance -LoadBalancerName 'allow-every' -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force `
            -AllowPath '/health', '/api/v1/hooks/*' -AllowHost 'status.example.com'
        $during = Get-State $alb.ListenerArn
    }
    AfterAll {
        Disable-Maintenance -LoadBalancerName 'allow-every' -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
    }

    It '-WhatIf names the copies and the sample routes for each allowed path and host, and changes nothing' {
        $afterWhatIf.Json | Should -Be $before.Json
        $whatIf | Should -Match 'for paths /api/v1/hooks/\*'
        $whatIf | Should -Match 'for hosts status\.example\.com'
        $whatIf | Should -Match '/health from \S+ gets through'
        $whatIf | Should -Match 'status\.example\.com:\d+/ from \S+ gets through'
    }

    It 'routes allowed request <Index> exactly as before, through a bypass copy' -ForEach @(0..5 | ForEach-Object { @{ Index = $_ } }) {
        $request = $allowed[$Index]
        $route = Resolve-Sample $alb.ListenerArn $request.Uri $request.Extra
        $route.IsMaintenancePage | Should -BeFalse -Because "$($request.Uri) is allowed"
        $route.IsBypass | Should -BeTrue
        $route.Action | Should -BeExactly $routesBefore[$Index].Action
    }

    It 'sends request <Index> that matches no allowance to the page' -ForEach @(0..3 | ForEach-Object { @{ Index = $_ } }) {
        $request = $notAllowed[$Index]
        $route = Resolve-Sample $alb.ListenerArn $request.Uri $request.Extra
        $route.IsMaintenancePage | Should -BeTrue -Because "$($request.Uri) matches no allowance"
    }

    It 'keeps the allowances in the record: Get-MaintenanceStatus shows them and sample routes for them' {
        $status = Get-MaintenanceStatus -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint
        @($status.AllowPath) | Should -Be @('/health', '/api/v1/hooks/*')
        @($status.AllowHost) | Should -Be @('status.example.com')
        $status.BypassRuleCount | Should -Be @(Get-RuleByRole $during 'bypass').Count
        $routes = $status.SampleRoutes -join "`n"
        $routes | Should -Match '/health from \S+ gets through'
        $routes | Should -Match 'status\.example\.com:\d+/ from \S+ gets through'
        $routes | Should -Not -Match 'from 10\.3\.' -Because 'rule 3''s own source-ip, kept by its copies, was never allowed'
        @($enabled.AllowPath).Count | Should -Be 2
    }

    It 'answers for an allowed path on the preview' {
        $preview = Start-MaintenancePreview -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint
        try {
            $through = Invoke-WebRequest -Uri "$($preview.Url)health" -SkipHttpErrorCheck -MaximumRedirection 0 -NoProxy -UseBasicParsing
            $through.Headers['X-Preview-Role'] | Should -Be 'bypass'
            $page = Invoke-WebRequest -Uri "$($preview.Url)cart" -SkipHttpErrorCheck -MaximumRedirection 0 -NoProxy -UseBasicParsing
            $page.StatusCode | Should -Be 503
        } finally {
            $preview | Stop-MaintenancePreview
        }
    }

    It 'Disable gives the listener back exactly' {
        $off = Disable-Maintenance -LoadBalancerName 'allow-every' -EndpointUrl $Endpoint -Force
        @($off.Drift).Count | Should -Be 0
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }
}

Describe 'Enable-Maintenance refuses -AllowPath and -AllowHost it cannot honour, before any change' {
    BeforeAll {
        $alb = New-EveryConditionAlb 'allow-refused'
        $before = Get-State $alb.ListenerArn
    }

    It 'refuses <Name> with <ErrorId>' -TestCases @(
        @{ Name = 'a path without a leading /'; Extra = @{ AllowPath = 'health' }; ErrorId = 'InvalidAllowPath' }
        @{ Name = 'an empty path'; Extra = @{ AllowPath = '' }; ErrorId = 'InvalidAllowPath' }
        @{ Name = 'a path over 128 characters'; Extra = @{ AllowPath = '/' + ('a' * 128) }; ErrorId = 'InvalidAllowPath' }
        @{ Name = 'a path with a space'; Extra = @{ AllowPath = '/a b' }; ErrorId = 'InvalidAllowPath' }
        @{ Name = 'a host that is not a host'; Extra = @{ AllowHost = 'localhost' }; ErrorId = 'InvalidAllowHost' }
        @{ Name = 'a host with a scheme'; Extra = @{ AllowHost = 'https://status.example.com' }; ErrorId = 'InvalidAllowHost' }
        @{ Name = 'a path that overlaps rule 1 only in part'; Extra = @{ AllowPath = '/*/v1/x' }; ErrorId = 'BypassNotPossible' }
        @{ Name = 'a host that overlaps rule 7 only in part'; Extra = @{ AllowHost = 'status.*' }; ErrorId = 'BypassNotPossible' }
    ) {
        $id = Get-StopErrorId { Enable-Maintenance -LoadBalancerName 'allow-refused' -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force -ErrorAction Stop @Extra }
        $id | Should -BeLike "$ErrorId,*"
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }
}
