# The module beside another AWSSDK.Core: AWS.Tools loads its own AWSSDK.Core into the default load
# context, often an older one (3.7.x is assembly version 3.3.0.0) or the same assembly version from
# another build. MaintenanceMode must keep using its own copy from bin/dependencies/ (see ModuleInit.cs).

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:ModuleManifest = Join-Path $Root 'MaintenanceMode.psd1'
    $script:Dependencies = Join-Path $Root 'bin/dependencies'
    # A fresh process for every case (Invoke-ChildPwsh): an assembly loaded into this test process can never
    # be unloaded, and the order of loading is the point of these tests.
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Function Start-TestAws, Stop-TestAws, Invoke-ChildPwsh -Force

    function Get-OlderAwsSdkCorePath {
        # build.ps1 restores tests/Pester/Pester.Restore.csproj, which downloads AWSSDK.Core 3.7.402.
        $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
        $path = Join-Path $packages 'awssdk.core/3.7.402/lib/netstandard2.0/AWSSDK.Core.dll'
        if (-not (Test-Path $path)) { throw "AWSSDK.Core 3.7.402 is not in the NuGet packages folder; run: dotnet restore tests/Pester/Pester.Restore.csproj" }
        return $path
    }

    function Get-SameVersionAwsSdkCorePath {
        # The net8.0 build of the AWSSDK.Core the core itself restores: assembly version 4.0.0.0 like the
        # module's netstandard2.0 copy, but another file. Without isolation the default context would hand
        # it to AWSSDK.S3 and type loading would fail.
        $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
        $path = Join-Path $packages 'awssdk.core/4.1.0/lib/net8.0/AWSSDK.Core.dll'
        if (-not (Test-Path $path)) { throw "AWSSDK.Core 4.1.0 is not in the NuGet packages folder; build the module first." }
        return $path
    }

    function Get-RuntimeFolderName {
        # The folder build.ps1 Build compiles ReadyToRun images into, for the runtime of this process.
        "net$([Environment]::Version.Major).0-$([System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier)"
    }

    function Start-SampleEmulator([string] $Name, [int] $Rules) {
        # moto behind the AWS-behaviour layer (the module gets .Endpoint) with one sample ALB made on moto itself;
        # the caller stops $result.Moto with Stop-TestAws.
        $moto = Start-TestAws
        $sampleJson = & (Get-Python) (Join-Path $Root 'tools/New-SampleAlb.py') --endpoint $moto.MotoEndpoint --name $Name --rules $Rules
        if ($LASTEXITCODE -ne 0) { Stop-TestAws $moto; throw "New-SampleAlb.py failed: $sampleJson" }
        [pscustomobject]@{ Moto = $moto; Sample = $sampleJson | ConvertFrom-Json }
    }

    function Get-Python {
        $python = Get-Command python3, python -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $python) { throw 'python3 was not found on PATH; tools/New-SampleAlb.py needs it (with boto3, which moto installs).' }
        return $python.Source
    }
}

Describe 'Dependency isolation of the imported module' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    BeforeAll {
        Import-Module $ModuleManifest -Force
        function Get-LoadedAssembly([string] $Name) {
            [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $Name }
        }
        function Get-LoadContextName([Reflection.Assembly] $Assembly) {
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($Assembly).Name
        }
    }

    It 'imports' {
        Get-Module MaintenanceMode | Should -Not -BeNullOrEmpty
    }

    It 'keeps MaintenanceMode.Core out of the default load context' {
        $core = @(Get-LoadedAssembly 'MaintenanceMode.Core')
        $core.Count | Should -Be 1
        Get-LoadContextName $core[0] | Should -Not -Be 'Default'
        Get-LoadContextName $core[0] | Should -Be 'MaintenanceMode'
    }

    It 'loads its AWSSDK assemblies from the module (bin/dependencies or its ReadyToRun images) into the private context' {
        $private = @(Get-LoadedAssembly 'AWSSDK.Core') + @(Get-LoadedAssembly 'AWSSDK.S3') |
            Where-Object { (Get-LoadContextName $_) -eq 'MaintenanceMode' }
        $private.Count | Should -Be 2
        $moduleFolders = @((Resolve-Path $Dependencies).Path, (Join-Path (Resolve-Path (Join-Path $Root 'bin')).Path "ready-to-run/$(Get-RuntimeFolderName)"))
        foreach ($assembly in $private) {
            Split-Path $assembly.Location -Parent | Should -BeIn $moduleFolders
        }
    }

    It 'leaves the cmdlet assembly in the default context, referencing no AWSSDK assembly' {
        $cmdlets = Get-LoadedAssembly 'MaintenanceMode' | Select-Object -First 1
        Get-LoadContextName $cmdlets | Should -Be 'Default'
        $cmdlets.GetReferencedAssemblies().Name | Should -Not -Contain 'AWSSDK.Core'
        @($cmdlets.GetReferencedAssemblies().Name -like 'AWSSDK.*').Count | Should -Be 0
    }

    It 'takes libraries the runtime already ships (System.Memory, System.Text.Json) from the runtime' {
        $fromDependencies = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object {
            $_.GetName().Name -in 'System.Memory', 'System.Text.Json', 'System.Buffers' -and
            -not $_.IsDynamic -and $_.Location -and (Split-Path $_.Location -Parent) -eq (Resolve-Path $Dependencies).Path
        }
        $fromDependencies | Should -BeNullOrEmpty
    }
}

