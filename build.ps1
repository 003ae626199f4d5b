<#
.SYNOPSIS
    Builds, tests, demonstrates and packages the MaintenanceMode module.
.DESCRIPTION
    Tasks:
      Build    (default) compile and lay out bin/ (with the format views and ReadyToRun images for this
               machine's runtime, tools/ReadyToRun) and generate en-US/ help from docs/help/, so that
               Import-Module ./MaintenanceMode.psd1 works with Get-Help.
      Test     Build, then the xunit tests of the core beside the Pester tests of the built module
               against moto through the AWS-behaviour layer of tests/FaultProxy (answers as AWS does),
               and a short moto-only leg (Maintenance.Tests.ps1 with MAINTENANCE_MODE_TEST_AWS=moto);
               each Pester file in a pwsh of its own, several at once (tests/Pester/Invoke-PesterSuite.ps1);
               prints "Total: N passed, N failed, N skipped".
      Demo     Build, start moto, create a sample ALB and run the module against it.
      Package  Build, then lay out out/MaintenanceMode/<version>/ and out/MaintenanceMode.<version>.nupkg
               (tools/New-ModulePackage.ps1).
      Clean    Remove bin/, en-US/, out/ and every obj/.
      Bench    Build, then the benchmark against moto and an aws-cli runbook (docs/benchmarks.md).
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Package', 'Clean', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$Root = $PSScriptRoot
$BinDir = Join-Path $Root 'bin'
$OutDir = Join-Path $Root 'out'
$ResultsDir = Join-Path $OutDir 'test-results'
$HelpDir = Join-Path $Root 'en-US'

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @())
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Invoke-ChildPwsh {
    # The same PowerShell that runs this script, in a new process. As a dotnet tool it is hosted
    # by dotnet, so the child is started as "dotnet pwsh.dll".
    param([Parameter(Mandatory)][string[]] $ArgumentList)
    $host_ = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') {
        & $host_ (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive @ArgumentList
    } else {
        & $host_ -NoProfile -NonInteractive @ArgumentList
    }
}

function Get-ModuleVersion {
    [xml]$props = Get-Content (Join-Path $Root 'Directory.Build.props') -Raw
    return ($props.Project.PropertyGroup | ForEach-Object { $_.Version } | Where-Object { $_ } | Select-Object -First 1)
}

function Invoke-BuildTask {
    $publishDir = Join-Path $Root 'obj/publish'
    if (Test-Path $publishDir) { Remove-Item $publishDir -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/MaintenanceMode/MaintenanceMode.csproj'),
        '-c', $Configuration, '-o', $publishDir, '--nologo', '-v', 'quiet')

    # The cmdlet assembly goes to bin/; the core and every dependency go to bin/dependencies/, where
    # ModuleInit loads them into a private load context (PowerShell 7) or resolves them (5.1).
    if (Test-Path $BinDir) { Remove-Item $BinDir -Recurse -Force }
    $depDir = New-Item -ItemType Directory -Force -Path (Join-Path $BinDir 'dependencies')
    foreach ($file in Get-ChildItem $publishDir -File) {
        if ($file.Name -like 'System.Management.Automation*') { continue }
        if ($file.Extension -notin '.dll', '.pdb') { continue }
        if ($file.BaseName -eq 'MaintenanceMode') { Copy-Item $file.FullName $BinDir }
        else { Copy-Item $file.FullName $depDir.FullName }
    }
    foreach ($required in 'MaintenanceMode.dll', 'dependencies/MaintenanceMode.Core.dll', 'dependencies/AWSSDK.Core.dll', 'dependencies/AWSSDK.S3.dll') {
        if (-not (Test-Path (Join-Path $BinDir $required))) { throw "Build output is missing bin/$required." }
    }
    # The format views, where FormatsToProcess in the manifest expects them.
    Copy-Item (Join-Path $Root 'src/MaintenanceMode/MaintenanceMode.Format.ps1xml') $BinDir
    Build-ReadyToRunImages $depDir.FullName
    Build-Help
    Write-Host "Built MaintenanceMode $(Get-ModuleVersion) into bin/ and en-US/"
}

