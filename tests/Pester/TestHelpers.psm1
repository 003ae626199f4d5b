# Shared by the Pester tests of the built module: the AWS environment of the test process, sample load
# balancers in moto, the emulator's state read through boto3 (never through the module under test), and
# child pwsh processes for what one process cannot show (-WhatIf text, an unset region, two runs at once).

Set-StrictMode -Version 3
Import-Module (Join-Path $PSScriptRoot '../../tools/MotoServer.psm1')

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:StateScript = Join-Path $PSScriptRoot 'moto_state.py'
$script:SampleAlbScript = Join-Path $script:RepoRoot 'tools/New-SampleAlb.py'
$script:SavedEnvironment = $null
$script:StateSession = $null
$script:ResultMarker = '##MAINTENANCE-MODE-TEST-RESULT##'
# The integration tests talk to moto through the AWS-behaviour layer of tests/FaultProxy, which answers as AWS
# does; MAINTENANCE_MODE_TEST_AWS=moto passes moto's own answers through (the moto-only leg of build.ps1 Test).
$script:DefaultAwsProfile = if ($env:MAINTENANCE_MODE_TEST_AWS -eq 'moto') { 'moto' } else { 'aws' }
# Proxy endpoint -> the emulator behind it: the tests' own reads and set-up go to the emulator directly,
# so that neither lag nor throttling nor shaping changes what a test sees of the truth.
$script:ProxyUpstreams = @{}

# Everything that could steer the AWS SDK away from the emulator or the dummy keys.
$script:AwsVariables = @(
    'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION',
    'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_STS',
    'AWS_EC2_METADATA_DISABLED'
)

function Get-RepositoryRoot { $script:RepoRoot }

function Get-DefaultAwsProfile { $script:DefaultAwsProfile }

function Resolve-MotoEndpoint {
    # The emulator itself for an endpoint that is one of this process's proxies; any other endpoint as it is.
    param([Parameter(Mandatory)][string] $Endpoint)
    if ($script:ProxyUpstreams.ContainsKey($Endpoint)) { $script:ProxyUpstreams[$Endpoint] } else { $Endpoint }
}

function Get-ModuleManifestPath { Join-Path $script:RepoRoot 'MaintenanceMode.psd1' }

function Set-ProcessVariable {
    # $null removes the variable (an empty value would still count as set, for example as an empty profile name).
    param([Parameter(Mandatory)][string] $Name, [AllowNull()][string] $Value)
    if ([string]::IsNullOrEmpty($Value)) { Remove-Item -Path "Env:$Name" -ErrorAction SilentlyContinue }
    else { Set-Item -Path "Env:$Name" -Value $Value }
}

function Set-TestAwsEnvironment {
    <#
    .SYNOPSIS
        Dummy keys and us-east-1 for this process only; no shared config or instance metadata. Undo with Restore-TestAwsEnvironment.
    #>
    param([Parameter(Mandatory)][string] $ScratchDirectory)
    $saved = @{}
    foreach ($name in $script:AwsVariables) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    $script:SavedEnvironment = $saved
    foreach ($name in $script:AwsVariables) { Set-ProcessVariable -Name $name -Value $null }
    $env:AWS_ACCESS_KEY_ID = 'test'
    $env:AWS_SECRET_ACCESS_KEY = 'test'
    $env:AWS_REGION = 'us-east-1'
    # Files that do not exist: a developer's profiles must not change what the tests see.
    $env:AWS_CONFIG_FILE = Join-Path $ScratchDirectory 'no-aws-config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $ScratchDirectory 'no-aws-credentials'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
}

function Restore-TestAwsEnvironment {
    if ($null -eq $script:SavedEnvironment) { return }
    foreach ($name in $script:AwsVariables) { Set-ProcessVariable -Name $name -Value $script:SavedEnvironment[$name] }
    $script:SavedEnvironment = $null
}

