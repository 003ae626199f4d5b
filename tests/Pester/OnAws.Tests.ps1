# The promises hold where AWS answers differently from moto: the BUILT module runs through the AWS-behaviour
# layer of tests/FaultProxy (profile aws: shaped answers, reads that lag writes, limits, throttling), with one
# AWS behaviour more switched on per test (a lost reply, a 409, a longer lag, a rule deleted mid-read).
# The truth is read from moto directly (Get-ListenerState), never through the layer.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Aws = Start-TestSession -Name 'onaws' -AwsProfile aws
    $script:Endpoint = $Aws.Endpoint
    $script:Proxy = $Aws.Proxy
    $script:AllowedCidr = '203.0.113.7/32'

    function Get-LogMark { [int](Get-FaultProxyStatus -Proxy $script:Proxy).logged }

    function Get-ElbWrite([int] $Since) {
        @(Get-FaultProxyLog -Proxy $script:Proxy -Since $Since | Where-Object { $_.mutating })
    }

    function Invoke-Enable([string] $Name, [hashtable] $Extra = @{}) {
        $errors = $null
        $status = Enable-Maintenance -LoadBalancerName $Name -EndpointUrl $script:Endpoint -Force -ErrorAction SilentlyContinue -ErrorVariable errors @Extra
        [pscustomobject]@{ Status = $status; Errors = @($errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) }
    }

    function Invoke-Disable([string] $Name) {
        $errors = $null
        $status = Disable-Maintenance -LoadBalancerName $Name -EndpointUrl $script:Endpoint -Force -ErrorAction SilentlyContinue -ErrorVariable errors
        [pscustomobject]@{ Status = $status; Errors = @($errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) }
    }

    function Get-StateKey([string] $Bucket) { @(Get-S3Key -Endpoint $script:Aws.MotoEndpoint -Bucket $Bucket -Prefix 'maintenance-mode/') }
}

AfterAll {
    Stop-TestSession
}

Describe 'Its own rules, recognised as AWS returns them' {
    AfterEach { Clear-FaultProxy -Proxy $Proxy | Out-Null }

    It 'a second identical Enable makes no ELBv2 write' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'again-same' -Rules 3
        $settings = @{ PageUri = $alb.PageUri; AllowSourceIp = $AllowedCidr; ApiPathPattern = '/api/*' }
        $first = Invoke-Enable 'again-same' $settings
        $first.Errors | Should -BeNullOrEmpty
        $mark = Get-LogMark
        $second = Invoke-Enable 'again-same' $settings
        $second.Errors | Should -BeNullOrEmpty
        $second.Status.Enabled | Should -BeTrue
        @(Get-ElbWrite $mark | ForEach-Object action) | Should -BeNullOrEmpty -Because 'AWS fills in Order, ForwardConfig and mirrored Values; the module must still see its rules as what it asked for'
        (Invoke-Disable 'again-same').Errors | Should -BeNullOrEmpty
    }

    It 'a lost reply on the <What> CreateRule is taken as the module''s own rule and the run succeeds' -TestCases @(
        @{ What = 'page''s'; Extra = @{} }
        @{ What = 'first bypass'; Extra = @{ AllowSourceIp = '203.0.113.7/32' } }
    ) {
        param($What, $Extra)
        $name = if ($Extra.Count) { 'lost-bypass' } else { 'lost-page' }
        $alb = New-SampleAlb -Endpoint $Endpoint -Name $name -Rules 3
        $before = Get-State $alb.ListenerArn
        Set-AwsBehaviour -Proxy $Proxy -Switch @{ lose_reply = 'CreateRule' } | Out-Null
        $mark = Get-LogMark
        $run = Invoke-Enable $name (@{ PageUri = $alb.PageUri } + $Extra)
        @(Get-FaultProxyLog -Proxy $Proxy -Since $mark | Where-Object aws -EQ 'lost-reply').Count | Should -Be 1 -Because 'the reply of one CreateRule was lost'
        $run.Errors | Should -BeNullOrEmpty
        $run.Status.Enabled | Should -BeTrue
        $during = Get-State $alb.ListenerArn
        (Get-RuleByRole $during 'maintenance').Count | Should -Be 1
        @(Get-UserRule $during).Count | Should -Be 3 -Because 'no rule of the module is left untagged, as if it were the user''s'
        (Invoke-Disable $name).Errors | Should -BeNullOrEmpty
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
    }
}

