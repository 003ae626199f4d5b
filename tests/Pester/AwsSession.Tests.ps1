# The AWS session as an AWS.Tools shell sets it up, against moto behind the AWS-behaviour layer: which region and credentials win
# (parameters, then $StoredAWSRegion / $StoredAWSCredentials, then the environment and profiles),
# -ProfileLocation, the account, region and caller named in -WhatIf, -Confirm, -Verbose, status and
# record, and the -AccountId guard.
#
# AWS.Tools is not installed here. Like Coexistence.Tests.ps1, the child loads AWSSDK.Core 3.7 into the
# default load context and builds $StoredAWSCredentials from it, as Set-AWSCredential would. moto takes
# any keys, so every credential source gets keys of its own assumed role (assume_role.py): the caller
# the module names (from sts:GetCallerIdentity) says which source won.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-TestSession -Name 'awssession'
    $script:Endpoint = $Moto.Endpoint

    $script:Account = '123456789012'      # moto's default account: the sample load balancers live there
    $script:OtherAccount = '111122223333'
    $minted = & python3 (Join-Path $PSScriptRoot 'assume_role.py') @(
        '--endpoint', $Moto.MotoEndpoint,   # set-up goes to the emulator itself, as the state helpers do
        "Stored=arn:aws:iam::${Account}:role/Stored",
        "Explicit=arn:aws:iam::${Account}:role/Explicit",
        "Profile=arn:aws:iam::${Account}:role/Profile",
        "Location=arn:aws:iam::${Account}:role/Location",
        "Env=arn:aws:iam::${Account}:role/Env",
        "Prod=arn:aws:iam::${OtherAccount}:role/Prod")
    if ($LASTEXITCODE -ne 0) { throw "assume_role.py failed ($LASTEXITCODE): $minted" }
    $script:Keys = ($minted -join "`n") | ConvertFrom-Json
    $script:KeysJson = $Keys | ConvertTo-Json -Compress

    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $script:ToolsSdk = Join-Path $packages 'awssdk.core/3.7.402/lib/netstandard2.0/AWSSDK.Core.dll'
    if (-not (Test-Path $ToolsSdk)) { throw "AWSSDK.Core 3.7.402 is not in the NuGet packages folder; run: dotnet restore tests/Pester/Pester.Restore.csproj" }

    $script:Alb = New-SampleAlb -Endpoint $Endpoint -Name 'session' -Rules 3

    # Credentials files the children may be pointed at: the shared one (-ProfileName) and one elsewhere (-ProfileLocation).
    function Write-CredentialsFile([string] $Path, [hashtable] $Profiles) {
        $text = foreach ($name in $Profiles.Keys) {
            $k = $Keys.($Profiles[$name])
            "[$name]`naws_access_key_id = $($k.AccessKeyId)`naws_secret_access_key = $($k.SecretAccessKey)`naws_session_token = $($k.SessionToken)`n"
        }
        $null = New-Item -ItemType Directory -Force -Path (Split-Path $Path -Parent)
        Write-Utf8File -Path $Path -Text ($text -join "`n") | Out-Null
        return $Path
    }
    $script:SharedCredentials = Write-CredentialsFile (Join-Path $TestDrive 'shared-credentials') @{ ops = 'Profile' }
    $script:OtherCredentials = Write-CredentialsFile (Join-Path $TestDrive 'elsewhere/other-credentials') @{ default = 'Location' }

    # The environment of a shell whose AWS_* variables hold the Env role's keys (what the SDK's chain would find).
    $script:ShellEnvironment = @{
        AWS_ACCESS_KEY_ID = $Keys.Env.AccessKeyId; AWS_SECRET_ACCESS_KEY = $Keys.Env.SecretAccessKey; AWS_SESSION_TOKEN = $Keys.Env.SessionToken
        AWS_SHARED_CREDENTIALS_FILE = $SharedCredentials
    }

    # Code run in a child shell that has "AWS.Tools" (its AWSSDK.Core) loaded: New-ToolsCredential ROLE gives an
    # Amazon.Runtime.SessionAWSCredentials of that SDK, as Get-AWSCredential would. Verbose lines go to stdout
    # as "VERBOSE: ...", every error's message as "ERROR: ...".
    function Invoke-InToolsShell([string] $Command, [hashtable] $Environment = $ShellEnvironment) {
        $prelude = @"
`$toolsSdk = [Reflection.Assembly]::LoadFrom('$ToolsSdk')
`$Keys = '$KeysJson' | ConvertFrom-Json
function New-ToolsCredential([string] `$Role) {
    `$k = `$Keys.`$Role
    [Activator]::CreateInstance(`$toolsSdk.GetType('Amazon.Runtime.SessionAWSCredentials', `$true), @(`$k.AccessKeyId, `$k.SecretAccessKey, `$k.SessionToken))
}
function Show-Verbose { process { if (`$_ -is [Management.Automation.VerboseRecord]) { Write-Host "VERBOSE: `$(`$_.Message)" } else { `$_ } } }
"@
        $epilogue = "`n`$Error | ForEach-Object { Write-Host `"ERROR: `$(`$_.Exception.Message)`" }"
        Invoke-ModuleInChild -Command ($prelude + "`n" + $Command + $epilogue) -Environment $Environment
    }

    # What a -WhatIf of Enable says about who would act: the target text after "on target".
    function Get-WhatIfTarget($Run) {
        $match = [regex]::Match($Run.StdOut, 'on target "([^"]+)"')
        $match.Success | Should -BeTrue -Because "the -WhatIf text is in stdout:`n$($Run.StdOut)`n$($Run.StdErr)"
        return $match.Groups[1].Value
    }

    function Get-VerboseLines($Run) { @($Run.StdOut -split '\r?\n' | Where-Object { $_.StartsWith('VERBOSE: ') } | ForEach-Object { $_.Substring(9) }) }

    $script:WhatIfEnable = "Enable-Maintenance -LoadBalancerName 'session' -PageUri '$($Alb.PageUri)' -EndpointUrl '$Endpoint' -WhatIf"
}

