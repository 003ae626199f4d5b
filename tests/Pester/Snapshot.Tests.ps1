# Save-, Compare- and Restore-ListenerSnapshot on the built module against moto: a listener is saved
# to a file and to S3, changed behind the module's back with boto3 (priorities swapped, an action
# changed, a rule deleted, a rule added, tags), compared, and restored to exactly what it was.

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $Root 'MaintenanceMode.psd1') -Force
    $script:Python = (Get-Command python3, python -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    $script:Moto = Start-TestAws

    # Emulator-only keys, passed as parameters: nothing of the caller's environment is used or changed.
    $script:Session = @{ EndpointUrl = $Moto.Endpoint; Region = 'us-east-1'; Credential = @{ AccessKey = 'testing'; SecretKey = 'testing' } }
    $PSDefaultParameterValues = @{}
    foreach ($name in 'Save-ListenerSnapshot', 'Compare-ListenerSnapshot', 'Restore-ListenerSnapshot') {
        foreach ($key in $Session.Keys) { $PSDefaultParameterValues["${name}:$key"] = $Session[$key] }
    }

    function New-Alb([string] $Name, [int] $Rules) {
        $json = & $Python (Join-Path $Root 'tools/New-SampleAlb.py') --endpoint $Moto.MotoEndpoint --name $Name --rules $Rules
        if ($LASTEXITCODE -ne 0) { throw "New-SampleAlb.py failed for $Name" }
        $json | ConvertFrom-Json
    }

    function Invoke-Boto([string] $Code) {
        # One boto3 client `elb` on the emulator; the code changes the listener as another tool would.
        $prelude = "import boto3, json, sys`nelb = boto3.client('elbv2', region_name='us-east-1', endpoint_url='$($Moto.MotoEndpoint)', aws_access_key_id='testing', aws_secret_access_key='testing')`n"
        $out = & $Python -c ($prelude + $Code)
        if ($LASTEXITCODE -ne 0) { throw "boto3 script failed: $Code" }
        $out
    }

    function Remove-AwsDefault([string] $Json) {
        $rules = @($Json | ConvertFrom-Json)
        foreach ($action in @($rules | ForEach-Object { @($_.Actions) })) {
            if ($action.PSObject.Properties['Order']) { $action.PSObject.Properties.Remove('Order') }
            if ($action.PSObject.Properties['TargetGroupArn'] -and $action.PSObject.Properties['ForwardConfig'] -and @($action.ForwardConfig.TargetGroups).Count -eq 1) {
                $action.PSObject.Properties.Remove('ForwardConfig')
            }
        }
        ConvertTo-Json -InputObject $rules -Depth 30
    }

    function Get-RulesJson([string] $ListenerArn) {
        # describe-rules with every rule's tags, sorted by priority, as one JSON text.
        (& $Python (Join-Path $Root 'tools/Show-ListenerRules.py') --endpoint $Moto.MotoEndpoint --listener-arn $ListenerArn --json) -join "`n"
    }

    function Get-ListenerTagsJson([string] $ListenerArn) {
        Invoke-Boto "print(json.dumps(sorted((t['Key'], t['Value']) for t in elb.describe_tags(ResourceArns=['$ListenerArn'])['TagDescriptions'][0]['Tags'])))"
    }

    $script:Alb = New-Alb -Name 'snap' -Rules 5
    $script:Listener = $Alb.ListenerArns[0]
    $script:R = $Alb.RuleArns
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) ("snapshot-pester-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $script:File = Join-Path $Folder 'listener.json'
    $script:OriginalRules = Get-RulesJson $Listener
    $script:OriginalListenerTags = Get-ListenerTagsJson $Listener
}

AfterAll {
    if ($Moto) { Stop-TestAws $Moto }
    if ($Folder -and (Test-Path $Folder)) { Remove-Item $Folder -Recurse -Force }
}

