# Enable-Maintenance renders the page as Test-MaintenancePage does: tokens filled, minified only over 1024.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-TestSession -Name 'enablepage'
    $script:Scratch = $Moto.Scratch
    $script:Endpoint = $Moto.Endpoint
}

AfterAll {
    Stop-TestSession
}

Describe 'Enable-Maintenance with a page template' {
    It 'fills {{Reason}} and {{Until}}, HTML-encoded, and serves the page Test-MaintenancePage shows' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'template' -Rules 1
        $path = Write-Utf8File -Path (Join-Path $Scratch 'template.html') -Text '<h1>Down: {{Reason}}</h1><p>Back at {{Until}}</p>'

        $preview = Test-MaintenancePage -PagePath $path -Reason 'DB <upgrade>' -Until '14:30'
        Enable-Maintenance -LoadBalancerName 'template' -PagePath $path -Reason 'DB <upgrade>' -Until '14:30' -StateUri "s3://$($alb.Bucket)/mm/" -EndpointUrl $Endpoint -Force | Out-Null

        $page = (Get-RuleByRole (Get-ListenerState -Endpoint $Endpoint -ListenerArn $alb.ListenerArn) -Role maintenance)[0]
        $body = $page.Actions[0].FixedResponseConfig.MessageBody
        $body | Should -Be '<h1>Down: DB &lt;upgrade&gt;</h1><p>Back at 14:30</p>'
        $body | Should -Be $preview.Content
    }

    It 'minifies a page over 1024 characters that fits once minified, and refuses one that does not' {
        $alb = New-SampleAlb -Endpoint $Endpoint -Name 'minify' -Rules 1
        $padded = "<html>`n<body>`n" + ((1..60 | ForEach-Object { "    <p>   line $_   </p>`n" }) -join '') + "</body>`n</html>`n"
        $padded.Length | Should -BeGreaterThan 1024
        $path = Write-Utf8File -Path (Join-Path $Scratch 'padded.html') -Text $padded

        Enable-Maintenance -LoadBalancerName 'minify' -PagePath $path -StateUri "s3://$($alb.Bucket)/mm/" -EndpointUrl $Endpoint -Force | Out-Null
        $body = (Get-RuleByRole (Get-ListenerState -Endpoint $Endpoint -ListenerArn $alb.ListenerArn) -Role maintenance)[0].Actions[0].FixedResponseConfig.MessageBody
        $body.Length | Should -BeLessOrEqual 1024
        $body | Should -Match 'line 60'

        $huge = Write-Utf8File -Path (Join-Path $Scratch 'huge.html') -Text ('<p>' + ('word ' * 400) + '</p>')
        $other = New-SampleAlb -Endpoint $Endpoint -Name 'too-big' -Rules 1
        $before = (Get-ListenerState -Endpoint $Endpoint -ListenerArn $other.ListenerArn).Json
        { Enable-Maintenance -LoadBalancerName 'too-big' -PagePath $huge -StateUri "s3://$($other.Bucket)/mm/" -EndpointUrl $Endpoint -Force } |
            Should -Throw -ErrorId 'PageTooLarge,*'
        (Get-ListenerState -Endpoint $Endpoint -ListenerArn $other.ListenerArn).Json | Should -Be $before
    }
}
