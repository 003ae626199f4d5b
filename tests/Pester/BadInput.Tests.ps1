# Bad input the other files do not cover: each is refused with its stable id, and nothing changes.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-TestSession -Name 'badinput'
    $script:Scratch = $Moto.Scratch
    $script:Endpoint = $Moto.Endpoint
    $script:Alb = New-SampleAlb -Endpoint $Endpoint -Name 'bad-input' -Rules 3
    $script:Before = (Get-ListenerState -Endpoint $Endpoint -ListenerArn $Alb.ListenerArn).Json

    function Assert-Unchanged {
        (Get-ListenerState -Endpoint $script:Endpoint -ListenerArn $script:Alb.ListenerArn).Json | Should -Be $script:Before
        @(Get-S3Key -Endpoint $script:Endpoint -Bucket $script:Alb.Bucket -Prefix 'maintenance-mode/') | Should -BeNullOrEmpty -Because 'no snapshot or lock is written for refused input'
    }
}

AfterAll {
    Stop-TestSession
}

Describe 'Pages that cannot be a fixed response' {
    It 'refuses an empty page (PageEmpty)' {
        $path = Write-Utf8File -Path (Join-Path $Scratch 'empty.html') -Text ''
        { Enable-Maintenance -LoadBalancerName 'bad-input' -PagePath $path -StateUri "s3://$($Alb.Bucket)/maintenance-mode/" -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'PageEmpty,*'
        Assert-Unchanged
    }

    It 'takes -ContentType only from the types ALB sends, and completes them from the same list' {
        $path = Write-Utf8File -Path (Join-Path $Scratch 'typed.html') -Text '<p>back soon</p>'
        { Enable-Maintenance -LoadBalancerName 'bad-input' -PagePath $path -ContentType 'application/xml' -StateUri "s3://$($Alb.Bucket)/maintenance-mode/" -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        (Test-MaintenancePage -PagePath $path -ContentType 'text/plain').ContentType | Should -Be 'text/plain'
        $line = 'Test-MaintenancePage -ContentType application/'
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) |
            Should -Be @('application/javascript', 'application/json')
        Assert-Unchanged
    }

    It 'refuses a page from S3 that is not UTF-8 (PageNotUtf8)' {
        $path = Join-Path $Scratch 'latin1.html'
        [IO.File]::WriteAllBytes($path, [byte[]](0x3C, 0x70, 0x3E, 0xE9, 0xE8, 0x3C, 0x2F, 0x70, 0x3E))
        Send-S3Object -Endpoint $Endpoint -Bucket $Alb.Bucket -Key 'latin1.html' -Path $path -ContentType 'text/html' | Out-Null
        { Enable-Maintenance -LoadBalancerName 'bad-input' -PageUri "s3://$($Alb.Bucket)/latin1.html" -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'PageNotUtf8,*'
        Assert-Unchanged
    }

    It 'refuses a page whose content type ALB cannot send (UnsupportedContentType)' {
        $path = Write-Utf8File -Path (Join-Path $Scratch 'page.xml') -Text '<down/>'
        Send-S3Object -Endpoint $Endpoint -Bucket $Alb.Bucket -Key 'page.xml' -Path $path -ContentType 'application/xml' | Out-Null
        { Enable-Maintenance -LoadBalancerName 'bad-input' -PageUri "s3://$($Alb.Bucket)/page.xml" -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'UnsupportedContentType,*'
        Assert-Unchanged
    }
}

Describe 'A page that does not exist' {
    # The page is fetched while the listener is found and read; it still stops the command before any plan.
    It 'stops Enable with PageNotFound and changes nothing' {
        { Enable-Maintenance -LoadBalancerName 'bad-input' -PageUri "s3://$($Alb.Bucket)/gone.html" -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'PageNotFound,*'
        Assert-Unchanged
    }

    It 'is reported even when the listener does not exist either' {
        $missing = $Alb.ListenerArn -replace '[0-9a-f]{16}$', '0000000000000000'
        $Error.Clear()
        { Enable-Maintenance -ListenerArn $missing -PageUri "s3://$($Alb.Bucket)/gone.html" -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'PageNotFound,*'
        @($Error | Where-Object { "$($_.FullyQualifiedErrorId)" -like 'ListenerNotFound,*' }).Count | Should -Be 1
        Assert-Unchanged
    }

    It 'is reported even when no listener comes down the pipeline' {
        { @() | Enable-Maintenance -PageUri "s3://$($Alb.Bucket)/gone.html" -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'PageNotFound,*'
        Assert-Unchanged
    }
}

Describe 'Targets that cannot take a maintenance page' {
    It 'says a load balancer with no HTTP or HTTPS listener has nothing to change (NoHttpListener)' {
        $bare = New-SampleAlb -Endpoint $Endpoint -Name 'no-listener' -Rules 0
        Invoke-MotoState -Endpoint $Endpoint -ArgumentList @('delete-listener', '--listener', $bare.ListenerArn) | Out-Null
        { Enable-Maintenance -LoadBalancerName 'no-listener' -PageUri $bare.PageUri -EndpointUrl $Endpoint -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'NoHttpListener,*'
    }

    It 'finds nothing in the wrong region and says to check -Region (LoadBalancerNotFound)' {
        $err = $null
        Enable-Maintenance -LoadBalancerName 'bad-input' -PageUri $Alb.PageUri -Region 'eu-west-3' -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LoadBalancerNotFound,*'
        $err[0].Exception.Message | Should -Match '-Region'
        Assert-Unchanged
    }

    It 'refuses a malformed load balancer ARN (InvalidLoadBalancerArn)' {
        { Get-MaintenanceStatus -LoadBalancerArn 'arn:aws:elasticloadbalancing:us-east-1:123:loadbalancer/app/x' -EndpointUrl $Endpoint -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidLoadBalancerArn,*'
    }

    It 'refuses a listener ARN that does not exist (ListenerNotFound)' {
        $missing = $Alb.ListenerArn -replace '/[0-9a-f]+$', '/0000000000000000'
        { Disable-Maintenance -ListenerArn $missing -EndpointUrl $Endpoint -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'ListenerNotFound,*'
    }
}

Describe 'Bad parameters stop before anything is read' {
    It 'refuses a header name ALB cannot match (InvalidHeaderName)' {
        { Enable-Maintenance -LoadBalancerName 'bad-input' -PageUri $Alb.PageUri -AllowHeader @{ 'X Bad:Name' = 'v' } -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'InvalidHeaderName,*'
        Assert-Unchanged
    }

    It 'refuses a status code outside 200-599 at binding' {
        { Enable-Maintenance -LoadBalancerName 'bad-input' -PageUri $Alb.PageUri -StatusCode 99 -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'refuses a -StateUri that is not an S3 location (InvalidS3Uri)' {
        { Enable-Maintenance -LoadBalancerName 'bad-input' -PageUri $Alb.PageUri -StateUri 'https://bucket/prefix' -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'InvalidS3Uri,*'
        Assert-Unchanged
    }
}