function Invoke-Python {
    # Runs a helper script and returns its JSON output as an object; a failure stops the test with python's message.
    param([Parameter(Mandatory)][string] $Script, [Parameter(Mandatory)][string[]] $ArgumentList, [string] $InputText)
    $errorFile = [IO.Path]::GetTempFileName()
    try {
        $output = if ($PSBoundParameters.ContainsKey('InputText')) {
            $InputText | & python3 $Script @ArgumentList 2> $errorFile
        } else {
            & python3 $Script @ArgumentList 2> $errorFile
        }
        if ($LASTEXITCODE -ne 0) {
            throw "python3 $(Split-Path $Script -Leaf) $($ArgumentList -join ' ') failed ($LASTEXITCODE): $(Get-Content $errorFile -Raw)"
        }
        return (($output -join "`n") | ConvertFrom-Json)
    } finally {
        Remove-Item $errorFile -ErrorAction SilentlyContinue
    }
}

function New-SampleAlb {
    <#
    .SYNOPSIS
        A load balancer with one listener, rules at priorities 1..Rules (rule 1 tagged owner=terraform), and a page bucket.
    #>
    param(
        [Parameter(Mandatory)][string] $Endpoint,
        [Parameter(Mandatory)][string] $Name,
        [int] $Rules = 5,
        [switch] $Nlb
    )
    $arguments = @('--endpoint', (Resolve-MotoEndpoint $Endpoint), '--name', $Name, '--rules', "$Rules")
    if ($Nlb) { $arguments += '--nlb' }
    $alb = Invoke-Python -Script $script:SampleAlbScript -ArgumentList $arguments
    $alb | Add-Member -NotePropertyName ListenerArn -NotePropertyValue @($alb.ListenerArns)[0] -PassThru
}

function Start-MotoStateSession {
    <#
    .SYNOPSIS
        Keeps one moto_state.py running for -Endpoint (its "serve" mode): Invoke-MotoState and the helpers built
        on it then answer in milliseconds instead of starting python and boto3 for every read. Stop-MotoStateSession ends it.
    #>
    param([Parameter(Mandatory)][string] $Endpoint)
    Stop-MotoStateSession
    $Endpoint = Resolve-MotoEndpoint $Endpoint
    $info = [Diagnostics.ProcessStartInfo]::new()
    $info.FileName = (Get-Command python3 -CommandType Application | Select-Object -First 1).Source
    foreach ($a in @($script:StateScript, '--endpoint', $Endpoint, 'serve')) { $info.ArgumentList.Add($a) }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($info)
    $script:StateSession = [pscustomobject]@{ Endpoint = $Endpoint; Process = $process; StdErr = $process.StandardError.ReadToEndAsync() }
}

function Stop-MotoStateSession {
    if ($null -eq $script:StateSession) { return }
    $process = $script:StateSession.Process
    $script:StateSession = $null
    if (-not $process.HasExited) {
        $process.StandardInput.Close()   # serve ends at the end of its input
        if (-not $process.WaitForExit(5000)) { $process.Kill() }
    }
}

function Invoke-MotoState {
    param([Parameter(Mandatory)][string] $Endpoint, [Parameter(Mandatory)][string[]] $ArgumentList, [string] $InputText)
    $Endpoint = Resolve-MotoEndpoint $Endpoint
    $session = $script:StateSession
    if ($null -ne $session -and $session.Endpoint -eq $Endpoint -and -not $PSBoundParameters.ContainsKey('InputText')) {
        $session.Process.StandardInput.WriteLine((ConvertTo-Json -InputObject @($ArgumentList) -Compress))
        $session.Process.StandardInput.Flush()
        $line = $session.Process.StandardOutput.ReadLine()
        if ($null -eq $line) { throw "moto_state.py serve ended: $($session.StdErr.Result)" }
        $answer = $line | ConvertFrom-Json
        if ($answer.PSObject.Properties['error']) { throw "moto_state.py $($ArgumentList -join ' ') failed: $($answer.error)" }
        return $answer.result
    }
    $all = @('--endpoint', $Endpoint) + $ArgumentList
    if ($PSBoundParameters.ContainsKey('InputText')) {
        Invoke-Python -Script $script:StateScript -ArgumentList $all -InputText $InputText
    } else {
        Invoke-Python -Script $script:StateScript -ArgumentList $all
    }
}

function Get-ListenerState {
    <#
    .SYNOPSIS
        The listener as boto3 sees it: Rules (by priority, default last, each with Tags), ListenerTags, DefaultActions.
        Json holds the same as canonical JSON, for exact before/after comparisons.
    #>
    param([Parameter(Mandatory)][string] $Endpoint, [Parameter(Mandatory)][string] $ListenerArn)
    $state = Invoke-MotoState -Endpoint $Endpoint -ArgumentList @('listener', '--listener', $ListenerArn)
    $state | Add-Member -NotePropertyName Json -NotePropertyValue ($state | ConvertTo-Json -Depth 30 -Compress) -PassThru
}

