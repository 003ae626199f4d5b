# Runs the Pester files of the suite, each in its own child pwsh (Invoke-PesterFile.ps1), several side by side,
# and writes the counts for build.ps1 to total with xunit's. Most of a file's time is waiting (the retries' real
# backoff, the AWS-behaviour layer's read lag and token buckets), so files overlap well even on two cores; each
# file starts its own moto and proxies on free ports and keeps its environment to its own process.
#
# A file's output is printed whole when it ends (failures with their messages, as Pester prints them). A child
# that ends without its counts (a crash, a parse error) counts as one failure, never as nothing. Results:
# pester-<leg>.xml (every file of the leg, one NUnit document) and pester/<leg>/<file>.xml per file.
param(
    [Parameter(Mandatory)][string] $PesterPath,
    [Parameter(Mandatory)][string] $ResultDirectory,
    [Parameter(Mandatory)][string] $SummaryPath,
    # The files to run through the AWS-behaviour layer (comma-separated); every *.Tests.ps1 here when empty.
    [string] $Path = '',
    # The files to run a second time with moto's own answers (MAINTENANCE_MODE_TEST_AWS=moto), comma-separated.
    [string] $MotoPath = '',
    # How many files run at once.
    [ValidateRange(1, 64)][int] $ThrottleLimit = 6
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

# Started first, longest first: with files side by side the suite lasts at least as long as its longest file,
# and a long file started last would add its whole time. The order of the times measured side by side (the table
# this script prints at its end); the other files follow, larger files first.
$LongFirst = @('Faults.AllowPathExhausted', 'Faults.LostReply', 'Crash', 'Refusals', 'Faults.Absorbed', 'Faults.EnableExhausted',
    'OnAws', 'Maintenance', 'Throttling', 'AwsSession', 'Faults.DisableExhausted', 'Trust', 'Concurrency', 'ApiAndRedirect', 'AllowPath')

function Get-TestFile([string] $List) {
    if ($List) { @($List -split ',' | Where-Object { $_ } | ForEach-Object { Get-Item $_ }) }
    else { @(Get-ChildItem $PSScriptRoot -Filter '*.Tests.ps1' -File) }
}

function Get-StartRank([IO.FileInfo] $File) {
    $name = $File.Name -replace '\.Tests\.ps1$', ''
    $rank = 0..($LongFirst.Count - 1) | Where-Object { $name -like $LongFirst[$_] } | Select-Object -First 1
    if ($null -eq $rank) { $LongFirst.Count } else { $rank }
}

function Start-PesterFile($Job) {
    # A result left by an earlier run must not stand in for this one's.
    Remove-Item $Job.ResultPath, $Job.SummaryPath -ErrorAction SilentlyContinue
    # The PowerShell running this script, as a new process; as a dotnet tool it is "dotnet pwsh.dll".
    $info = [Diagnostics.ProcessStartInfo]::new()
    $info.FileName = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($info.FileName) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    foreach ($a in @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Invoke-PesterFile.ps1'),
            '-PesterPath', $PesterPath, '-File', $Job.File, '-ResultPath', $Job.ResultPath, '-SummaryPath', $Job.SummaryPath)) {
        $info.ArgumentList.Add($a)
    }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.Environment['MAINTENANCE_MODE_TEST_AWS'] = $Job.Leg
    $process = [Diagnostics.Process]::Start($info)
    $Job.Process = $process
    $Job.StdOut = $process.StandardOutput.ReadToEndAsync()
    $Job.StdErr = $process.StandardError.ReadToEndAsync()
    $Job.Exited = $process.WaitForExitAsync()
    $Job.Started = [DateTime]::UtcNow
}

