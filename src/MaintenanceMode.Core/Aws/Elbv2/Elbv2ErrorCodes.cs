namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// Error codes this project raises itself, when there is no AWS error code to report.
    /// Stable: callers map them to PowerShell error ids.
    /// </summary>
    public static class Elbv2ErrorCodes
    {
        /// <summary>The endpoint could not be reached, or the connection broke.</summary>
        public const string ConnectionFailure = "ConnectionFailure";

        /// <summary>An attempt took longer than the retry policy's attempt timeout.</summary>
        public const string Timeout = "Timeout";

        /// <summary>The endpoint answered with a status or body that is not an AWS Query response.</summary>
        public const string UnexpectedResponse = "UnexpectedResponse";
    }
}
