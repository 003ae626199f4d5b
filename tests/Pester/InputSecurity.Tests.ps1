# The bypass secret and the input AWS would refuse mid-plan (issue 15 §1-2, issue 11 §2.9), for the BUILT
# module through the AWS-behaviour layer (Start-TestAws). A secret given as a SecureString or PSCredential must reach ALB as itself, never as
# its type name; input AWS would refuse is refused before anything is read or written.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-TestSession -Name 'inputsecurity'
    $script:Endpoint = $Moto.Endpoint

    # The values of every bypass rule's condition on $Header: one per bypass rule.
    function Get-BypassHeaderValue([string] $ListenerArn, [string] $Header) {
        foreach ($rule in (Get-RuleByRole (Get-State $ListenerArn) 'bypass')) {
            $match = @($rule.Conditions | Where-Object { $_.Field -eq 'http-header' -and $_.HttpHeaderConfig.HttpHeaderName -eq $Header })
            $match.Count | Should -Be 1
            , @($match[0].HttpHeaderConfig.Values)
        }
    }
}

AfterAll {
    Stop-TestSession
}

Describe 'An -AllowHeader secret given as <Form>' -ForEach @(
    @{ Form = 'SecureString'; Name = 'secret-secure' }
    @{ Form = 'PSCredential'; Name = 'secret-credential' }
) {
    BeforeAll {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name $Name -Rules 2
        $secret = 'Sekr3t-' + [guid]::NewGuid().ToString('N')
        $secure = ConvertTo-SecureString -String $secret -AsPlainText -Force
        $value = if ($Form -eq 'SecureString') { $secure } else { [pscredential]::new('bypass', $secure) }
        $seen = Enable-Maintenance -LoadBalancerName $Name -PageUri $alb.PageUri -AllowHeader @{ 'X-Bypass' = $value } `
            -EndpointUrl $Endpoint -Force -Verbose *>&1 | Out-String -Width 4096
    }
    AfterAll {
        Disable-Maintenance -LoadBalancerName $Name -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue | Out-Null
    }

    It 'creates bypass rules that match the secret itself, not the type name' {
        $values = @(Get-BypassHeaderValue $alb.ListenerArn 'X-Bypass')
        $values.Count | Should -BeGreaterThan 0
        foreach ($v in $values) {
            @($v) | Should -Be @($secret)
            "$v" | Should -Not -Match 'System\.'
        }
    }

    It 'keeps the unwrapped secret out of the output' {
        $seen | Should -Match 'CreateRule' -Because 'the verbose output was captured'
        $seen | Should -Not -Match ([regex]::Escape($secret))
    }
}

Describe 'Bypass secrets and header names AWS or ALB would refuse' {
    BeforeAll {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'refused-input' -Rules 2
        $before = (Get-State $alb.ListenerArn).Json
        $common = @{ LoadBalancerName = 'refused-input'; PageUri = $alb.PageUri; EndpointUrl = $Endpoint; Force = $true }
        $long = [guid]::NewGuid().ToString('N')
    }
    AfterEach {
        (Get-State $alb.ListenerArn).Json | Should -Be $before
        @(Get-S3Key -Endpoint $Endpoint -Bucket $alb.Bucket -Prefix 'maintenance-mode/') | Should -BeNullOrEmpty -Because 'no snapshot or lock is written for refused input'
    }

    It 'refuses a value of type <Type> (InvalidSecretType) and names the type' -ForEach @(
        @{ Type = 'Object[]'; Value = @('a-long-secret-value-1', 'a-long-secret-value-2') }
        @{ Type = 'Hashtable'; Value = @{ secret = 'a-long-secret-value' } }
        @{ Type = 'Int32'; Value = [int]1234567890 }
    ) {
        $err = { Enable-Maintenance @common -AllowHeader @{ 'X-Bypass' = $Value } } | Should -Throw -ErrorId 'InvalidSecretType,*' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidType'
        $err.Exception.Message | Should -Match "is a $([regex]::Escape($Type))"
    }

    It 'refuses <Value> as a value: ALB matches * and ? as wildcards (WildcardInHeaderValue)' -ForEach @(
        @{ Value = '*' }
        @{ Value = 'long-enough-secret-?' }
    ) {
        { Enable-Maintenance @common -AllowHeader @{ 'X-Bypass' = $Value } } | Should -Throw -ErrorId 'WildcardInHeaderValue,*'
    }

    It 'refuses a wildcard inside a SecureString too' {
        $secure = ConvertTo-SecureString -String 'a-long-secret-value*' -AsPlainText -Force
        { Enable-Maintenance @common -AllowHeader @{ 'X-Bypass' = $secure } } | Should -Throw -ErrorId 'WildcardInHeaderValue,*'
    }

    It 'refuses the header name <Name> (InvalidHeaderName)' -ForEach @(
        @{ Name = 'Host' }
        @{ Name = 'X-Bypass(1)' }
        @{ Name = 'X-' + ('n' * 39) }
    ) {
        $err = { Enable-Maintenance @common -AllowHeader @{ $Name = $long } } | Should -Throw -ErrorId 'InvalidHeaderName,*' -PassThru
        $err.Exception.Message | Should -Not -Match ([regex]::Escape($long))
    }

    It 'refuses a -StateUri that cannot be a tag value (InvalidStateUri), saying why' {
        $err = { Enable-Maintenance @common -StateUri "s3://$($alb.Bucket)/ops(prod)/" } | Should -Throw -ErrorId 'InvalidStateUri,*' -PassThru
        $err.Exception.Message | Should -Match "'\('"
        $err = { Enable-Maintenance @common -StateUri "s3://$($alb.Bucket)/$('p' * 250)/" } | Should -Throw -ErrorId 'InvalidStateUri,*' -PassThru
        $err.Exception.Message | Should -Match '256'
    }
}

Describe 'A short bypass secret' {
    BeforeAll {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'short-secret' -Rules 1
    }
    AfterAll {
        Disable-Maintenance -LoadBalancerName 'short-secret' -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue | Out-Null
    }

    It 'is taken with a warning that does not quote it' {
        $status = Enable-Maintenance -LoadBalancerName 'short-secret' -PageUri $alb.PageUri -AllowHeader @{ 'X-Bypass' = 'Hush7' } `
            -EndpointUrl $Endpoint -Force -WarningVariable warnings -WarningAction SilentlyContinue
        $status.Enabled | Should -BeTrue
        $short = @($warnings | Where-Object { "$_" -match 'fewer than 16 characters' })
        $short.Count | Should -Be 1
        "$($short[0])" | Should -Match 'ignoring case'
        "$($short[0])" | Should -Not -Match 'Hush7'
    }
}