AfterAll {
    Stop-TestSession
}

Describe 'Credentials in the AWS.Tools order' {
    It 'without shell defaults, takes the environment (the SDK chain)' {
        $run = Invoke-InToolsShell $WhatIfEnable
        $run.ErrorIds | Should -BeNullOrEmpty
        Get-WhatIfTarget $run | Should -BeLike '* as assumed-role/Env/env'
    }

    It '$StoredAWSCredentials (an AWSCredentials of AWS.Tools'' own AWSSDK.Core) wins over the environment' {
        $run = Invoke-InToolsShell "`$global:StoredAWSCredentials = New-ToolsCredential Stored`n$WhatIfEnable"
        $run.ErrorIds | Should -BeNullOrEmpty
        Get-WhatIfTarget $run | Should -BeLike '* as assumed-role/Stored/stored'
    }

    It '$StoredAWSCredentials as Set-AWSCredential stores it (AWSPSCredentials: Credentials and Name) is unwrapped and named' {
        $command = @"
Add-Type -TypeDefinition 'namespace Amazon.PowerShell.Common { public class AWSPSCredentials { public AWSPSCredentials(object c, string n) { Credentials = c; Name = n; } public object Credentials { get; private set; } public string Name { get; private set; } } }'
`$global:StoredAWSCredentials = [Amazon.PowerShell.Common.AWSPSCredentials]::new((New-ToolsCredential Stored), 'prod')
$WhatIfEnable -Verbose 4>&1 | Show-Verbose
"@
        $run = Invoke-InToolsShell $command
        $run.ErrorIds | Should -BeNullOrEmpty
        Get-WhatIfTarget $run | Should -BeLike '* as assumed-role/Stored/stored'
        (Get-VerboseLines $run)[0] | Should -BeLike "*credentials from `$StoredAWSCredentials (profile 'prod')*"
    }

    It '$StoredAWSCredentials set in the calling scope (not global) counts, as in AWS.Tools' {
        $run = Invoke-InToolsShell "function Invoke-Runbook { `$StoredAWSCredentials = New-ToolsCredential Stored; $WhatIfEnable }`nInvoke-Runbook"
        $run.ErrorIds | Should -BeNullOrEmpty
        Get-WhatIfTarget $run | Should -BeLike '* as assumed-role/Stored/stored'
    }

    It '-Credential wins over $StoredAWSCredentials' {
        $run = Invoke-InToolsShell "`$global:StoredAWSCredentials = New-ToolsCredential Stored`n$WhatIfEnable -Credential (New-ToolsCredential Explicit)"
        $run.ErrorIds | Should -BeNullOrEmpty
        Get-WhatIfTarget $run | Should -BeLike '* as assumed-role/Explicit/explicit'
    }

    It '-ProfileName wins over $StoredAWSCredentials' {
        $run = Invoke-InToolsShell "`$global:StoredAWSCredentials = New-ToolsCredential Stored`n$WhatIfEnable -ProfileName ops"
        $run.ErrorIds | Should -BeNullOrEmpty
        Get-WhatIfTarget $run | Should -BeLike '* as assumed-role/Profile/profile'
    }

    It '-ProfileLocation reads the default profile of a credentials file at another path, before $StoredAWSCredentials' {
        $run = Invoke-InToolsShell "`$global:StoredAWSCredentials = New-ToolsCredential Stored`n$WhatIfEnable -ProfileLocation '$OtherCredentials'"
        $run.ErrorIds | Should -BeNullOrEmpty
        Get-WhatIfTarget $run | Should -BeLike '* as assumed-role/Location/location'
    }

    It '-ProfileLocation with -ProfileName looks in that file only: a profile of the shared file is not found there' {
        $run = Invoke-InToolsShell "$WhatIfEnable -ProfileName ops -ProfileLocation '$OtherCredentials'"
        $run.ErrorIds | Should -HaveCount 1
        $run.ErrorIds[0] | Should -BeLike 'ProfileNotFound*'
        $run.StdOut | Should -Match ([regex]::Escape($OtherCredentials))
    }

    It 'every command that takes -ProfileName takes -ProfileLocation' {
        $commands = Get-Command -Module MaintenanceMode | Where-Object { $_.Parameters.ContainsKey('ProfileName') }
        $commands | Should -Not -BeNullOrEmpty
        foreach ($command in $commands) { $command.Parameters.Keys | Should -Contain 'ProfileLocation' -Because $command.Name }
    }
}

