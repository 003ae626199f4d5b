# Runs one Pester test file in this process, with the Pester that build.ps1 restored from NuGet, and writes its
# NUnit result and its counts. Invoke-PesterSuite.ps1 starts one of these per file, several side by side: each
# file starts its own moto and proxies on free ports, and the environment a file sets is this process's alone.
param(
    [Parameter(Mandatory)][string] $PesterPath,
    [Parameter(Mandatory)][string] $File,
    [Parameter(Mandatory)][string] $ResultPath,
    [Parameter(Mandatory)][string] $SummaryPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force

$config = New-PesterConfiguration
$config.Run.Path = @($File)
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = $ResultPath

$result = Invoke-Pester -Configuration $config
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount + $result.NotRunCount } |
    ConvertTo-Json | Set-Content -Path $SummaryPath
if ($failed -gt 0) { exit 1 }
exit 0