function Get-RuleByRole {
    # The module's own rules: those tagged maintenance-mode:role=<Role>.
    param([Parameter(Mandatory)] $State, [Parameter(Mandatory)][string] $Role)
    @($State.Rules | Where-Object { @($_.Tags | Where-Object { $_.Key -eq 'maintenance-mode:role' -and $_.Value -eq $Role }).Count -gt 0 })
}

function Get-UserRule {
    # The rules that are neither the default rule nor the module's.
    param([Parameter(Mandatory)] $State)
    @($State.Rules | Where-Object { -not $_.IsDefault -and @($_.Tags | Where-Object Key -eq 'maintenance-mode:role').Count -eq 0 })
}

function New-UserRule {
    param(
        [Parameter(Mandatory)][string] $Endpoint,
        [Parameter(Mandatory)][string] $ListenerArn,
        [Parameter(Mandatory)][int] $Priority,
        [Parameter(Mandatory)][object[]] $Conditions,
        [Parameter(Mandatory)][object[]] $Actions
    )
    $spec = @{ Conditions = $Conditions; Actions = $Actions } | ConvertTo-Json -Depth 20 -Compress
    Invoke-MotoState -Endpoint $Endpoint -ArgumentList @('create-rule', '--listener', $ListenerArn, '--priority', "$Priority") -InputText $spec
}

function Send-S3Object {
    param(
        [Parameter(Mandatory)][string] $Endpoint,
        [Parameter(Mandatory)][string] $Bucket,
        [Parameter(Mandatory)][string] $Key,
        [Parameter(Mandatory)][string] $Path,
        [string] $ContentType
    )
    $arguments = @('put-object', '--bucket', $Bucket, '--key', $Key, '--body-file', $Path)
    if ($ContentType) { $arguments += @('--content-type', $ContentType) }
    Invoke-MotoState -Endpoint $Endpoint -ArgumentList $arguments
}

function Get-S3ObjectHead {
    param([Parameter(Mandatory)][string] $Endpoint, [Parameter(Mandatory)][string] $Uri)
    if ($Uri -notmatch '^s3://([^/]+)/(.+)$') { throw "Not an s3:// object location: $Uri" }
    Invoke-MotoState -Endpoint $Endpoint -ArgumentList @('head-object', '--bucket', $Matches[1], '--key', $Matches[2])
}

function Get-S3ObjectText {
    param([Parameter(Mandatory)][string] $Endpoint, [Parameter(Mandatory)][string] $Bucket, [Parameter(Mandatory)][string] $Key)
    (Invoke-MotoState -Endpoint $Endpoint -ArgumentList @('get-object', '--bucket', $Bucket, '--key', $Key)).Body
}

function Get-S3Key {
    param([Parameter(Mandatory)][string] $Endpoint, [Parameter(Mandatory)][string] $Bucket, [string] $Prefix = '')
    $arguments = @('list-objects', '--bucket', $Bucket)
    if ($Prefix) { $arguments += @('--prefix', $Prefix) }
    @((Invoke-MotoState -Endpoint $Endpoint -ArgumentList $arguments).Keys)
}

function Write-Utf8File {
    # Exactly these characters as UTF-8: no byte order mark, no trailing newline.
    param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][AllowEmptyString()][string] $Text)
    [IO.File]::WriteAllText($Path, $Text, [Text.UTF8Encoding]::new($false))
    $Path
}

function Start-ChildPwsh {
    <#
    .SYNOPSIS
        Starts the PowerShell running this test as a new process on a script file, with this process's
        environment changed by -Environment (a $null value removes a variable). Collect it with Wait-ChildPwsh.
    #>
    param(
        [Parameter(Mandatory)][string] $ScriptPath,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{}
    )
    $info = [Diagnostics.ProcessStartInfo]::new()
    $info.FileName = [Environment]::ProcessPath
    # As a dotnet tool, PowerShell is hosted by dotnet: the child is "dotnet pwsh.dll".
    if ([IO.Path]::GetFileNameWithoutExtension($info.FileName) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $ScriptPath) + $ArgumentList) { $info.ArgumentList.Add($a) }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.WorkingDirectory = $script:RepoRoot
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { [void]$info.Environment.Remove($name) } else { $info.Environment[$name] = [string]$Environment[$name] }
    }
    $process = [Diagnostics.Process]::Start($info)
    [pscustomobject]@{
        Process = $process
        StdOut  = $process.StandardOutput.ReadToEndAsync()
        StdErr  = $process.StandardError.ReadToEndAsync()
    }
}