Describe 'The region in the AWS.Tools order' {
    It 'is not found with nothing set (the baseline)' {
        $run = Invoke-InToolsShell "Get-MaintenanceStatus -LoadBalancerName 'session' -EndpointUrl '$Endpoint'" -Environment @{ AWS_REGION = $null }
        $run.ErrorIds | Should -HaveCount 1
        $run.ErrorIds[0] | Should -BeLike 'RegionNotResolved*'
    }

    It 'comes from $StoredAWSRegion alone' {
        $run = Invoke-InToolsShell "`$global:StoredAWSRegion = 'us-east-1'`nGet-MaintenanceStatus -LoadBalancerName 'session' -EndpointUrl '$Endpoint'" -Environment @{ AWS_REGION = $null }
        $run.ErrorIds | Should -BeNullOrEmpty
        $run.Output.ListenerArn | Should -Be $Alb.ListenerArn
    }

    It '$StoredAWSRegion wins over AWS_REGION, and the first -Verbose line says so' {
        # The sample lives in us-east-1 (AWS_REGION): looked for in eu-west-1, it is not there.
        $run = Invoke-InToolsShell "`$global:StoredAWSRegion = 'eu-west-1'`n$WhatIfEnable -Verbose 4>&1 | Show-Verbose"
        $run.ErrorIds | Should -HaveCount 1
        $run.ErrorIds[0] | Should -BeLike 'LoadBalancerNotFound*'
        (Get-VerboseLines $run)[0] | Should -BeLike "Acting in account $Account, eu-west-1, as assumed-role/Env/env (region from `$StoredAWSRegion, *"
    }

    It '-Region wins over $StoredAWSRegion' {
        $run = Invoke-InToolsShell "`$global:StoredAWSRegion = 'eu-west-1'`nGet-MaintenanceStatus -LoadBalancerName 'session' -Region us-east-1 -EndpointUrl '$Endpoint'"
        $run.ErrorIds | Should -BeNullOrEmpty
        $run.Output.ListenerArn | Should -Be $Alb.ListenerArn
    }
}

