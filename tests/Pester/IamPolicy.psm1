# The narrowed IAM policy of the README ("### Least privilege"), evaluated against the requests a fault-proxy
# log shows: which action each request needs, on which resources, with which tag keys, and whether an Allow
# statement of the policy grants it. Enough of IAM's evaluation for that policy: wildcard actions and
# resources, and ForAllValues:StringLike on aws:TagKeys; a statement with any other condition matches nothing.

function Get-NarrowedPolicy {
    <#
    .SYNOPSIS
        The README's narrowed policy with its example names replaced: the region and account of the emulator,
        -LoadBalancerName (a pattern, e.g. 'faults-*') for 'shop', and that name's bucket for 'ops-pages'.
    #>
    param([Parameter(Mandatory)][string] $ReadmePath, [Parameter(Mandatory)][string] $LoadBalancerName,
        [string] $Region = 'us-east-1', [string] $AccountId = '123456789012')
    $text = Get-Content -Raw -LiteralPath $ReadmePath
    $section = $text.Substring($text.IndexOf('### Least privilege'))
    $json = [regex]::Match($section, '```json\r?\n(.*?)```', 'Singleline').Groups[1].Value
    if (-not $json) { throw "No policy under '### Least privilege' in $ReadmePath." }
    $json = $json.Replace('eu-west-1', $Region).Replace('111122223333', $AccountId).
        Replace('app/shop/', "app/$LoadBalancerName/").Replace('ops-pages', "$LoadBalancerName-maintenance")
    $json | ConvertFrom-Json
}

# The action, resources and tag keys one logged request needs; a CreateRule with tags also needs AddTags on the new rule.
function Get-RequestPermission($Entry) {
    $r = $Entry.resources
    $values = { param($pattern) @($r.PSObject.Properties | Where-Object Name -Match $pattern | ForEach-Object Value) }
    switch ($Entry.service) {
        'sts' { [pscustomobject]@{ Action = "sts:$($Entry.action)"; Resources = @('*'); TagKeys = @() } }
        's3' {
            $path = ($Entry.path -split '\?')[0].TrimStart('/')
            $bucket, $key = $path -split '/', 2
            if (-not $key) { [pscustomobject]@{ Action = 's3:ListBucket'; Resources = @("arn:aws:s3:::$bucket"); TagKeys = @() } }
            else {
                $action = @{ GET = 's3:GetObject'; HEAD = 's3:GetObject'; PUT = 's3:PutObject'; DELETE = 's3:DeleteObject' }[$Entry.method]
                [pscustomobject]@{ Action = $action ?? "s3:$($Entry.method)"; Resources = @("arn:aws:s3:::$bucket/$([uri]::UnescapeDataString($key))"); TagKeys = @() }
            }
        }
        default {
            $action = "elasticloadbalancing:$($Entry.action)"
            $tagKeys = @(& $values '^(Tags\.member\.\d+\.Key|TagKeys\.member\.\d+)$')
            $resources = switch -Regex ($Entry.action) {
                '^Describe' { @('*') }
                '^CreateRule$' { @(& $values '^ListenerArn$') }
                '^(ModifyRule|DeleteRule)$' { @(& $values '^RuleArn$') }
                '^SetRulePriorities$' { @(& $values '^RulePriorities\.member\.\d+\.RuleArn$') }
                '^(AddTags|RemoveTags)$' { @(& $values '^ResourceArns\.member\.\d+$') }
                default { @(& $values 'Arn') }
            }
            if ($Entry.action -eq 'CreateRule') {
                [pscustomobject]@{ Action = $action; Resources = $resources; TagKeys = @() }
                if ($tagKeys.Count) {
                    $rule = @($resources | ForEach-Object { ($_ -replace ':listener/', ':listener-rule/') + '/new-rule' })
                    [pscustomobject]@{ Action = 'elasticloadbalancing:AddTags'; Resources = $rule; TagKeys = $tagKeys }
                }
            } else {
                [pscustomobject]@{ Action = $action; Resources = $resources; TagKeys = $tagKeys }
            }
        }
    }
}

function Test-Allowed($Policy, $Permission, [string] $Resource) {
    foreach ($statement in $Policy.Statement) {
        if ($statement.Effect -ne 'Allow') { continue }
        if (-not @($statement.Action | Where-Object { $Permission.Action -like $_ })) { continue }
        if (-not @($statement.Resource | Where-Object { $Resource -like $_ })) { continue }
        $conditionsHold = $true
        if ($statement.PSObject.Properties['Condition']) {
            foreach ($operator in $statement.Condition.PSObject.Properties) {
                foreach ($key in $operator.Value.PSObject.Properties) {
                    if ($operator.Name -eq 'ForAllValues:StringLike' -and $key.Name -eq 'aws:TagKeys') {
                        $patterns = @($key.Value)
                        if (@($Permission.TagKeys | Where-Object { $tag = $_; -not @($patterns | Where-Object { $tag -like $_ }) }).Count) { $conditionsHold = $false }
                    } else { $conditionsHold = $false }
                }
            }
        }
        if ($conditionsHold) { return $true }
    }
    $false
}

function Get-NarrowPolicyViolation {
    <#
    .SYNOPSIS
        The requests of a fault-proxy log that the README's narrowed policy would refuse, one line each
        (action, resource, tag keys); nothing when all is well.
    #>
    param([Parameter(Mandatory)][AllowEmptyCollection()][object[]] $Log, [Parameter(Mandatory)][string] $ReadmePath,
        [Parameter(Mandatory)][string] $LoadBalancerName)
    $policy = Get-NarrowedPolicy -ReadmePath $ReadmePath -LoadBalancerName $LoadBalancerName
    foreach ($entry in $Log) {
        foreach ($permission in @(Get-RequestPermission $entry)) {
            if (-not $permission.Resources.Count) { "names no resource: $($permission.Action) ($($entry.method) $($entry.path))"; continue }
            foreach ($resource in $permission.Resources) {
                if (-not (Test-Allowed $policy $permission $resource)) {
                    "outside the narrowed policy: $($permission.Action) on $resource" + $(if ($permission.TagKeys.Count) { " with tag keys $($permission.TagKeys -join ', ')" })
                }
            }
        }
    }
}

Export-ModuleMember -Function Get-NarrowedPolicy, Get-NarrowPolicyViolation
