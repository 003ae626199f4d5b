# The AWS-behaviour layer of tests/FaultProxy answers as AWS does (shape, lag, lost replies, 409s, quota,
# limits, throttling, a KMS-only bucket): its own tests, tests/FaultProxy/test_aws_behaviour.py, run here
# against a proxy in front of moto, so that every integration test through the layer means what it says.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Aws = Start-TestAws -AwsProfile aws
    $script:Alb = New-SampleAlb -Endpoint $Aws.Endpoint -Name 'aws-layer' -Rules 3

    function Invoke-LayerTest([string] $Name) {
        $python = (Get-Command python3 -CommandType Application | Select-Object -First 1).Source
        $env:AWS_LAYER_PROXY = $Aws.Endpoint
        $env:AWS_LAYER_MOTO = $Aws.MotoEndpoint
        $env:AWS_LAYER_LISTENER = $Alb.ListenerArn
        try {
            Push-Location (Join-Path (Get-RepositoryRoot) 'tests/FaultProxy')
            $output = & $python -m unittest -v "test_aws_behaviour.$Name" 2>&1 | Out-String
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
        } finally {
            Pop-Location
            Remove-Item Env:AWS_LAYER_PROXY, Env:AWS_LAYER_MOTO, Env:AWS_LAYER_LISTENER -ErrorAction SilentlyContinue
        }
    }
}

AfterAll {
    if ($script:Aws) { Stop-TestAws -Server $script:Aws }
}

Describe 'The AWS-behaviour layer' {
    It '<Name> holds' -TestCases @(
        @{ Name = 'ShapeTests' }, @{ Name = 'LimitTests' }, @{ Name = 'ThrottleTests' }, @{ Name = 'LiveTests' }
    ) {
        param($Name)
        $run = Invoke-LayerTest $Name
        $run.Output | Should -Not -Match 'skipped' -Because 'the live tests must run, not skip'
        $run.ExitCode | Should -Be 0 -Because $run.Output
    }
}