Describe 'The account, region and caller, named wherever a change is proposed or reported' {
    It 'names them in the -WhatIf text of Enable-Maintenance' {
        $run = Invoke-InToolsShell "`$global:StoredAWSCredentials = New-ToolsCredential Stored`n$WhatIfEnable"
        Get-WhatIfTarget $run | Should -Be "session:80 (HTTP) in account $Account, us-east-1, as assumed-role/Stored/stored"
    }

    It 'names them in the -WhatIf text of Disable-Maintenance' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'session-off' -Rules 2
        Enable-Maintenance -LoadBalancerName 'session-off' -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force | Out-Null
        try {
            $run = Invoke-InToolsShell "`$global:StoredAWSCredentials = New-ToolsCredential Stored`nDisable-Maintenance -LoadBalancerName 'session-off' -EndpointUrl '$Endpoint' -WhatIf"
            $run.ErrorIds | Should -BeNullOrEmpty
            Get-WhatIfTarget $run | Should -Be "session-off:80 (HTTP) in account $Account, us-east-1, as assumed-role/Stored/stored"
        } finally {
            Disable-Maintenance -LoadBalancerName 'session-off' -EndpointUrl $Endpoint -Force | Out-Null
        }
    }

    It 'names them in the -Confirm prompt, and a "No" changes nothing' {
        $before = Get-State $Alb.ListenerArn
        $script = Join-Path $TestDrive 'confirm.ps1'
        Set-Content -Path $script -Value @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$(Get-ModuleManifestPath)'
`$global:StoredAWSCredentials = [Activator]::CreateInstance([Reflection.Assembly]::LoadFrom('$ToolsSdk').GetType('Amazon.Runtime.BasicAWSCredentials', `$true), @('$($Keys.Stored.AccessKeyId)', '$($Keys.Stored.SecretAccessKey)'))
Enable-Maintenance -LoadBalancerName 'session' -PageUri '$($Alb.PageUri)' -EndpointUrl '$Endpoint'
"@
        # Not -NonInteractive: the console host prompts and reads the answer from stdin.
        $info = [Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        if ([IO.Path]::GetFileNameWithoutExtension($info.FileName) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in '-NoProfile', '-File', $script) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardInput = $true; $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true; $info.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($info)
        $process.StandardInput.WriteLine('N'); $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $process.WaitForExit(120000) | Should -BeTrue
        # The console wraps the prompt at its width: compare with whitespace collapsed.
        $text = $stdout.GetAwaiter().GetResult() -replace '\s+', ' '

        $text | Should -Match 'Are you sure you want to perform this action\?'
        $text | Should -Match ([regex]::Escape("on target `"session:80 (HTTP) in account $Account, us-east-1, as assumed-role/Stored/stored`""))
        (Get-State $Alb.ListenerArn).Json | Should -Be $before.Json
    }

    It 'names them in the first -Verbose line, with where the region and credentials came from' {
        $run = Invoke-InToolsShell "`$global:StoredAWSCredentials = New-ToolsCredential Stored`n$WhatIfEnable -Verbose 4>&1 | Show-Verbose"
        $lines = Get-VerboseLines $run
        $lines[0] | Should -Be "Acting in account $Account, us-east-1, as assumed-role/Stored/stored (region from AWS_REGION, credentials from `$StoredAWSCredentials)."
        @($lines | Where-Object { $_ -like 'ELBv2 *' }).Count | Should -BeGreaterThan 0 -Because 'the ELBv2 calls are narrated after it'
    }

    It 'gives Get-MaintenanceStatus objects AccountId and Region' {
        $status = Get-MaintenanceStatus -LoadBalancerName 'session' -EndpointUrl $Endpoint
        $status.AccountId | Should -Be $Account
        $status.Region | Should -Be 'us-east-1'
        ($status | Format-Table | Out-String -Width 200) | Should -Match "$Account\s+us-east-1\s+session\s+80"
    }

    It 'keeps them in the maintenance record' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'session-record' -Rules 2
        Enable-Maintenance -LoadBalancerName 'session-record' -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force | Out-Null
        try {
            $recordKey = @(Get-S3Key -Endpoint $Endpoint -Bucket $alb.Bucket | Where-Object { $_ -like '*.record.json' })
            $recordKey | Should -HaveCount 1
            $record = Get-S3ObjectText -Endpoint $Endpoint -Bucket $alb.Bucket -Key $recordKey[0] | ConvertFrom-Json
            $record.AccountId | Should -Be $Account
            $record.Region | Should -Be 'us-east-1'
            $record.EnabledBy | Should -BeLike "arn:aws:*::${Account}:*"
        } finally {
            Disable-Maintenance -LoadBalancerName 'session-record' -EndpointUrl $Endpoint -Force | Out-Null
        }
    }
}

