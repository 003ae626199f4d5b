namespace MaintenanceMode.Errors
{
    /// <summary>
    /// What kind of failure an error is. The cmdlets map it to PowerShell's ErrorCategory; the core
    /// stays free of System.Management.Automation.
    /// </summary>
    public enum ErrorKind
    {
        InvalidArgument,
        InvalidType,
        InvalidData,
        ObjectNotFound,
        InvalidOperation,
        PermissionDenied,
        ResourceBusy,
        ResourceUnavailable,
        LimitsExceeded,
        NotSpecified,
        ConnectionError,
        AuthenticationError,
    }
}