Describe 'Save-, Compare- and Restore-ListenerSnapshot against moto' {
    It 'saves the listener to a file' {
        $saved = Save-ListenerSnapshot -ListenerArn $Listener -Path $File

        $saved.ListenerArn | Should -Be $Listener
        $saved.Location | Should -Be $File
        $saved.RuleCount | Should -Be 5
        $saved.SchemaVersion | Should -Be 1
        $json = Get-Content $File -Raw | ConvertFrom-Json
        $json.ListenerArn | Should -Be $Listener
        @($json.Rules).Count | Should -Be 5
        ($json.Rules | Where-Object RuleArn -eq $R[0]).Tags[0].Key | Should -Be 'owner'
    }

    It 'does not overwrite a snapshot without -Force' {
        { Save-ListenerSnapshot -ListenerArn $Listener -Path $File -ErrorAction Stop } | Should -Throw -ErrorId 'SnapshotAlreadyExists,MaintenanceMode.Commands.SaveListenerSnapshotCommand'
        Save-ListenerSnapshot -ListenerArn $Listener -Path $File -Force | Should -Not -BeNullOrEmpty
    }

    It 'saves to S3, encrypted by the bucket default, taking the listener from the pipeline' {
        $script:S3Saved = [pscustomobject]@{ ListenerArn = $Listener } | Save-ListenerSnapshot -Uri "s3://$($Alb.Bucket)/snapshots/listener.json"

        $S3Saved.Location | Should -Be "s3://$($Alb.Bucket)/snapshots/listener.json"
        $head = Invoke-Boto "s3 = boto3.client('s3', region_name='us-east-1', endpoint_url='$($Moto.MotoEndpoint)', aws_access_key_id='testing', aws_secret_access_key='testing')`nprint(s3.head_object(Bucket='$($Alb.Bucket)', Key='snapshots/listener.json').get('ServerSideEncryption'))"
        $head | Should -Be 'AES256'
        $S3Saved.Encryption | Should -Be 'AES256'
    }

    It 'finds no difference right after saving' {
        Compare-ListenerSnapshot -Snapshot $File | Should -BeNullOrEmpty
        $S3Saved | Compare-ListenerSnapshot | Should -BeNullOrEmpty
    }

    Context 'after the listener was changed behind the module''s back' {
        BeforeAll {
            $script:Added = Invoke-Boto @"
r = json.loads(sys.argv[1]) if len(sys.argv) > 1 else None
arns = '$($R -join ',')'.split(',')
# swap priorities 1 and 2 (two calls: moto checks each new priority against the current ones)
elb.set_rule_priorities(RulePriorities=[{'RuleArn': arns[0], 'Priority': 101}, {'RuleArn': arns[1], 'Priority': 102}])
elb.set_rule_priorities(RulePriorities=[{'RuleArn': arns[0], 'Priority': 2}, {'RuleArn': arns[1], 'Priority': 1}])
elb.modify_rule(RuleArn=arns[2], Actions=[{'Type': 'fixed-response', 'FixedResponseConfig': {'StatusCode': '404', 'ContentType': 'text/plain', 'MessageBody': 'changed'}}])
elb.delete_rule(RuleArn=arns[3])
elb.add_tags(ResourceArns=[arns[4]], Tags=[{'Key': 'env', 'Value': 'changed'}])
elb.add_tags(ResourceArns=['$Listener'], Tags=[{'Key': 'team', 'Value': 'changed'}])
added = elb.create_rule(ListenerArn='$Listener', Priority=20, Conditions=[{'Field': 'path-pattern', 'PathPatternConfig': {'Values': ['/added/*']}}],
    Actions=[{'Type': 'fixed-response', 'FixedResponseConfig': {'StatusCode': '200', 'ContentType': 'text/plain'}}])['Rules'][0]['RuleArn']
print(added)
"@
        }

        It 'Compare shows each change' {
            $diff = Compare-ListenerSnapshot -Snapshot $File

            ($diff | Where-Object { $_.Kind -eq 'Moved' }).RuleArn | Sort-Object | Should -Be (@($R[0], $R[1]) | Sort-Object)
            ($diff | Where-Object { $_.Kind -eq 'Moved' -and $_.RuleArn -eq $R[0] }).CurrentPriority | Should -Be 2
            $changed = $diff | Where-Object { $_.Kind -eq 'Changed' -and $_.RuleArn -eq $R[2] }
            $changed.Changed | Should -Be @('Actions')
            ($diff | Where-Object { $_.Kind -eq 'Changed' -and $_.RuleArn -eq $R[4] }).Changed | Should -Be @('Tags')
            ($diff | Where-Object { $_.Kind -eq 'Removed' }).RuleArn | Should -Be $R[3]
            ($diff | Where-Object { $_.Kind -eq 'Added' }).RuleArn | Should -Be $Added
            ($diff | Where-Object { $_.Kind -eq 'ListenerTagsChanged' }).Detail | Should -Match 'team'
            @($diff).Count | Should -Be 7
        }

        It 'Restore -WhatIf lists the calls and changes nothing' {
            $before = Get-RulesJson $Listener
            # -WhatIf writes to the host, which only a transcript records.
            $transcript = Join-Path $Folder 'whatif.txt'
            Start-Transcript -Path $transcript | Out-Null
            try { Restore-ListenerSnapshot -Snapshot $File -WhatIf } finally { Stop-Transcript | Out-Null }
            $out = Get-Content $transcript -Raw

            $out | Should -Match 'SetRulePriorities'
            $out | Should -Match 'ModifyRule'
            $out | Should -Match 'CreateRule'
            Get-RulesJson $Listener | Should -Be $before
        }

        It 'refuses a corrupt snapshot before any change' {
            $before = Get-RulesJson $Listener
            $corrupt = Join-Path $Folder 'corrupt.json'
            Set-Content -Path $corrupt -Value '{ "SchemaVersion": 1, "ListenerArn": '
            { Restore-ListenerSnapshot -Snapshot $corrupt -Force -ErrorAction Stop } | Should -Throw -ErrorId 'SnapshotCorrupt,MaintenanceMode.Commands.RestoreListenerSnapshotCommand'
            Get-RulesJson $Listener | Should -Be $before
        }

        It 'refuses a snapshot of another listener before any change' {
            $before = Get-RulesJson $Listener
            $other = New-Alb -Name 'other' -Rules 2
            $foreign = Save-ListenerSnapshot -ListenerArn $other.ListenerArns[0] -Path (Join-Path $Folder 'other.json')

            { Restore-ListenerSnapshot -Snapshot $foreign.Location -ListenerArn $Listener -Force -ErrorAction Stop } | Should -Throw -ErrorId 'SnapshotListenerMismatch,MaintenanceMode.Commands.RestoreListenerSnapshotCommand'
            { Compare-ListenerSnapshot -Snapshot $foreign.Location -ListenerArn $Listener -ErrorAction Stop } | Should -Throw -ErrorId 'SnapshotListenerMismatch,MaintenanceMode.Commands.CompareListenerSnapshotCommand'
            Get-RulesJson $Listener | Should -Be $before
        }

        It 'restores from S3 to exactly the original: same ARNs, only the recreated rule has a new one' {
            $result = Restore-ListenerSnapshot -Snapshot "s3://$($Alb.Bucket)/snapshots/listener.json" -RemoveAdded -Force -WarningAction SilentlyContinue

            $result.Remaining | Should -BeNullOrEmpty
            $result.RemovedRules | Should -Be @($Added)
            $result.RecreatedRules.Count | Should -Be 1
            $result.RecreatedRules[0].SnapshotRuleArn | Should -Be $R[3]
            $newArn = $result.RecreatedRules[0].NewRuleArn
            $newArn | Should -Not -Be $R[3]

            # Restored rules are written as the module read them through the AWS-behaviour layer, with the
            # defaults AWS fills in (action Order, a bare forward also as ForwardConfig); AWS would return the
            # originals with them too, moto does not: compared without them.
            $after = Get-RulesJson $Listener
            Remove-AwsDefault $after.Replace($newArn, $R[3]) | Should -Be (Remove-AwsDefault $OriginalRules)
            Get-ListenerTagsJson $Listener | Should -Be $OriginalListenerTags
            Compare-ListenerSnapshot -Snapshot $File | Select-Object -ExpandProperty Kind | Sort-Object | Should -Be @('Added', 'Removed')
        }

        It 'keeps a rule added since unless -RemoveAdded' {
            # The recreated rule has a new ARN: to the old snapshot it is a rule added on a priority it needs.
            { Restore-ListenerSnapshot -Snapshot $File -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PriorityTakenByAddedRule,MaintenanceMode.Commands.RestoreListenerSnapshotCommand'

            $fresh = Save-ListenerSnapshot -ListenerArn $Listener -Path (Join-Path $Folder 'fresh.json')
            $late = Invoke-Boto "print(elb.create_rule(ListenerArn='$Listener', Priority=30, Conditions=[{'Field': 'path-pattern', 'PathPatternConfig': {'Values': ['/late/*']}}], Actions=[{'Type': 'fixed-response', 'FixedResponseConfig': {'StatusCode': '200'}}])['Rules'][0]['RuleArn'])"
            Invoke-Boto "elb.set_rule_priorities(RulePriorities=[{'RuleArn': '$($R[0])', 'Priority': 40}])" | Out-Null

            $result = $fresh | Restore-ListenerSnapshot -Force -WarningAction SilentlyContinue

            $result.RemovedRules | Should -BeNullOrEmpty
            # Judged from a read that shows the restore: reads lag writes (the layer's lag_ms), and a read right
            # after SetRulePriorities would still show the rule at 40, reported as remaining.
            (@($result.Remaining | ForEach-Object { "$($_.Kind)" }) -join ',') | Should -Be 'Added'
            $rules = Get-RulesJson $Listener | ConvertFrom-Json
            ($rules | Where-Object RuleArn -eq $late).Priority | Should -Be '30'
            ($rules | Where-Object RuleArn -eq $R[0]).Priority | Should -Be '1'
            (Compare-ListenerSnapshot -Snapshot $fresh).Kind | Should -Be 'Added'
            (Compare-ListenerSnapshot -Snapshot (Get-Content $fresh.Location -Raw | ConvertFrom-Json)).Kind | Should -Be 'Added'
        }
    }
}
