# Runs every *.Tests.ps1 under this folder with the Pester that build.ps1 restored from NuGet,
# and writes the counts for build.ps1 to total with xunit's.
param(
    [Parameter(Mandatory)][string] $PesterPath,
    [Parameter(Mandatory)][string] $ResultDirectory,
    [Parameter(Mandatory)][string] $SummaryPath,
    # The files to run (comma-separated); every *.Tests.ps1 here when empty.
    [string] $Path = '',
    # Names the NUnit result file: pester-<Leg>.xml.
    [string] $Leg = 'aws'
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force

$config = New-PesterConfiguration
$config.Run.Path = if ($Path) { @($Path -split ',') } else { $PSScriptRoot }
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultDirectory "pester-$Leg.xml"

$result = Invoke-Pester -Configuration $config
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount + $result.NotRunCount } |
    ConvertTo-Json | Set-Content -Path $SummaryPath
if ($failed -gt 0) { exit 1 }
exit 0