Describe 'Reads that lag writes never mislead it' {
    AfterEach { Clear-FaultProxy -Proxy $Proxy | Out-Null }

    It 'Enable reports maintenance on, and a Disable right after it restores the listener exactly' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'lagging' -Rules 4
        $before = Get-State $alb.ListenerArn
        Set-AwsBehaviour -Proxy $Proxy -Switch @{ lag_ms = 2500 } | Out-Null
        $on = Invoke-Enable 'lagging' @{ PageUri = $alb.PageUri; AllowSourceIp = $AllowedCidr }
        $on.Errors | Should -BeNullOrEmpty
        $on.Status.Enabled | Should -BeTrue
        $on.Status.State | Should -Be 'On'
        $on.Status.SnapshotUri | Should -Not -BeNullOrEmpty
        $on.Status.BypassRuleCount | Should -BeGreaterThan 0
        $off = Invoke-Disable 'lagging'
        $off.Errors | Should -BeNullOrEmpty
        $off.Status.Enabled | Should -BeFalse
        $off.Status.State | Should -Be 'Off'
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
        Get-StateKey $alb.Bucket | Should -BeNullOrEmpty -Because 'Disable removes the snapshot, the record and the lock'
    }

    It 'a SetRulePriorities whose reply was lost is found done by a read that has caught up, and the run succeeds' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'lag-moved' -Rules 3
        $before = Get-State $alb.ListenerArn
        # The move of the user's rules up (priority 1 is taken), sent beside the listener's tag, takes effect and
        # its reply is lost; the retry meets moto's PriorityInUse while reads still show the old priorities. The
        # fault is aimed at the action, not at the k-th call: the tag and the move reach the proxy in either order.
        Set-FaultProxy -Proxy $Proxy -K 1 -Mode reset-after -Burst 1 -Action SetRulePriorities | Out-Null
        Set-AwsBehaviour -Proxy $Proxy -Switch @{ lag_ms = 2500 } | Out-Null
        $mark = Get-LogMark
        $run = Invoke-Enable 'lag-moved' @{ PageUri = $alb.PageUri }
        $writes = @(Get-ElbWrite $mark)
        Clear-FaultProxy -Proxy $Proxy | Out-Null
        $lost = @($writes | Where-Object fault)
        $lost.Count | Should -Be 1
        $lost[0].action | Should -Be 'SetRulePriorities'
        $lost[0].fault | Should -Be 'reset-after'
        $run.Errors | Should -BeNullOrEmpty
        $run.Status.State | Should -Be 'On'
        (Invoke-Disable 'lag-moved').Errors | Should -BeNullOrEmpty
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json -Because 'the user''s rules return to their priorities'
    }
}

Describe 'A lost reply never locks the module out' {
    AfterEach { Clear-FaultProxy -Proxy $Proxy | Out-Null }

    It 'a lost reply on the <Which> S3 write is recognised as the run''s own, and nothing is left behind' -TestCases @(
        @{ Which = 'lock'; K = 1 }
        @{ Which = 'snapshot'; K = 2 }
    ) {
        param($Which, $K)
        $name = "lost-$Which"
        $alb = New-SampleAlb -Endpoint $Endpoint -Name $name -Rules 2
        $before = Get-State $alb.ListenerArn
        Set-FaultProxy -Proxy $Proxy -K $K -Mode reset-after -On s3-put | Out-Null
        $mark = Get-LogMark
        $on = Invoke-Enable $name @{ PageUri = $alb.PageUri }
        $puts = @(Get-FaultProxyLog -Proxy $Proxy -Since $mark | Where-Object { $_.service -eq 's3' -and $_.method -eq 'PUT' })
        Clear-FaultProxy -Proxy $Proxy | Out-Null
        $puts[$K - 1].fault | Should -Be 'reset-after' -Because "the $Which write's reply was lost"
        $on.Errors | Should -BeNullOrEmpty
        $on.Status.Enabled | Should -BeTrue
        @(Get-StateKey $alb.Bucket | Where-Object { $_ -like '*/locks/*' }) | Should -BeNullOrEmpty -Because 'the run released its own lock'
        (Invoke-Disable $name).Errors | Should -BeNullOrEmpty
        (Get-State $alb.ListenerArn).Json | Should -Be $before.Json
        Get-StateKey $alb.Bucket | Should -BeNullOrEmpty
    }

    It 'a conditional DELETE answered 409 is retried: the lock goes' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'conflict-delete' -Rules 2
        Set-AwsBehaviour -Proxy $Proxy -Switch @{ conflict = 's3-delete' } | Out-Null
        $mark = Get-LogMark
        $on = Invoke-Enable 'conflict-delete' @{ PageUri = $alb.PageUri }
        @(Get-FaultProxyLog -Proxy $Proxy -Since $mark | Where-Object aws -EQ 'ConditionalRequestConflict').Count | Should -Be 1
        $on.Errors | Should -BeNullOrEmpty
        @(Get-StateKey $alb.Bucket | Where-Object { $_ -like '*/locks/*' }) | Should -BeNullOrEmpty -Because 'the release was retried after the 409'
        (Invoke-Disable 'conflict-delete').Errors | Should -BeNullOrEmpty
    }
}

Describe 'A rule deleted between DescribeRules and DescribeTags' {
    AfterEach { Clear-FaultProxy -Proxy $Proxy | Out-Null }

    It 'leads to a fresh read, not a failed run' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'vanishing' -Rules 3
        $victim = (Get-UserRule (Get-State $alb.ListenerArn))[1].RuleArn
        Set-AwsBehaviour -Proxy $Proxy -Switch @{ vanish = $victim } | Out-Null
        $mark = Get-LogMark
        $on = Invoke-Enable 'vanishing' @{ PageUri = $alb.PageUri; AllowSourceIp = $AllowedCidr }
        @(Get-FaultProxyLog -Proxy $Proxy -Since $mark | Where-Object aws -EQ 'RuleNotFound').Count | Should -BeGreaterThan 0 -Because 'AWS fails the whole DescribeTags batch'
        $on.Errors | Should -BeNullOrEmpty
        $on.Status.Enabled | Should -BeTrue
        $during = Get-State $alb.ListenerArn
        @(Get-UserRule $during).Count | Should -Be 2
        $during.Rules.RuleArn | Should -Not -Contain $victim
        (Invoke-Disable 'vanishing').Errors | Should -BeNullOrEmpty
    }
}