Describe 'Beside another AWSSDK.Core loaded first' {
    BeforeAll {
        $emulator = Start-SampleEmulator 'coexist' 3
        $script:Moto = $emulator.Moto
        $script:Sample = $emulator.Sample

        # Runs in the child: the older AWSSDK.Core first, the way AWS.Tools would have loaded it, then the
        # module; prints what the test checks as JSON. Keys are dummies for the emulator, set in the child only.
        $script:ChildScript = Join-Path $TestDrive 'coexistence-child.ps1'
        Set-Content -Path $ChildScript -Value @'
param([string] $OldSdk, [string] $Manifest, [string] $Endpoint, [string] $LoadBalancerName, [string] $CredentialKind)
$ErrorActionPreference = 'Stop'
$env:AWS_ACCESS_KEY_ID = 'testing'; $env:AWS_SECRET_ACCESS_KEY = 'testing'; $env:AWS_EC2_METADATA_DISABLED = 'true'
Remove-Item Env:AWS_PROFILE, Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue
$old = [Reflection.Assembly]::LoadFrom($OldSdk)
Import-Module $Manifest
$parameters = @{ LoadBalancerName = $LoadBalancerName; Region = 'us-east-1'; EndpointUrl = $Endpoint }
if ($CredentialKind -eq 'OlderSdkObject') {
    # An Amazon.Runtime.AWSCredentials of the OTHER AWSSDK.Core, as Get-AWSCredential returns it.
    $parameters.Credential = [Activator]::CreateInstance($old.GetType('Amazon.Runtime.BasicAWSCredentials', $true), @('AKIDOLDSDK', 'old-secret'))
}
$status = @(Get-MaintenanceStatus @parameters)
[pscustomobject]@{
    Count        = $status.Count
    ListenerArns = @($status | ForEach-Object { if ($_.PSObject.Properties['ListenerArn']) { $_.ListenerArn } })
    AwsSdkCores  = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' } | ForEach-Object {
        [pscustomobject]@{ Version = $_.GetName().Version.ToString(); Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name }
    })
} | ConvertTo-Json -Depth 4 -Compress
'@
        function Invoke-Coexistence([string] $CredentialKind = 'Environment', [string] $FirstSdk = (Get-OlderAwsSdkCorePath)) {
            $run = Invoke-ChildPwsh $ChildScript @($FirstSdk, $ModuleManifest, $Moto.Endpoint, $Sample.LoadBalancerName, $CredentialKind)
            $run.ExitCode | Should -Be 0 -Because $run.Output
            $json = ($run.Output -split "`r?`n" | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1)
            $json | Should -Not -BeNullOrEmpty -Because $run.Output
            return ($json | ConvertFrom-Json)
        }
    }

    AfterAll {
        if ($Moto) { Stop-TestAws $Moto }
    }

    It 'Get-MaintenanceStatus returns one object per listener, with both AWSSDK.Core versions loaded' {
        $result = Invoke-Coexistence

        $result.Count | Should -Be $Sample.ListenerArns.Count
        if ($result.ListenerArns) { $result.ListenerArns | Should -Be $Sample.ListenerArns }
        $versions = @($result.AwsSdkCores | ForEach-Object { "$($_.Version)@$($_.Context)" })
        $versions | Should -Contain '3.3.0.0@Default'
        $versions | Should -Contain '4.0.0.0@MaintenanceMode'
    }

    It 'accepts -Credential from the older AWSSDK.Core' {
        $result = Invoke-Coexistence -CredentialKind 'OlderSdkObject'

        $result.Count | Should -Be $Sample.ListenerArns.Count
    }

    It 'works beside an AWSSDK.Core of the same assembly version from another build' {
        $result = Invoke-Coexistence -FirstSdk (Get-SameVersionAwsSdkCorePath)

        $result.Count | Should -Be $Sample.ListenerArns.Count
        $contexts = @($result.AwsSdkCores | Where-Object Version -eq '4.0.0.0' | ForEach-Object Context)
        $contexts | Should -Contain 'Default'
        $contexts | Should -Contain 'MaintenanceMode'
    }
}

