namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>What a user can do about an AWS error code, as one sentence; null when the AWS message says it all.</summary>
    internal static class Elbv2ErrorAdvice
    {
        public static string? For(string errorCode, string action, string serviceName)
        {
            switch (errorCode)
            {
                case Elbv2ErrorCodes.AccessDenied:
                case Elbv2ErrorCodes.UnauthorizedOperation:
                case "UnauthorizedAccess":
                    return $"The credentials in use lack the IAM permission {serviceName}:{action}; grant it to the user or role, or use a profile that has it.";
                case "InvalidClientTokenId":
                case "UnrecognizedClient":
                case "SignatureDoesNotMatch":
                case "IncompleteSignature":
                case "MissingAuthenticationToken":
                case "AuthFailure":
                case "ExpiredToken":
                    return "AWS rejected the credentials; check the profile or environment keys, or renew an expired session (aws sso login).";
                case "RequestExpired":
                case "RequestTimeTooSkewed":
                case "RequestInTheFuture":
                    return "The request's signing time is off; check that this machine's clock is correct.";
                case Elbv2ErrorCodes.PriorityInUse:
                    return "Another rule on this listener already holds that priority; choose a free priority (1 to 50000).";
                case Elbv2ErrorCodes.RuleNotFound:
                case Elbv2ErrorCodes.ListenerNotFound:
                case Elbv2ErrorCodes.LoadBalancerNotFound:
                case "TargetGroupNotFound":
                    return "Check the ARN and the region; the resource may have been deleted.";
                case Elbv2ErrorCodes.TooManyRules:
                    return "The load balancer has reached its rule quota (100 by default, default rules not counted); remove rules or raise the quota in Service Quotas.";
                default:
                    return RetryableErrors.IsThrottlingCode(errorCode)
                        ? "AWS is throttling these calls for the account and region; wait and try again, or run fewer callers at once."
                        : null;
            }
        }
    }
}
