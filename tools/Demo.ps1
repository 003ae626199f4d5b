# The module end to end against a local emulated ALB (moto): a listener with several rules and
# priority 1 taken goes into maintenance with a bypass for one address, shows its status and rules,
# and comes back exactly as it was. Run it through build.ps1 Demo, which builds the module first.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $PSScriptRoot 'MotoServer.psm1')

function Show-Step([string] $text) { Write-Host ''; Write-Host "== $text" -ForegroundColor Cyan }

$moto = Start-MotoServer
$saved = @{ AWS_ACCESS_KEY_ID = $env:AWS_ACCESS_KEY_ID; AWS_SECRET_ACCESS_KEY = $env:AWS_SECRET_ACCESS_KEY; AWS_REGION = $env:AWS_REGION }
try {
    # Emulator-only keys, for this process alone: the demo never touches a real account.
    $env:AWS_ACCESS_KEY_ID = 'demo'; $env:AWS_SECRET_ACCESS_KEY = 'demo'; $env:AWS_REGION = 'us-east-1'
    Show-Step "moto is serving the AWS API on $($moto.Endpoint)"
    $alb = & python3 (Join-Path $PSScriptRoot 'New-SampleAlb.py') --endpoint $moto.Endpoint --name shop --rules 5 | ConvertFrom-Json
    if ($LASTEXITCODE -ne 0) { throw 'Creating the sample load balancer failed.' }
    $listener = $alb.ListenerArns[0]
    $showRules = { param([switch] $Json) & python3 (Join-Path $PSScriptRoot 'Show-ListenerRules.py') --endpoint $moto.Endpoint --listener-arn $listener @(if ($Json) { '--json' }) }

    Import-Module (Join-Path $root 'MaintenanceMode.psd1')
    Show-Step "Load balancer 'shop', listener :80, before maintenance"
    & $showRules | Out-Host
    $before = (& $showRules -Json) -join "`n"

    Show-Step "Enable-Maintenance -LoadBalancerName shop -PageUri $($alb.PageUri) -AllowSourceIp 203.0.113.7/32 -Reason 'DB upgrade'"
    Enable-Maintenance -LoadBalancerName shop -PageUri $alb.PageUri -AllowSourceIp 203.0.113.7/32 -Reason 'DB upgrade' -EndpointUrl $moto.Endpoint -Force -Verbose 4>&1 |
        ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { Write-Host "  $($_.Message)" -ForegroundColor DarkGray } } 

    Show-Step 'Get-MaintenanceStatus'
    Get-MaintenanceStatus -EndpointUrl $moto.Endpoint | Format-Table LoadBalancerName, Port, Enabled, State, Since, Reason, StatusCode, AllowSourceIp, BypassRuleCount -AutoSize | Out-Host

    Show-Step 'The rules during maintenance: bypass copies for 203.0.113.7, the page, then the user rules (same ARNs, shifted)'
    & $showRules | Out-Host

    $preview = Start-MaintenancePreview -ListenerArn $listener -EndpointUrl $moto.Endpoint
    Show-Step "A local preview of the listener's routing at $($preview.Url): the public gets the page, 203.0.113.7 the site"
    Write-Host "curl -si $($preview.Url)" -ForegroundColor DarkGray
    (Invoke-WebRequest -Uri $preview.Url -SkipHttpErrorCheck -UseBasicParsing) | ForEach-Object { "HTTP $($_.StatusCode)"; $_.Content } | Out-Host
    Write-Host "curl -si -H 'X-Forwarded-For: 203.0.113.7' $($preview.Url)" -ForegroundColor DarkGray
    (Invoke-WebRequest -Uri $preview.Url -Headers @{ 'X-Forwarded-For' = '203.0.113.7' } -SkipHttpErrorCheck -UseBasicParsing) | ForEach-Object { "HTTP $($_.StatusCode)"; $_.Content } | Out-Host
    $preview | Stop-MaintenancePreview

    Show-Step 'Disable-Maintenance -LoadBalancerName shop'
    Disable-Maintenance -LoadBalancerName shop -EndpointUrl $moto.Endpoint -Force | Format-Table LoadBalancerName, Port, Enabled, State, Drift -AutoSize | Out-Host

    Show-Step 'The listener as it was'
    & $showRules | Out-Host
    $after = (& $showRules -Json) -join "`n"
    if ($after -ne $before) { throw 'The listener differs from before maintenance.' }
    Write-Host 'Every rule is back: same ARNs, priorities, conditions, actions and tags.' -ForegroundColor Green
}
finally {
    foreach ($name in $saved.Keys) { Set-Item "env:$name" -Value $saved[$name] -ErrorAction SilentlyContinue; if ($null -eq $saved[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } }
    Stop-MaintenancePreview -All -ErrorAction SilentlyContinue
    Stop-MotoServer $moto
}