Describe 'ReadyToRun images' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    BeforeAll {
        $emulator = Start-SampleEmulator 'images' 2
        $script:Moto = $emulator.Moto
        $script:Sample = $emulator.Sample
        $script:RuntimeFolder = Get-RuntimeFolderName
        $script:Images = Join-Path $Root "bin/ready-to-run/$RuntimeFolder"
        $script:Precompiled = 'MaintenanceMode.Core', 'AWSSDK.Core', 'AWSSDK.S3'

        function Test-NativeCode([string] $Path) {
            # A ReadyToRun image is IL plus a managed native header; plain IL has none.
            $stream = [IO.File]::OpenRead($Path)
            try {
                $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
                return $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0
            } finally { $stream.Dispose() }
        }

        # In the child: import the module, make a real call, print where the private assemblies came from.
        $script:ChildScript = Join-Path $TestDrive 'images-child.ps1'
        Set-Content -Path $ChildScript -Value @'
param([string] $Manifest, [string] $Endpoint, [string] $LoadBalancerName)
$ErrorActionPreference = 'Stop'
$env:AWS_ACCESS_KEY_ID = 'testing'; $env:AWS_SECRET_ACCESS_KEY = 'testing'; $env:AWS_EC2_METADATA_DISABLED = 'true'
Remove-Item Env:AWS_PROFILE, Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue
Import-Module $Manifest
$status = @(Get-MaintenanceStatus -LoadBalancerName $LoadBalancerName -Region 'us-east-1' -EndpointUrl $Endpoint)
$context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'MaintenanceMode'
$folders = @{}
foreach ($assembly in $context.Assemblies) { $folders[$assembly.GetName().Name] = Split-Path $assembly.Location -Parent }
[pscustomobject]@{ Count = $status.Count; Folders = $folders } | ConvertTo-Json -Depth 3 -Compress
'@
        function Invoke-ImportedModule([string] $ModuleRoot) {
            $run = Invoke-ChildPwsh $ChildScript @((Join-Path $ModuleRoot 'MaintenanceMode.psd1'), $Moto.Endpoint, $Sample.LoadBalancerName)
            $run.ExitCode | Should -Be 0 -Because $run.Output
            $json = ($run.Output -split "`r?`n" | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1)
            $json | Should -Not -BeNullOrEmpty -Because $run.Output
            return ($json | ConvertFrom-Json)
        }

        function Copy-BuiltModule([string] $Destination) {
            $null = New-Item -ItemType Directory -Force -Path $Destination
            Copy-Item (Join-Path $Root 'MaintenanceMode.psd1') $Destination
            Copy-Item (Join-Path $Root 'bin') (Join-Path $Destination 'bin') -Recurse
            return (Resolve-Path $Destination).Path
        }
    }

    AfterAll {
        if ($Moto) { Stop-TestAws $Moto }
    }

    It 'Build compiled the core and AWSSDK for the runtime it ran on, keeping the portable IL beside them' {
        foreach ($name in $Precompiled) {
            $image = Join-Path $Images "$name.dll"
            $image | Should -Exist
            Test-NativeCode $image | Should -BeTrue -Because "$name.dll in ready-to-run/$RuntimeFolder is a ReadyToRun image"
            Test-NativeCode (Join-Path $Dependencies "$name.dll") | Should -BeFalse -Because "$name.dll in dependencies/ is the portable IL"
        }
    }

    It 'a process of that runtime loads the images, and the module works on them' {
        $result = Invoke-ImportedModule $Root

        $result.Count | Should -Be $Sample.ListenerArns.Count
        foreach ($name in $Precompiled) {
            $result.Folders.$name | Should -Be (Resolve-Path $Images).Path
        }
    }

    It 'without images the module loads the IL from bin/dependencies and works the same' {
        $copy = Copy-BuiltModule (Join-Path $TestDrive 'no-images')
        Remove-Item (Join-Path $copy 'bin/ready-to-run') -Recurse -Force

        $result = Invoke-ImportedModule $copy

        $result.Count | Should -Be $Sample.ListenerArns.Count
        foreach ($name in $Precompiled) {
            $result.Folders.$name | Should -Be (Join-Path $copy 'bin/dependencies')
        }
    }

    It 'leaves images for another major version of .NET alone' {
        $copy = Copy-BuiltModule (Join-Path $TestDrive 'other-runtime')
        $other = "net$([Environment]::Version.Major - 2).0-$([System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier)"
        Rename-Item (Join-Path $copy "bin/ready-to-run/$RuntimeFolder") $other

        $result = Invoke-ImportedModule $copy

        $result.Count | Should -Be $Sample.ListenerArns.Count
        foreach ($name in $Precompiled) {
            $result.Folders.$name | Should -Be (Join-Path $copy 'bin/dependencies')
        }
    }
}
