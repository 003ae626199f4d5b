@{
    RootModule             = 'bin/MaintenanceMode.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '6f1c7a52-3e0b-4d0e-9a8e-2b7f6a4c1d93'
    Author                 = 'MaintenanceMode maintainers'
    CompanyName            = 'MaintenanceMode'
    Copyright              = '(c) MaintenanceMode maintainers. Apache-2.0.'
    Description            = 'Puts an AWS Application Load Balancer into maintenance mode and back, safely: snapshots the listener, flips public traffic in one call, lets chosen sources through, and restores every rule exactly.'

    # One netstandard2.0 build for both editions. Windows PowerShell needs .NET Framework 4.7.2 for netstandard2.0.
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Core', 'Desktop')
    DotNetFrameworkVersion = '4.7.2'

    # Explicit lists: PowerShell then knows the commands without loading the module (auto-loading, Find-PSResource).
    CmdletsToExport        = @('Enable-Maintenance', 'Disable-Maintenance', 'Get-MaintenanceStatus', 'Save-ListenerSnapshot', 'Compare-ListenerSnapshot', 'Restore-ListenerSnapshot', 'Resolve-ListenerRoute', 'Test-MaintenancePage', 'Start-MaintenancePreview', 'Stop-MaintenancePreview', 'Unlock-Maintenance')
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()

    # Copied to bin/ by build.ps1 from src/MaintenanceMode/. Help (en-US/) is generated from docs/help/.
    FormatsToProcess       = @('bin/MaintenanceMode.Format.ps1xml')

    PrivateData            = @{
        PSData = @{
            Tags         = @('AWS', 'ALB', 'ELB', 'ELBv2', 'LoadBalancer', 'Maintenance', 'MaintenancePage', 'Operations', 'Runbook', 'DevOps',
                'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ProjectUri   = 'https://github.com/maintenancemode/MaintenanceMode'
            ReleaseNotes = @'
0.1.0
- Enable-Maintenance, Disable-Maintenance and Get-MaintenanceStatus for HTTP and HTTPS listeners of Application Load Balancers.
- The page as a fixed response from S3 or a local file; bypass by source CIDR or secret header, routed exactly as the original rules.
- Snapshot in S3 before any change, per-listener lock, one-call flip both ways, undo on failure; user rules keep their ARNs.
- Save-, Compare- and Restore-ListenerSnapshot: the same snapshots for any listener change; restore keeps rule ARNs.
- -WhatIf lists the API calls; per-listener non-terminating errors with stable ids.
- Format views, full help (Get-Help, about_MaintenanceMode), tab completion of -LoadBalancerName and -ListenerArn.
- Loads beside AWS.Tools: its AWSSDK assemblies live in a private load context on PowerShell 7.
'@
        }
    }
}