function Build-ReadyToRunImages([string] $DependencyDir) {
    # Precompiled copies of what a command runs on its first call (the core, AWSSDK, the checksums S3 uses)
    # for the runtime this machine builds on, into bin/ready-to-run/<framework>-<runtime identifier>/;
    # ModuleInit loads them instead of the IL only in a process of exactly that runtime (ReadyToRunImages.cs).
    # The module works without them, so a machine whose SDK cannot get its crossgen2 builds on, with a warning.
    $project = Join-Path $Root 'tools/ReadyToRun/ReadyToRun.csproj'
    [xml]$projectXml = Get-Content $project -Raw
    $framework = $projectXml.Project.PropertyGroup | ForEach-Object { $_.TargetFramework } | Where-Object { $_ } | Select-Object -First 1
    $runtime = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $names = 'MaintenanceMode.Core', 'AWSSDK.Core', 'AWSSDK.S3', 'System.IO.Hashing'
    $inputs = foreach ($name in $names) { Join-Path $DependencyDir "$name.dll" }
    $compiled = Join-Path $Root "obj/ready-to-run/$framework-$runtime"
    if (Test-Path $compiled) { Remove-Item $compiled -Recurse -Force }
    # "%3B" is a semicolon that the command line does not take for the end of the property.
    $output = & dotnet publish $project -c $Configuration -r $runtime -o $compiled --nologo -v quiet "-p:ReadyToRunInputs=$($inputs -join '%3B')" 2>&1
    if ($LASTEXITCODE -ne 0) {
        Write-Warning "No ReadyToRun images for $runtime (the module works without them; its first call is slower):`n$($output -join "`n")"
        return
    }
    $target = New-Item -ItemType Directory -Force -Path (Join-Path $BinDir "ready-to-run/$framework-$runtime")
    foreach ($name in $names) { Copy-Item (Join-Path $compiled "$name.dll") $target.FullName }
}

function Build-Help {
    # Help from its one source, docs/help/, into en-US/ beside the manifest: PowerShell looks for a
    # module's MAML and about topics only under its ModuleBase. In a child pwsh, because the generator
    # imports the built module, and an imported assembly stays loaded in this process.
    if (Test-Path $HelpDir) { Remove-Item $HelpDir -Recurse -Force }
    Invoke-ChildPwsh @('-File', (Join-Path $Root 'tools/Build-ModuleHelp.ps1'), '-ManifestPath', (Join-Path $Root 'MaintenanceMode.psd1'),
        '-SourceDirectory', (Join-Path $Root 'docs/help'), '-OutputDirectory', $HelpDir)
    if ($LASTEXITCODE -ne 0) { throw "Generating help failed (exit code $LASTEXITCODE)." }
}

function Get-PesterModulePath {
    # Pester comes from NuGet through a PackageDownload, never from a gallery.
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/Pester/Pester.Restore.csproj'), '--nologo', '-v', 'quiet')
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $psd1 = Join-Path $packages 'pester/6.2.0/tools/Pester.psd1'
    if (-not (Test-Path $psd1)) { throw "Pester 6.2.0 was not restored to $psd1." }
    return $psd1
}

function Start-XunitRun([string] $Trx) {
    # xunit: the core, without PowerShell, as a process of its own beside the Pester files (which mostly wait
    # on retries and the AWS-behaviour layer); Complete-XunitRun prints its output and reads its counts.
    $info = [Diagnostics.ProcessStartInfo]::new()
    $info.FileName = 'dotnet'
    foreach ($a in @('test', (Join-Path $Root 'tests/MaintenanceMode.Tests/MaintenanceMode.Tests.csproj'), '-c', $Configuration, '--nologo',
            '--logger', "trx;LogFileName=$Trx", '--logger', 'console;verbosity=minimal')) { $info.ArgumentList.Add($a) }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($info)
    [pscustomobject]@{ Process = $process; Trx = $Trx; StdOut = $process.StandardOutput.ReadToEndAsync(); StdErr = $process.StandardError.ReadToEndAsync() }
}

function Complete-XunitRun($Run) {
    $Run.Process.WaitForExit()
    $exitCode = $Run.Process.ExitCode
    Write-Host ''
    Write-Host '==== xunit (tests/MaintenanceMode.Tests)'
    Write-Host $Run.StdOut.GetAwaiter().GetResult().TrimEnd()
    $stderr = $Run.StdErr.GetAwaiter().GetResult().TrimEnd()
    if ($stderr) { Write-Host $stderr }
    $counts = @{ Passed = 0; Failed = 0; Skipped = 0 }
    if (Test-Path $Run.Trx) {
        [xml]$doc = Get-Content $Run.Trx -Raw
        $c = $doc.TestRun.ResultSummary.Counters
        $counts.Passed = [int]$c.passed
        $counts.Failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
        $counts.Skipped = [int]$c.notExecuted
    } elseif ($exitCode -ne 0) {
        $counts.Failed = 1   # the test project did not build or run at all
    }
    if ($exitCode -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
    $counts
}

function Invoke-TestTask {
    Invoke-BuildTask
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    New-Item -ItemType Directory -Force -Path $ResultsDir | Out-Null
    # Restored before xunit starts, so that two restores never run at once.
    $pesterPsd1 = Get-PesterModulePath

    # xunit and Pester side by side. A failing test in either must not stop the other.
    $xunitRun = Start-XunitRun (Join-Path $ResultsDir 'xunit.trx')

    # Pester: the built module, each file in a child pwsh of its own, several at once, against moto (the tests
    # start it themselves): every file through the AWS-behaviour layer, and Maintenance.Tests.ps1 once more
    # with moto's own answers, so both stay covered.
    $summary = Join-Path $ResultsDir 'pester-summary.json'
    Invoke-ChildPwsh @('-File', (Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1'),
        '-PesterPath', $pesterPsd1, '-ResultDirectory', $ResultsDir, '-SummaryPath', $summary,
        '-MotoPath', (Join-Path $Root 'tests/Pester/Maintenance.Tests.ps1'))
    $pesterExit = $LASTEXITCODE
    $pester = @{ Passed = 0; Failed = 0; Skipped = 0 }
    if (Test-Path $summary) {
        $s = Get-Content $summary -Raw | ConvertFrom-Json
        $pester.Passed = [int]$s.Passed; $pester.Failed = [int]$s.Failed; $pester.Skipped = [int]$s.Skipped
    }
    if ($pesterExit -ne 0 -and $pester.Failed -eq 0) { $pester.Failed = 1 }

    $xunit = Complete-XunitRun $xunitRun

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
    Write-Host "Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    Write-Host "Total: $passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-DemoTask {
    Invoke-BuildTask
    Invoke-ChildPwsh @('-File', (Join-Path $Root 'tools/Demo.ps1'))
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-PackageTask {
    Invoke-BuildTask
    $package = & (Join-Path $Root 'tools/New-ModulePackage.ps1') -Root $Root -OutputDirectory $OutDir
    Write-Host "Packaged into $($package.ModuleDirectory) and $($package.Nupkg)"
}

function Invoke-BenchTask {
    # Build, then time the module against moto and an aws-cli runbook; tools/bench/Invoke-Benchmark.ps1 says what.
    Invoke-BuildTask
    Invoke-ChildPwsh @('-File', (Join-Path $Root 'tools/bench/Invoke-Benchmark.ps1'))
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-CleanTask {
    foreach ($path in @($BinDir, $OutDir, $HelpDir) + @(Get-ChildItem $Root -Recurse -Directory -Filter obj | ForEach-Object FullName)) {
        if (Test-Path $path) { Remove-Item $path -Recurse -Force }
    }
    Get-ChildItem (Join-Path $Root 'src'), (Join-Path $Root 'tests'), (Join-Path $Root 'tools') -Recurse -Directory -Filter bin | Remove-Item -Recurse -Force
}

switch ($Task) {
    'Build' { Invoke-BuildTask }
    'Test' { Invoke-TestTask }
    'Demo' { Invoke-DemoTask }
    'Package' { Invoke-PackageTask }
    'Clean' { Invoke-CleanTask }
    'Bench' { Invoke-BenchTask }
}