function Complete-PesterFile($Job) {
    $Job.Process.WaitForExit()
    $Job.Seconds = [int][Math]::Round(([DateTime]::UtcNow - $Job.Started).TotalSeconds)
    $exitCode = $Job.Process.ExitCode
    $Job.ExitCode = $exitCode
    $Job.Process.Dispose()
    $counts = if (Test-Path $Job.SummaryPath) { Get-Content $Job.SummaryPath -Raw | ConvertFrom-Json } else { $null }
    if ($null -ne $counts) {
        $Job.Passed = [int]$counts.Passed; $Job.Failed = [int]$counts.Failed; $Job.Skipped = [int]$counts.Skipped
    }
    $note = ''
    if ($null -eq $counts) { $Job.Failed = [Math]::Max(1, $Job.Failed); $note = " (ended with exit code $exitCode before writing its counts: counted as failed)" }
    elseif ($exitCode -ne 0 -and $Job.Failed -eq 0) { $Job.Failed = 1; $note = " (exit code ${exitCode}: counted as failed)" }

    Write-Host ''
    Write-Host "==== $($Job.Name) [$($Job.Leg)]: $($Job.Passed) passed, $($Job.Failed) failed, $($Job.Skipped) skipped in $($Job.Seconds) s$note"
    Write-Host $Job.StdOut.GetAwaiter().GetResult().TrimEnd()
    $stderr = $Job.StdErr.GetAwaiter().GetResult().TrimEnd()
    if ($stderr) { Write-Host "---- $($Job.Name) [$($Job.Leg)] stderr:"; Write-Host $stderr }
}

function Merge-NUnitResult([object[]] $LegJobs, [string] $Destination) {
    # One NUnit 2.5 document of several files' results, as one Invoke-Pester over them all would write it: the
    # files' suites side by side under the run's suite, the counts summed. A file that left no result (its
    # child crashed) is there too, as a failed case that says so.
    $documents = @($LegJobs | Where-Object { Test-Path $_.ResultPath } | ForEach-Object { [xml](Get-Content $_.ResultPath -Raw) })
    $lost = @($LegJobs | Where-Object { -not (Test-Path $_.ResultPath) })
    if ($documents.Count -eq 0) {
        $documents = @([xml]('<?xml version="1.0" encoding="utf-8" standalone="no"?><test-results name="Pester" total="0" errors="0" failures="0" not-run="0" inconclusive="0" ignored="0" skipped="0" invalid="0">' +
                '<test-suite type="TestFixture" name="Pester" executed="True" result="Failure" success="False" time="0" asserts="0" description="Pester"><results /></test-suite></test-results>'))
    }
    $merged = $documents[0]
    $root = $merged.DocumentElement
    $run = $root.SelectSingleNode('test-suite')
    $results = $run.SelectSingleNode('results')
    $time = [double]$run.GetAttribute('time')
    foreach ($doc in $documents | Select-Object -Skip 1) {
        foreach ($name in 'total', 'errors', 'failures', 'not-run', 'inconclusive', 'ignored', 'skipped', 'invalid') {
            $root.SetAttribute($name, [string]([int]$root.GetAttribute($name) + [int]$doc.DocumentElement.GetAttribute($name)))
        }
        $other = $doc.DocumentElement.SelectSingleNode('test-suite')
        $time += [double]$other.GetAttribute('time')
        foreach ($suite in @($other.SelectNodes('results/test-suite'))) { [void]$results.AppendChild($merged.ImportNode($suite, $true)) }
    }
    foreach ($job in $lost) {
        $suite = $merged.CreateElement('test-suite')
        foreach ($pair in @(@('type', 'TestFixture'), @('name', $job.File), @('executed', 'True'), @('result', 'Failure'), @('success', 'False'),
                @('time', [string]$job.Seconds), @('asserts', '0'), @('description', $job.File))) { $suite.SetAttribute($pair[0], $pair[1]) }
        $case = $merged.CreateElement('test-case')
        foreach ($pair in @(@('name', "$($job.Name) ran to its end"), @('description', "$($job.Name) ran to its end"), @('time', [string]$job.Seconds),
                @('asserts', '0'), @('success', 'False'), @('result', 'Failure'), @('executed', 'True'))) { $case.SetAttribute($pair[0], $pair[1]) }
        $failure = $case.AppendChild($merged.CreateElement('failure'))
        $failure.AppendChild($merged.CreateElement('message')).InnerText = "The pwsh running $($job.Name) ended with exit code $($job.ExitCode) before writing its result."
        [void]$suite.AppendChild($merged.CreateElement('results')).AppendChild($case)
        [void]$results.AppendChild($suite)
        foreach ($name in 'total', 'failures') { $root.SetAttribute($name, [string]([int]$root.GetAttribute($name) + 1)) }
    }
    $outcomes = @($documents | ForEach-Object { $_.DocumentElement.SelectSingleNode('test-suite').GetAttribute('result') })
    $outcome = if ($lost.Count -gt 0 -or $outcomes -contains 'Failure') { 'Failure' } elseif (@($outcomes | Where-Object { $_ -ne 'Success' }).Count -gt 0) { 'Ignored' } else { 'Success' }
    $run.SetAttribute('result', $outcome)
    $run.SetAttribute('success', $(if ($outcome -eq 'Failure') { 'False' } else { 'True' }))
    # The files' own times added up (they ran side by side, so this is more than the wall-clock time).
    $run.SetAttribute('time', $time.ToString([Globalization.CultureInfo]::InvariantCulture))
    $merged.Save($Destination)
}