function Wait-ChildPwsh {
    param([Parameter(Mandatory, ValueFromPipeline)] $Child, [int] $TimeoutSeconds = 120)
    process {
        if (-not $Child.Process.WaitForExit($TimeoutSeconds * 1000)) {
            $Child.Process.Kill($true)
            throw "The child pwsh (process $($Child.Process.Id)) did not finish within $TimeoutSeconds s."
        }
        $Child.Process.WaitForExit()
        $stdout = $Child.StdOut.GetAwaiter().GetResult()
        $stderr = $Child.StdErr.GetAwaiter().GetResult()
        # Output: all the child wrote, for a -Because or a file that looks for one line in either stream.
        [pscustomobject]@{ ExitCode = $Child.Process.ExitCode; StdOut = $stdout; StdErr = $stderr; Output = $stdout + $stderr }
    }
}

function Invoke-ChildPwsh {
    # The one way a test runs PowerShell in a fresh process: ExitCode, StdOut, StdErr and Output (both).
    param([Parameter(Mandatory)][string] $ScriptPath, [string[]] $ArgumentList = @(), [hashtable] $Environment = @{})
    Start-ChildPwsh -ScriptPath $ScriptPath -ArgumentList $ArgumentList -Environment $Environment | Wait-ChildPwsh
}

