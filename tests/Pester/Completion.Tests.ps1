# Tab completion of -LoadBalancerName and -ListenerArn against moto behind the AWS-behaviour layer
# (Start-TestAws), through TabExpansion2 as the console calls it. The completers list from the account
# named on the line (-Region, -EndpointUrl).

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Function Start-TestAws, Stop-TestAws, Get-FreeTcpPort -Force
    Import-Module (Join-Path $Root 'MaintenanceMode.psd1') -Force

    $python = Get-Command python3, python -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $python) { throw 'python3 was not found on PATH; tools/New-SampleAlb.py needs it (with boto3, which moto installs).' }
    # The completers talk to .Endpoint (the layer); the sample load balancers are made on moto itself.
    $script:Moto = Start-TestAws
    $script:Samples = @{}
    foreach ($name in 'shop', 'staging') {
        $json = & $python.Source (Join-Path $Root 'tools/New-SampleAlb.py') --endpoint $Moto.MotoEndpoint --name $name --rules 1
        if ($LASTEXITCODE -ne 0) { throw "New-SampleAlb.py failed: $json" }
        $Samples[$name] = $json | ConvertFrom-Json
    }
    $nlb = & $python.Source (Join-Path $Root 'tools/New-SampleAlb.py') --endpoint $Moto.MotoEndpoint --name 'shop-tcp' --nlb
    if ($LASTEXITCODE -ne 0) { throw "New-SampleAlb.py --nlb failed: $nlb" }

    # Emulator-only keys for the completers' default credential chain; restored afterwards.
    function Set-EnvironmentVariable([string] $Name, [AllowNull()][string] $Value) {
        # Through the Env: drive: a .NET call would turn $null into an empty string, which is not "unset".
        if ([string]::IsNullOrEmpty($Value)) { Remove-Item "Env:$Name" -ErrorAction SilentlyContinue } else { Set-Item "Env:$Name" -Value $Value }
    }
    $script:SavedEnvironment = @{}
    foreach ($pair in @{ AWS_ACCESS_KEY_ID = 'testing'; AWS_SECRET_ACCESS_KEY = 'testing'; AWS_EC2_METADATA_DISABLED = 'true'; AWS_PROFILE = $null; AWS_SESSION_TOKEN = $null }.GetEnumerator()) {
        $SavedEnvironment[$pair.Key] = [Environment]::GetEnvironmentVariable($pair.Key)
        Set-EnvironmentVariable $pair.Key $pair.Value
    }

    # Completion gives up after two seconds by design. The first AWS call of a process also compiles the
    # session and signing code; make it here, so a slow machine does not look like a slow account.
    $null = Get-MaintenanceStatus -EndpointUrl $Moto.Endpoint -Region us-east-1 -LoadBalancerName staging

    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }
}

AfterAll {
    if ($SavedEnvironment) { foreach ($pair in $SavedEnvironment.GetEnumerator()) { Set-EnvironmentVariable $pair.Key $pair.Value } }
    if ($Moto) { Stop-TestAws $Moto }
}

Describe '-LoadBalancerName completion' {
    It 'completes sh to shop, the only Application Load Balancer starting with it' {
        $matches_ = Get-Completion "Get-MaintenanceStatus -EndpointUrl $($Moto.Endpoint) -Region us-east-1 -LoadBalancerName sh"
        $matches_.CompletionText | Should -Be @('shop')
        $matches_[0].ResultType | Should -Be 'ParameterValue'
        $matches_[0].ToolTip | Should -Match 'shop'
    }

    It 'offers every Application Load Balancer for an empty word, and no network load balancer' {
        $texts = (Get-Completion "Enable-Maintenance -EndpointUrl $($Moto.Endpoint) -Region us-east-1 -LoadBalancerName ").CompletionText
        $texts | Should -Be @('shop', 'staging')
    }

    It 'completes the positional target too' {
        (Get-Completion "Disable-Maintenance -EndpointUrl $($Moto.Endpoint) -Region us-east-1 st").CompletionText | Should -Be @('staging')
    }

    It 'keeps the quote the word started with' {
        (Get-Completion "Get-MaintenanceStatus -EndpointUrl $($Moto.Endpoint) -Region us-east-1 -LoadBalancerName 'sh").CompletionText | Should -Be @("'shop'")
    }

    It 'offers nothing, without an error, when the account cannot be reached' {
        $closed = "http://127.0.0.1:$(Get-FreeTcpPort)"
        $Error.Clear()
        Get-Completion "Get-MaintenanceStatus -EndpointUrl $closed -Region us-east-1 -LoadBalancerName sh" | Should -BeNullOrEmpty
        $Error.Count | Should -Be 0
    }
}

Describe '-ListenerArn completion' {
    It 'completes the listeners of the load balancer whose name is typed' {
        $texts = (Get-Completion "Get-MaintenanceStatus -EndpointUrl $($Moto.Endpoint) -Region us-east-1 -ListenerArn shop").CompletionText
        $texts | Should -Be @($Samples.shop.ListenerArns)
    }

    It 'completes the start of an ARN' {
        $arn = @($Samples.staging.ListenerArns)[0]
        $texts = (Get-Completion "Get-MaintenanceStatus -EndpointUrl $($Moto.Endpoint) -Region us-east-1 -ListenerArn $($arn.Substring(0, $arn.Length - 4))").CompletionText
        $texts | Should -Be @($arn)
    }
}