Describe '-AccountId' {
    It 'lets the same account through' {
        $run = Invoke-InToolsShell "$WhatIfEnable -AccountId $Account"
        $run.ErrorIds | Should -BeNullOrEmpty
        $run.StdOut | Should -Match 'What if:'
    }

    It 'refuses Enable-Maintenance with credentials of another account, naming both, and changes nothing' {
        $before = Get-State $Alb.ListenerArn
        $keysBefore = Get-S3Key -Endpoint $Endpoint -Bucket $Alb.Bucket

        $run = Invoke-InToolsShell "`$global:StoredAWSCredentials = New-ToolsCredential Stored`nEnable-Maintenance -LoadBalancerName 'session' -PageUri '$($Alb.PageUri)' -EndpointUrl '$Endpoint' -AccountId $OtherAccount -Force"

        $run.ErrorIds | Should -HaveCount 1
        $run.ErrorIds[0] | Should -BeLike 'AccountMismatch*'
        $message = @($run.StdOut -split '\r?\n' | Where-Object { $_.StartsWith('ERROR: ') })[0]
        $message | Should -Match $OtherAccount
        $message | Should -Match $Account
        (Get-State $Alb.ListenerArn).Json | Should -Be $before.Json
        Get-S3Key -Endpoint $Endpoint -Bucket $Alb.Bucket | Should -Be $keysBefore -Because 'not even the lock is written'
    }

    It 'refuses the issue''s case: Set-AWSCredential points at another account than the runbook pins' {
        # In the Prod role's account moto has no load balancer named "session": without the guard the error
        # would only be LoadBalancerNotFound; with it, the account itself is refused.
        $run = Invoke-InToolsShell "`$global:StoredAWSCredentials = New-ToolsCredential Prod`n$WhatIfEnable -AccountId $Account"
        $run.ErrorIds | Should -HaveCount 1
        $run.ErrorIds[0] | Should -BeLike 'AccountMismatch*'
        $run.StdOut | Should -Match "but the credentials \(\`$StoredAWSCredentials\) act in account $OtherAccount \(as assumed-role/Prod/prod\)"
    }

    It 'refuses Disable-Maintenance of another account, and lets the right one through' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'session-guard' -Rules 2
        Enable-Maintenance -LoadBalancerName 'session-guard' -PageUri $alb.PageUri -EndpointUrl $Endpoint -Force | Out-Null
        $during = Get-State $alb.ListenerArn

        { Disable-Maintenance -LoadBalancerName 'session-guard' -EndpointUrl $Endpoint -AccountId $OtherAccount -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'AccountMismatch*'
        (Get-State $alb.ListenerArn).Json | Should -Be $during.Json

        $off = Disable-Maintenance -LoadBalancerName 'session-guard' -EndpointUrl $Endpoint -AccountId $Account -Force
        $off.Enabled | Should -BeFalse
    }

    It 'takes only a 12-digit account id' {
        { Get-MaintenanceStatus -LoadBalancerName 'session' -EndpointUrl $Endpoint -AccountId 'prod' } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}

Describe 'Restore-ListenerSnapshot names the account and takes -AccountId' {
    BeforeAll {
        $script:SnapshotFile = Join-Path $TestDrive 'session-snapshot.json'
        Save-ListenerSnapshot -ListenerArn $Alb.ListenerArn -Path $SnapshotFile -EndpointUrl $Endpoint | Out-Null
    }

    It 'names the account, region and caller in its -WhatIf text' {
        $run = Invoke-InToolsShell "`$global:StoredAWSCredentials = New-ToolsCredential Stored`nRestore-ListenerSnapshot -Snapshot '$SnapshotFile' -EndpointUrl '$Endpoint' -WhatIf -Verbose 4>&1 | Show-Verbose"
        $run.ErrorIds | Should -BeNullOrEmpty
        Get-WhatIfTarget $run | Should -Be "session:80 (HTTP) in account $Account, us-east-1, as assumed-role/Stored/stored"
        (Get-VerboseLines $run)[0] | Should -BeLike "Acting in account $Account, us-east-1, as assumed-role/Stored/stored *"
    }

    It 'refuses another account before any change' {
        $before = Get-State $Alb.ListenerArn
        { Restore-ListenerSnapshot -Snapshot $SnapshotFile -EndpointUrl $Endpoint -AccountId $OtherAccount -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'AccountMismatch*'
        (Get-State $Alb.ListenerArn).Json | Should -Be $before.Json
    }
}

Describe 'The other commands take the shell''s defaults as well' {
    It 'Test-MaintenancePage reads an S3 page with only $StoredAWSRegion and $StoredAWSCredentials set' {
        $run = Invoke-InToolsShell "`$global:StoredAWSRegion = 'us-east-1'; `$global:StoredAWSCredentials = New-ToolsCredential Stored`nTest-MaintenancePage -PageUri '$($Alb.PageUri)' -EndpointUrl '$Endpoint' | Out-Null" -Environment @{ AWS_REGION = $null; AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_SESSION_TOKEN = $null }
        $run.ErrorIds | Should -BeNullOrEmpty
    }

    It 'Test-MaintenancePage reads it with -ProfileLocation' {
        $run = Invoke-InToolsShell "`$global:StoredAWSRegion = 'us-east-1'`nTest-MaintenancePage -PageUri '$($Alb.PageUri)' -EndpointUrl '$Endpoint' -ProfileLocation '$OtherCredentials' | Out-Null" -Environment @{ AWS_REGION = $null; AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_SESSION_TOKEN = $null }
        $run.ErrorIds | Should -BeNullOrEmpty
    }
}
