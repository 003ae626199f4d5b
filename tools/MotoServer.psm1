# Starts and stops moto_server, the AWS emulator the tests and the demo run against.
# Loopback only, on a free port, so several runs never collide.

Set-StrictMode -Version 3

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    try { $listener.Start(); return ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port }
    finally { $listener.Stop() }
}

function Start-MotoServer {
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param([int]$TimeoutSeconds = 60)

    $moto = Get-Command moto_server -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $moto) {
        throw 'moto_server was not found on PATH. The tests and the demo run against this AWS emulator; install it with: pip install "moto[server]"'
    }
    # moto binds a port the kernel picks (-p 0) and says which: a port chosen here and released before moto binds it
    # could be taken by another test file's moto or proxy starting at the same time, and a readiness check on it
    # would then find the other one.
    $logDir = Join-Path ([System.IO.Path]::GetTempPath()) "moto-$([guid]::NewGuid().ToString('N').Substring(0, 12))"
    New-Item -ItemType Directory -Force -Path $logDir | Out-Null
    $stderr = Join-Path $logDir 'stderr.log'
    $process = Start-Process -FilePath $moto.Source -ArgumentList @('-H', '127.0.0.1', '-p', '0') -PassThru `
        -RedirectStandardOutput (Join-Path $logDir 'stdout.log') -RedirectStandardError $stderr
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $port = 0
    while ($port -eq 0) {
        $said = Get-Content -Path $stderr -Raw -ErrorAction SilentlyContinue
        if ($said -match 'Running on http://127\.0\.0\.1:(\d+)') { $port = [int]$Matches[1]; break }
        if ($process.HasExited) { throw "moto_server exited with code $($process.ExitCode); see $logDir" }
        if ([DateTime]::UtcNow -gt $deadline) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue; throw "moto_server did not say its port within $TimeoutSeconds s; see $logDir" }
        Start-Sleep -Milliseconds 100
    }
    $endpoint = "http://127.0.0.1:$port"
    while ($true) {
        try {
            Invoke-WebRequest -Uri "$endpoint/moto-api/data.json" -UseBasicParsing -TimeoutSec 2 | Out-Null
            break
        } catch {
            if ($process.HasExited) { throw "moto_server exited with code $($process.ExitCode); see $logDir" }
            if ([DateTime]::UtcNow -gt $deadline) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue; throw "moto_server did not answer on $endpoint within $TimeoutSeconds s; see $logDir" }
            Start-Sleep -Milliseconds 100
        }
    }
    [pscustomobject]@{ Endpoint = $endpoint; Port = $port; Process = $process; LogDirectory = $logDir }
}

function Stop-MotoServer {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Server)
    process {
        if ($Server -and $Server.Process -and -not $Server.Process.HasExited) {
            Stop-Process -Id $Server.Process.Id -Force -ErrorAction SilentlyContinue
            $Server.Process.WaitForExit(5000) | Out-Null
        }
    }
}

function Reset-MotoServer {
    # Wipes every resource, so each test file starts from an empty account without a new process.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server)
    Invoke-WebRequest -Uri "$($Server.Endpoint)/moto-api/reset" -Method Post -UseBasicParsing | Out-Null
}

Export-ModuleMember -Function Start-MotoServer, Stop-MotoServer, Reset-MotoServer, Get-FreeTcpPort
