using System;
using System.Collections.Generic;
using System.Net;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Which AWS error codes and HTTP statuses are transient, so a retry may succeed.</summary>
    public static class RetryableErrors
    {
        // AWSSDK.Core 4.1.0 keeps its list in RetryPolicy.ThrottlingErrorCodes, an instance property of an
        // abstract class whose concrete policies live in Amazon.Runtime.Internal and need a client config;
        // so the throttling codes the AWS SDKs share are listed here. Quota codes (TooManyRules,
        // LimitExceeded) are not transient and stay out.
        private static readonly HashSet<string> ThrottlingCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "Throttling",
            "ThrottlingException",
            "ThrottledException",
            "RequestThrottled",
            "RequestThrottledException",
            "TooManyRequests",
            "TooManyRequestsException",
            "RequestLimitExceeded",
            "BandwidthLimitExceeded",
            "SlowDown",
            "PriorRequestNotComplete",
            "EC2ThrottledException",
        };

        // Service-side failures that AWS documents as safe to retry.
        private static readonly HashSet<string> TransientServiceCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "InternalFailure",
            "InternalError",
            "ServiceUnavailable",
        };

        private static readonly HashSet<HttpStatusCode> RetryableStatuses = new HashSet<HttpStatusCode>
        {
            (HttpStatusCode)429,
            HttpStatusCode.InternalServerError,
            HttpStatusCode.BadGateway,
            HttpStatusCode.ServiceUnavailable,
            HttpStatusCode.GatewayTimeout,
        };

        /// <summary>True for a throttling code, with or without its <c>Exception</c> suffix.</summary>
        public static bool IsThrottlingCode(string? errorCode) =>
            errorCode != null && (ThrottlingCodes.Contains(errorCode) || ThrottlingCodes.Contains(errorCode + "Exception"));

        /// <summary>True for HTTP 429, 500, 502, 503 and 504.</summary>
        public static bool IsRetryableStatus(HttpStatusCode? status) => status.HasValue && RetryableStatuses.Contains(status.Value);

        /// <summary>True when an AWS error with this code and status may succeed if sent again.</summary>
        public static bool IsRetryable(string? errorCode, HttpStatusCode? status) =>
            IsThrottlingCode(errorCode)
            || (errorCode != null && TransientServiceCodes.Contains(errorCode))
            || IsRetryableStatus(status);
    }
}
