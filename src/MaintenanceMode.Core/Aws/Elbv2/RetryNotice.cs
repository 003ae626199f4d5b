using System;
using System.Globalization;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Told to <see cref="QueryTransportOptions.OnRetry"/> before the transport waits to retry, so callers can narrate it.</summary>
    public sealed class RetryNotice
    {
        public RetryNotice(string action, int failedAttempt, int maxAttempts, TimeSpan delay, Elbv2Exception error)
        {
            Action = action;
            FailedAttempt = failedAttempt;
            MaxAttempts = maxAttempts;
            Delay = delay;
            Error = error;
        }

        /// <summary>The API action being retried.</summary>
        public string Action { get; }

        /// <summary>The attempt that just failed, from 1.</summary>
        public int FailedAttempt { get; }

        public int MaxAttempts { get; }

        /// <summary>How long the transport waits before the next attempt.</summary>
        public TimeSpan Delay { get; }

        /// <summary>The transient error of the failed attempt.</summary>
        public Elbv2Exception Error { get; }

        /// <summary>One line for a verbose stream: "DescribeRules: Throttling (HTTP 400); retrying in 0.8 s (attempt 2 of 5)".</summary>
        public override string ToString()
        {
            string status = Error.HttpStatusCode.HasValue ? $" (HTTP {(int)Error.HttpStatusCode.Value})" : "";
            string seconds = Delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            return $"{Action}: {Error.ErrorCode}{status}; retrying in {seconds} s (attempt {FailedAttempt + 1} of {MaxAttempts})";
        }
    }
}