function Start-ModuleInChild {
    <#
    .SYNOPSIS
        Runs PowerShell code with the built module imported, in a child pwsh; Wait-ModuleInChild collects it.
    .DESCRIPTION
        The child writes its host output (-WhatIf text) to stdout as usual, then one line: the marker and a
        JSON object with ErrorIds (the FullyQualifiedErrorId of every error, terminating or not) and Output
        (ListenerArn, Enabled and State of each object written).
    #>
    param([Parameter(Mandatory)][string] $Command, [hashtable] $Environment = @{})
    $scriptPath = Join-Path ([IO.Path]::GetTempPath()) "maintenance-mode-child-$([guid]::NewGuid().ToString('N')).ps1"
    $manifest = (Get-ModuleManifestPath).Replace("'", "''")
    @"
`$ErrorActionPreference = 'Continue'
`$ProgressPreference = 'SilentlyContinue'
`$PSStyle.OutputRendering = 'PlainText'
Import-Module '$manifest'
`$Error.Clear()
`$output = @()
`$output = @(& {
$Command
})
`$result = [ordered]@{
    ErrorIds = @(`$Error | ForEach-Object { if (`$_ -is [Management.Automation.ErrorRecord]) { `$_.FullyQualifiedErrorId } else { `$_.GetType().FullName } })
    Output   = @(`$output | ForEach-Object { [ordered]@{ ListenerArn = `$_.ListenerArn; Enabled = `$_.Enabled; State = "`$(`$_.State)" } })
}
'$script:ResultMarker' + (`$result | ConvertTo-Json -Depth 5 -Compress)
"@ | Set-Content -Path $scriptPath -Encoding utf8
    $child = Start-ChildPwsh -ScriptPath $scriptPath -Environment $Environment
    $child | Add-Member -NotePropertyName ScriptPath -NotePropertyValue $scriptPath -PassThru
}

function Wait-ModuleInChild {
    # StdOut, StdErr, ExitCode, and the parsed ErrorIds and Output of a child started by Start-ModuleInChild.
    param([Parameter(Mandatory, ValueFromPipeline)] $Child)
    process {
        try { $done = Wait-ChildPwsh -Child $Child }
        finally { Remove-Item $Child.ScriptPath -ErrorAction SilentlyContinue }
        $line = @($done.StdOut -split '\r?\n' | Where-Object { $_.StartsWith($script:ResultMarker) }) | Select-Object -Last 1
        if (-not $line) { throw "The child pwsh wrote no result (exit code $($done.ExitCode)).`nstdout: $($done.StdOut)`nstderr: $($done.StdErr)" }
        $result = $line.Substring($script:ResultMarker.Length) | ConvertFrom-Json
        [pscustomobject]@{
            ExitCode = $done.ExitCode
            StdOut   = $done.StdOut
            StdErr   = $done.StdErr
            ErrorIds = @($result.ErrorIds)
            Output   = @($result.Output)
        }
    }
}

function Invoke-ModuleInChild {
    param([Parameter(Mandatory)][string] $Command, [hashtable] $Environment = @{})
    Start-ModuleInChild -Command $Command -Environment $Environment | Wait-ModuleInChild
}

function Start-FaultProxy {
    <#
    .SYNOPSIS
        Starts tests/FaultProxy/fault_proxy.py in front of the emulator on a free 127.0.0.1 port. The module
        gets -EndpointUrl $proxy.Endpoint; arm faults with Set-FaultProxy; stop it with Stop-FaultProxy (it
        also stops by itself when this process ends).
    #>
    param(
        [Parameter(Mandatory)][string] $Upstream,
        [int] $TimeoutSeconds = 30,
        # The AWS behaviours it starts with and comes back to on Clear-FaultProxy: aws, or moto (none).
        [ValidateSet('aws', 'moto')][string] $AwsProfile = $script:DefaultAwsProfile
    )
    $info = [Diagnostics.ProcessStartInfo]::new()
    $info.FileName = (Get-Command python3 -CommandType Application | Select-Object -First 1).Source
    foreach ($a in @((Join-Path $script:RepoRoot 'tests/FaultProxy/fault_proxy.py'), '--upstream', $Upstream, '--parent-pid', "$PID", '--profile', $AwsProfile)) { $info.ArgumentList.Add($a) }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($info)
    $errors = $process.StandardError.ReadToEndAsync()
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait($TimeoutSeconds * 1000) -or -not $line.Result) {
        if (-not $process.HasExited) { $process.Kill() }
        throw "The fault proxy did not start within $TimeoutSeconds s: $($errors.Result)"
    }
    $port = ($line.Result | ConvertFrom-Json).port
    $script:ProxyUpstreams["http://127.0.0.1:$port"] = $Upstream
    [pscustomobject]@{ Endpoint = "http://127.0.0.1:$port"; Port = $port; Process = $process; StdErr = $errors; AwsProfile = $AwsProfile; Upstream = $Upstream }
}

function Start-TestAws {
    <#
    .SYNOPSIS
        moto_server behind the AWS-behaviour proxy: .Endpoint is what the module under test talks to (the proxy, or
        moto itself when MAINTENANCE_MODE_TEST_AWS=moto), .MotoEndpoint the emulator, .Proxy the proxy (or $null).
        The state helpers (Get-ListenerState, New-SampleAlb, ...) given .Endpoint read the emulator directly.
    #>
    param([ValidateSet('aws', 'moto')][string] $AwsProfile = $script:DefaultAwsProfile)
    $moto = Start-MotoServer
    $proxy = $null
    try { $proxy = Start-FaultProxy -Upstream $moto.Endpoint -AwsProfile $AwsProfile }
    catch { Stop-MotoServer -Server $moto; throw }
    [pscustomobject]@{ Endpoint = $proxy.Endpoint; MotoEndpoint = $moto.Endpoint; Proxy = $proxy; Moto = $moto; Process = $moto.Process; AwsProfile = $AwsProfile }
}

function Stop-TestAws {
    param([Parameter(Mandatory, ValueFromPipeline)] $Server)
    process {
        if ($Server.Proxy) { Stop-FaultProxy -Proxy $Server.Proxy }
        if ($Server.Moto) { Stop-MotoServer -Server $Server.Moto }
    }
}

$script:Session = $null

function Start-TestSession {
    <#
    .SYNOPSIS
        The one prologue of a Pester file that runs the built module against moto: dummy keys and us-east-1
        for this process (Set-TestAwsEnvironment) with a scratch folder of its own, moto_server behind the
        AWS-behaviour proxy (Start-TestAws), a moto_state.py session for fast reads of the truth, and the
        built module imported. Returns what Start-TestAws returns plus .Scratch: the module talks to
        .Endpoint (the proxy); .MotoEndpoint is the emulator, .Proxy the proxy to arm faults on.
        Stop-TestSession in AfterAll undoes all of it.
    #>
    param(
        # Names the scratch folder (mm-<Name>-<pid> under the temporary folder).
        [string] $Name = 'test',
        [ValidateSet('aws', 'moto')][string] $AwsProfile = $script:DefaultAwsProfile,
        # Only the environment and the emulator: for a file that imports the module its own way.
        [switch] $NoModule
    )
    if ($null -ne $script:Session) { Stop-TestSession }
    $scratch = Join-Path ([IO.Path]::GetTempPath()) "mm-$Name-$PID"
    New-Item -ItemType Directory -Force -Path $scratch | Out-Null
    Set-TestAwsEnvironment -ScratchDirectory $scratch
    $aws = Start-TestAws -AwsProfile $AwsProfile
    $aws | Add-Member -NotePropertyName Scratch -NotePropertyValue $scratch
    $script:Session = $aws
    Start-MotoStateSession -Endpoint $aws.MotoEndpoint
    # -Global: imported from here, the cmdlets would otherwise be visible to this helper module only.
    if (-not $NoModule) { Import-Module (Get-ModuleManifestPath) -Force -Global }
    $aws
}

function Stop-TestSession {
    # Undoes Start-TestSession: previews, the state session, proxy and moto, the environment, the scratch folder.
    if (Get-Command Stop-MaintenancePreview -ErrorAction SilentlyContinue) { Stop-MaintenancePreview -All -ErrorAction SilentlyContinue }
    Stop-MotoStateSession
    $session = $script:Session
    $script:Session = $null
    if ($null -ne $session) {
        Stop-TestAws -Server $session
        Remove-Item $session.Scratch -Recurse -Force -ErrorAction SilentlyContinue
    }
    Restore-TestAwsEnvironment
}

function Get-State {
    # The listener as moto holds it, read past the proxy (see Get-ListenerState).
    param([Parameter(Mandatory)][string] $ListenerArn)
    if ($null -eq $script:Session) { throw 'Get-State needs Start-TestSession first.' }
    Get-ListenerState -Endpoint $script:Session.MotoEndpoint -ListenerArn $ListenerArn
}

function Get-ListenerShape {
    <#
    .SYNOPSIS
        The listener in evaluation order without priorities or the module's ARNs, as JSON: equal for any two
        listeners in the same maintenance, however their priorities were reached (a rerun may lay the rules
        out higher). The state tag's digest names one snapshot, whose capture time differs from run to run.
    #>
    param([Parameter(Mandatory)] $State)
    $rules = @($State.Rules | ForEach-Object {
            $role = @($_.Tags | Where-Object Key -EQ 'maintenance-mode:role' | ForEach-Object Value)
            [ordered]@{ Rule = if ($role.Count -gt 0) { "module:$($role[0])" } else { $_.RuleArn }; Conditions = $_.Conditions; Actions = $_.Actions; Tags = $_.Tags }
        })
    ([ordered]@{ Rules = $rules; ListenerTags = $State.ListenerTags; DefaultActions = $State.DefaultActions } | ConvertTo-Json -Depth 30 -Compress) -replace ' sha256:[0-9a-f]{64}', ' sha256:(digest)'
}

function Get-StopErrorId {
    # The FullyQualifiedErrorId of the error a call stops with (its non-terminating errors made terminating), or $null.
    param([Parameter(Mandatory)][scriptblock] $Call)
    try { & $Call | Out-Null; return $null }
    catch { return $_.FullyQualifiedErrorId }
}

function Set-AwsBehaviour {
    <#
    .SYNOPSIS
        Switches AWS behaviours of the proxy (tests/FaultProxy/aws_behaviour.py), e.g. @{ lag_ms = 3000 },
        @{ lose_reply = 'CreateRule' }, @{ conflict = 's3-delete' }, @{ profile = 'moto' }. Returns the switches now in force.
    #>
    param([Parameter(Mandatory)] $Proxy, [Parameter(Mandatory)][hashtable] $Switch)
    $query = ($Switch.GetEnumerator() | Sort-Object { if ($_.Key -eq 'profile') { 0 } else { 1 } } |
        ForEach-Object { "$($_.Key)=$([Uri]::EscapeDataString([string]$_.Value))" }) -join '&'
    Invoke-FaultProxyControl -Proxy $Proxy -PathAndQuery "aws?$query"
}

function Stop-FaultProxy {
    param([Parameter(Mandatory, ValueFromPipeline)] $Proxy)
    process {
        if ($Proxy -and -not $Proxy.Process.HasExited) {
            $Proxy.Process.Kill()
            $Proxy.Process.WaitForExit(5000) | Out-Null
        }
    }
}

function Invoke-FaultProxyControl {
    param([Parameter(Mandatory)] $Proxy, [Parameter(Mandatory)][string] $PathAndQuery)
    Invoke-RestMethod -Uri "$($Proxy.Endpoint)/__$PathAndQuery" -Method Get -TimeoutSec 10 -NoProxy
}

function Set-FaultProxy {
    <#
    .SYNOPSIS
        Arms the proxy: the K-th mutating ELBv2 call from now and the Burst-1 after it fail with Mode
        (500, throttle, denied, reset, reset-after, hold, hold-before). -On s3-put counts S3 PUTs (lock, snapshot,
        record) instead; -Action counts only mutating calls of that ELBv2 action. -LatencyMs adds latency to every forwarded request. -PerCall N: the first N faults go to the
        K-th call's own retries only (calls the module sends beside it pass), the rest in arrival order.
    #>
    param(
        [Parameter(Mandatory)] $Proxy,
        [Parameter(Mandatory)][int] $K,
        [Parameter(Mandatory)][ValidateSet('500', 'throttle', 'denied', 'reset', 'reset-after', 'hold', 'hold-before')][string] $Mode,
        [int] $Burst = 1,
        [int] $LatencyMs = 0,
        [ValidateSet('mutating', 's3-put')][string] $On = 'mutating',
        [int] $PerCall = 0,
        [string] $Action
    )
    $only = if ($Action) { "&action=$Action" } else { '' }
    Invoke-FaultProxyControl -Proxy $Proxy -PathAndQuery "fault?k=$K&mode=$Mode&burst=$Burst&latency_ms=$LatencyMs&on=$On&per_call=$PerCall$only"
}

function Set-FaultProxyLatency {
    # Adds this much latency to every forwarded request, faults armed or not.
    param([Parameter(Mandatory)] $Proxy, [Parameter(Mandatory)][int] $Milliseconds)
    Invoke-FaultProxyControl -Proxy $Proxy -PathAndQuery "latency?ms=$Milliseconds"
}

function Clear-FaultProxy {
    # No more faults and no latency; a held response is let go; the AWS behaviours the proxy started with.
    param([Parameter(Mandatory)] $Proxy)
    Invoke-FaultProxyControl -Proxy $Proxy -PathAndQuery 'clear' | Out-Null
    $awsProfile = if ($Proxy.PSObject.Properties['AwsProfile']) { $Proxy.AwsProfile } else { $script:DefaultAwsProfile }
    Invoke-FaultProxyControl -Proxy $Proxy -PathAndQuery "aws?profile=$awsProfile" | Out-Null
    Invoke-FaultProxyControl -Proxy $Proxy -PathAndQuery 'latency?ms=0'
}

function Get-FaultProxyStatus {
    param([Parameter(Mandatory)] $Proxy)
    Invoke-FaultProxyControl -Proxy $Proxy -PathAndQuery 'status'
}

function Get-FaultProxyLog {
    # Every request forwarded or failed since entry -Since: method, path, service, action, mutating, ordinal, fault, status.
    param([Parameter(Mandatory)] $Proxy, [int] $Since = 0)
    # Invoke-RestMethod hands a JSON array over as one object: unroll it.
    @(Invoke-FaultProxyControl -Proxy $Proxy -PathAndQuery "log?since=$Since" | ForEach-Object { $_ })
}

function Wait-FaultProxyHold {
    <#
    .SYNOPSIS
        Waits until the proxy holds the response of the armed call (returns its Action), or the child
        process ends first (returns $null). The bound is a safety net, not a timing assumption.
    #>
    param([Parameter(Mandatory)] $Proxy, [Parameter(Mandatory)] $Child, [int] $TimeoutSeconds = 120)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        $status = Get-FaultProxyStatus -Proxy $Proxy
        if ($status.held) { return $status.held }
        if ($Child.Process.HasExited) { return $null }
        Start-Sleep -Milliseconds 50
    }
    throw "The proxy held no response within $TimeoutSeconds s."
}

# The account moto answers sts:GetCallerIdentity with, and owns every bucket by.
$script:MotoAccountId = '123456789012'

# The README's IAM policy, as the calls a proxy log may show.
$script:PolicyElbv2Actions = @('DescribeLoadBalancers', 'DescribeListeners', 'DescribeRules', 'DescribeTags',
    'CreateRule', 'ModifyRule', 'DeleteRule', 'SetRulePriorities', 'AddTags', 'RemoveTags', 'DescribeAccountLimits')

function Get-PolicyViolation {
    <#
    .SYNOPSIS
        The requests of a fault-proxy log that the README's IAM policy would refuse, an S3 write asking for an
        encryption other than the bucket default or aws:kms, or an S3 request without the caller's account as
        expected bucket owner; one line each, nothing when all is well.
    #>
    param([Parameter(Mandatory)][AllowEmptyCollection()][object[]] $Log)
    foreach ($entry in $Log) {
        $what = "$($entry.service) $($entry.method) $($entry.path) $($entry.action)"
        switch ($entry.service) {
            'elasticloadbalancing' { if ($entry.action -notin $script:PolicyElbv2Actions) { "not in the policy: $what" } }
            'sts' { if ($entry.action -ne 'GetCallerIdentity') { "not in the policy: $what" } }
            's3' {
                # /bucket/key: Get/Put/DeleteObject (HEAD needs GetObject); /bucket alone: only a listing (ListBucket).
                $objectCall = $entry.path -match '^/[^/?]+/[^?]+'
                if ($objectCall -and $entry.method -notin 'GET', 'HEAD', 'PUT', 'DELETE') { "not in the policy: $what" }
                if (-not $objectCall -and $entry.method -ne 'GET') { "not in the policy: $what" }
                # The bucket's default encrypts every write; an explicit AES256 is what a bucket requiring aws:kms refuses.
                $headers = $entry.PSObject.Properties['headers']
                $header = if ($headers -and $headers.Value) { $headers.Value.PSObject.Properties['x-amz-server-side-encryption'] } else { $null }
                $sse = if ($header) { $header.Value } else { $null }
                if ($entry.method -eq 'PUT' -and $sse -and $sse -ne 'aws:kms') { "asked for $sse instead of the bucket's default encryption: $what" }
                # A bucket named by a listener tag must be the caller's (moto's account): S3 checks the header.
                # The proxy logs only the headers a request had: a missing one is a violation, not a StrictMode crash.
                $ownerHeader = if ($headers -and $headers.Value) { $headers.Value.PSObject.Properties['x-amz-expected-bucket-owner'] } else { $null }
                $owner = if ($ownerHeader) { $ownerHeader.Value } else { $null }
                if ($owner -ne $script:MotoAccountId) { "sent without the caller's account as expected bucket owner: $what" }
            }
            default { "an unexpected service: $what" }
        }
    }
}

Export-ModuleMember -Function Get-RepositoryRoot, Get-ModuleManifestPath, Set-TestAwsEnvironment, Restore-TestAwsEnvironment,
    New-SampleAlb, Invoke-MotoState, Get-ListenerState, Get-RuleByRole, Get-UserRule, New-UserRule, Send-S3Object,
    Get-S3ObjectHead, Get-S3ObjectText, Get-S3Key, Write-Utf8File, Start-ChildPwsh, Wait-ChildPwsh, Invoke-ChildPwsh,
    Start-ModuleInChild, Wait-ModuleInChild, Invoke-ModuleInChild,
    Start-MotoStateSession, Stop-MotoStateSession, Get-DefaultAwsProfile, Resolve-MotoEndpoint, Start-TestAws, Stop-TestAws, Set-AwsBehaviour, Start-FaultProxy, Stop-FaultProxy, Set-FaultProxy, Set-FaultProxyLatency, Clear-FaultProxy, Get-FaultProxyStatus, Get-FaultProxyLog, Wait-FaultProxyHold,
    Get-PolicyViolation, Start-TestSession, Stop-TestSession, Get-State, Get-ListenerShape, Get-StopErrorId,
    Start-MotoServer, Stop-MotoServer, Reset-MotoServer, Get-FreeTcpPort
