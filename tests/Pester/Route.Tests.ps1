# Resolve-ListenerRoute, Test-MaintenancePage and the local preview (Start-/Stop-MaintenancePreview) of the
# BUILT module against moto: routes on a sample ALB, the page and the bypass during maintenance, the preview
# answering as the listener would, and the page rendered by a headless Chromium.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-TestSession -Name 'route'
    $script:Endpoint = $Moto.Endpoint

    $script:AllowedCidr = '203.0.113.7/32'
    # The sample page of tools/New-SampleAlb.py.
    $script:PageText = "We'll be back soon"

    function Resolve-Sample([string] $ListenerArn, [string] $Uri, [hashtable] $Extra = @{}) {
        Resolve-ListenerRoute -ListenerArn $ListenerArn -Uri $Uri -EndpointUrl $script:Endpoint @Extra
    }

    function Invoke-Preview([string] $Url, [hashtable] $Headers = @{}) {
        Invoke-WebRequest -Uri $Url -Headers $Headers -SkipHttpErrorCheck -MaximumRedirection 0 -NoProxy -UseBasicParsing
    }
}

AfterAll {
    Stop-TestSession
}

Describe 'Resolve-ListenerRoute on a sample load balancer' {
    BeforeAll {
        # Rules 1..5 of New-SampleAlb.py: 1 path /api/v1/* -> weighted forward; 2 header X-Canary: group-2 ->
        # redirect to HTTPS; 3 source 10.3.0.0/16 and path /admin/* -> fixed 200; 4 host app4.example.com ->
        # forward tg-a; 5 path /api/v5/* -> forward tg-b; default -> forward tg-a.
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'route' -Rules 5
    }

    It 'routes <Uri> from <Source> to rule <Priority>' -TestCases @(
        @{ Uri = 'https://shop.example.com/api/v1/orders'; Source = '192.0.2.1'; Header = @{}; Priority = '1'; Action = 'forward to route-tg-a (weight 80), route-tg-b (weight 20)' }
        @{ Uri = 'http://shop.example.com/cart?id=7'; Source = '192.0.2.1'; Header = @{ 'x-canary' = 'GROUP-2' }; Priority = '2'; Action = 'redirect 301 to https://#{host}:443/#{path}?#{query}' }
        @{ Uri = 'https://shop.example.com/admin/users'; Source = '10.3.1.1'; Header = @{}; Priority = '3'; Action = 'fixed-response 200 text/plain' }
        @{ Uri = 'https://shop.example.com/admin/users'; Source = '10.4.1.1'; Header = @{}; Priority = 'default'; Action = 'forward to route-tg-a' }
        @{ Uri = 'https://APP4.Example.com/x'; Source = '192.0.2.1'; Header = @{}; Priority = '4'; Action = 'forward to route-tg-a' }
        @{ Uri = 'https://shop.example.com/api/v5/x'; Source = '192.0.2.1'; Header = @{}; Priority = '5'; Action = 'forward to route-tg-b' }
        @{ Uri = 'https://shop.example.com/API/v5/x'; Source = '192.0.2.1'; Header = @{}; Priority = 'default'; Action = 'forward to route-tg-a' }
    ) {
        $route = Resolve-Sample $alb.ListenerArn $Uri @{ SourceIp = $Source; Header = $Header }
        $route.Priority | Should -Be $Priority
        $route.IsDefault | Should -Be ($Priority -eq 'default')
        $route.Action | Should -BeExactly $Action
        $route.IsMaintenancePage | Should -BeFalse
        $route.IsBypass | Should -BeFalse
        $route.ListenerArn | Should -Be $alb.ListenerArn
    }

    It 'gives the Location of a redirect' {
        $route = Resolve-Sample $alb.ListenerArn 'http://shop.example.com/cart?id=7' @{ Header = @{ 'X-Canary' = 'group-2' } }
        $route.RedirectLocation | Should -Be 'https://shop.example.com:443/cart?id=7'
    }

    It 'takes the listener ARN from the pipeline by property name' {
        $routes = @([pscustomobject]@{ ListenerArn = $alb.ListenerArn }, [pscustomobject]@{ ListenerArn = $alb.ListenerArn }) |
            Resolve-ListenerRoute -Uri 'https://app4.example.com/' -EndpointUrl $Endpoint
        @($routes).Count | Should -Be 2
        $routes.Priority | Should -Be @('4', '4')
    }

    It 'never writes a header value, in output or verbose' {
        $secret = 'hunter2-do-not-print'
        $all = Resolve-Sample $alb.ListenerArn 'https://shop.example.com/' @{ Header = @{ 'X-Bypass' = $secret }; Verbose = $true } 4>&1
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $route = @($all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $verbose.Count | Should -BeGreaterThan 0
        ($verbose.Message -join "`n") | Should -Not -Match $secret
        ($route | ConvertTo-Json -Depth 10) | Should -Not -Match $secret
        $route[0].Request | Should -Match 'X-Bypass'
    }

    It 'refuses <Name>' -TestCases @(
        @{ Name = 'a relative URI'; Extra = @{ Uri = '/cart' }; ErrorId = 'InvalidUri' }
        @{ Name = 'an ftp URI'; Extra = @{ Uri = 'ftp://shop.example.com/' }; ErrorId = 'InvalidUri' }
        @{ Name = 'a source that is no address'; Extra = @{ Uri = 'https://shop.example.com/'; SourceIp = '10.0.0.0/8' }; ErrorId = 'InvalidSourceIp' }
    ) {
        { Resolve-ListenerRoute -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint @Extra } | Should -Throw -ErrorId "$ErrorId,*"
    }

    It 'reports a listener that does not exist as ListenerNotFound' {
        $missing = $alb.ListenerArn -replace '/[0-9a-f]+$', '/0123456789abcdef'
        { Resolve-ListenerRoute -ListenerArn $missing -Uri 'https://shop.example.com/' -EndpointUrl $Endpoint -ErrorAction Stop } | Should -Throw -ErrorId 'ListenerNotFound*'
    }
}

Describe 'Routes and the preview during maintenance' {
    BeforeAll {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'route-maint' -Rules 5
        Enable-Maintenance -LoadBalancerName 'route-maint' -PageUri $alb.PageUri -AllowSourceIp $AllowedCidr -EndpointUrl $Endpoint -Force | Out-Null
        $preview = Start-MaintenancePreview -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint
    }
    AfterAll {
        if ($preview) { $preview | Stop-MaintenancePreview -ErrorAction SilentlyContinue }
        # The last test ends maintenance itself; this is for when it failed first.
        Disable-Maintenance -LoadBalancerName 'route-maint' -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
    }

    It 'sends a request from 198.51.100.1 to the page rule' {
        $route = Resolve-Sample $alb.ListenerArn 'https://shop.example.com/api/v1/orders' @{ SourceIp = '198.51.100.1' }
        $route.IsMaintenancePage | Should -BeTrue
        $route.IsBypass | Should -BeFalse
        $route.Role | Should -Be 'maintenance'
        $route.Action | Should -BeExactly 'fixed-response 503 text/html'
    }

    It 'sends the same request from 203.0.113.7 to the bypass copy of the rule it had before' {
        $route = Resolve-Sample $alb.ListenerArn 'https://shop.example.com/api/v1/orders' @{ SourceIp = '203.0.113.7' }
        $route.IsBypass | Should -BeTrue
        $route.IsMaintenancePage | Should -BeFalse
        $route.Action | Should -BeExactly 'forward to route-maint-tg-a (weight 80), route-maint-tg-b (weight 20)'
    }

    It 'serves the page with 503 on the preview' {
        $preview.Url | Should -Match '^http://127\.0\.0\.1:\d+/$'
        $response = Invoke-Preview $preview.Url
        $response.StatusCode | Should -Be 503
        $response.Headers['Content-Type'] | Should -Be 'text/html; charset=utf-8'
        $response.Content | Should -Match ([regex]::Escape($PageText))
        $response.Headers['X-Preview-Role'] | Should -Be 'maintenance'
    }

    It 'lets an allowed address (X-Forwarded-For) through on the preview' {
        $response = Invoke-Preview "$($preview.Url)api/v1/orders" @{ 'X-Forwarded-For' = '203.0.113.7' }
        $response.StatusCode | Should -Be 200
        $response.Headers['X-Preview-Role'] | Should -Be 'bypass'
        $response.Content | Should -Match 'forward: target groups route-maint-tg-a \(weight 80\), route-maint-tg-b \(weight 20\)'
    }

    It 'renders the page in a headless Chromium' -Skip:(-not (Get-Command chromium -CommandType Application -ErrorAction SilentlyContinue)) {
        # Skipped only when chromium is not installed (apt-get install chromium).
        $profileDir = Join-Path ([IO.Path]::GetTempPath()) "mm-chromium-$([guid]::NewGuid().ToString('N'))"
        $domFile = Join-Path $TestDrive 'dom.html'
        New-Item -ItemType Directory -Path $profileDir | Out-Null
        try {
            $arguments = @('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync', '--no-proxy-server', "--user-data-dir=$profileDir", '--dump-dom', $preview.Url)
            $process = Start-Process -FilePath (Get-Command chromium -CommandType Application | Select-Object -First 1).Source -ArgumentList $arguments `
                -RedirectStandardOutput $domFile -RedirectStandardError (Join-Path $TestDrive 'chromium.err') -PassThru
            if (-not $process.WaitForExit(120000)) { $process.Kill($true); throw 'chromium did not finish within 120 s.' }
            $dom = Get-Content $domFile -Raw
            $dom | Should -Not -BeNullOrEmpty -Because (Get-Content (Join-Path $TestDrive 'chromium.err') -Raw)
            $dom | Should -Match '<h1>We.ll be back soon</h1>'
        } finally {
            Remove-Item $profileDir -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    It 'stops the preview from the pipeline, after which it no longer answers' {
        $second = Start-MaintenancePreview -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint
        $second.Id | Should -Not -Be $preview.Id
        (Invoke-Preview $second.Url).StatusCode | Should -Be 503
        $second | Stop-MaintenancePreview
        { Invoke-WebRequest -Uri $second.Url -NoProxy -UseBasicParsing -TimeoutSec 5 } | Should -Throw
        { Stop-MaintenancePreview -Id $second.Id -ErrorAction Stop } | Should -Throw -ErrorId 'PreviewNotFound*'
    }

    It 'shows the listener as it is now, not as it was when the preview started' {
        $late = Start-MaintenancePreview -ListenerArn $alb.ListenerArn -EndpointUrl $Endpoint
        try {
            (Invoke-Preview $late.Url).StatusCode | Should -Be 503
            Disable-Maintenance -LoadBalancerName 'route-maint' -EndpointUrl $Endpoint -Force | Out-Null
            # The preview reads the rules again once they are a second old; poll the answer, not the clock.
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            do { $status = (Invoke-Preview $late.Url).StatusCode } while ($status -eq 503 -and [DateTime]::UtcNow -lt $deadline)
            $status | Should -Be 200
        } finally {
            $late | Stop-MaintenancePreview
        }
    }
}

Describe 'Test-MaintenancePage' {
    BeforeAll {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'page-test' -Rules 0
    }

    It 'fills the tokens of a local page, encoded for HTML, and measures it' {
        $path = Write-Utf8File -Path (Join-Path $TestDrive 'tokens.html') -Text '<h1>Back {{UntilRelative}}</h1><p>{{Reason}} (until {{Until}})</p>'
        $page = Test-MaintenancePage -PagePath $path -Reason '<b>DB</b> upgrade' -Until '10:00 UTC'
        $page.Content | Should -Match '&lt;b&gt;DB&lt;/b&gt; upgrade \(until 10:00 UTC\)'
        $page.Content | Should -Match '<h1>Back in \d'
        $page.Fits | Should -BeTrue
        $page.Minified | Should -BeFalse
        $page.Characters | Should -Be $page.Content.Length
        $page.CharactersLeft | Should -Be (1024 - $page.Characters)
        $page.ContentType | Should -Be 'text/html'
    }

    It 'takes a [datetime] for -Until' {
        $path = Write-Utf8File -Path (Join-Path $TestDrive 'until.txt') -Text 'Back {{UntilRelative}}'
        (Test-MaintenancePage -PagePath $path -Until (Get-Date).AddMinutes(90).AddSeconds(10)).Content | Should -Be 'Back in 1 hour 30 minutes'
    }

    It 'minifies a page over 1024 characters (NUglify loads in the module)' {
        $path = Write-Utf8File -Path (Join-Path $TestDrive 'big.html') -Text ("<html>`n<body>`n<!-- notes for the designer -->`n<h1>Back soon</h1>" + (' ' * 1500) + "`n</body>`n</html>")
        $page = Test-MaintenancePage -PagePath $path
        $page.Minified | Should -BeTrue
        $page.Fits | Should -BeTrue
        $page.RenderedCharacters | Should -BeGreaterThan 1024
        $page.Content | Should -Match 'Back soon'
        $page.Content | Should -Not -Match 'designer'
    }

    It 'reports a page too large even minified, with a warning' {
        $path = Write-Utf8File -Path (Join-Path $TestDrive 'huge.html') -Text ('<p>' + ('a' * 1500) + '</p>')
        $page = Test-MaintenancePage -PagePath $path -WarningVariable warnings -WarningAction SilentlyContinue
        $page.Fits | Should -BeFalse
        $page.Problem | Should -Match 'over'
        ($warnings -join "`n") | Should -Match 'at most 1024'
    }

    It 'reads a page from S3 with its stored content type' {
        $page = Test-MaintenancePage -PageUri $alb.PageUri -EndpointUrl $Endpoint
        $page.ContentType | Should -Be 'text/html'
        $page.Content | Should -Match ([regex]::Escape($PageText))
        $page.Source | Should -Be $alb.PageUri
    }

    It 'refuses <Name> with <ErrorId>' -TestCases @(
        @{ Name = 'a missing file'; Arguments = @{ PagePath = 'no-such-page.html' }; ErrorId = 'PageFileNotFound' }
        @{ Name = 'a missing S3 object'; Arguments = @{ PageUri = 's3://page-test-maintenance/none.html' }; ErrorId = 'PageNotFound' }
    ) {
        { Test-MaintenancePage @Arguments -EndpointUrl $Endpoint -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId*"
    }
}
