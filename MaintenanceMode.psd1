@{
    RootModule           = 'bin/MaintenanceMode.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f1c7a52-3e0b-4d0e-9a8e-2b7f6a4c1d93'
    Author               = 'MaintenanceMode maintainers'
    CompanyName          = 'MaintenanceMode'
    Copyright            = '(c) MaintenanceMode maintainers. Apache-2.0.'
    Description          = 'Puts an AWS Application Load Balancer into maintenance mode and back, safely: snapshots the listener, flips public traffic in one call, lets chosen sources through, and restores every rule exactly.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    CmdletsToExport      = @('Enable-Maintenance', 'Disable-Maintenance', 'Get-MaintenanceStatus', 'Resolve-ListenerRoute', 'Test-MaintenancePage', 'Start-MaintenancePreview', 'Stop-MaintenancePreview')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'ALB', 'ELB', 'LoadBalancer', 'Maintenance', 'Operations', 'Runbook')
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ProjectUri   = 'https://github.com/maintenancemode/MaintenanceMode'
            ReleaseNotes = 'Foundation: module layout, build, tests, and the ELBv2 client.'
        }
    }
}