$jobs = [Collections.Generic.List[object]]::new()
foreach ($leg in @(@{ Name = 'aws'; Files = Get-TestFile $Path }, @{ Name = 'moto'; Files = $(if ($MotoPath) { Get-TestFile $MotoPath } else { @() }) })) {
    $legDirectory = New-Item -ItemType Directory -Force -Path (Join-Path $ResultDirectory "pester/$($leg.Name)")
    foreach ($file in $leg.Files) {
        $name = $file.Name
        $jobs.Add([pscustomobject]@{
                Name = $name; Leg = $leg.Name; File = $file.FullName; Rank = Get-StartRank $file; Size = $file.Length
                ResultPath = Join-Path $legDirectory.FullName ($name -replace '\.ps1$', '.xml')
                SummaryPath = Join-Path $legDirectory.FullName ($name -replace '\.ps1$', '.summary.json')
                Process = $null; StdOut = $null; StdErr = $null; Exited = $null; Started = $null; Seconds = 0; ExitCode = $null
                Passed = 0; Failed = 0; Skipped = 0
            })
    }
}
Write-Host "Pester: $($jobs.Count) files, $ThrottleLimit at a time, each in its own pwsh"

$started = [DateTime]::UtcNow
$waiting = [Collections.Generic.Queue[object]]::new([object[]]@($jobs | Sort-Object Rank, @{ Expression = 'Size'; Descending = $true }))
$running = [Collections.Generic.List[object]]::new()
while ($waiting.Count -gt 0 -or $running.Count -gt 0) {
    while ($waiting.Count -gt 0 -and $running.Count -lt $ThrottleLimit) {
        $job = $waiting.Dequeue()
        Start-PesterFile $job
        $running.Add($job)
    }
    [void][Threading.Tasks.Task]::WaitAny([Threading.Tasks.Task[]]@($running | ForEach-Object Exited))
    foreach ($job in @($running | Where-Object { $_.Exited.IsCompleted })) {
        [void]$running.Remove($job)
        Complete-PesterFile $job
    }
}

foreach ($leg in 'aws', 'moto') {
    $legJobs = @($jobs | Where-Object Leg -EQ $leg)
    if ($legJobs.Count -gt 0) { Merge-NUnitResult $legJobs (Join-Path $ResultDirectory "pester-$leg.xml") }
}

Write-Host ''
Write-Host "Pester files by time (wall clock $([Math]::Round(([DateTime]::UtcNow - $started).TotalSeconds)) s):"
$jobs | Sort-Object Seconds -Descending | Format-Table @{ n = 'File'; e = { $_.Name } }, Leg, Seconds, Passed, Failed, Skipped -AutoSize | Out-String -Width 200 | Write-Host

$failed = ($jobs | Measure-Object Failed -Sum).Sum
[pscustomobject]@{
    Passed  = [int]($jobs | Measure-Object Passed -Sum).Sum
    Failed  = [int]$failed
    Skipped = [int]($jobs | Measure-Object Skipped -Sum).Sum
} | ConvertTo-Json | Set-Content -Path $SummaryPath
if ($failed -gt 0) { exit 1 }
exit 0
