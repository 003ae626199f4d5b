# One benchmark sample, run by Invoke-Benchmark.ps1 in a fresh pwsh: import the module, enable maintenance on
# one listener, disable it again. Prints the Unix time (seconds) of each boundary as "name=value" lines, so the
# caller can place the calls a counting proxy saw; no JSON cmdlets, which would add their own load time.
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $ListenerArn,
    [Parameter(Mandatory)][string] $PageUri,
    [Parameter(Mandatory)][uri] $EndpointUrl,
    [string[]] $AllowSourceIp = @()
)
$ErrorActionPreference = 'Stop'
$epoch = [DateTime]::new(1970, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)
function Now { ([DateTime]::UtcNow - $epoch).TotalSeconds.ToString('R', [Globalization.CultureInfo]::InvariantCulture) }

$importStart = Now
Import-Module $ModulePath
$enableStart = Now
$bypass = @{}
if ($AllowSourceIp.Count -gt 0) { $bypass.AllowSourceIp = $AllowSourceIp }
try { $null = Enable-Maintenance -ListenerArn $ListenerArn -PageUri $PageUri -EndpointUrl $EndpointUrl -Force @bypass }
catch { "error=$($_.FullyQualifiedErrorId): $($_.Exception.Message)"; exit 1 }
$enableEnd = Now
$null = Disable-Maintenance -ListenerArn $ListenerArn -EndpointUrl $EndpointUrl -Force
$disableEnd = Now
"importStart=$importStart"
"enableStart=$enableStart"
"enableEnd=$enableEnd"
"disableEnd=$disableEnd"