Describe 'A -ClientSecret of Restore-ListenerSnapshot' {
    It 'refuses a value that is not a string, SecureString or PSCredential (InvalidSecretType)' {
        { Restore-ListenerSnapshot -Snapshot 'does-not-matter.json' -ClientSecret @{ 'arn:rule' = @('a', 'b') } -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'InvalidSecretType,*'
    }
}

Describe 'A plain http:// endpoint to another host' {
    # 192.0.2.0/24 is TEST-NET-1: never routed, so a slip past the check could not reach anything.
    It 'is refused from -EndpointUrl before any call (InsecureEndpoint)' {
        { Get-MaintenanceStatus -EndpointUrl 'http://192.0.2.10:5000' -ErrorAction Stop } | Should -Throw -ErrorId 'InsecureEndpoint,*'
    }

    It 'is refused from AWS_ENDPOINT_URL too' {
        $saved = $env:AWS_ENDPOINT_URL
        try {
            $env:AWS_ENDPOINT_URL = 'http://192.0.2.10:5000'
            { Get-MaintenanceStatus -ErrorAction Stop } | Should -Throw -ErrorId 'InsecureEndpoint,*'
        }
        finally { $env:AWS_ENDPOINT_URL = $saved }
    }

    # 0.0.0.0 is not loopback, and .NET refuses to connect to it at once: past the check, the command fails
    # on the connection instead, without waiting for a host that does not answer.
    It 'is taken with -AllowInsecureEndpoint, and http:// to loopback needs no switch' {
        $elsewhere = 'http://0.0.0.0:' + ([uri]$Endpoint).Port
        { Get-MaintenanceStatus -EndpointUrl $elsewhere -ErrorAction Stop } | Should -Throw -ErrorId 'InsecureEndpoint,*'
        $err = { Get-MaintenanceStatus -EndpointUrl $elsewhere -AllowInsecureEndpoint -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Not -BeLike 'InsecureEndpoint,*'
        $err.Exception.Message | Should -Match '0\.0\.0\.0' -Because 'the call was sent to the endpoint'
        { Get-MaintenanceStatus -EndpointUrl $Endpoint -ErrorAction Stop | Out-Null } | Should -Not -Throw
    }
}

Describe 'The exception of an error record' {
    It 'is a masked copy of the chain (MaskedException), not the objects that may hold a secret' {
        $secret = 'Sekr3t-' + [guid]::NewGuid().ToString('N')
        $err = @()
        try {
            Enable-Maintenance -LoadBalancerName 'no-such-alb' -PageUri 's3://no-such-bucket/page.html' -AllowHeader @{ 'X-Bypass' = $secret } `
                -EndpointUrl $Endpoint -Force -ErrorAction SilentlyContinue -ErrorVariable +err 2>$null
        }
        catch { $err += $_ }
        $records = @($err | Where-Object { $_ -is [Management.Automation.ErrorRecord] })
        $records.Count | Should -BeGreaterThan 0
        foreach ($record in $records) {
            $record.Exception.InnerException.GetType().Name | Should -Be 'MaskedException'
            $record.Exception.InnerException.OriginalType | Should -Match '^MaintenanceMode\.'
            $record.Exception.ToString() | Should -Not -Match ([regex]::Escape($secret))
        }
    }
}

Describe 'Files that are not regular files' -Skip:$IsWindows {
    It 'refuses /dev/zero as a page (PageNotARegularFile) instead of reading it without end' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'device-page' -Rules 1
        $err = { Enable-Maintenance -LoadBalancerName 'device-page' -PagePath '/dev/zero' -StateUri "s3://$($alb.Bucket)/maintenance-mode/" -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'PageNotARegularFile,*' -PassThru
        $err.Exception.Message | Should -Match 'character device'
    }

    It 'refuses /dev/zero as a snapshot (SnapshotNotARegularFile)' {
        { Compare-ListenerSnapshot -Snapshot '/dev/zero' -EndpointUrl $Endpoint -ErrorAction Stop } | Should -Throw -ErrorId 'SnapshotNotARegularFile,*'
    }
}

Describe 'A snapshot saved to a local file' -Skip:$IsWindows {
    It 'is readable by its owner only (0600): it holds the user rules'' header values' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'owner-only' -Rules 2
        $path = Join-Path ([IO.Path]::GetTempPath()) "mm-owner-only-$PID.json"
        Remove-Item $path -ErrorAction SilentlyContinue
        try {
            Save-ListenerSnapshot -ListenerArn $alb.ListenerArn -Path $path -EndpointUrl $Endpoint | Out-Null
            (Get-Item $path).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }
}

Describe 'A page token where HTML encoding does not protect it' {
    It 'is refused by Test-MaintenancePage and Enable-Maintenance (UnsafeTokenContext), before any change' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'token-context' -Rules 1
        $before = (Get-State $alb.ListenerArn).Json
        $path = Join-Path ([IO.Path]::GetTempPath()) "mm-token-context-$PID.html"
        [IO.File]::WriteAllText($path, '<html><p>Back soon</p><a href="{{Reason}}">why</a></html>')
        try {
            { Test-MaintenancePage -PagePath $path -Reason 'javascript:alert(1)' -ErrorAction Stop } | Should -Throw -ErrorId 'UnsafeTokenContext,*'
            { Enable-Maintenance -LoadBalancerName 'token-context' -PagePath $path -Reason 'javascript:alert(1)' -StateUri "s3://$($alb.Bucket)/maintenance-mode/" `
                    -EndpointUrl $Endpoint -Force } | Should -Throw -ErrorId 'UnsafeTokenContext,*'
            (Get-State $alb.ListenerArn).Json | Should -Be $before
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }
}
