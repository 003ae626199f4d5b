# Bad input, ALB limits moto does not enforce, and secrets, for the BUILT module against moto.
# Each refusal is checked by its stable error id (the FullyQualifiedErrorId starts with it) and, where a
# listener was named, by the listener being exactly as it was (read through boto3, not the module).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-TestSession -Name 'maintenance-errors'
    $script:Endpoint = $Moto.Endpoint

    $script:AllowedCidr = '203.0.113.7/32'

    # The FullyQualifiedErrorId of the error a call stops with (its non-terminating errors made terminating).
}

AfterAll {
    Stop-TestSession
}

Describe 'Bad input to Enable-Maintenance' {
    BeforeAll {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'bad-input' -Rules 5
        $before = Get-State $alb.ListenerArn
        $stateUri = "s3://$($alb.Bucket)/maintenance-mode/"
        $common = @{ LoadBalancerName = 'bad-input'; EndpointUrl = $Endpoint; Force = $true }
    }
    AfterEach {
        # Whatever a test tried, the listener must be as it was.
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }

    It 'refuses a page of 1025 characters (<Name>) with PageTooLarge' -TestCases @(
        @{ Name = 'ASCII'; Text = 'a' * 1025 }
        @{ Name = 'multibyte'; Text = ([string][char]0xE9) * 1025 }
    ) {
        $path = Write-Utf8File -Path (Join-Path $TestDrive "large-$Name.txt") -Text $Text
        { Enable-Maintenance @common -PagePath $path -StateUri $stateUri } | Should -Throw -ErrorId 'PageTooLarge,*'
    }

    It 'refuses a page of 1025 characters in S3 with PageTooLarge' {
        $path = Write-Utf8File -Path (Join-Path $TestDrive 'large-s3.html') -Text ('b' * 1025)
        Send-S3Object -Endpoint $Endpoint -Bucket $alb.Bucket -Key 'large.html' -Path $path -ContentType 'text/html' | Out-Null
        { Enable-Maintenance @common -PageUri "s3://$($alb.Bucket)/large.html" } | Should -Throw -ErrorId 'PageTooLarge,*'
    }

    It 'takes a page of 1024 multibyte characters (2048 bytes), body intact' {
        $text = ([string][char]0xE9) * 1024
        $path = Write-Utf8File -Path (Join-Path $TestDrive 'accents.txt') -Text $text
        (Get-Item $path).Length | Should -Be 2048
        $out = Enable-Maintenance @common -PagePath $path -StateUri $stateUri
        try {
            $out.Enabled | Should -BeTrue
            $page = @(Get-RuleByRole (Get-State $alb.ListenerArn) 'maintenance')
            $page.Count | Should -Be 1
            $page[0].Actions[0].FixedResponseConfig.MessageBody | Should -BeExactly $text
        } finally {
            Disable-Maintenance -LoadBalancerName 'bad-input' -EndpointUrl $Endpoint -Force | Out-Null
        }
    }

    It 'refuses a missing page key with PageNotFound' {
        { Enable-Maintenance @common -PageUri "s3://$($alb.Bucket)/no-such-page.html" } | Should -Throw -ErrorId 'PageNotFound,*'
    }

    It 'refuses a page in a missing bucket with PageBucketNotFound' {
        { Enable-Maintenance @common -PageUri 's3://no-such-bucket-for-pages/page.html' } | Should -Throw -ErrorId 'PageBucketNotFound,*'
    }

    It 'refuses an invalid CIDR with InvalidCidr' {
        { Enable-Maintenance @common -PageUri $alb.PageUri -AllowSourceIp '10.0.0.300/8' } | Should -Throw -ErrorId 'InvalidCidr,*'
    }

    It 'refuses status code 302 with InvalidStatusCode' {
        { Enable-Maintenance @common -PageUri $alb.PageUri -StatusCode 302 } | Should -Throw -ErrorId 'InvalidStatusCode,*'
    }

    It 'refuses both -PageUri and -PagePath with PageRequired' {
        $path = Write-Utf8File -Path (Join-Path $TestDrive 'both.html') -Text '<p>both</p>'
        { Enable-Maintenance @common -PageUri $alb.PageUri -PagePath $path } | Should -Throw -ErrorId 'PageRequired,*'
    }

    It 'refuses neither -PageUri nor -PagePath with PageRequired' {
        { Enable-Maintenance @common } | Should -Throw -ErrorId 'PageRequired,*'
    }

    It 'fails an unknown load balancer name with LoadBalancerNotFound' {
        $id = Get-StopErrorId { Enable-Maintenance -LoadBalancerName 'no-such-lb' -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force -ErrorAction Stop }
        $id | Should -BeLike 'LoadBalancerNotFound,*'
    }

    It 'fails a malformed listener ARN with InvalidListenerArn' {
        $id = Get-StopErrorId { Enable-Maintenance -ListenerArn 'arn:aws:elasticloadbalancing:us-east-1:123456789012:not-a-listener' -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force -ErrorAction Stop }
        $id | Should -BeLike 'InvalidListenerArn,*'
    }

    It 'goes on with the other targets after a per-listener error' {
        # Non-terminating: the unknown name is reported, the real one is still put into maintenance.
        $out = @(Enable-Maintenance -LoadBalancerName 'no-such-lb', 'bad-input' -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force -ErrorVariable perName -ErrorAction SilentlyContinue)
        try {
            @($perName | ForEach-Object FullyQualifiedErrorId) | Should -BeLike 'LoadBalancerNotFound,*'
            $out.Count | Should -Be 1
            $out[0].Enabled | Should -BeTrue
        } finally {
            Disable-Maintenance -LoadBalancerName 'bad-input' -EndpointUrl $Endpoint -Force | Out-Null
        }
    }

    It 'fails without a region with RegionNotResolved' {
        $run = Invoke-ModuleInChild -Environment @{ AWS_REGION = $null; AWS_DEFAULT_REGION = $null; AWS_EC2_METADATA_DISABLED = 'true' } `
            -Command "Enable-Maintenance -LoadBalancerName 'bad-input' -PageUri '$($alb.PageUri)' -EndpointUrl '$Endpoint' -Force"
        $run.ErrorIds.Count | Should -BeGreaterThan 0
        $run.ErrorIds[0] | Should -BeLike 'RegionNotResolved,*'
    }
}

Describe 'A network load balancer' {
    It 'is refused with UnsupportedLoadBalancerType and left as it was' {
        $nlb = New-SampleAlb -Endpoint $Endpoint -Name 'network' -Nlb
        $before = Get-State $nlb.ListenerArn
        $id = Get-StopErrorId { Enable-Maintenance -LoadBalancerName 'network' -PageUri $nlb.PageUri -EndpointUrl $Endpoint -Force -ErrorAction Stop }
        $id | Should -BeLike 'UnsupportedLoadBalancerType,*'
        (Get-State $nlb.ListenerArn).Json | Should -Be $before.Json
    }
}

Describe 'ALB limits that moto does not enforce' {
    It 'refuses a bypass for a rule with 5 condition values with BypassNotPossible, changing nothing' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'five-values' -Rules 2
        New-UserRule -Endpoint $Endpoint -ListenerArn $alb.ListenerArn -Priority 10 `
            -Conditions @(@{ Field = 'host-header'; HostHeaderConfig = @{ Values = @('a.example.com', 'b.example.com', 'c.example.com', 'd.example.com', 'e.example.com') } }) `
            -Actions @(@{ Type = 'fixed-response'; FixedResponseConfig = @{ StatusCode = '200'; ContentType = 'text/plain'; MessageBody = 'five' } }) | Out-Null
        $before = Get-State $alb.ListenerArn

        $id = Get-StopErrorId { Enable-Maintenance -LoadBalancerName 'five-values' -PageUri $alb.PageUri -AllowSourceIp $AllowedCidr -EndpointUrl $Endpoint -Force -ErrorAction Stop }
        $id | Should -BeLike 'BypassNotPossible,*'
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
        (Get-MaintenanceStatus -LoadBalancerName 'five-values' -EndpointUrl $Endpoint).Enabled | Should -BeFalse

        # No lock or half-made state was left behind: without a bypass the same listener goes in and out.
        (Enable-Maintenance -LoadBalancerName 'five-values' -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force).Enabled | Should -BeTrue
        Disable-Maintenance -LoadBalancerName 'five-values' -EndpointUrl $Endpoint -Force | Out-Null
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }
}

Describe 'An -AllowHeader value' {
    BeforeAll {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'secret-header' -Rules 3
        $secret = 'Sekr3t-' + [guid]::NewGuid().ToString('N')
        $header = 'X-Maintenance-Bypass'

        # Everything the module writes, on every stream, as text a user or a log could see.
        function ConvertTo-SeenText($records) {
            $records | ForEach-Object {
                if ($_ -is [Management.Automation.ErrorRecord]) { "$_"; $_.Exception.ToString(); "$($_.TargetObject)" }
                elseif ($_ -is [Management.Automation.InformationalRecord]) { $_.Message }
                elseif ($_ -is [Management.Automation.InformationRecord]) { "$($_.MessageData)" }
                else { $_ | Out-String -Width 4096; $_ | Format-List * | Out-String -Width 4096; $_ | ConvertTo-Json -Depth 8 -WarningAction SilentlyContinue }
            } | Out-String -Width 4096
        }
    }
    AfterAll {
        Disable-Maintenance -LoadBalancerName 'secret-header' -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
    }

    It 'lets requests through: a bypass rule matches the header' {
        $script:enableSeen = ConvertTo-SeenText (Enable-Maintenance -LoadBalancerName 'secret-header' -PageUri $alb.PageUri -AllowHeader @{ $header = $secret } `
                -EndpointUrl $Endpoint -Force -Verbose *>&1)
        $bypass = Get-RuleByRole (Get-State $alb.ListenerArn) 'bypass'
        $bypass.Count | Should -BeGreaterThan 0
        foreach ($rule in $bypass) {
            # A copy of a rule that has its own http-header condition carries both.
            $match = @($rule.Conditions | Where-Object { $_.Field -eq 'http-header' -and $_.HttpHeaderConfig.HttpHeaderName -eq $header })
            $match.Count | Should -Be 1
            @($match[0].HttpHeaderConfig.Values) | Should -Be @($secret)
        }
    }

    It 'never appears in the verbose output, warnings or objects of Enable-Maintenance' {
        $enableSeen | Should -Match 'CreateRule' -Because 'the verbose output was captured'
        $enableSeen | Should -Not -Match ([regex]::Escape($secret))
    }

    It 'never appears in Get-MaintenanceStatus' {
        $seen = ConvertTo-SeenText (Get-MaintenanceStatus -LoadBalancerName 'secret-header' -EndpointUrl $Endpoint -Verbose *>&1)
        $seen | Should -Match ([regex]::Escape($header)) -Because 'the header name is shown'
        $seen | Should -Not -Match ([regex]::Escape($secret))
    }

    It 'is not kept in the snapshot or record in S3' {
        $keys = @(Get-S3Key -Endpoint $Endpoint -Bucket $alb.Bucket -Prefix 'maintenance-mode/')
        $keys.Count | Should -BeGreaterThan 0
        foreach ($key in $keys) {
            Get-S3ObjectText -Endpoint $Endpoint -Bucket $alb.Bucket -Key $key | Should -Not -Match ([regex]::Escape($secret)) -Because "$key is readable by anyone with s3:GetObject on the bucket"
        }
    }

    It 'never appears in the -WhatIf text of a rerun with another value' {
        $other = 'Other-' + [guid]::NewGuid().ToString('N')
        $run = Invoke-ModuleInChild -Command "Enable-Maintenance -LoadBalancerName 'secret-header' -PageUri '$($alb.PageUri)' -AllowHeader @{ '$header' = '$other' } -EndpointUrl '$Endpoint' -WhatIf -Verbose *>&1 | Out-String -Width 4096 | Write-Host"
        $run.StdOut | Should -Match 'What if:'
        $run.StdOut | Should -Not -Match ([regex]::Escape($other))
        $run.StdOut | Should -Not -Match ([regex]::Escape($secret))
        $run.StdErr | Should -Not -Match ([regex]::Escape($other))
    }

    It 'never appears in the output of Disable-Maintenance' {
        $seen = ConvertTo-SeenText (Disable-Maintenance -LoadBalancerName 'secret-header' -EndpointUrl $Endpoint -Force -Verbose *>&1)
        $seen | Should -Match 'DeleteRule' -Because 'the verbose output was captured'
        $seen | Should -Not -Match ([regex]::Escape($secret))
    }
}
