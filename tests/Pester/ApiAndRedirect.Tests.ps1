# -ApiPathPattern (JSON for API clients) and -RedirectUrl (a hosted page) of the BUILT module against moto.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-TestSession -Name 'apiandredirect'
    $script:Endpoint = $Moto.Endpoint
}

AfterAll {
    Stop-TestSession
}

Describe 'Enable-Maintenance -ApiPathPattern' {
    It 'answers API paths and JSON clients with JSON above the page, and Disable gives the listener back exactly' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'api-json' -Rules 5
        $before = Get-State $alb.ListenerArn

        $status = Enable-Maintenance -LoadBalancerName 'api-json' -PageUri $alb.PageUri -ApiPathPattern '/api/*' -Reason 'DB upgrade' -EndpointUrl $Endpoint -Force
        $status.ApiPathPattern | Should -Be @('/api/*')

        $during = Get-State $alb.ListenerArn
        $page = Get-RuleByRole $during -Role maintenance
        $api = Get-RuleByRole $during -Role api
        $api.Count | Should -Be 2 -Because 'one rule for the paths and one for requests whose Accept asks for JSON'
        foreach ($rule in $api) {
            [int]$rule.Priority | Should -BeLessThan ([int]$page[0].Priority)
            $rule.Actions[0].FixedResponseConfig.ContentType | Should -Be 'application/json'
            $rule.Actions[0].FixedResponseConfig.StatusCode | Should -Be '503'
            ($rule.Actions[0].FixedResponseConfig.MessageBody | ConvertFrom-Json).reason | Should -Be 'DB upgrade'
        }
        @($api.Conditions.PathPatternConfig.Values) | Should -Contain '/api/*'
        @($api.Conditions.HttpHeaderConfig | Where-Object HttpHeaderName -EQ 'Accept').Count | Should -Be 1

        Disable-Maintenance -LoadBalancerName 'api-json' -EndpointUrl $Endpoint -Force | Out-Null
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }
}

Describe 'Enable-Maintenance -RedirectUrl' {
    It 'sends every visitor to the hosted page with a 302, needing -StateUri when there is no page bucket' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'redirect' -Rules 2
        $before = Get-State $alb.ListenerArn
        $stateUri = "s3://$($alb.Bucket)/state/"

        { Enable-Maintenance -LoadBalancerName 'redirect' -RedirectUrl 'https://status.example.com/' -EndpointUrl $Endpoint -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'StateUriRequired,*'
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json -Because 'a refused listener is not changed'

        $status = Enable-Maintenance -LoadBalancerName 'redirect' -RedirectUrl 'https://status.example.com/down?from=shop' -StateUri $stateUri -EndpointUrl $Endpoint -Force
        $status.StatusCode | Should -Be 302
        $status.RedirectUrl | Should -Be 'https://status.example.com/down?from=shop'
        $redirect = (Get-RuleByRole (Get-State $alb.ListenerArn) -Role maintenance)[0].Actions[0].RedirectConfig
        $redirect.Host | Should -Be 'status.example.com'
        $redirect.Path | Should -Be '/down'
        $redirect.Query | Should -Be 'from=shop'
        $redirect.StatusCode | Should -Be 'HTTP_302'

        Disable-Maintenance -LoadBalancerName 'redirect' -EndpointUrl $Endpoint -Force | Out-Null
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }

    It 'refuses a page and a redirect together, and a relative redirect, before reading anything' {
        { Enable-Maintenance -LoadBalancerName 'nothing' -PageUri 's3://b/p.html' -RedirectUrl 'https://status.example.com/' -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'PageRequired,*'
        { Enable-Maintenance -LoadBalancerName 'nothing' -RedirectUrl '/status' -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'InvalidRedirectUrl,*'
    }
}

Describe 'Who gets the page and who gets through' {
    It 'is shown by -WhatIf for the state the plan would leave, and by Get-MaintenanceStatus for the state now' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'who-gets' -Rules 3
        $before = Get-State $alb.ListenerArn

        # -WhatIf text goes to the host, not to a stream: only a child process's stdout shows it.
        $run = Invoke-ModuleInChild -Command "Enable-Maintenance -LoadBalancerName 'who-gets' -PageUri '$($alb.PageUri)' -AllowSourceIp '203.0.113.7/32' -AllowHeader @{ 'X-Bypass' = 'hush-hush' } -EndpointUrl '$Endpoint' -WhatIf"
        $run.ErrorIds | Should -BeNullOrEmpty
        $text = $run.StdOut -join "`n"
        $text | Should -Match 'Then:'
        $text | Should -Match 'from 192\.0\.2\.1 gets the page'
        $text | Should -Match 'from 203\.0\.113\.7 gets through'
        $text | Should -Match 'with header X-Bypass gets through'
        $text | Should -Not -Match 'hush-hush' -Because 'header values are secrets'
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json

        $status = Enable-Maintenance -LoadBalancerName 'who-gets' -PageUri $alb.PageUri -AllowSourceIp '203.0.113.7/32' -EndpointUrl $Endpoint -Force
        $status.SampleRoutes | Where-Object { $_ -match 'from 192\.0\.2\.1 gets the page' } | Should -Not -BeNullOrEmpty
        $status.SampleRoutes | Where-Object { $_ -match 'from 203\.0\.113\.7 gets through' } | Should -Not -BeNullOrEmpty
        Disable-Maintenance -LoadBalancerName 'who-gets' -EndpointUrl $Endpoint -Force | Out-Null
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }
}
