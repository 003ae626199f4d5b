BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
}

Describe 'The built module' {
    It 'imports from the repository root' {
        $m = Import-Module (Join-Path $Root 'MaintenanceMode.psd1') -PassThru -Force
        $m.Name | Should -Be 'MaintenanceMode'
        $m.Version.ToString() | Should -Be '0.1.0'
    }
}
