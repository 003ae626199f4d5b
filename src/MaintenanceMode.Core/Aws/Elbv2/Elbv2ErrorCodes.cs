namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// The ELBv2 error codes the module acts on, named once: AWS's codes that change what a run does,
    /// and the codes this project raises itself when there is no AWS error code to report. Stable:
    /// an error surfaces as <c>Elbv2.&lt;Code&gt;</c>.
    /// </summary>
    public static class Elbv2ErrorCodes
    {
        /// <summary>The credentials lack the IAM permission for the action.</summary>
        public const string AccessDenied = "AccessDenied";

        /// <summary>AccessDenied as some endpoints spell it.</summary>
        public const string UnauthorizedOperation = "UnauthorizedOperation";

        /// <summary>Another rule of the listener holds the priority: someone changed the listener meanwhile.</summary>
        public const string PriorityInUse = "PriorityInUse";

        /// <summary>A rule is gone: someone deleted it meanwhile.</summary>
        public const string RuleNotFound = "RuleNotFound";

        public const string ListenerNotFound = "ListenerNotFound";

        public const string LoadBalancerNotFound = "LoadBalancerNotFound";

        /// <summary>A malformed request, e.g. an ARN of the wrong shape.</summary>
        public const string ValidationError = "ValidationError";

        /// <summary>The load balancer's rule quota is reached.</summary>
        public const string TooManyRules = "TooManyRules";

        /// <summary>The endpoint could not be reached, or the connection broke.</summary>
        public const string ConnectionFailure = "ConnectionFailure";

        /// <summary>An attempt took longer than the retry policy's attempt timeout.</summary>
        public const string Timeout = "Timeout";

        /// <summary>The endpoint answered with a status or body that is not an AWS Query response.</summary>
        public const string UnexpectedResponse = "UnexpectedResponse";
    }
}
